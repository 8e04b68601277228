/**
 * VirtualServices as routes in Istio's API: Istio's Bookinfo samples (virtual-service-*.yaml with
 * destination-rule-all.yaml and bookinfo-gateway.yaml) come back as `httpRoute(name, { api:
 * "istio" })` forwarding to the DestinationRules' subsets, TCP and TLS sections as `tcpRoute` and
 * `tlsRoute`, and a VirtualService the builders cannot write back stays raw, with the reason.
 */
import { compile, defineMesh } from "@meshform/dsl";
import { importManifests } from "./import.js";
import { describe, expect, it } from "vitest";
import { BOOKINFO_SAMPLES, importFiles } from "./samples.testing.js";
import type { ImportResult } from "./types.js";

/** The findings that are more than information. */
const problems = (result: ImportResult) => result.report.issues.filter((i) => i.severity !== "info");
/** The differences between the input and what the config generates. */
const differences = (result: ImportResult) => result.report.issues.filter((i) => i.code === "ROUND_TRIP_DIFFERENCE");
/** The config's statements, each on one line. */
const flat = (source: string) => source.replace(/\n\s*/g, " ").replace(/\( /g, "(").replace(/,\s*([)}\]])/g, " $1").replace(/ \)/g, ")");

const vs = (name: string, spec: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
spec:
${spec}`;

/** Istio 1.30.3's samples/bookinfo/networking VirtualServices for reviews and ratings, as shipped (comments left out). */
const REVIEWS_SAMPLES: Readonly<Record<string, string>> = {
  "virtual-service-reviews-test-v2.yaml": vs("reviews", `  hosts:
    - reviews
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    route:
    - destination:
        host: reviews
        subset: v2
  - route:
    - destination:
        host: reviews
        subset: v1
`),
  "virtual-service-reviews-50-v3.yaml": vs("reviews", `  hosts:
    - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 50
    - destination:
        host: reviews
        subset: v3
      weight: 50
`),
  "virtual-service-reviews-90-10.yaml": vs("reviews", `  hosts:
    - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 90
    - destination:
        host: reviews
        subset: v2
      weight: 10
`),
  "virtual-service-reviews-v3.yaml": vs("reviews", `  hosts:
    - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v3
`),
  "virtual-service-reviews-jason-v2-v3.yaml": vs("reviews", `  hosts:
  - reviews
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    route:
    - destination:
        host: reviews
        subset: v2
  - route:
    - destination:
        host: reviews
        subset: v3
`),
  "virtual-service-ratings-test-delay.yaml": vs("ratings", `  hosts:
  - ratings
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    fault:
      delay:
        percentage:
          value: 100.0
        fixedDelay: 7s
    route:
    - destination:
        host: ratings
        subset: v1
  - route:
    - destination:
        host: ratings
        subset: v1
`),
  "virtual-service-ratings-test-abort.yaml": vs("ratings", `  hosts:
  - ratings
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    fault:
      abort:
        percentage:
          value: 100.0
        httpStatus: 500
    route:
    - destination:
        host: ratings
        subset: v1
  - route:
    - destination:
        host: ratings
        subset: v1
`),
};

/** Every difference is a short host the config writes as its FQDN, reported as information. */
function onlyHostsDiffer(result: ImportResult): void {
  for (const d of differences(result)) {
    expect(d.severity, d.message).toBe("info");
    expect(d.path?.at(-1), d.message).toBe("host");
    expect(d.message).toMatch(/^"[a-z-]+" in the input, "[a-z-]+\.default\.svc\.cluster\.local" generated \(corrected\)$/);
  }
}

describe("Istio's Bookinfo networking samples", () => {
  const result = importFiles(BOOKINFO_SAMPLES);
  const source = flat(result.source);

  it("come back as intents: the VirtualServices as routes in Istio's API, the DestinationRules with their subsets", () => {
    expect(result.report.raw).toBe(0);
    expect(problems(result)).toEqual([]);
    const as = Object.fromEntries(result.report.resources.map((r) => [r.resource, r.as]));
    expect(as).toMatchObject({
      "Gateway default/bookinfo-gateway": "istioGateway",
      "VirtualService default/bookinfo": "httpRoute",
      "VirtualService default/reviews": "httpRoute",
      "DestinationRule default/reviews": "destinationRule",
      "DestinationRule default/ratings": "destinationRule",
    });
    expect(source).toContain('const reviewsDestinationRule = defaultNamespace .destinationRule("reviews", { host: reviews }) .subset("v1", { version: "v1" }) .subset("v2", { version: "v2" }) .subset("v3", { version: "v3" })');
    expect(source).toContain('defaultNamespace .httpRoute("reviews", { api: "istio" }) .attachTo(reviews) .rule((r) => r.to(reviewsDestinationRule.subsets.v1))');
    expect(source).toContain(
      'defaultNamespace .httpRoute("bookinfo", { api: "istio" }) .attachTo(bookinfoGateway) .rule((r) => r .match({ path: { exact: "/productpage" } }) .match({ path: "/static" }) .match({ path: { exact: "/login" } }) .match({ path: { exact: "/logout" } }) .match({ path: "/api/v1/products" }) .to(productpage, { port: 9080 }))',
    );
  });

  it("round-trip with no difference but the short hosts, each written as its FQDN and reported as information", () => {
    onlyHostsDiffer(result);
    expect(differences(result).length).toBe(9);
    const rewrites = result.report.issues.filter((i) => i.code === "INPUT_CORRECTED" && i.message.includes("short host"));
    expect(rewrites.length).toBe(9);
    expect(rewrites.every((i) => i.severity === "info")).toBe(true);
    const { issues } = compile(result.definition!.model);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  it("written with FQDNs, come back exactly: no difference at all", () => {
    const fqdn = Object.fromEntries(Object.entries(BOOKINFO_SAMPLES).map(([file, text]) => [file, text.replace(/host: (productpage|reviews|ratings|details)$/gm, "host: $1.default.svc.cluster.local")]));
    const exact = importFiles(fqdn);
    expect(exact.report.raw).toBe(0);
    expect(differences(exact)).toEqual([]);
    expect(problems(exact)).toEqual([]);
  });

  for (const [file, text] of Object.entries(REVIEWS_SAMPLES)) {
    it(`${file} comes back as an intent`, () => {
      const one = importFiles({ "destination-rule-all.yaml": BOOKINFO_SAMPLES["destination-rule-all.yaml"]!, [file]: text });
      expect(one.report.raw).toBe(0);
      expect(problems(one)).toEqual([]);
      onlyHostsDiffer(one);
    });
  }

  it("a weighted split of two subsets is a canary, a match on a header a rule, a fault the rule's fault", () => {
    const split = flat(importFiles({ "d.yaml": BOOKINFO_SAMPLES["destination-rule-all.yaml"]!, "v.yaml": REVIEWS_SAMPLES["virtual-service-reviews-90-10.yaml"]! }).source);
    expect(split).toContain(".attachTo(reviews) .canary({ stable: reviewsDestinationRule.subsets.v1, canary: reviewsDestinationRule.subsets.v2, weight: 10 })");
    const jason = flat(importFiles({ "d.yaml": BOOKINFO_SAMPLES["destination-rule-all.yaml"]!, "v.yaml": REVIEWS_SAMPLES["virtual-service-reviews-test-v2.yaml"]! }).source);
    expect(jason).toContain('.rule((r) => r.match({ headers: { "end-user": "jason" } }).to(reviewsDestinationRule.subsets.v2)) .rule((r) => r.to(reviewsDestinationRule.subsets.v1))');
    const delay = flat(importFiles({ "d.yaml": BOOKINFO_SAMPLES["destination-rule-all.yaml"]!, "v.yaml": REVIEWS_SAMPLES["virtual-service-ratings-test-delay.yaml"]! }).source);
    expect(delay).toContain('.fault({ delay: { fixed: "7s", percent: 100 } })');
  });
});

const SHOP = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: shop
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: { number: 443, name: tls, protocol: TLS }
    hosts: ["*.example.com"]
    tls: { mode: PASSTHROUGH }
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*.example.com"]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: web
  namespace: shop
spec:
  host: web.shop.svc.cluster.local
  subsets:
  - name: v1
    labels: { version: v1 }
  - name: v2
    labels: { version: v2 }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: web
  namespace: shop
  labels: { team: web }
spec:
  hosts: ["web.example.com", "web"]
  gateways: ["edge", "mesh"]
  http:
  - match:
    - uri: { prefix: /old }
    redirect: { uri: /new, redirectCode: 301, derivePort: FROM_REQUEST_PORT }
  - match:
    - uri: { regex: "^/api/v[0-9]+" }
      method: { exact: GET }
      port: 80
    - queryParams: { debug: { exact: "1" } }
    rewrite: { uri: /v2, authority: api.internal }
    route:
    - destination: { host: web.shop.svc.cluster.local, subset: v1, port: { number: 8080 } }
      weight: 3
    - destination: { host: web.shop.svc.cluster.local, subset: v2, port: { number: 8080 } }
      weight: 1
    timeout: 10s
    retries: { attempts: 3, perTryTimeout: 2s, retryOn: "5xx,reset,503" }
    mirrors:
    - destination: { host: shadow.shop.svc.cluster.local, port: { number: 8080 } }
      percentage: { value: 10 }
    corsPolicy:
      allowOrigins: [{ exact: "https://shop.example.com" }, { prefix: "https://dev." }]
      allowMethods: [GET, POST]
      maxAge: 24h
    headers:
      request: { set: { x-canary: "false" }, remove: [x-debug] }
      response: { add: { x-served-by: web } }
  - route:
    - destination: { host: web.shop.svc.cluster.local, port: { number: 8080 } }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: echo
  namespace: shop
spec:
  hosts: ["echo"]
  tcp:
  - match:
    - port: 9000
      sourceLabels: { app: client }
    route:
    - destination: { host: echo.shop.svc.cluster.local, port: { number: 9000 } }
      weight: 80
    - destination: { host: echo-v2.shop.svc.cluster.local, port: { number: 9000 } }
      weight: 20
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: nginx
  namespace: shop
spec:
  hosts: ["nginx.example.com"]
  gateways: ["edge", "istio-system/legacy"]
  tls:
  - match:
    - port: 443
      sniHosts: ["nginx.example.com"]
      gateways: ["edge"]
    route:
    - destination: { host: nginx.shop.svc.cluster.local, port: { number: 443 } }
`;

describe("VirtualServices the route builders write", () => {
  const result = importFiles({ "shop.yaml": SHOP });
  const source = flat(result.source);

  it("come back exactly: matches, redirects, rewrites, weights, timeouts, retries, mirrors, CORS, header changes, TCP and TLS sections", () => {
    expect(result.report.raw).toBe(0);
    expect(problems(result)).toEqual([]);
    expect(differences(result)).toEqual([]);
    const as = Object.fromEntries(result.report.resources.map((r) => [r.resource, r.as]));
    expect(as).toMatchObject({ "VirtualService shop/web": "httpRoute", "VirtualService shop/echo": "tcpRoute", "VirtualService shop/nginx": "tlsRoute" });
    expect(source).toContain('shop .httpRoute("web", { api: "istio", hostnames: ["web.example.com"], labels: { team: "web" } }) .attachTo(edge) .attachTo(web)');
    expect(source).toContain('.rule((r) => r.match({ path: "/old" }).redirect({ statusCode: 301, path: { full: "/new" } }))');
    expect(source).toContain('.to(webDestinationRule.subsets.v1, { weight: 3 })');
    expect(source).toContain('.retry({ attempts: 3, perTryTimeout: "2s", retryOn: ["5xx", "reset", 503] })');
    expect(source).toContain('.mirror(shadow, { percent: 10 })');
    expect(source).toContain('.cors({ allowOrigins: ["https://shop.example.com", { prefix: "https://dev." }], allowMethods: ["GET", "POST"], maxAge: "24h" })');
    expect(source).toContain('shop .tcpRoute("echo") .attachTo(echo) .rule((r) => r.match({ port: 9000, sourceLabels: { app: "client" } }).to(echo, { weight: 80 }).to(echoV2, { weight: 20 }))');
    expect(source).toContain('const legacy = istioSystem.externalIstioGateway("legacy", { hosts: ["nginx.example.com"] })');
    expect(source).toContain('.tlsRoute("nginx") .attachTo(edge) .attachTo(legacy) .rule((r) => r.match({ port: 443, sniHosts: ["nginx.example.com"], gateways: [edge] }).to(nginx))');
  });

  it("is written the same on a second run", () => {
    expect(importFiles({ "shop.yaml": SHOP }).source).toBe(result.source);
  });
});

describe("a VirtualService the builders cannot write", () => {
  const text = vs("reviews", `  hosts: [reviews]
  http:
  - match:
    - sourceLabels: { app: productpage }
    route:
    - destination: { host: reviews, subset: v2 }
  - route:
    - destination: { host: reviews, subset: v1 }
`).replace("  name: reviews\n", "  name: reviews\n  namespace: shop\n");
  const result = importFiles({ "reviews.yaml": text });

  it("stays raw, comes back the same, and the report says why, at the field", () => {
    expect(result.report.resources.find((r) => r.resource === "VirtualService shop/reviews")?.as).toBe("resource");
    expect(result.source).toMatch(/shop\.resource\(\s*virtualService\(/);
    expect(problems(result)).toEqual([]);
    expect(differences(result)).toEqual([]);
    const reason = result.report.issues.find((i) => i.code === "KEPT_RAW");
    expect(reason?.message).toBe("VirtualService shop/reviews is written as a raw resource: a match: no option of the route builders writes sourceLabels");
    expect(reason?.path).toEqual(["spec", "http", 0, "match", 0, "sourceLabels"]);
    expect(reason?.source).toEqual({ file: "reviews.yaml", line: 10 });
  });
});

describe("what a VirtualService left raw leaves behind", () => {
  it("nothing: a gateway it names is not declared for it", () => {
    const text = vs("legacy", `  hosts: ["shop.example.com"]
  gateways: ["istio-system/legacy"]
  http:
  - name: primary
    route:
    - destination: { host: web.shop.svc.cluster.local, port: { number: 80 } }
`).replace("  name: legacy\n", "  name: legacy\n  namespace: shop\n");
    const result = importFiles({ "legacy.yaml": text });
    expect(result.report.resources[0]?.as).toBe("resource");
    expect(result.source).not.toContain("externalIstioGateway");
    expect(result.report.issues.find((i) => i.code === "KEPT_RAW")?.message).toBe("VirtualService shop/legacy is written as a raw resource: an HTTP route: no option of the route builders writes name");
  });

  it("a subset destination without a port, of a Service an HTTPRoute gives a port, is refused up front rather than by the round trip", () => {
    const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews-mesh
  namespace: default
spec:
  parentRefs:
  - { group: "", kind: Service, name: reviews, port: 9080 }
  rules:
  - backendRefs:
    - { name: reviews, port: 9080 }
`;
    const result = importFiles({ "d.yaml": BOOKINFO_SAMPLES["destination-rule-all.yaml"]!, "r.yaml": route, "v.yaml": REVIEWS_SAMPLES["virtual-service-reviews-v3.yaml"]! });
    expect(result.report.resources.find((r) => r.resource === "VirtualService default/reviews")?.as).toBe("resource");
    expect(problems(result)).toEqual([]);
    expect(result.report.issues.find((i) => i.code === "KEPT_RAW")?.message).toMatch(/a subset destination without a port, of a Service other routes give a port \(default\/reviews\)/);
  });
});

describe("routes meshform writes in Istio's API", () => {
  const definition = defineMesh({}, (mesh) => {
    const app = mesh.namespace("app", { dataplane: "sidecar" });
    const ingress = mesh.root.istioGateway("ingress", { selector: { istio: "ingressgateway" }, servers: { http: { port: 80, protocol: "HTTP", hosts: ["*.example.com"] }, tls: { port: 443, protocol: "TLS", hosts: ["*.example.com"], tls: { mode: "PASSTHROUGH" } } } });
    const reviews = app.service("reviews", { ports: [9080] });
    const ratings = app.service("ratings", { ports: [9080] });
    const echo = app.service("echo", { ports: [9000] });
    const versions = app.destinationRule("reviews", { host: reviews }).subset("v1", { version: "v1" }).subset("v2", { version: "v2" });
    const echoes = app.destinationRule("echo", { host: echo }).subset("v1", { version: "v1" }).subset("v2", { version: "v2" });
    app.httpRoute("reviews", { api: "istio" }).attachTo(reviews).canary({ stable: versions.subsets.v1, canary: versions.subsets.v2, weight: 25 });
    app
      .httpRoute("ratings", { api: "istio", hostnames: ["ratings.example.com"] })
      .attachTo(ingress)
      .attachTo(ratings)
      .rule((r) => r.match({ path: "/", headers: { "x-user": { regex: "^qa-" } } }).fault({ abort: { grpcStatus: "UNAVAILABLE", percent: 0.5 } }).to(ratings))
      .rule((r) => r.match({ path: { exact: "/old" } }).redirect({ scheme: "https", hostname: "new.example.com", statusCode: 308 }))
      .rule((r) => r.rewrite({ path: { full: "/v2" } }).timeouts({ request: "5s", backendRequest: "1s" }).retry({ attempts: 4, codes: [503] }).to(versions.subsets.v1, { weight: 9 }).to(versions.subsets.v2).mirror(versions.subsets.v2, { percent: 5 }));
    app.tcpRoute("echo").attachTo(echo).rule((r) => r.match({ port: 9000 }).to(echoes.subsets.v1, { weight: 80 }).to(echoes.subsets.v2, { weight: 20 }));
    app.tlsRoute("secure").attachTo(ingress).rule((r) => r.match({ port: 443, sniHosts: ["secure.example.com"] }).to(echo));
  });
  const { resources, issues } = compile(definition.model);
  const result = importManifests(resources.map((object) => ({ object, file: "generated.yaml" })));

  it("come back as the same intents, every resource exactly", () => {
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(result.report.raw).toBe(0);
    expect(problems(result)).toEqual([]);
    expect(differences(result).filter((d) => !(d.path?.length === 1 && d.path[0] === "metadata"))).toEqual([]);
    const source = flat(result.source);
    expect(source).toContain('app .httpRoute("reviews", { api: "istio" }) .attachTo(reviews) .canary({ stable: reviewsDestinationRule.subsets.v1, canary: reviewsDestinationRule.subsets.v2, weight: 25 })');
    expect(source).toContain('.timeouts({ request: "5s" }) .retry({ attempts: 4, perTryTimeout: "1s", codes: [503] })');
    expect(source).toContain('app .tlsRoute("secure") .attachTo(ingress) .rule((r) => r.match({ port: 443, sniHosts: ["secure.example.com"] }).to(echo))');
  });
});

describe("a VirtualService bound to a Gateway that serves none of its hosts", () => {
  it("stays raw, refused up front with istioctl's words, since the builders would leave the binding out", () => {
    const text = `${SHOP.split("---")[0]}---
${vs("internal", `  hosts: ["shop.internal"]
  gateways: ["edge"]
  http:
  - route:
    - destination: { host: web.shop.svc.cluster.local, port: { number: 8080 } }
`).replace("  name: internal\n", "  name: internal\n  namespace: shop\n")}`;
    const result = importFiles({ "internal.yaml": text });
    expect(result.report.resources.find((r) => r.resource === "VirtualService shop/internal")?.as).toBe("resource");
    expect(problems(result)).toEqual([]);
    expect(result.report.issues.find((i) => i.code === "KEPT_RAW")?.message).toMatch(/none of its hosts is served by Gateway shop\/edge \(istioctl's IST0132\)/);
  });
});
