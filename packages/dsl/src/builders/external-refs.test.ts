import { describe, expect, expectTypeOf, test } from "vitest";
import { compile } from "../compile.js";
import { defineMesh, type MeshBuilder } from "../mesh.js";
import type { ExternalGatewayRef, IstioGatewayRef, SubsetRef } from "../refs.js";

function build(declare: (mesh: MeshBuilder) => void) {
  const definition = defineMesh({}, declare);
  return { model: definition.model, ...compile(definition.model) };
}

describe("subsets read back from a DestinationRule", () => {
  test("each subset(...) call adds a typed reference to the rule's subsets", () => {
    let captured: { v1: SubsetRef<"v1">; v2: SubsetRef<"v2"> } | undefined;
    const { issues } = build((mesh) => {
      const app = mesh.namespace("bookinfo", { managed: false });
      const reviews = app.service("reviews", { ports: [9080] });
      const rule = app.destinationRule("reviews", { host: reviews }).subset("v1", { version: "v1" }).subset("v2", { version: "v2" });
      expectTypeOf(rule.subsets.v1).toEqualTypeOf<SubsetRef<"v1">>();
      // @ts-expect-error a subset the rule does not declare does not compile
      void rule.subsets.v3;
      captured = { v1: rule.subsets.v1, v2: rule.subsets.v2 };
    });
    expect(issues).toEqual([]);
    expect(captured?.v1).toEqual({
      refType: "subset",
      name: "v1",
      host: "reviews.bookinfo.svc.cluster.local",
      service: { refType: "service", group: "", kind: "Service", name: "reviews", namespace: "bookinfo", ports: [9080], external: true },
      namespace: "bookinfo",
      external: false,
    });
    expect(captured?.v2.name).toBe("v2");
  });

  test("a subset refused as a duplicate adds no second reference", () => {
    const { issues } = build((mesh) => {
      const app = mesh.namespace("bookinfo", { managed: false });
      const rule = app.destinationRule("reviews", { host: app.service("reviews") }).subset("v1", { version: "v1" });
      const again = rule.subset("v1", { version: "other" });
      expect(Object.keys(again.subsets)).toEqual(["v1"]);
      expect(again.subsets.v1.name).toBe("v1");
    });
    expect(issues.map((issue) => issue.code)).toEqual(["DUPLICATE_SUBSET"]);
  });

  test("an external service's subsets name its first host", () => {
    build((mesh) => {
      const rule = mesh.root
        .externalService("api", { hosts: ["api.example.com"], ports: [{ number: 80, protocol: "HTTP" }], resolution: "DNS" })
        .subset("blue", { color: "blue" });
      expect(rule.subsets.blue).toMatchObject({ refType: "subset", name: "blue", host: "api.example.com", service: undefined, namespace: "istio-system", external: false });
    });
  });
});

describe("references to what lives outside the config", () => {
  test("external subsets are typed by their names, write nothing, and are declared for analysis", () => {
    const { model, resources, issues } = build((mesh) => {
      const app = mesh.namespace("bookinfo", { managed: false });
      const subsets = app.externalSubsets(app.service("reviews", { ports: [9080] }), ["v1", "v2"]);
      expectTypeOf(subsets.v2).toEqualTypeOf<SubsetRef<"v2">>();
      // @ts-expect-error only the declared names exist
      void subsets.v3;
      expect(subsets.v1).toMatchObject({ name: "v1", host: "reviews.bookinfo.svc.cluster.local", namespace: "bookinfo", external: true });
      app.externalSubsets("ratings.shared.svc.cluster.local", ["stable"]);
    });
    expect(issues).toEqual([]);
    expect(resources).toEqual([]);
    expect(model.externals.subsets).toEqual(["reviews.bookinfo.svc.cluster.local/v1", "reviews.bookinfo.svc.cluster.local/v2", "ratings.shared.svc.cluster.local/stable"]);
  });

  test("an external Gateway API gateway takes routes, typed by its listeners, and is declared, not written", () => {
    const { model, resources, issues } = build((mesh) => {
      const shared = mesh.root.externalGateway("shared-ingress", { listeners: ["https", "http"] });
      expectTypeOf(shared).toEqualTypeOf<ExternalGatewayRef<"https" | "http">>();
      const app = mesh.namespace("shop", { managed: false });
      app.httpRoute("web", { hostnames: ["shop.example.com"] }).attachTo(shared, { sectionName: "https" }).rule((r) => r.to(app.service("web", { ports: [8080] })));
      // @ts-expect-error a listener the gateway was not declared with
      app.httpRoute("typo").attachTo(shared, { sectionName: "htps" });
    });
    expect(model.externals.gateways).toEqual(["istio-system/shared-ingress"]);
    expect(resources.map((r) => `${r.kind}/${r.metadata.name}`)).toEqual(["HTTPRoute/typo", "HTTPRoute/web"]);
    expect(resources[1]).toMatchObject({ spec: { parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shared-ingress", namespace: "istio-system", sectionName: "https" }] } });
    expect(issues).toEqual([]);
  });

  test("policies target an external Gateway API gateway as they target one the config writes", () => {
    const { resources, issues } = build((mesh) => {
      const shared = mesh.root.externalGateway("shared-ingress");
      mesh.root.requireJwt(shared, { issuer: "https://accounts.google.com", jwksUri: "https://www.googleapis.com/oauth2/v3/certs" });
      mesh.root.telemetry("edge-logs", { target: shared, accessLogging: [{ providers: ["envoy"] }] });
    });
    expect(issues).toEqual([]);
    const targets = resources.map((r) => [r.kind, (r.spec as { targetRefs?: unknown }).targetRefs]);
    expect(targets).toEqual([
      ["AuthorizationPolicy", [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shared-ingress" }]],
      ["RequestAuthentication", [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shared-ingress" }]],
      ["Telemetry", [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shared-ingress" }]],
    ]);
  });

  test("an external Istio gateway carries the hosts it was declared with", () => {
    const { model, resources } = build((mesh) => {
      const legacy = mesh.root.externalIstioGateway("legacy-ingress", { hosts: ["*.example.com"], servers: ["https"] });
      expectTypeOf(legacy).toEqualTypeOf<IstioGatewayRef<"https">>();
      expect(legacy).toEqual({ refType: "istioGateway", group: "networking.istio.io", kind: "Gateway", name: "legacy-ingress", namespace: "istio-system", servers: ["https"], hosts: ["*.example.com"], external: true });
    });
    expect(resources).toEqual([]);
    expect(model.externals.gateways).toEqual(["istio-system/legacy-ingress"]);
  });

  test("wrong declarations are reported at the call, with the rule they break", () => {
    const { issues } = build((mesh) => {
      const app = mesh.namespace("shop", { managed: false });
      // @ts-expect-error an external host is a fully qualified name
      app.externalSubsets("reviews", ["v1"]);
      app.externalSubsets(app.service("reviews"), ["V1"]);
      // @ts-expect-error an Istio gateway is declared with the hosts its servers list
      app.externalIstioGateway("edge", {});
    });
    expect(issues.map((issue) => issue.code)).toEqual(["INVALID_OPTION", "INVALID_NAME", "INVALID_OPTION"]);
  });
});
