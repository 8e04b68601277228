import { describe, expect, it } from "vitest";
import { compile, type Resource } from "../compile.js";
import { defineMesh, type MeshBuilder } from "../mesh.js";
import type { TargetOptions } from "../targets.js";

function build(declare: (mesh: MeshBuilder) => void, targets?: TargetOptions) {
  return compile(defineMesh({ targets }, declare).model);
}

function ofKind(resources: readonly Resource[], kind: string): Resource[] {
  return resources.filter((r) => r.kind === kind);
}

const HTTP_ROUTE = { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute" } as const;

describe("httpRoute on a Service (mesh routing)", () => {
  it("writes the guide's canary as a producer route in the Service's namespace: reviews-v1 90, reviews-v2 10 on 9080", () => {
    const { resources, issues } = build((mesh) => {
      const app = mesh.namespace("default", { managed: false });
      const reviews = app.service("reviews");
      app.httpRoute("internal-canary-route")
        .attachTo(reviews)
        .canary({ stable: app.service("reviews-v1"), canary: app.service("reviews-v2"), weight: 10, port: 9080 });
    });
    expect(issues).toEqual([]);
    expect(resources).toEqual([
      {
        ...HTTP_ROUTE,
        metadata: { name: "internal-canary-route", namespace: "default" },
        spec: {
          parentRefs: [{ group: "", kind: "Service", name: "reviews" }],
          rules: [{ backendRefs: [{ name: "reviews-v1", port: 9080, weight: 90 }, { name: "reviews-v2", port: 9080, weight: 10 }] }],
        },
      },
    ]);
  });

  it("names the Service's namespace and port for a consumer route, and takes a backend's only port", () => {
    const { resources, issues } = build((mesh) => {
      const ratings = mesh.namespace("ratings", { managed: false }).service("ratings", { ports: [9080] });
      mesh.namespace("frontend", { managed: false }).httpRoute("ratings-from-frontend")
        .attachTo(ratings, { port: 9080 })
        .rule((r) => r.timeouts({ request: "5s" }).to(ratings));
    });
    expect(issues).toEqual([]);
    expect(resources).toEqual([
      {
        ...HTTP_ROUTE,
        metadata: { name: "ratings-from-frontend", namespace: "frontend" },
        spec: {
          parentRefs: [{ group: "", kind: "Service", name: "ratings", namespace: "ratings", port: 9080 }],
          rules: [{ backendRefs: [{ name: "ratings", namespace: "ratings", port: 9080 }], timeouts: { request: "5s" } }],
        },
      },
    ]);
  });
});

describe("httpRoute on a Gateway", () => {
  it("attaches to a listener of a gateway in another namespace, with hostnames, matches and a weighted split", () => {
    const { resources, issues } = build((mesh) => {
      const gateway = mesh.root.gateway("prod-gateway", { listeners: { http: { port: 80, protocol: "HTTP", allowedRoutes: "All" } } });
      const app = mesh.namespace("bookinfo", { managed: false });
      const productpage = app.service("productpage", { ports: [9080] });
      const [v1, v2] = [app.service("reviews-v1", { ports: [9080] }), app.service("reviews-v2", { ports: [9080] })];
      app.httpRoute("bookinfo", { hostnames: ["bookinfo.example.com"], labels: { team: "bookinfo" } })
        .attachTo(gateway, { sectionName: "http" })
        .rule((r) => r.match({ path: "/productpage" }).match({ path: { exact: "/login" }, method: "POST" }).to(productpage))
        .rule((r) =>
          r.match({ path: { regex: "^/reviews/[0-9]+$" }, headers: { "x-user": "jason", "x-env": { regex: "^canary" } }, query: { debug: "1" } })
            .to(v1, { weight: 90 })
            .to(v2, { weight: 10 }),
        );
    });
    expect(issues).toEqual([]);
    expect(ofKind(resources, "HTTPRoute")).toEqual([
      {
        ...HTTP_ROUTE,
        metadata: { name: "bookinfo", namespace: "bookinfo", labels: { team: "bookinfo" } },
        spec: {
          parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "prod-gateway", namespace: "istio-system", sectionName: "http" }],
          hostnames: ["bookinfo.example.com"],
          rules: [
            {
              matches: [{ path: { type: "PathPrefix", value: "/productpage" } }, { path: { type: "Exact", value: "/login" }, method: "POST" }],
              backendRefs: [{ name: "productpage", port: 9080 }],
            },
            {
              matches: [
                {
                  path: { type: "RegularExpression", value: "^/reviews/[0-9]+$" },
                  headers: [{ type: "Exact", name: "x-user", value: "jason" }, { type: "RegularExpression", name: "x-env", value: "^canary" }],
                  queryParams: [{ type: "Exact", name: "debug", value: "1" }],
                },
              ],
              backendRefs: [{ name: "reviews-v1", port: 9080, weight: 90 }, { name: "reviews-v2", port: 9080, weight: 10 }],
            },
          ],
        },
      },
    ]);
  });

  it("writes filters: one header modifier per direction, a redirect, a prefix rewrite, a mirror, and timeouts", () => {
    const { resources, issues } = build((mesh) => {
      const app = mesh.namespace("shop", { managed: false });
      const gateway = app.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP" } } });
      const [api, shadow] = [app.service("api", { ports: [8080] }), app.service("api-shadow", { ports: [8080] })];
      app.httpRoute("shop")
        .attachTo(gateway)
        .rule((r) => r.match({ path: "/old" }).redirect({ scheme: "https", statusCode: 301, path: { full: "/new" } }))
        .rule((r) =>
          r.match({ path: "/v1/api" })
            .requestHeaders({ set: { "x-canary": "false" } })
            .rewrite({ path: { prefix: "/api" } })
            .to(api)
            .mirror(shadow, { percent: 5 })
            .requestHeaders({ set: { "X-Canary": "true" }, add: { "x-via": "meshform" }, remove: ["x-debug"] })
            .responseHeaders({ set: { "cache-control": "no-store" } })
            .timeouts({ request: "10s", backendRequest: "2s" }),
        );
    });
    expect(issues).toEqual([]);
    expect(ofKind(resources, "HTTPRoute")[0]?.spec).toEqual({
      parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "edge" }],
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: "/old" } }],
          filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301, path: { type: "ReplaceFullPath", replaceFullPath: "/new" } } }],
        },
        {
          matches: [{ path: { type: "PathPrefix", value: "/v1/api" } }],
          filters: [
            { type: "RequestHeaderModifier", requestHeaderModifier: { set: [{ name: "X-Canary", value: "true" }], add: [{ name: "x-via", value: "meshform" }], remove: ["x-debug"] } },
            { type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/api" } } },
            { type: "RequestMirror", requestMirror: { backendRef: { name: "api-shadow", port: 8080 }, percent: 5 } },
            { type: "ResponseHeaderModifier", responseHeaderModifier: { set: [{ name: "cache-control", value: "no-store" }] } },
          ],
          backendRefs: [{ name: "api", port: 8080 }],
          timeouts: { request: "10s", backendRequest: "2s" },
        },
      ],
    });
  });

  it("writes retries when the config targets the experimental channel", () => {
    const { resources, issues } = build(
      (mesh) => {
        const app = mesh.namespace("shop", { managed: false });
        app.httpRoute("api").attachTo(app.service("api", { ports: [8080] })).rule((r) => r.to(app.service("api", { ports: [8080] })).retry({ attempts: 3, backoff: "100ms", codes: [502, 503] }));
      },
      { gatewayApi: { channel: "experimental" } },
    );
    expect(issues).toEqual([]);
    expect(ofKind(resources, "HTTPRoute")[0]?.spec).toEqual({
      parentRefs: [{ group: "", kind: "Service", name: "api" }],
      rules: [{ backendRefs: [{ name: "api", port: 8080 }], retry: { attempts: 3, backoff: "100ms", codes: [502, 503] } }],
    });
  });

  it("writes the same object whatever the order of the calls", () => {
    const json = (declare: (mesh: MeshBuilder) => void) => JSON.stringify(build(declare).resources);
    const first = json((mesh) => {
      const app = mesh.namespace("shop", { managed: false });
      const api = app.service("api", { ports: [8080] });
      app.httpRoute("api").attachTo(api).hostnames("api.example.com").rule((r) => r.to(api).match({ path: "/" }).timeouts({ request: "1s" }));
    });
    const second = json((mesh) => {
      const app = mesh.namespace("shop", { managed: false });
      const api = app.service("api", { ports: [8080] });
      app.httpRoute("api").hostnames("api.example.com").rule((r) => r.timeouts({ request: "1s" }).match({ path: "/" }).to(api)).attachTo(api);
    });
    expect(second).toBe(first);
  });
});

