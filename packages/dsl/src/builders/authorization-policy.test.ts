import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatIssue } from "@meshform/diagnostics";
import { compile } from "../compile.js";
import { defineMesh, type MeshBuilder, type MeshOptions } from "../mesh.js";
import { attribute, claim, fromNamespaces, fromPrincipals, header } from "./authorization-rules.js";
import { requestPrincipal } from "./security-jwt.js";

const FILE = fileURLToPath(import.meta.url);

function build(declare: (mesh: MeshBuilder) => void, options: MeshOptions = {}) {
  return compile(defineMesh(options, declare).model);
}

describe("condition helpers", () => {
  it("build when conditions on claims, nested claims, headers and any attribute", () => {
    expect([
      claim("iss").equals("https://accounts.google.com"),
      claim("realm_access", "roles").equals("admin", "ops"),
      claim("groups").notEquals("contractors"),
      header("x-tenant").equals("acme"),
      attribute("source.ip").notEquals("10.0.0.0/8"),
    ]).toEqual([
      { key: "request.auth.claims[iss]", values: ["https://accounts.google.com"] },
      { key: "request.auth.claims[realm_access][roles]", values: ["admin", "ops"] },
      { key: "request.auth.claims[groups]", notValues: ["contractors"] },
      { key: "request.headers[x-tenant]", values: ["acme"] },
      { key: "source.ip", notValues: ["10.0.0.0/8"] },
    ]);
  });

  it("build from entries of namespaces (by name or builder) and principals", () => {
    defineMesh({}, (mesh) => {
      expect(fromNamespaces(mesh.namespace("frontend"), "monitoring")).toEqual({ namespaces: ["frontend", "monitoring"] });
    });
    expect([fromNamespaces("frontend", "monitoring"), fromPrincipals("cluster.local/ns/shop/sa/cart")]).toEqual([
      { namespaces: ["frontend", "monitoring"] },
      { principals: ["cluster.local/ns/shop/sa/cart"] },
    ]);
  });
});

