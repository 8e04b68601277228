import { describe, expect, it } from "vitest";
import { formatIssue } from "@meshform/diagnostics";
import { destinationRule } from "@meshform/istio/networking.istio.io/v1";
import { listenerSet } from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import { httpRoute as experimentalHttpRoute } from "@meshform/gateway-api/experimental/gateway.networking.k8s.io/v1";
import { compile } from "./compile.js";
import { defineMesh } from "./mesh.js";

const here = "packages/dsl/src/compile.test.ts";
const lines = (mesh: ReturnType<typeof defineMesh>) => compile(mesh.model).issues.map((i) => formatIssue({ ...i, ...(i.source ? { source: { ...i.source, file: i.source.file.slice(i.source.file.indexOf("packages/")), column: undefined } } : {}) }));

describe("compile", () => {
  it("picks the preferred apiVersion of each kind for the target and sorts by namespace, kind, name", () => {
    const mesh = defineMesh({}, (m) => {
      m.mtls("STRICT");
      m.namespace("shop", { dataplane: "ambient" }).waypoint();
    });
    const { resources, issues } = compile(mesh.model);
    expect(issues).toEqual([]);
    expect(resources.map((r) => `${r.apiVersion} ${r.kind} ${r.metadata.namespace ?? "-"}/${r.metadata.name}`)).toEqual([
      "v1 Namespace -/shop",
      "security.istio.io/v1 PeerAuthentication istio-system/default",
      "gateway.networking.k8s.io/v1 Gateway shop/waypoint",
    ]);
  });

  it("reports a resource declared twice, naming both builders and the first line", () => {
    const mesh = defineMesh({}, (m) => {
      m.root.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP" } } });
      m.root.gateway("edge", { listeners: { http: { port: 8080, protocol: "HTTP" } } });
    });
    const first = 29;
    expect(lines(mesh)).toEqual([
      `${here}:${first + 1} Gateway istio-system/edge is declared twice: by namespace("istio-system").gateway("edge") and by namespace("istio-system").gateway("edge") (line ${first}) (give one of them another name)`,
    ]);
  });

  it("rejects names that break the Kubernetes rule for their kind, naming the field, in the API server's words", () => {
    const mesh = defineMesh({}, (m) => {
      m.resource(destinationRule({ metadata: { name: "Reviews", namespace: "shop" }, spec: { host: "reviews" } }));
    });
    expect(lines(mesh)).toEqual([
      `${here}:40 networking.istio.io/v1/DestinationRule shop/Reviews metadata.name: "Reviews" is not a valid DestinationRule name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]);
  });

  it("rejects a field the targeted Istio release does not have, naming the release that has it", () => {
    const mesh = defineMesh({ targets: { istio: "1.24.6" } }, (m) => {
      m.resource(destinationRule({ metadata: { name: "reviews", namespace: "shop" }, spec: { host: "reviews", trafficPolicy: { retryBudget: { percent: 20 } } } }));
    });
    expect(lines(mesh)).toEqual([
      `${here}:49 networking.istio.io/v1/DestinationRule shop/reviews spec.trafficPolicy.retryBudget: not in Istio 1.24.6; it needs Istio 1.27.9 (raise the Istio target in defineMesh({ targets }) or drop the field)`,
    ]);
    const newer = defineMesh({ targets: { istio: "1.30.3" } }, (m) => {
      m.resource(destinationRule({ metadata: { name: "reviews", namespace: "shop" }, spec: { host: "reviews", trafficPolicy: { retryBudget: { percent: 20 } } } }));
    });
    expect(lines(newer)).toEqual([]);
  });

  it("rejects a kind the targeted Gateway API release does not serve", () => {
    const mesh = defineMesh({ targets: { gatewayApi: { release: "v1.2.1" } } }, (m) => {
      m.resource(listenerSet({ metadata: { name: "extra", namespace: "shop" }, spec: { parentRef: { name: "edge" }, listeners: [{ name: "a", port: 80, protocol: "HTTP" }] } }));
    });
    expect(lines(mesh)).toEqual([
      `${here}:62 gateway.networking.k8s.io/v1/ListenerSet shop/extra ListenerSet gateway.networking.k8s.io/v1 is not served by Gateway API v1.2.1; it needs Gateway API v1.5.1 (raise the target in defineMesh({ targets }) or drop this resource)`,
    ]);
  });

  it("applies JSON patches before validation, so a patch that adds a bad field fails with the patch's resource", () => {
    const mesh = defineMesh({}, (m) => {
      const dr = m.resource(destinationRule({ metadata: { name: "reviews", namespace: "shop" }, spec: { host: "reviews" } }));
      m.patch(dr, [{ op: "add", path: "/spec/trafficPolicy", value: { connectionPool: { http: { http1MaxPendingRequest: 1 } } } }]);
    });
    expect(lines(mesh)).toEqual([
      `${here}:72 networking.istio.io/v1/DestinationRule shop/reviews spec.trafficPolicy.connectionPool.http.http1MaxPendingRequest: unknown field (check the spelling against the kind's type; set by a JSON patch)`,
    ]);
    const good = defineMesh({}, (m) => {
      const dr = m.resource(destinationRule({ metadata: { name: "reviews", namespace: "shop" }, spec: { host: "reviews" } }));
      m.patch(dr, [{ op: "add", path: "/spec/trafficPolicy", value: { connectionPool: { http: { http1MaxPendingRequests: 1 } } } }]);
    });
    const { resources, issues } = compile(good.model);
    expect(issues).toEqual([]);
    expect(resources[0]).toEqual({ apiVersion: "networking.istio.io/v1", kind: "DestinationRule", metadata: { name: "reviews", namespace: "shop" }, spec: { host: "reviews", trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 1 } } } } });
  });

  it("reports a patch that does not apply, and one whose target is not declared", () => {
    const mesh = defineMesh({}, (m) => {
      const dr = m.resource(destinationRule({ metadata: { name: "reviews", namespace: "shop" }, spec: { host: "reviews" } }));
      m.patch(dr, [{ op: "replace", path: "/spec/subsets/0/name", value: "v1" }]);
      m.patch({ draftKey: { group: "networking.istio.io", kind: "DestinationRule", namespace: "shop", name: "ratings" } }, [{ op: "remove", path: "/spec" }]);
    });
    const issues = compile(mesh.model).issues.map((i) => `${i.code}: ${i.message}`);
    expect(issues).toEqual([
      "INVALID_REFERENCE: patch() expects a resource returned by a builder (a gateway, route, policy, namespace...), got a plain object",
      expect.stringMatching(/^PATCH_FAILED: the JSON patch does not apply: /),
    ]);
  });

  it("gives the same resources in any order of declaration", () => {
    const a = defineMesh({}, (m) => {
      m.mtls("STRICT");
      m.namespace("b").waypoint();
      m.namespace("a").waypoint();
    });
    const b = defineMesh({}, (m) => {
      m.namespace("a").waypoint();
      m.namespace("b").waypoint();
      m.mtls("STRICT");
    });
    expect(compile(a.model).resources).toEqual(compile(b.model).resources);
  });

  it("says a field is experimental-only when the standard channel lacks it, and accepts it on the experimental channel", () => {
    const route = experimentalHttpRoute({ metadata: { name: "api", namespace: "shop" }, spec: { rules: [{ retry: { attempts: 2 }, backendRefs: [{ name: "api", port: 80 }] }] } });
    const standard = compile(defineMesh({}, (m) => void m.resource(route)).model).issues;
    expect(standard.map((i) => `${i.code} ${formatIssue({ ...i, source: undefined })}`)).toEqual([
      'FIELD_NOT_IN_CHANNEL gateway.networking.k8s.io/v1/HTTPRoute shop/api spec.rules[0].retry: retry is in the Gateway API experimental channel only (set targets.gatewayApi.channel to "experimental" in defineMesh, or drop the field)',
    ]);
    const experimental = compile(defineMesh({ targets: { gatewayApi: { channel: "experimental" } } }, (m) => void m.resource(route)).model);
    expect(experimental.issues).toEqual([]);
  });

  it("fills a raw resource's namespace from ns.resource, and reports a namespaced raw resource without one", () => {
    const rule = { spec: { host: "reviews" } };
    const filled = compile(defineMesh({}, (m) => void m.namespace("shop", { managed: false }).resource(destinationRule({ metadata: { name: "reviews" }, ...rule }))).model);
    expect(filled.issues).toEqual([]);
    expect(filled.resources[0]?.metadata.namespace).toBe("shop");
    const missing = compile(defineMesh({}, (m) => void m.resource(destinationRule({ metadata: { name: "reviews" }, ...rule }))).model);
    expect(missing.issues.map((i) => `${i.code}: ${i.message} (${i.hint})`)).toEqual([
      "SCOPE_MISMATCH: DestinationRule is namespaced, and this one names no namespace (set metadata.namespace, or declare it through mesh.namespace(...))",
    ]);
  });

  it("names the line and column of a raw resource's call, through the mesh and through a namespace", () => {
    const bad = { metadata: { name: "reviews" }, spec: { host: "reviews", trafficPolicy: { tls: { mode: "SOMETIMES" } } } } as never;
    const mesh = defineMesh({}, (m) => {
      m.resource({ ...destinationRule(bad), metadata: { name: "reviews", namespace: "a" } });
      m.namespace("b", { managed: false }).resource(destinationRule(bad));
    });
    const sources = compile(mesh.model).issues.map((i) => `${i.source?.file.slice(i.source.file.indexOf("packages/"))}:${i.source?.line}:${i.source?.column}`);
    expect(sources).toEqual([`${here}:137:9`, `${here}:138:44`]);
  });
});