describe("referenceGrant", () => {
  it("lets a route of another namespace forward to a Service here", () => {
    const { resources, issues } = build((mesh) => {
      const backends = mesh.namespace("backends", { managed: false });
      const payments = backends.service("payments", { ports: [443] });
      const route = mesh.namespace("shop", { managed: false }).httpRoute("pay").rule((r) => r.to(payments));
      backends.referenceGrant("allow-shop-routes", { from: [route, route], to: [payments] });
    });
    expect(issues).toEqual([]);
    expect(resources).toEqual([
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "ReferenceGrant",
        metadata: { name: "allow-shop-routes", namespace: "backends" },
        spec: { from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "shop" }], to: [{ group: "", kind: "Service", name: "payments" }] },
      },
      { ...HTTP_ROUTE, metadata: { name: "pay", namespace: "shop" }, spec: { rules: [{ backendRefs: [{ name: "payments", namespace: "backends", port: 443 }] }] } },
    ]);
  });

  it("uses v1beta1 when the target is Gateway API v1.2.1, which has no v1", () => {
    const { resources, issues } = build(
      (mesh) => {
        const payments = mesh.namespace("backends", { managed: false }).service("payments", { ports: [443] });
        const route = mesh.namespace("shop", { managed: false }).httpRoute("pay").rule((r) => r.to(payments));
        mesh.namespace("backends").referenceGrant("allow-shop-routes", { from: [route], to: [payments] });
      },
      { gatewayApi: { release: "v1.2.1" } },
    );
    expect(issues).toEqual([]);
    expect(ofKind(resources, "ReferenceGrant").map((r) => r.apiVersion)).toEqual(["gateway.networking.k8s.io/v1beta1"]);
  });
});
