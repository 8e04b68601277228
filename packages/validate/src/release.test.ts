import { describe, expect, it } from "vitest";
import * as gatewayApi from "@meshform/gateway-api";
import * as istio from "@meshform/istio";
import { formatPath } from "@meshform/kind-runtime";
import type { ValidateIssue } from "./codes.js";
import { supportedReleases } from "./catalog.js";
import { createValidator } from "./validator.js";
// Validators created from the modules themselves, not the package entry: Istio's admission rules loaded as the entry loads them.
import "./admission-rules.js";

const ISTIO = ["1.24.6", "1.25.5", "1.26.8", "1.27.9", "1.28.10", "1.29.6", "1.30.3"];
const GATEWAY_API = ["v1.2.1", "v1.3.0", "v1.4.1", "v1.5.1", "v1.6.1"];

/** The structural and rule verdicts (what the CRD of a release decides), as `CODE path`. */
const verdicts = (issues: readonly ValidateIssue[]): string[] =>
  issues.filter((issue) => issue.code !== "ISTIO_ADMISSION" && issue.code !== "ISTIO_ADMISSION_WARNING").map((issue) => `${issue.code} ${formatPath(issue.path ?? [])}`);

/** Whether the kinds packages ship each release's own schemas (`releases`), not only the newest's. */
const perRelease = "releases" in istio && "releases" in gatewayApi;

describe("every release meshform ships", () => {
  it("is offered by `meshform validate`", () => {
    expect(supportedReleases()).toEqual({ istio: ISTIO, gatewayApi: GATEWAY_API });
  });

  const destinationRule = { apiVersion: "networking.istio.io/v1", kind: "DestinationRule", metadata: { name: "reviews", namespace: "shop" }, spec: { host: "reviews", trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 10 } } } } };
  const route = {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "reviews", namespace: "shop" },
    spec: { parentRefs: [{ name: "reviews", kind: "Service", group: "" }], rules: [{ backendRefs: [{ name: "reviews-v1", port: 9080, weight: 90 }, { name: "reviews-v2", port: 9080, weight: 10 }] }] },
  };

  it.each([...ISTIO.map((release) => ["Istio", release]), ...GATEWAY_API.map((release) => ["Gateway API", release])])("is accepted: %s %s", (product, release) => {
    const validator = createValidator(product === "Istio" ? { istioRelease: release } : { gatewayApiRelease: release });
    expect(validator.validate(destinationRule)).toEqual([]);
    expect(validator.validate(route)).toEqual([]);
  });
});

describe("each release's own schema and rules", () => {
  it.runIf(perRelease)("a bound Istio loosened: warmup aggression below 1 is a schema error up to 1.28.10, not from 1.29.6", () => {
    const rule = {
      apiVersion: "networking.istio.io/v1",
      kind: "DestinationRule",
      metadata: { name: "reviews", namespace: "shop" },
      spec: { host: "reviews", trafficPolicy: { loadBalancer: { simple: "ROUND_ROBIN", warmup: { duration: "10s", aggression: 0.5 } } } },
    };
    const verdict = (release: string) => verdicts(createValidator({ istioRelease: release }).validate(rule));
    for (const release of ["1.24.6", "1.25.5", "1.26.8", "1.27.9", "1.28.10"]) {
      expect(verdict(release)).toEqual(["SCHEMA_INVALID spec.trafficPolicy.loadBalancer.warmup.aggression"]);
    }
    for (const release of ["1.29.6", "1.30.3"]) expect(verdict(release)).toEqual([]);
  });

  it.runIf(perRelease)("a CEL rule Istio dropped: a WasmPlugin targeting an HTTPRoute breaks 1.24.6's rule only", () => {
    const plugin = {
      apiVersion: "extensions.istio.io/v1alpha1",
      kind: "WasmPlugin",
      metadata: { name: "auth", namespace: "shop" },
      spec: { url: "oci://registry.example/auth:1", targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "reviews" }] },
    };
    const [old] = createValidator({ istioRelease: "1.24.6" }).validate(plugin).filter((issue) => issue.code === "CEL_RULE");
    expect(old).toMatchObject({ code: "CEL_RULE", path: ["spec", "targetRefs", 0] });
    expect(old?.message).toContain("Support kinds are core/Service, networking.istio.io/ServiceEntry, gateway.networking.k8s.io/Gateway");
    for (const release of ISTIO.slice(1)) expect(verdicts(createValidator({ istioRelease: release }).validate(plugin))).toEqual([]);
  });

  it.runIf(perRelease)("an enum Gateway API widened: a CORS filter is an unsupported value before v1.5.1, whose cors field is named as newer", () => {
    const cors = {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "reviews", namespace: "shop" },
      spec: { rules: [{ filters: [{ type: "CORS", cors: { allowOrigins: ["https://shop.example"] } }], backendRefs: [{ name: "reviews", port: 9080 }] }] },
    };
    for (const release of ["v1.2.1", "v1.3.0", "v1.4.1"]) {
      const issues = createValidator({ gatewayApiRelease: release }).validate(cors);
      expect(verdicts(issues)).toEqual(["NOT_IN_RELEASE spec.rules[0].filters[0].cors", "SCHEMA_INVALID spec.rules[0].filters[0].type", "RULES_NOT_CHECKED "]);
      expect(issues[0]?.message).toBe(`Gateway API ${release} does not have this field: it first appears in Gateway API v1.5.1`);
      expect(issues[1]?.message).toContain('Unsupported value: "CORS"');
    }
    for (const release of ["v1.5.1", "v1.6.1"]) expect(createValidator({ gatewayApiRelease: release }).validate(cors)).toEqual([]);
  });

  it.runIf(perRelease)("a CEL rule Gateway API rewrote: an address without a value is required in v1.2.1, fails v1.3.0's uniqueness rule, and passes from v1.4.1", () => {
    const gateway = {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: "edge", namespace: "shop" },
      spec: { gatewayClassName: "istio", addresses: [{ type: "IPAddress" }], listeners: [{ name: "http", port: 80, protocol: "HTTP" }] },
    };
    const verdict = (release: string) => verdicts(createValidator({ gatewayApiRelease: release }).validate(gateway));
    expect(verdict("v1.2.1")).toEqual(["SCHEMA_INVALID spec.addresses[0].value", "RULES_NOT_CHECKED "]);
    expect(verdict("v1.3.0")).toEqual(["CEL_EVALUATION spec.addresses"]);
    for (const release of ["v1.4.1", "v1.5.1", "v1.6.1"]) expect(verdict(release)).toEqual([]);
  });

  it.runIf(perRelease)("a bound Gateway API raised: nine matches in a GRPCRoute rule are too many for v1.2.1 only", () => {
    const grpc = {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "GRPCRoute",
      metadata: { name: "api", namespace: "shop" },
      spec: { rules: [{ matches: Array.from({ length: 9 }, (_, i) => ({ method: { service: `shop.v1.Service${i}` } })) }] },
    };
    expect(verdicts(createValidator({ gatewayApiRelease: "v1.2.1" }).validate(grpc))).toEqual(["SCHEMA_INVALID spec.rules[0].matches", "RULES_NOT_CHECKED "]);
    for (const release of GATEWAY_API.slice(1)) expect(createValidator({ gatewayApiRelease: release }).validate(grpc)).toEqual([]);
  });

  it.runIf(perRelease)("a kind version the experimental channel had and dropped: XListenerSet is served by v1.3.0 and v1.4.1 only", () => {
    const listeners = {
      apiVersion: "gateway.networking.x-k8s.io/v1alpha1",
      kind: "XListenerSet",
      metadata: { name: "extra", namespace: "shop" },
      spec: { parentRef: { name: "edge" }, listeners: [{ name: "a", port: 80, protocol: "HTTP" }] },
    };
    const verdict = (release: string) => verdicts(createValidator({ gatewayApiRelease: release, gatewayApiChannel: "experimental" }).validate(listeners));
    for (const release of ["v1.3.0", "v1.4.1"]) expect(verdict(release)).toEqual([]);
    for (const release of ["v1.2.1", "v1.5.1", "v1.6.1"]) expect(verdict(release)).toEqual(["UNKNOWN_VERSION apiVersion"]);
  });
});