describe("ns.authorizationPolicy", () => {
  it("writes from, to and when for a service, with ports as strings", () => {
    const { resources, issues } = build((mesh) => {
      const shop = mesh.namespace("shop", { managed: false });
      const frontend = mesh.namespace("frontend", { managed: false });
      const [google] = shop.requestAuthentication("jwt", { jwt: [{ issuer: "https://accounts.google.com" }] });
      shop.authorizationPolicy("cart-writers", {
        action: "ALLOW",
        target: shop.service("cart", { ports: [8080] }),
        rules: [
          {
            from: [fromNamespaces(frontend), { requestPrincipals: [requestPrincipal(google)], notRemoteIpBlocks: ["192.0.2.0/24"] }],
            to: [{ methods: ["POST", "PUT"], paths: ["/cart/*"], ports: [8080], notPorts: [9090] }],
            when: [claim("scope").equals("cart:write")],
          },
        ],
      });
    });
    expect(issues).toEqual([]);
    expect(resources.find((r) => r.kind === "AuthorizationPolicy")).toEqual({
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: { name: "cart-writers", namespace: "shop" },
      spec: {
        targetRefs: [{ group: "", kind: "Service", name: "cart" }],
        action: "ALLOW",
        rules: [
          {
            from: [{ source: { namespaces: ["frontend"] } }, { source: { requestPrincipals: ["https://accounts.google.com/*"], notRemoteIpBlocks: ["192.0.2.0/24"] } }],
            to: [{ operation: { methods: ["POST", "PUT"], paths: ["/cart/*"], ports: ["8080"], notPorts: ["9090"] } }],
            when: [{ key: "request.auth.claims[scope]", values: ["cart:write"] }],
          },
        ],
      },
    });
  });

  it("writes DENY for workloads, AUDIT for the namespace and CUSTOM with its provider at a gateway", () => {
    const { resources, issues } = build((mesh) => {
      const shop = mesh.namespace("shop", { managed: false });
      const gw = shop.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP" } } });
      shop.authorizationPolicy("deny-debug", { action: "DENY", target: shop.workload({ app: "cart" }), rules: [{ to: [{ paths: ["/debug/*"] }] }] });
      shop.authorizationPolicy("audit-all", { action: "AUDIT", rules: [{}], annotations: { owner: "security" } });
      shop.authorizationPolicy("ext-authz", { action: "CUSTOM", provider: "oauth2-proxy", target: gw, rules: [{ to: [{ hosts: ["admin.example.com"] }] }] });
    });
    expect(issues).toEqual([]);
    expect(resources.filter((r) => r.kind === "AuthorizationPolicy").map((r) => [r.metadata, r.spec])).toEqual([
      [{ name: "audit-all", namespace: "shop", annotations: { owner: "security" } }, { action: "AUDIT", rules: [{}] }],
      [{ name: "deny-debug", namespace: "shop" }, { selector: { matchLabels: { app: "cart" } }, action: "DENY", rules: [{ to: [{ operation: { paths: ["/debug/*"] } }] }] }],
      [
        { name: "ext-authz", namespace: "shop" },
        {
          targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "edge" }],
          action: "CUSTOM",
          provider: { name: "oauth2-proxy" },
          rules: [{ to: [{ operation: { hosts: ["admin.example.com"] } }] }],
        },
      ],
    ]);
  });

  it("reports a source field the targeted Istio release lacks", () => {
    const { issues } = build(
      (mesh) => {
        mesh.namespace("shop", { managed: false }).authorizationPolicy("by-sa", { action: "ALLOW", rules: [{ from: [{ serviceAccounts: ["frontend/web"] }] }] });
      },
      { targets: { istio: "1.24.6" } },
    );
    expect(issues.map(formatIssue)).toEqual([
      `${FILE}:107:52 security.istio.io/v1/AuthorizationPolicy shop/by-sa spec.rules[0].from[0].source.serviceAccounts: not in Istio 1.24.6; it needs Istio 1.25.5 (raise the Istio target in defineMesh({ targets }) or drop the field)`,
    ]);
  });

  it("does not compile CUSTOM without a provider, a provider on ALLOW, unknown attributes, methods or string ports", () => {
    defineMesh({}, (mesh) => {
      const shop = mesh.namespace("shop");
      // @ts-expect-error CUSTOM needs the extension provider's name
      shop.authorizationPolicy("ext", { action: "CUSTOM" });
      // @ts-expect-error only CUSTOM takes a provider
      shop.authorizationPolicy("allow", { action: "ALLOW", provider: "oauth2-proxy" });
      // @ts-expect-error "PERMIT" is not an action
      shop.authorizationPolicy("permit", { action: "PERMIT" });
      // @ts-expect-error Istio knows request.auth.claims[...], not request.auth.claim[...]
      shop.authorizationPolicy("typo", { action: "DENY", rules: [{ when: [{ key: "request.auth.claim[iss]", values: ["x"] }] }] });
      // @ts-expect-error a condition needs values or notValues
      shop.authorizationPolicy("no-values", { action: "DENY", rules: [{ when: [{ key: "source.ip" }] }] });
      // @ts-expect-error "get" is not an HTTP method as Istio matches it
      shop.authorizationPolicy("lower", { action: "ALLOW", rules: [{ to: [{ methods: ["get"] }] }] });
      // @ts-expect-error ports are numbers
      shop.authorizationPolicy("port", { action: "ALLOW", rules: [{ to: [{ ports: ["8080"] }] }] });
      // @ts-expect-error the guide's `source:` wrapper is written by the builder, not by hand
      shop.authorizationPolicy("wrapped", { action: "ALLOW", rules: [{ from: [{ source: { namespaces: ["a"] } }] }] });
      // @ts-expect-error an attribute outside Istio's list
      attribute("request.path");
      // @ts-expect-error a condition has at least one value
      claim("iss").equals();
    });
  });
});
