import { describe, expect, expectTypeOf, it } from "vitest";
import { formatIssue } from "@meshform/diagnostics";
import type { Resource } from "../compile.js";
import { defineMesh, type MeshBuilder } from "../mesh.js";
import { throughAdmission } from "./admission.testing.js";
import type { RouteApi, SubsetRef } from "../refs.js";
import type { CorsOrigin } from "./route-http-rule.js";
import type { TargetOptions } from "../targets.js";
import { markedLines } from "../testing.js";

const { file, lineOf } = markedLines(import.meta.url);
const VS = "networking.istio.io/v1/VirtualService";
const ROUTE = "gateway.networking.k8s.io/v1/HTTPRoute";

/** The mesh compiled, through validation and analysis. */
function build(declare: (mesh: MeshBuilder) => void, options: { routeApi?: RouteApi; targets?: TargetOptions } = {}) {
  return throughAdmission(declare, options);
}

/** What compile reports for a config, as the user reads it. */
function refusal(declare: (mesh: MeshBuilder) => void, options: { routeApi?: RouteApi; targets?: TargetOptions } = {}): string[] {
  return build(declare, options).issues.map(formatIssue);
}

/** A value the types cannot see, as a config computing it at run time would have. */
function unchecked<T>(value: unknown): T {
  return value as T;
}

function ofKind(resources: readonly Resource[], kind: string): Resource[] {
  return resources.filter((r) => r.kind === kind);
}

/** The guide's bookinfo route, on an Istio Gateway or a Gateway API Gateway as the API needs. */
function bookinfo(api: { mesh?: RouteApi; namespace?: RouteApi; route?: RouteApi }) {
  return build(
    (mesh) => {
      const app = mesh.namespace("bookinfo", { managed: false, ...(api.namespace ? { routeApi: api.namespace } : {}) });
      const reviews = app.service("reviews", { ports: [9080] });
      const [v1, v2] = [app.service("reviews-v1", { ports: [9080] }), app.service("reviews-v2", { ports: [9080] })];
      app.httpRoute("reviews", api.route ? { api: api.route } : {})
        .attachTo(reviews)
        .rule((r) => r.match({ path: "/reviews/", headers: { "end-user": "jason" } }).timeouts({ request: "5s" }).to(v2))
        .rule((r) => r.match({ path: { exact: "/reviews" }, method: "GET", query: { debug: { regex: "^1$" } } }).requestHeaders({ set: { "X-Canary": "false" }, remove: ["x-debug"] }).to(v1, { weight: 90 }).to(v2, { weight: 10 }))
        .rule((r) => r.match({ path: { regex: "^/old/.*" } }).redirect({ hostname: "reviews.example.com", statusCode: 302, path: { full: "/new" } }))
        .rule((r) => r.rewrite({ path: { prefix: "/" }, hostname: "reviews.internal" }).to(reviews).mirror(v2, { percent: 5 }).responseHeaders({ add: { "x-served-by": "reviews" } }));
    },
    api.mesh ? { routeApi: api.mesh } : {},
  );
}

