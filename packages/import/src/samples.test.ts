/**
 * Public sample manifests meshform did not write, as their projects ship them (comments left
 * out): the Gateway API's http-routing and traffic-splitting examples
 * (kubernetes-sigs/gateway-api, examples/standard/), and Istio 1.30.3's Bookinfo networking
 * samples (samples/bookinfo/networking/bookinfo-gateway.yaml, destination-rule-all.yaml,
 * virtual-service-all-v1.yaml). Each is imported, the config generates them back, and every
 * resource an intent covers is written with it.
 */
import { compile } from "@meshform/dsl";
import { describe, expect, it } from "vitest";
import { BOOKINFO_SAMPLES, GATEWAY_API_SAMPLES, importFiles } from "./samples.testing.js";
import type { ImportResult } from "./types.js";

/** The findings that are more than information. */
const problems = (result: ImportResult) => result.report.issues.filter((i) => i.severity !== "info");

describe("the Gateway API's examples", () => {
  const result = importFiles(GATEWAY_API_SAMPLES);

  it("come back as intents: a gateway of their class, routes attached to it, a weighted split as a canary", () => {
    expect(result.report.raw).toBe(0);
    expect(problems(result)).toEqual([]);
    const source = result.source;
    expect(source).toMatch(/const exampleGateway = defaultNamespace\.gateway\("example-gateway", \{\s*className: "example-gateway-class",\s*listeners: \{ http: \{ port: 80, protocol: "HTTP" \} \},\s*\}\);/);
    expect(source).toMatch(/\.httpRoute\("foo-route", \{ hostnames: \["foo\.example\.com"\] \}\)\s*\.attachTo\(exampleGateway\)\s*\.rule\(\(r\) => r\.match\(\{ path: "\/login" \}\)\.to\(fooSvc\)\)/);
    expect(source).toMatch(/\.rule\(\(r\) => r\.match\(\{ headers: \{ env: "canary" \} \}\)\.to\(barSvcCanary\)\)\s*\.rule\(\(r\) => r\.to\(barSvc\)\)/);
    expect(source).toContain('defaultNamespace.httpRoute("simple-split").canary({ stable: fooV1, canary: fooV2, weight: 10 });');
  });

  it("each names its namespace, which the input left to kubectl: default, reported", () => {
    const placed = result.report.issues.filter((i) => i.code === "INPUT_CORRECTED");
    expect(placed.length).toBe(5);
    expect(placed.every((i) => i.severity === "info" && i.message.includes("placed in default"))).toBe(true);
  });

  it("generate what came in", () => {
    const { resources, issues } = compile(result.definition!.model);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(resources.filter((r) => r.kind === "HTTPRoute").map((r) => r.metadata.name).sort()).toEqual(["bar-route", "example-route", "foo-route", "simple-split"]);
  });
});

describe("Istio's Bookinfo networking samples", () => {
  const result = importFiles(BOOKINFO_SAMPLES);

  it("round-trip without a difference, every resource written", () => {
    expect(problems(result)).toEqual([]);
    expect(result.report.resources.length).toBe(10);
    const { issues } = compile(result.definition!.model);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  it("write the Istio Gateway with its intent, servers by their port's name", () => {
    expect(result.source).toContain('defaultNamespace.istioGateway("bookinfo-gateway", {');
    expect(result.source).toMatch(/selector: \{ istio: "ingressgateway" \},\s*servers: \{ http: \{ port: 8080, protocol: "HTTP", hosts: \["\*"\] \} \}/);
    expect(result.report.resources.find((r) => r.resource === "Gateway default/bookinfo-gateway")?.as).toBe("istioGateway");
  });

  it("the config is the same on a second run", () => {
    expect(importFiles(BOOKINFO_SAMPLES).source).toBe(result.source);
  });
});
