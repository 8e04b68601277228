import { describe, expect, it } from "vitest";
import { formatIssue } from "@meshform/diagnostics";
import { trafficExtension } from "@meshform/istio/extensions.istio.io/v1alpha1";
import { destinationRule } from "@meshform/istio/networking.istio.io/v1";
import { authorizationPolicy } from "@meshform/istio/security.istio.io/v1";
import { compile } from "./compile.js";
import { defineMesh } from "./mesh.js";
import { fromNamespaces } from "./index.js";
import { GATEWAY_API_RELEASES, ISTIO_RELEASES, type TargetOptions } from "./targets.js";

const lines = (mesh: ReturnType<typeof defineMesh>) => compile(mesh.model).issues.map((issue) => formatIssue({ ...issue, source: undefined }));

/** A small mesh of intents, the benchmark's: mTLS, an authorization policy, a canary route and a circuit breaker. */
function shop(targets: TargetOptions) {
  return defineMesh({ targets }, (m) => {
    const ns = m.namespace("shop", { dataplane: "sidecar" });
    ns.mtls("STRICT");
    ns.authorizationPolicy("allow-mesh", { action: "ALLOW", rules: [{ from: [fromNamespaces(ns)] }] });
    const reviews = ns.service("reviews", { ports: [9080] });
    ns.httpRoute("reviews")
      .attachTo(reviews)
      .canary({ stable: ns.service("reviews-v1", { ports: [9080] }), canary: ns.service("reviews-v2", { ports: [9080] }), weight: 10 });
    ns.destinationRule("reviews", { host: reviews }).circuitBreaker({ maxPendingRequests: 100, consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s", maxEjectionPercent: 50 });
  });
}

describe("defineMesh({ targets })", () => {
  it.each(ISTIO_RELEASES.map((istio) => [istio]))("accepts Istio %s", (istio) => {
    const mesh = shop({ istio });
    expect(mesh.model.targets.istio).toBe(istio);
    const { resources, issues } = compile(mesh.model);
    expect(issues.filter((issue) => issue.severity === "error")).toEqual([]);
    expect(resources.length).toBeGreaterThan(4);
  });

  it.each(GATEWAY_API_RELEASES.map((release) => [release]))("accepts Gateway API %s", (release) => {
    const mesh = shop({ gatewayApi: { release } });
    expect(mesh.model.targets.gatewayApi.release).toBe(release);
    const { resources, issues } = compile(mesh.model);
    expect(issues.filter((issue) => issue.severity === "error")).toEqual([]);
    expect(resources.length).toBeGreaterThan(4);
  });
});

describe("a middle release, Istio 1.27.9", () => {
  it("rejects a field Istio added after it, once, naming the release that added it", () => {
    const mesh = defineMesh({ targets: { istio: "1.27.9" } }, (m) => {
      m.resource(
        authorizationPolicy({
          metadata: { name: "allow", namespace: "shop" },
          spec: { action: "ALLOW", rules: [{ from: [{ source: { principals: ["cluster.local/ns/shop/sa/web"], notTrustDomains: ["other.example"] } }] }] },
        }),
      );
    });
    expect(lines(mesh)).toEqual([
      "security.istio.io/v1/AuthorizationPolicy shop/allow spec.rules[0].from[0].source.notTrustDomains: not in Istio 1.27.9; it needs Istio 1.30.3 (raise the Istio target in defineMesh({ targets }) or drop the field)",
    ]);
  });

  it("accepts a field the release has, which the one before it lacks", () => {
    const retryBudget = (istio: "1.26.8" | "1.27.9") =>
      defineMesh({ targets: { istio } }, (m) => {
        m.resource(destinationRule({ metadata: { name: "reviews", namespace: "shop" }, spec: { host: "reviews", trafficPolicy: { retryBudget: { percent: 20 } } } }));
      });
    expect(lines(retryBudget("1.27.9"))).toEqual([]);
    expect(lines(retryBudget("1.26.8"))).toEqual([
      "networking.istio.io/v1/DestinationRule shop/reviews spec.trafficPolicy.retryBudget: not in Istio 1.26.8; it needs Istio 1.27.9 (raise the Istio target in defineMesh({ targets }) or drop the field)",
    ]);
  });

  it("rejects a kind Istio added after it, naming the release that added it", () => {
    const mesh = defineMesh({ targets: { istio: "1.27.9" } }, (m) => {
      m.resource(trafficExtension({ metadata: { name: "lua", namespace: "shop" }, spec: { lua: { inlineCode: "function envoy_on_request(h) end" } } }));
    });
    expect(lines(mesh)).toEqual([
      "extensions.istio.io/v1alpha1/TrafficExtension shop/lua TrafficExtension extensions.istio.io/v1alpha1 is not served by Istio 1.27.9; it needs Istio 1.30.3 (raise the target in defineMesh({ targets }) or drop this resource)",
    ]);
  });
});