const AS_HTTP_ROUTE = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: { name: "reviews", namespace: "bookinfo" },
  spec: {
    parentRefs: [{ group: "", kind: "Service", name: "reviews" }],
    rules: [
      {
        matches: [{ path: { type: "PathPrefix", value: "/reviews/" }, headers: [{ type: "Exact", name: "end-user", value: "jason" }] }],
        backendRefs: [{ name: "reviews-v2", port: 9080 }],
        timeouts: { request: "5s" },
      },
      {
        matches: [{ path: { type: "Exact", value: "/reviews" }, queryParams: [{ type: "RegularExpression", name: "debug", value: "^1$" }], method: "GET" }],
        filters: [{ type: "RequestHeaderModifier", requestHeaderModifier: { set: [{ name: "X-Canary", value: "false" }], remove: ["x-debug"] } }],
        backendRefs: [{ name: "reviews-v1", port: 9080, weight: 90 }, { name: "reviews-v2", port: 9080, weight: 10 }],
      },
      {
        matches: [{ path: { type: "RegularExpression", value: "^/old/.*" } }],
        filters: [{ type: "RequestRedirect", requestRedirect: { hostname: "reviews.example.com", statusCode: 302, path: { type: "ReplaceFullPath", replaceFullPath: "/new" } } }],
      },
      {
        filters: [
          { type: "URLRewrite", urlRewrite: { hostname: "reviews.internal", path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" } } },
          { type: "RequestMirror", requestMirror: { backendRef: { name: "reviews-v2", port: 9080 }, percent: 5 } },
          { type: "ResponseHeaderModifier", responseHeaderModifier: { add: [{ name: "x-served-by", value: "reviews" }] } },
        ],
        backendRefs: [{ name: "reviews", port: 9080 }],
      },
    ],
  },
};

const AS_VIRTUAL_SERVICE = {
  apiVersion: "networking.istio.io/v1",
  kind: "VirtualService",
  metadata: { name: "reviews", namespace: "bookinfo" },
  spec: {
    hosts: ["reviews"],
    http: [
      {
        match: [{ uri: { prefix: "/reviews" }, headers: { "end-user": { exact: "jason" } } }],
        route: [{ destination: { host: "reviews-v2.bookinfo.svc.cluster.local", port: { number: 9080 } } }],
        timeout: "5s",
      },
      {
        match: [{ uri: { exact: "/reviews" }, queryParams: { debug: { regex: "^1$" } }, method: { exact: "GET" } }],
        route: [
          { destination: { host: "reviews-v1.bookinfo.svc.cluster.local", port: { number: 9080 } }, weight: 90 },
          { destination: { host: "reviews-v2.bookinfo.svc.cluster.local", port: { number: 9080 } }, weight: 10 },
        ],
        headers: { request: { set: { "x-canary": "false" }, remove: ["x-debug"] } },
      },
      {
        match: [{ uri: { regex: "^/old/.*" } }],
        redirect: { uri: "/new", authority: "reviews.example.com", derivePort: "FROM_REQUEST_PORT", redirectCode: 302 },
      },
      {
        route: [{ destination: { host: "reviews.bookinfo.svc.cluster.local", port: { number: 9080 } } }],
        rewrite: { uri: "/", authority: "reviews.internal" },
        mirrors: [{ destination: { host: "reviews-v2.bookinfo.svc.cluster.local", port: { number: 9080 } }, percentage: { value: 5 } }],
        headers: { response: { add: { "x-served-by": "reviews" } } },
      },
    ],
  },
};

describe("one intent, either API", () => {
  it("writes the same route as an HTTPRoute or, flipped mesh-wide, as a VirtualService the targeted Istio accepts", () => {
    const gateway = bookinfo({});
    expect(gateway.issues).toEqual([]);
    expect(gateway.resources).toEqual([AS_HTTP_ROUTE]);
    const istio = bookinfo({ mesh: "istio" });
    expect(istio.issues).toEqual([]);
    expect(istio.validation).toEqual([]);
    expect(istio.resources).toEqual([AS_VIRTUAL_SERVICE]);
  });

  it("takes the route's own api over the namespace's, and the namespace's over the mesh's", () => {
    expect(bookinfo({ namespace: "istio" }).resources).toEqual([AS_VIRTUAL_SERVICE]);
    expect(bookinfo({ route: "istio" }).resources).toEqual([AS_VIRTUAL_SERVICE]);
    expect(bookinfo({ mesh: "istio", namespace: "gateway-api" }).resources).toEqual([AS_HTTP_ROUTE]);
    expect(bookinfo({ mesh: "istio", route: "gateway-api" }).resources).toEqual([AS_HTTP_ROUTE]);
    expect(bookinfo({ namespace: "gateway-api", route: "istio" }).resources).toEqual([AS_VIRTUAL_SERVICE]);
  });

  it("weighs backends as Istio converts an HTTPRoute: unweighted ones weigh 1, weight 0 is left out; no backend answers 404", () => {
    const { resources, issues } = build(
      (mesh) => {
        const app = mesh.namespace("shop", { managed: false });
        const [a, b, c] = [app.service("a", { ports: [80] }), app.service("b", { ports: [80] }), app.service("c", { ports: [80] })];
        app.httpRoute("shop").attachTo(a).rule((r) => r.match({ path: "/x" }).to(a).to(b, { weight: 3 }).to(c, { weight: 0 })).rule((r) => r.to(a, { weight: 5 }).to(c, { weight: 0 })).rule((r) => r.match({ path: "/none" }));
      },
      { routeApi: "istio" },
    );
    expect(issues).toEqual([]);
    expect(ofKind(resources, "VirtualService")[0]?.spec).toEqual({
      hosts: ["a"],
      http: [
        { match: [{ uri: { prefix: "/x" } }], route: [{ destination: { host: "a.shop.svc.cluster.local", port: { number: 80 } }, weight: 1 }, { destination: { host: "b.shop.svc.cluster.local", port: { number: 80 } }, weight: 3 }] },
        { route: [{ destination: { host: "a.shop.svc.cluster.local", port: { number: 80 } } }] },
        { match: [{ uri: { prefix: "/none" } }], directResponse: { status: 404 } },
      ],
    });
  });
});

describe("subsets", () => {
  const subsetMesh = (api: RouteApi) => (mesh: MeshBuilder) => {
    const app = mesh.namespace("bookinfo", { managed: false });
    const reviews = app.service("reviews", { ports: [9080] });
    const rule = app.destinationRule("reviews", { host: reviews }).subset("v1", { version: "v1" }).subset("v2", { version: "v2" });
    app.httpRoute("reviews", { api }).attachTo(reviews).canary({ stable: rule.subsets.v1, canary: rule.subsets.v2, weight: 10 }); // subset-canary
  };

  it("splits one Service's versions as subsets in Istio's API, the port taken from the Service", () => {
    const { resources, issues } = build(subsetMesh("istio"));
    expect(issues).toEqual([]);
    expect(ofKind(resources, "VirtualService")[0]?.spec).toEqual({
      hosts: ["reviews"],
      http: [
        {
          route: [
            { destination: { host: "reviews.bookinfo.svc.cluster.local", subset: "v1", port: { number: 9080 } }, weight: 90 },
            { destination: { host: "reviews.bookinfo.svc.cluster.local", subset: "v2", port: { number: 9080 } }, weight: 10 },
          ],
        },
      ],
    });
  });

  it("refuses subsets in the Gateway API, naming the intent and what to do instead", () => {
    expect(refusal(subsetMesh("gateway-api"))).toEqual([
      `${file}:${lineOf("subset-canary")}:57 ${ROUTE} bookinfo/reviews spec.rules[0].backendRefs: the Gateway API cannot express a canary between subsets of one Service (route to a Service per version (ns.service("reviews-v1")), or write the route in Istio's API (api: "istio"))`,
    ]);
    expect(
      refusal((mesh) => {
        const app = mesh.namespace("bookinfo", { managed: false });
        const reviews = app.service("reviews", { ports: [9080] });
        const { v2 } = app.externalSubsets(reviews, ["v1", "v2"]);
        app.httpRoute("reviews").rule((r) => r.to(reviews).mirror(v2).to(v2)); // subset-to
      }),
    ).toEqual([
      `${file}:${lineOf("subset-to")}:60 ${ROUTE} bookinfo/reviews spec.rules[0].filters[0]: the Gateway API cannot express a mirror to a subset (v2 of reviews.bookinfo.svc.cluster.local) (route to a Service per version (ns.service("reviews-v2")), or write the route in Istio's API (api: "istio"))`,
      `${file}:${lineOf("subset-to")}:71 ${ROUTE} bookinfo/reviews spec.rules[0].backendRefs[1]: the Gateway API cannot express a backend that is a subset (v2 of reviews.bookinfo.svc.cluster.local) (route to a Service per version (ns.service("reviews-v2")), or write the route in Istio's API (api: "istio"))`,
    ]);
  });

  it("types subsets by the DestinationRule's subset() calls", () => {
    defineMesh({ routeApi: "istio" }, (mesh) => {
      const app = mesh.namespace("bookinfo", { managed: false });
      const rule = app.destinationRule("reviews", { host: app.service("reviews", { ports: [9080] }) }).subset("v1", { version: "v1" }).subset("v2", { version: "v2" });
      expectTypeOf(rule.subsets.v1).toEqualTypeOf<SubsetRef<"v1">>();
      // @ts-expect-error no subset v3 was declared
      app.httpRoute("reviews").rule((r) => r.to(rule.subsets.v3));
    });
  });

  it("asks for the port of a subset whose Service has several, and weighs subset backends", () => {
    const declare = (port?: number) => (mesh: MeshBuilder) => {
      const app = mesh.namespace("shop", { managed: false });
      const api = app.service("api", { ports: [8080, 9090] });
      const { v1, v2 } = app.externalSubsets(api, ["v1", "v2"]);
      app.httpRoute("api", { api: "istio" }).attachTo(api).rule((r) => r.to(v1, port === undefined ? {} : { port, weight: 3 }).to(v2, { port: 8080, weight: 1 })); // subset-port
    };
    expect(refusal(declare())).toEqual([`${file}:${lineOf("subset-port")}:74 ${VS} shop/api spec.http[0].route[0].destination.port: subset v1 of api.shop.svc.cluster.local needs a port (it has 8080, 9090) (pass { port } with the Service's port)`]);
    expect(build(declare(9090)).resources[0]?.spec).toEqual({
      hosts: ["api"],
      http: [
        {
          route: [
            { destination: { host: "api.shop.svc.cluster.local", subset: "v1", port: { number: 9090 } }, weight: 3 },
            { destination: { host: "api.shop.svc.cluster.local", subset: "v2", port: { number: 8080 } }, weight: 1 },
          ],
        },
      ],
    });
  });
});

describe("what only Istio's API expresses", () => {
  it("matches on the port a request was sent to, per match; the Gateway API refuses it and names what to do", () => {
    const { resources, issues, validation } = build((mesh) => {
      const app = mesh.namespace("shop", { managed: false });
      const web = app.service("web", { ports: [8080, 8443] });
      app.httpRoute("web", { api: "istio" })
        .attachTo(web)
        .rule((r) => r.match({ path: "/admin", port: 8443 }).match({ path: "/health" }).to(web, { port: 8443 }))
        .rule((r) => r.to(web, { port: 8080 }));
    });
    expect(issues).toEqual([]);
    expect(validation).toEqual([]);
    expect((ofKind(resources, "VirtualService")[0]?.spec as { http: { match?: unknown }[] }).http[0]?.match).toEqual([{ uri: { prefix: "/admin" }, port: 8443 }, { uri: { prefix: "/health" } }]);

    expect(
      refusal((mesh) => {
        const app = mesh.namespace("shop", { managed: false });
        const web = app.service("web", { ports: [8080] });
        app.httpRoute("web").attachTo(web).rule((r) => r.match({ path: "/admin", port: 8443 }).to(web)); // port-gateway-api
        app.httpRoute("web-istio", { api: "istio" }).attachTo(web).rule((r) => r.match({ port: 0 }).to(web)); // port-zero
      }),
    ).toEqual([
      `${file}:${lineOf("port-gateway-api")}:58 ${ROUTE} shop/web spec.rules[0].matches[0]: the Gateway API cannot express a match on the port a request was sent to (attach the route with the port (attachTo(service, { port }), or a listener of that port), or write it in Istio's API (httpRoute(name, { api: "istio" })))`,
      `${file}:${lineOf("port-zero")}:82 ${VS} shop/web-istio spec.http[0].match[0].port: a port must be an integer from 1 to 65535, got 0`,
    ]);
  });

  it("writes fault injection, CORS, retries with perTryTimeout and retryOn, and mirrors to a subset", () => {
    const { resources, issues, validation } = build(
      (mesh) => {
        const app = mesh.namespace("bookinfo", { managed: false });
        const ratings = app.service("ratings", { ports: [9080] });
        const rule = app.destinationRule("ratings", { host: ratings }).subset("v1", { version: "v1" }).subset("v2", { version: "v2" });
        app.httpRoute("ratings", { api: "istio" })
          .attachTo(ratings)
          .rule((r) =>
            r.match({ headers: { "end-user": "jason" } })
              .fault({ delay: { fixed: "7s", percent: 100 }, abort: { httpStatus: 500, percent: 0.5 } })
              .to(rule.subsets.v1)
              .mirror(rule.subsets.v2, { percent: 10 })
              .cors({ allowOrigins: ["https://bookinfo.example.com", { prefix: "https://dev." }], allowMethods: ["GET", "POST"], allowHeaders: ["x-user"], exposeHeaders: ["x-trace"], maxAge: "24h", allowCredentials: false })
              .retry({ attempts: 3, perTryTimeout: "2s", retryOn: ["5xx", "reset"], codes: [503] }),
          )
          .rule((r) => r.fault({ abort: { grpcStatus: "UNAVAILABLE", percent: 1 } }).to(rule.subsets.v1).retry({ codes: [502] }).timeouts({ backendRequest: "1s" }));
      },
      { targets: { istio: "1.30.3" } },
    );
    expect(issues).toEqual([]);
    expect(validation).toEqual([]);
    expect(ofKind(resources, "VirtualService")[0]?.spec).toEqual({
      hosts: ["ratings"],
      http: [
        {
          match: [{ headers: { "end-user": { exact: "jason" } } }],
          route: [{ destination: { host: "ratings.bookinfo.svc.cluster.local", subset: "v1", port: { number: 9080 } } }],
          retries: { attempts: 3, perTryTimeout: "2s", retryOn: "5xx,reset,503" },
          fault: { abort: { httpStatus: 500, percentage: { value: 0.5 } }, delay: { fixedDelay: "7s", percentage: { value: 100 } } },
          mirrors: [{ destination: { host: "ratings.bookinfo.svc.cluster.local", subset: "v2", port: { number: 9080 } }, percentage: { value: 10 } }],
          corsPolicy: {
            allowOrigins: [{ exact: "https://bookinfo.example.com" }, { prefix: "https://dev." }],
            allowMethods: ["GET", "POST"],
            allowHeaders: ["x-user"],
            exposeHeaders: ["x-trace"],
            maxAge: "24h",
            allowCredentials: false,
          },
        },
        {
          route: [{ destination: { host: "ratings.bookinfo.svc.cluster.local", subset: "v1", port: { number: 9080 } } }],
          retries: { attempts: 2, perTryTimeout: "1s", retryOn: "connect-failure,refused-stream,unavailable,cancelled,502" },
          fault: { abort: { grpcStatus: "UNAVAILABLE", percentage: { value: 1 } } },
        },
      ],
    });
  });

  it("refuses each of them in the Gateway API, naming the intent and what to do instead", () => {
    expect(
      refusal(
        (mesh) => {
          const app = mesh.namespace("shop", { managed: false });
          const api = app.service("api", { ports: [8080] });
          app.httpRoute("api")
            .attachTo(api)
            .rule((r) => r.fault({ abort: { httpStatus: 503, percent: 10 } }).retry({ attempts: 2, retryOn: ["5xx"] }).retry({ perTryTimeout: "1s" }).to(api)); // gateway-api-intents
        },
        { targets: { gatewayApi: { channel: "experimental" } } },
      ),
    ).toEqual([
      `${file}:${lineOf("gateway-api-intents")}:28 ${ROUTE} shop/api spec.rules[0].filters: the Gateway API cannot express fault injection (write the route in Istio's API (httpRoute(name, { api: "istio" })))`,
      `${file}:${lineOf("gateway-api-intents")}:79 ${ROUTE} shop/api spec.rules[0].retry.retryOn: the Gateway API cannot express a retry's retryOn (retry on response codes ({ codes }))`,
      `${file}:${lineOf("gateway-api-intents")}:120 ${ROUTE} shop/api spec.rules[0].retry.perTryTimeout: the Gateway API cannot express a retry's perTryTimeout (time each attempt with timeouts({ backendRequest }))`,
    ]);
  });

  it("writes CORS in either API, origin wildcards converted for Istio as Istio converts them", () => {
    const declare = (api: RouteApi, allowOrigins: readonly CorsOrigin[] = ["https://shop.example.com", "https://*.dev.example.com", "https://*"]) => (mesh: MeshBuilder) => {
      const app = mesh.namespace("shop", { managed: false });
      const web = app.service("web", { ports: [8080] });
      app.httpRoute("web", { api }).attachTo(web).rule((r) =>
        r.cors({ allowOrigins, allowMethods: ["GET", "POST"], allowHeaders: ["x-user"], exposeHeaders: ["x-trace"], maxAge: "1h", allowCredentials: true }).to(web),
      );
    };
    const gateway = build(declare("gateway-api"));
    expect(gateway.issues).toEqual([]);
    expect(gateway.validation).toEqual([]);
    expect(gateway.resources[0]?.spec).toEqual({
      parentRefs: [{ group: "", kind: "Service", name: "web" }],
      rules: [
        {
          filters: [
            {
              type: "CORS",
              cors: { allowOrigins: ["https://shop.example.com", "https://*.dev.example.com", "https://*"], allowMethods: ["GET", "POST"], allowHeaders: ["x-user"], exposeHeaders: ["x-trace"], maxAge: 3600, allowCredentials: true },
            },
          ],
          backendRefs: [{ name: "web", port: 8080 }],
        },
      ],
    });
    const istio = build(declare("istio"));
    expect(istio.issues).toEqual([]);
    expect(istio.validation).toEqual([]);
    expect(istio.resources[0]?.spec).toEqual({
      hosts: ["web"],
      http: [
        {
          route: [{ destination: { host: "web.shop.svc.cluster.local", port: { number: 8080 } } }],
          corsPolicy: {
            allowOrigins: [{ exact: "https://shop.example.com" }, { regex: "^https://.*\\.dev\\.example\\.com$" }, { prefix: "https://" }],
            allowMethods: ["GET", "POST"],
            allowHeaders: ["x-user"],
            exposeHeaders: ["x-trace"],
            maxAge: "1h",
            allowCredentials: true,
          },
        },
      ],
    });
    const anyOrigin = build(declare("istio", ["*"]));
    expect(anyOrigin.validation).toEqual([]);
    expect(anyOrigin.resources[0]?.spec).toMatchObject({ http: [{ corsPolicy: { allowOrigins: [{ regex: "^[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s?#]+$" }] } }] });
  });

  it("refuses CORS in a Gateway API release without its filter, and Istio's origin forms in any", () => {
    const declare = (allowOrigins: readonly CorsOrigin[]) => (mesh: MeshBuilder) => {
      const app = mesh.namespace("shop", { managed: false });
      app.httpRoute("web").rule((r) => r.cors({ allowOrigins })); // cors
    };
    expect(refusal(declare(["https://a.example.com"]), { targets: { gatewayApi: { release: "v1.2.1" } } })).toEqual([
      `${file}:${lineOf("cors")}:42 ${ROUTE} shop/web spec.rules[0].filters[0].cors: the Gateway API cannot express a CORS policy in v1.2.1: its CORS filter is in v1.6.1 and later (target a later Gateway API release (targets: { gatewayApi: { release: "v1.6.1" } }), or write the route in Istio's API (httpRoute(name, { api: "istio" })))`,
    ]);
    expect(refusal(declare(["https://a.example.com", { regex: "^https://.*$" }]))).toEqual([
      `${file}:${lineOf("cors")}:42 ${ROUTE} shop/web spec.rules[0].filters[0].cors.allowOrigins[1]: the Gateway API cannot express an origin matched by regex (write origins as strings with * wildcards ("https://*.example.com"), or write the route in Istio's API (api: "istio"))`,
    ]);
  });

  it("reports a fault's percentage and status outside what Istio accepts, and a timeout set twice", () => {
    expect(
      refusal(
        (mesh) => {
          const app = mesh.namespace("shop", { managed: false });
          const api = app.service("api", { ports: [8080] });
          app.httpRoute("api")
            .attachTo(api)
            .rule((r) => r.fault({ delay: { fixed: "1s", percent: 0.00001 } }).fault({ abort: { httpStatus: 700, percent: 1 } }).to(api)) // fault-ranges
            .rule((r) => r.retry({ perTryTimeout: "1s" }).timeouts({ backendRequest: "2s" }).to(api)); // timeout-twice
        },
        { routeApi: "istio" },
      ),
    ).toEqual([
      `${file}:${lineOf("fault-ranges")}:28 ${VS} shop/api spec.http[0].fault.delay.percentage.value: a fault's percent must be 0, or from 0.0001 to 100, got 0.00001`,
      `${file}:${lineOf("fault-ranges")}:80 ${VS} shop/api spec.http[0].fault.abort.httpStatus: an abort's HTTP status must be from 200 to 599, got 700`,
      `${file}:${lineOf("timeout-twice")}:14 ${VS} shop/api spec.http[1].retries.perTryTimeout: the retry's perTryTimeout (1s) and the backendRequest timeout (2s) both time each attempt, which Istio writes as one perTryTimeout (give one of them)`,
    ]);
  });

  it("refuses a redirect that replaces a path prefix in Istio's API, which replaces the whole path", () => {
    expect(
      refusal((mesh) => {
        const app = mesh.namespace("shop", { managed: false });
        app.httpRoute("old", { api: "istio", hostnames: ["shop.example.com"] }).rule((r) => r.match({ path: "/v1" }).redirect({ path: { prefix: "/v2" } })); // prefix-redirect
      }),
    ).toEqual([
      `${file}:${lineOf("prefix-redirect")}:118 ${VS} shop/old spec.http[0].redirect.uri: Istio's API cannot express a redirect that replaces the matched path prefix: a VirtualService redirect replaces the whole path (redirect to a full path ({ path: { full } }), or write the route in the Gateway API (api: "gateway-api"))`,
    ]);
  });

  it("lets compile report what the targeted Istio does not serve, and the validation what its admission refuses", () => {
    const { issues, validation } = build(
      (mesh) => {
        const app = mesh.namespace("shop", { managed: false });
        const api = app.service("api", { ports: [8080] });
        app.httpRoute("api", { api: "istio" }).attachTo(api).rule((r) => r.retry({ attempts: 2, backoff: "100ms" }).to(api));
        app.httpRoute("everything", { api: "istio" }).rule((r) => r.to(api));
      },
      { targets: { istio: "1.24.6" } },
    );
    expect(issues.map((issue) => formatIssue(issue).replace(/^\S+ /, ""))).toEqual([
      `${VS} shop/api spec.http[0].retries.backoff: not in Istio 1.24.6; it needs Istio 1.26.8 (raise the Istio target in defineMesh({ targets }) or drop the field)`,
    ]);
    expect(validation).toEqual([
      "VirtualService api: NOT_IN_RELEASE Istio 1.24.6 does not have this field: it first appears in Istio 1.26.8",
      "VirtualService everything: ISTIO_ADMISSION wildcard host * is not allowed for virtual services bound to the mesh gateway",
    ]);
  });
});

describe("binding: hosts and gateways", () => {
  it("binds a Service by its short name in the route's namespace, by its FQDN elsewhere, narrowing the rules to its port", () => {
    const { resources, issues } = build((mesh) => {
      const ratings = mesh.namespace("ratings", { managed: false }).service("ratings", { ports: [9080, 9443] });
      mesh.namespace("frontend", { managed: false }).httpRoute("ratings", { api: "istio" }).attachTo(ratings, { port: 9080 }).rule((r) => r.timeouts({ request: "5s" }).to(ratings, { port: 9080 })).rule((r) => r.match({ path: "/a" }).match({ path: "/b" }).to(ratings, { port: 9080 }));
    });
    expect(issues).toEqual([]);
    expect(resources[0]?.spec).toEqual({
      hosts: ["ratings.ratings.svc.cluster.local"],
      http: [
        { match: [{ port: 9080 }], route: [{ destination: { host: "ratings.ratings.svc.cluster.local", port: { number: 9080 } } }], timeout: "5s" },
        { match: [{ uri: { prefix: "/a" }, port: 9080 }, { uri: { prefix: "/b" }, port: 9080 }], route: [{ destination: { host: "ratings.ratings.svc.cluster.local", port: { number: 9080 } } }] },
      ],
    });
  });

  it("binds Istio Gateways by name (namespace/name from another namespace), with the mesh when a Service is a parent too", () => {
    const { resources, issues } = build((mesh) => {
      const ingress = mesh.root.externalIstioGateway("ingress", { hosts: ["*/*.example.com"] });
      const app = mesh.namespace("bookinfo", { managed: false });
      const local = app.externalIstioGateway("bookinfo-gateway", { hosts: ["./bookinfo.example.com"] });
      const productpage = app.service("productpage", { ports: [9080] });
      app.httpRoute("edge", { api: "istio" }).attachTo(ingress).attachTo(local).rule((r) => r.to(productpage));
      app.httpRoute("both", { api: "istio", hostnames: ["bookinfo.example.com"] }).attachTo(local).attachTo(productpage).rule((r) => r.to(productpage));
    });
    expect(issues).toEqual([]);
    expect(["edge", "both"].map((name) => resources.find((r) => r.metadata.name === name)?.spec)).toEqual([
      { hosts: ["*"], gateways: ["istio-system/ingress", "bookinfo-gateway"], http: [{ route: [{ destination: { host: "productpage.bookinfo.svc.cluster.local", port: { number: 9080 } } }] }] },
      { hosts: ["bookinfo.example.com", "productpage"], gateways: ["bookinfo-gateway", "mesh"], http: [{ route: [{ destination: { host: "productpage.bookinfo.svc.cluster.local", port: { number: 9080 } } }] }] },
    ]);
  });

  it("reports a route none of whose hosts an Istio Gateway serves (istioctl's IST0132), at the call that made it so", () => {
    expect(
      refusal((mesh) => {
        const app = mesh.namespace("bookinfo", { managed: false });
        const gateway = app.externalIstioGateway("bookinfo-gateway", { hosts: ["*.example.com", "other/admin.example.org"] });
        const productpage = app.service("productpage", { ports: [9080] });
        app.httpRoute("wild", { api: "istio", hostnames: ["shop.example.com"] }).attachTo(gateway).rule((r) => r.to(productpage));
        app.httpRoute("late", { api: "istio" }).attachTo(gateway).hostnames("admin.example.org").rule((r) => r.to(productpage)); // late-host
      }),
    ).toEqual([
      `${file}:${lineOf("late-host")}:67 ${VS} bookinfo/late spec.hosts: one or more host [admin.example.org] defined in VirtualService bookinfo/late not found in Gateway bookinfo/bookinfo-gateway (claim a host the gateway's servers list (*.example.com, other/admin.example.org), or add the host to the gateway)`,
    ]);
  });

  it("refuses a Gateway API Gateway in Istio's API, and an Istio Gateway in the Gateway API", () => {
    expect(
      refusal((mesh) => {
        const app = mesh.namespace("shop", { managed: false });
        const gateway = app.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP" } } });
        const istioGateway = app.externalIstioGateway("edge-istio", { hosts: ["*"] });
        app.httpRoute("a", { api: "istio", hostnames: ["shop.example.com"] }).attachTo(gateway);
        app.httpRoute("b", { hostnames: ["shop.example.com"] }).attachTo(istioGateway);
      }).map((line) => line.replace(/^\S+ /, "")),
    ).toEqual([
      `${VS} shop/a spec.gateways: Istio's API cannot bind a VirtualService to the Gateway API Gateway shop/edge: Istio binds VirtualServices to Istio (networking.istio.io) Gateways only (write this route in the Gateway API (api: "gateway-api"), or bind it to an Istio Gateway (ns.istioGateway(...)))`,
      `${ROUTE} shop/b spec.parentRefs[0]: the Gateway API cannot attach a HTTPRoute to the Istio Gateway shop/edge-istio: a HTTPRoute attaches to Gateway API Gateways (attach to a Gateway API Gateway (ns.gateway(...)), or write this route in Istio's API: httpRoute("b", { api: "istio" }))`,
    ]);
  });

  it("refuses Services attached with different ports, which one VirtualService cannot narrow to", () => {
    expect(
      refusal((mesh) => {
        const app = mesh.namespace("shop", { managed: false });
        const [a, b] = [app.service("a", { ports: [80, 81] }), app.service("b", { ports: [80, 81] })];
        app.httpRoute("ab", { api: "istio" }).attachTo(a, { port: 80 }).attachTo(b, { port: 81 });
      }).map((line) => line.replace(/^\S+ /, "")),
    ).toEqual([
      `${VS} shop/ab spec.hosts: Istio's API narrows a VirtualService's rules to one port for all of its hosts, and the route's Services are attached with different ports (attach every Service with the same port (or none), or write one route per port)`,
    ]);
  });
});

describe("gRPC routes", () => {
  it("stay in the Gateway API: a GRPCRoute asked for in Istio's API is refused, one in an Istio namespace is a GRPCRoute", () => {
    const declare = (mesh: MeshBuilder) => {
      const app = mesh.namespace("shop", { managed: false, routeApi: "istio" });
      const grpc = app.service("grpc", { ports: [9000] });
      app.grpcRoute("checked", unchecked({ api: "istio" })).attachTo(grpc).rule((r) => r.to(grpc)); // grpc-istio
      app.grpcRoute("plain").attachTo(grpc).rule((r) => r.to(grpc));
    };
    expect(refusal(declare)).toEqual([`${file}:${lineOf("grpc-istio")}:11 gateway.networking.k8s.io/v1/GRPCRoute shop/checked meshform writes gRPC routes in the Gateway API only (GRPCRoute) (leave out api: "istio", or route gRPC with httpRoute(name, { api: "istio" }) matching on the gRPC path)`]);
    expect(build(declare).resources.map((r) => `${r.kind} ${r.metadata.name}`)).toEqual(["GRPCRoute checked", "GRPCRoute plain"]);
  });
});

describe("mesh.patch", () => {
  it("patches the VirtualService of a route written in Istio's API", () => {
    const { resources, issues } = build(
      (mesh) => {
        const app = mesh.namespace("shop", { managed: false });
        const api = app.service("api", { ports: [8080] });
        const route = app.httpRoute("api").attachTo(api).rule((r) => r.to(api));
        expect(route.draftKey).toEqual({ group: "networking.istio.io", kind: "VirtualService", namespace: "shop", name: "api" });
        mesh.patch(route, [{ op: "add", path: "/spec/exportTo", value: ["."] }]);
      },
      { routeApi: "istio" },
    );
    expect(issues).toEqual([]);
    expect(resources[0]?.spec).toEqual({ hosts: ["api"], http: [{ route: [{ destination: { host: "api.shop.svc.cluster.local", port: { number: 8080 } } }] }], exportTo: ["."] });
  });
});
