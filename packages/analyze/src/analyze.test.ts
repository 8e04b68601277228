import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { analyzeMesh } from "./analyze.js";
import { CHECKS } from "./checks/index.js";
import { analyzeYaml, docs, summarize } from "./testing.js";

const WAYPOINT = (annotation: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: waypoint
  namespace: shop
  annotations: { meshform.dev/suppress: "${annotation}" }
spec:
  gatewayClassName: istio-waypoint
  listeners: [{ name: mesh, port: 15008, protocol: HBONE }]`;

describe("analyzeMesh suppressions", () => {
  test("an annotation with a reason suppresses the code on its resource", () => {
    expect(analyzeYaml(WAYPOINT("WAYPOINT_UNUSED: the shop chart labels its Services"))).toEqual([]);
  });

  test("several entries are separated by semicolons, and one that matches nothing is reported", () => {
    expect(summarize(analyzeYaml(WAYPOINT("WAYPOINT_UNUSED: bound by the shop chart; ROUTE_CONFLICT: two teams share the host")))).toEqual([
      ["SUPPRESSION_UNUSED", "Gateway shop/waypoint", 'metadata.annotations["meshform.dev/suppress"]'],
    ]);
  });

  test("an entry without a reason is not applied and is itself a finding", () => {
    const issues = analyzeYaml(WAYPOINT("WAYPOINT_UNUSED"));
    expect(summarize(issues)).toEqual([
      ["WAYPOINT_UNUSED", "Gateway shop/waypoint", "metadata.name"],
      ["SUPPRESSION_INVALID", "Gateway shop/waypoint", 'metadata.annotations["meshform.dev/suppress"]'],
    ]);
    expect([issues[1]?.severity, issues[1]?.message, issues[1]?.hint]).toEqual([
      "warning",
      "suppresses WAYPOINT_UNUSED without a reason; it is not applied",
      "write WAYPOINT_UNUSED: <why this finding does not apply here>",
    ]);
  });

  test("an unknown code is a finding", () => {
    expect(analyzeYaml(WAYPOINT("WAYPOINT_UNUSED: bound elsewhere; IST9999: old name")).map((i) => i.message)).toEqual([
      'suppresses "IST9999", which is not an analysis code; nothing is suppressed',
    ]);
  });

  test("a finding istioctl also reports carries istioctl's code, and a suppression may name either code", () => {
    const yaml = [
      "apiVersion: networking.istio.io/v1",
      "kind: VirtualService",
      "metadata: { name: reviews, namespace: shop, annotations: { meshform.dev/suppress: ANNOTATION } }",
      "spec: { hosts: [reviews], http: [{ route: [{ destination: { host: reviews, subset: v9 } }] }] }",
      "---",
      "apiVersion: v1",
      "kind: Service",
      "metadata: { name: reviews, namespace: shop }",
      "spec: { ports: [{ name: http, port: 9080 }] }",
    ].join("\n");
    const found = analyzeYaml(yaml.replace(", annotations: { meshform.dev/suppress: ANNOTATION }", ""));
    expect(found.map((i) => [i.code, i.istioctlCode])).toEqual([["SUBSET_NOT_FOUND", "IST0101"]]);
    expect(analyzeYaml(yaml.replace("ANNOTATION", '"IST0101: the subset comes with the next release"'))).toEqual([]);
    expect(analyzeYaml(yaml.replace("ANNOTATION", '"SUBSET_NOT_FOUND: the subset comes with the next release"'))).toEqual([]);
  });

  test("configured suppressions apply to the named resource, or to every resource without one", () => {
    const yaml = WAYPOINT("").replace(/\n {2}annotations.*/, "");
    expect(analyzeYaml(yaml, { suppressions: [{ code: "WAYPOINT_UNUSED", reason: "bound by app charts", resource: "Gateway shop/waypoint" }] })).toEqual([]);
    expect(analyzeYaml(yaml, { suppressions: [{ code: "WAYPOINT_UNUSED", reason: "bound by app charts" }] })).toEqual([]);
    expect(analyzeYaml(yaml, { suppressions: [{ code: "WAYPOINT_UNUSED", reason: "", resource: "Gateway shop/other" }] }).map((i) => [i.code, i.message])).toEqual([
      ["WAYPOINT_UNUSED", expect.stringContaining("waypoint shop/waypoint")],
      ["SUPPRESSION_INVALID", "configured suppression for Gateway shop/other: suppresses WAYPOINT_UNUSED without a reason; it is not applied"],
    ]);
    expect(analyzeYaml(yaml, { suppressions: [{ code: "WAYPOINT_UNUSED", reason: "x", resource: "Gateway shop/other" }] }).map((i) => [i.code, i.severity, i.message])).toEqual([
      ["WAYPOINT_UNUSED", "warning", expect.any(String)],
      ["SUPPRESSION_UNUSED", "info", "configured suppression for Gateway shop/other: suppresses WAYPOINT_UNUSED, which analysis does not report here"],
    ]);
  });
});

describe("analyzeMesh", () => {
  test("places a finding at the line of its field, and at the resource's own source without lines", () => {
    const yaml = docs(WAYPOINT("").replace(/\n {2}annotations.*/, ""));
    expect(analyzeYaml(yaml).map((i) => i.source)).toEqual([{ file: "mesh.yaml", line: 4 }]);
    const object = { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", metadata: { name: "w", namespace: "shop" }, spec: { gatewayClassName: "istio-waypoint" } };
    expect(analyzeMesh([{ object, source: { file: "mesh.config.ts", line: 12 } }]).map((i) => i.source)).toEqual([{ file: "mesh.config.ts", line: 12 }]);
    expect(analyzeMesh([{ object }])[0]).not.toHaveProperty("source");
  });

  test("a namespaced resource without a namespace is in the default namespace", () => {
    const [issue] = analyzeMesh([{ object: { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", metadata: { name: "w" }, spec: { gatewayClassName: "istio-waypoint" } } }]);
    expect(issue?.resource).toEqual({ apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", namespace: "default", name: "w" });
  });

  test("malformed resources are analyzed as far as they can be read, without throwing", () => {
    const odd: unknown[] = [null, 1, "x", [], [null], [1, "a"], { a: null }, { name: 3 }];
    const kinds = ["Gateway", "HTTPRoute", "GRPCRoute", "VirtualService", "DestinationRule", "ServiceEntry", "AuthorizationPolicy", "RequestAuthentication", "PeerAuthentication", "Service", "Namespace", "Sidecar", "ReferenceGrant", "Telemetry"];
    const groups = ["gateway.networking.k8s.io/v1", "networking.istio.io/v1", "security.istio.io/v1", "telemetry.istio.io/v1", "v1"];
    const resources = odd.flatMap((value) =>
      groups.flatMap((apiVersion) =>
        kinds.map((kind) => ({ object: { apiVersion, kind, metadata: { name: "x", namespace: "shop", labels: { "istio.io/use-waypoint": value } }, spec: Object.fromEntries(["parentRefs", "rules", "listeners", "hosts", "http", "subsets", "ports", "trafficPolicy", "targetRefs", "selector", "mtls", "portLevelMtls", "host", "gateways", "from", "to"].map((k) => [k, value])) } })),
      ),
    );
    expect(() => analyzeMesh(resources)).not.toThrow();
    expect(() => analyzeMesh([{ object: {} }, { object: { spec: null, metadata: "x" } }])).not.toThrow();
  });

  test("every check has a unique code and a docs page title", () => {
    const codes = CHECKS.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(CHECKS.every((c) => c.title.length > 0)).toBe(true);
  });

  test("findings come in the order of the resources, whatever the order of the checks", () => {
    const yaml = docs(WAYPOINT("").replace(/\n {2}annotations.*/, ""), WAYPOINT("").replace(/\n {2}annotations.*/, "").replace("name: waypoint", "name: other"));
    expect(summarize(analyzeYaml(yaml)).map((f) => f[1])).toEqual(["Gateway shop/waypoint", "Gateway shop/other"]);
  });
});

describe("docs/analysis", () => {
  const folder = fileURLToPath(new URL("../../../docs/analysis/", import.meta.url));
  const codes = [...CHECKS.map((c) => c.code), "SUPPRESSION_INVALID", "SUPPRESSION_UNUSED"];

  test.each(codes)("has a page for %s, listed in the index, with what, why, how to fix", (code) => {
    const page = readFileSync(join(folder, `${code}.md`), "utf8");
    expect(page.split("\n")[0]).toMatch(new RegExp(`^# ${code}: `));
    expect(["## What it means", "## Why it matters", "## How to fix"].every((heading) => page.includes(heading))).toBe(true);
    expect(readFileSync(join(folder, "README.md"), "utf8")).toContain(`| [${code}](${code}.md) |`);
  });

  test.each(CHECKS.map((c) => [c.code, c.istioctlCode] as const))("names istioctl's code for %s (%s) on its page and in the index, or none", (code, istioctl) => {
    const page = readFileSync(join(folder, `${code}.md`), "utf8");
    const row = readFileSync(join(folder, "README.md"), "utf8").split("\n").find((line) => line.startsWith(`| [${code}](${code}.md) |`));
    expect(/istioctl \*\*(IST\d{4})\*\*/.exec(page.split("\n")[2] ?? "")?.[1]).toBe(istioctl);
    expect(row?.split(" | ")[1]).toBe(istioctl ?? "—");
  });

  test("the page of each check shows the closest case that stays silent, and it draws none of that finding", () => {
    for (const check of CHECKS) {
      const page = readFileSync(join(folder, `${check.code}.md`), "utf8");
      const silent = /## Silent[\s\S]*?```yaml\n([\s\S]*?)```/.exec(page)?.[1];
      expect([check.code, silent !== undefined && analyzeYaml(silent).every((i) => i.code !== check.code)]).toEqual([check.code, true]);
    }
  });

  test("the page of each check draws that check's finding with its example", () => {
    for (const check of CHECKS) {
      const page = readFileSync(join(folder, `${check.code}.md`), "utf8");
      const example = /## Example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(page)?.[1] ?? "";
      expect([check.code, analyzeYaml(example).some((i) => i.code === check.code)]).toEqual([check.code, true]);
    }
  });
});