describe("a field newer than the target", () => {
  it("is one error naming the release that first has it, in every older release, not also an unknown field", () => {
    const policy = {
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: { name: "allow", namespace: "shop" },
      spec: { action: "ALLOW", rules: [{ from: [{ source: { principals: ["cluster.local/ns/shop/sa/web"], notTrustDomains: ["other.example"] } }] }] },
    };
    for (const release of ISTIO.slice(0, -1)) {
      for (const strict of [false, true]) {
        const issues = createValidator({ istioRelease: release, strict }).validate(policy);
        expect(issues.map((issue) => `${issue.code} ${formatPath(issue.path ?? [])}: ${issue.message}`)).toEqual([
          `NOT_IN_RELEASE spec.rules[0].from[0].source.notTrustDomains: Istio ${release} does not have this field: it first appears in Istio 1.30.3`,
        ]);
      }
    }
    expect(createValidator({ istioRelease: "1.30.3", strict: true }).validate(policy)).toEqual([]);
  });

  it("and a kind version newer than the target name the release that first serves it", () => {
    const extension = { apiVersion: "extensions.istio.io/v1alpha1", kind: "TrafficExtension", metadata: { name: "x", namespace: "shop" }, spec: { lua: { inlineCode: "function envoy_on_request(h) end" } } };
    const [first] = createValidator({ istioRelease: "1.27.9" }).validate(extension);
    expect(first).toMatchObject({ code: "NOT_IN_RELEASE", message: "Istio 1.27.9 does not serve extensions.istio.io/v1alpha1 TrafficExtension: it first appears in Istio 1.30.3" });
  });
});

describe("Argo CD's kinds", () => {
  it("are checked against Argo CD's schema, whatever the targets", () => {
    const applicationSet = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "ApplicationSet",
      metadata: { name: "mesh", namespace: "argocd" },
      spec: { generators: [{ list: { elements: [] } }], template: { metadata: { name: "x" }, spec: { project: "default", destination: { server: "https://kubernetes.default.svc" }, source: { repoURL: "https://git.example/mesh.git", path: "generated" } } }, sptec: 1 },
    };
    for (const istioRelease of ["1.24.6", "1.30.3"]) {
      const codes = createValidator({ istioRelease, strict: true }).validate(applicationSet).map((issue) => `${issue.code} ${formatPath(issue.path ?? [])}`);
      expect(codes).not.toContain("UNKNOWN_KIND kind");
      expect(codes).toContain("UNKNOWN_FIELD spec.sptec");
    }
  });
});
