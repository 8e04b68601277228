import { describe, expect, test } from "vitest";
import { analyzeYaml, docs, runCase, summarize, type CheckCase } from "../testing.js";

const GATEWAY = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: web, namespace: shop }
spec:
  gatewayClassName: istio
  listeners:
  - { name: http, port: 80, protocol: HTTP }`;

const REVIEWS = `
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: shop }
spec: { ports: [{ name: http, port: 9080 }] }`;

const route = (parentRef: string, extra = "") => `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: shop-route, namespace: shop }
spec:
  parentRefs: [${parentRef}]
  rules:
  - backendRefs: [{ name: reviews, port: 9080${extra} }]`;

const INGRESS = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: prod, namespace: istio-system }
spec:
  gatewayClassName: istio
  listeners:
  - { name: http, port: 80, protocol: HTTP }`;

const cases: Record<string, CheckCase> = {
  "ROUTE_GATEWAY_NOT_FOUND: a parentRef to a Gateway that is not there": {
    yaml: docs(GATEWAY, REVIEWS, route("{ name: webb }")),
    fix: ["name: webb", "name: web"],
    findings: [["ROUTE_GATEWAY_NOT_FOUND", "HTTPRoute shop/shop-route", "spec.parentRefs[0]"]],
  },
  "ROUTE_GATEWAY_NOT_FOUND: a sectionName naming no listener": {
    yaml: docs(GATEWAY, REVIEWS, route("{ name: web, sectionName: https }")),
    fix: ["sectionName: https", "sectionName: http"],
    findings: [["ROUTE_GATEWAY_NOT_FOUND", "HTTPRoute shop/shop-route", "spec.parentRefs[0].sectionName"]],
  },
  "ROUTE_NOT_ALLOWED: a route from another namespace on a listener that allows its own (Same by default)": {
    yaml: docs(INGRESS, REVIEWS, route("{ name: prod, namespace: istio-system }")),
    fix: ["protocol: HTTP }", "protocol: HTTP, allowedRoutes: { namespaces: { from: All } } }"],
    findings: [["ROUTE_NOT_ALLOWED", "HTTPRoute shop/shop-route", "spec.parentRefs[0]"]],
  },
  "ROUTE_NOT_ALLOWED: a namespace the listener's selector does not match": {
    yaml: docs(
      INGRESS.replace("protocol: HTTP }", "protocol: HTTP, allowedRoutes: { namespaces: { from: Selector, selector: { matchLabels: { team: web } } } } }"),
      `apiVersion: v1\nkind: Namespace\nmetadata: { name: shop, labels: { team: books } }`,
      REVIEWS,
      route("{ name: prod, namespace: istio-system }"),
    ),
    fix: ["team: books", "team: web"],
    findings: [["ROUTE_NOT_ALLOWED", "HTTPRoute shop/shop-route", "spec.parentRefs[0]"]],
  },
  "REFERENCE_NOT_PERMITTED: a backendRef into another namespace without a matching ReferenceGrant": {
    yaml: docs(
      GATEWAY,
      REVIEWS.replace("namespace: shop", "namespace: books"),
      route("{ name: web }", ", namespace: books"),
      `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: { name: from-shop, namespace: books }
spec:
  from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: store }]
  to: [{ group: "", kind: Service }]`,
    ),
    fix: ["namespace: store", "namespace: shop"],
    findings: [["REFERENCE_NOT_PERMITTED", "HTTPRoute shop/shop-route", "spec.rules[0].backendRefs[0].namespace"]],
  },
  "SERVICE_NOT_FOUND: a backendRef to a Service that is not there": {
    yaml: docs(GATEWAY, REVIEWS.replace("name: reviews", "name: reviewz"), route("{ name: web }")),
    fix: ["name: reviewz", "name: reviews"],
    findings: [["SERVICE_NOT_FOUND", "HTTPRoute shop/shop-route", "spec.rules[0].backendRefs[0]"]],
  },
  "TARGET_REF_NOT_FOUND: a policy targeting a Gateway that is not there": {
    yaml: docs(
      INGRESS,
      `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: no-admin, namespace: istio-system }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: prod-gateway }]
  action: DENY
  rules: [{ to: [{ operation: { paths: [/admin] } }] }]`,
    ),
    fix: ["name: prod-gateway", "name: prod"],
    findings: [["TARGET_REF_NOT_FOUND", "AuthorizationPolicy istio-system/no-admin", "spec.targetRefs[0]"]],
  },
  "VIRTUAL_SERVICE_GATEWAY_NOT_FOUND: a VirtualService bound to an Istio Gateway that is not there": {
    yaml: docs(
      REVIEWS,
      `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ingress, namespace: istio-system }
spec:
  selector: { istio: ingressgateway }
  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["*/shop.example.com"] }]`,
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: shop }
spec:
  hosts: [shop.example.com]
  gateways: [istio-system/ingres]
  http: [{ route: [{ destination: { host: reviews } }] }]`,
    ),
    fix: ["istio-system/ingres]", "istio-system/ingress]"],
    findings: [["VIRTUAL_SERVICE_GATEWAY_NOT_FOUND", "VirtualService shop/shop", "spec.gateways[0]"]],
  },
  "VIRTUAL_SERVICE_GATEWAY_NOT_FOUND: a VirtualService naming a Gateway API Gateway, which Istio does not bind it to": {
    yaml: docs(
      REVIEWS,
      INGRESS,
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: shop }
spec:
  hosts: [shop.example.com]
  gateways: [istio-system/prod]
  http: [{ route: [{ destination: { host: reviews } }] }]`,
    ),
    fix: ["gateways: [istio-system/prod]", "gateways: [mesh]"],
    findings: [["VIRTUAL_SERVICE_GATEWAY_NOT_FOUND", "VirtualService shop/shop", "spec.gateways[0]"]],
  },
  "VIRTUAL_SERVICE_INTERNAL_GATEWAY: a VirtualService naming the Istio Gateway generated for a Gateway API listener": {
    yaml: docs(
      REVIEWS,
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: shop }
spec:
  hosts: [shop.example.com]
  gateways: [istio-system/prod~istio-autogenerated-k8s-gateway~http]
  http: [{ route: [{ destination: { host: reviews } }] }]`,
    ),
    fix: ["gateways: [istio-system/prod~istio-autogenerated-k8s-gateway~http]", "gateways: [mesh]"],
    findings: [["VIRTUAL_SERVICE_INTERNAL_GATEWAY", "VirtualService shop/shop", "spec.gateways[0]"]],
  },
  "VIRTUAL_SERVICE_HOST_NOT_IN_GATEWAY: a VirtualService bound to an Istio Gateway whose servers list none of its hosts": {
    yaml: docs(
      REVIEWS,
      `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ingress, namespace: istio-system }
spec:
  selector: { istio: ingressgateway }
  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["*/shop.example.com"] }]`,
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: shop }
spec:
  hosts: [shop.example.org]
  gateways: [istio-system/ingress]
  http: [{ route: [{ destination: { host: reviews } }] }]`,
    ),
    fix: ["hosts: [shop.example.org]", "hosts: [shop.example.com]"],
    findings: [["VIRTUAL_SERVICE_HOST_NOT_IN_GATEWAY", "VirtualService shop/shop", "spec.gateways[0]"]],
  },
  "DESTINATION_HOST_NOT_FOUND: a VirtualService routing to a host nothing provides": {
    yaml: docs(REVIEWS, `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: reviews, namespace: shop }\nspec:\n  hosts: [reviews]\n  http: [{ route: [{ destination: { host: reviewz } }] }]`),
    fix: ["host: reviewz", "host: reviews"],
    findings: [["DESTINATION_HOST_NOT_FOUND", "VirtualService shop/reviews", "spec.http[0].route[0].destination.host"]],
  },
  "SUBSET_NOT_FOUND: a route to a subset the host's DestinationRule does not define": {
    yaml: docs(
      REVIEWS,
      `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: reviews, namespace: shop }\nspec:\n  hosts: [reviews]\n  http: [{ route: [{ destination: { host: reviews, subset: v3 } }] }]`,
      `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: reviews, namespace: shop }\nspec:\n  host: reviews\n  subsets: [{ name: v1, labels: { version: v1 } }, { name: v2, labels: { version: v2 } }]`,
    ),
    fix: ["subset: v3", "subset: v2"],
    findings: [["SUBSET_NOT_FOUND", "VirtualService shop/reviews", "spec.http[0].route[0].destination.subset"]],
  },
  "WAYPOINT_NOT_FOUND: a use-waypoint label naming no waypoint (which then serves nothing)": {
    yaml: docs(
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: { istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint-1 }`,
      `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: { name: waypoint, namespace: shop }\nspec:\n  gatewayClassName: istio-waypoint\n  listeners: [{ name: mesh, port: 15008, protocol: HBONE }]`,
    ),
    fix: ["use-waypoint: waypoint-1", "use-waypoint: waypoint"],
    findings: [
      ["WAYPOINT_NOT_FOUND", "Namespace shop", 'metadata.labels["istio.io/use-waypoint"]'],
      ["WAYPOINT_UNUSED", "Gateway shop/waypoint", "metadata.name"],
    ],
  },
};

describe("reference checks", () => {
  test.each(Object.entries(cases))("%s", (_, row) => {
    const { triggered, fixed } = runCase(row);
    expect(triggered).toEqual(row.findings);
    expect(fixed).toEqual([]);
  });

  test("each message says what is wrong and its hint what would be right", () => {
    const lines = Object.values(cases).flatMap((row) => analyzeYaml(row.yaml).map((i) => `${i.code}: ${i.message} (${i.hint})`));
    expect([...new Set(lines)].join("\n")).toMatchInlineSnapshot(`
      "ROUTE_GATEWAY_NOT_FOUND: HTTPRoute attaches to Gateway shop/webb, which is not in the set: the route is not accepted and routes nothing (fix the name or namespace, or declare it with --external Gateway/shop/webb if it lives elsewhere)
      ROUTE_GATEWAY_NOT_FOUND: Gateway shop/web has no listener named "https" (use "http")
      ROUTE_NOT_ALLOWED: no listener of Gateway istio-system/prod accepts this HTTPRoute: listener "http" accepts routes from namespace istio-system only, as allowedRoutes.namespaces.from is Same by default, and the route is in shop (set allowedRoutes.namespaces.from to All, or to Selector with a label of namespace shop, or move the route to istio-system)
      ROUTE_NOT_ALLOWED: no listener of Gateway istio-system/prod accepts this HTTPRoute: listener "http" accepts routes from namespaces its allowedRoutes.namespaces.selector matches, and namespace shop does not match (label namespace shop to match the selector, or widen the selector)
      REFERENCE_NOT_PERMITTED: HTTPRoute shop/shop-route refers to Service books/reviews in another namespace, and no ReferenceGrant in books permits it: the reference is refused with reason RefNotPermitted (add a ReferenceGrant in books from HTTPRoute in shop to Service reviews)
      SERVICE_NOT_FOUND: HTTPRoute routes to Service shop/reviews, which is neither in the set nor declared external (fix the name or namespace, or declare the Service with --external shop/reviews if it lives elsewhere)
      TARGET_REF_NOT_FOUND: AuthorizationPolicy targets Gateway istio-system/prod-gateway, which is not in the set: the AuthorizationPolicy applies nowhere (fix the name, or declare the Gateway with --external Gateway/istio-system/prod-gateway if it lives elsewhere)
      VIRTUAL_SERVICE_GATEWAY_NOT_FOUND: Referenced gateway not found: "istio-system/ingres": VirtualService is bound to Istio Gateway istio-system/ingres, which is not in the set: its routes apply to no gateway (name an Istio Gateway of networking.istio.io as <namespace>/<name>, or "mesh" for sidecars, or declare it with --external Gateway/istio-system/ingres)
      VIRTUAL_SERVICE_GATEWAY_NOT_FOUND: Referenced gateway not found: "istio-system/prod": VirtualService names Gateway API Gateway istio-system/prod, and Istio binds VirtualServices only to networking.istio.io Gateways: its routes apply to no gateway (attach an HTTPRoute to Gateway istio-system/prod instead, as ns.httpRoute(...) with the Gateway API writes in mesh.config.ts, or bind the VirtualService to an Istio Gateway)
      VIRTUAL_SERVICE_INTERNAL_GATEWAY: Gateway reference in VirtualService shop/shop is to an implementation-generated internal Gateway: istio-system/prod~istio-autogenerated-k8s-gateway~http (VirtualServices should not reference internal Gateways: attach an HTTPRoute to Gateway API Gateway istio-system/prod instead, as ns.httpRoute(...) with the Gateway API writes in mesh.config.ts, or bind the VirtualService to an Istio Gateway of networking.istio.io)
      VIRTUAL_SERVICE_HOST_NOT_IN_GATEWAY: one or more host [shop.example.org] defined in VirtualService shop/shop not found in Gateway istio-system/ingress: its servers offer VirtualServices of namespace shop only "shop.example.com", so the Gateway sends this VirtualService no request (list the host on a server of Gateway istio-system/ingress, as "shop/<host>", "*/<host>" or "<host>"; or fix the VirtualService's hosts; or bind it to the Gateway that serves them)
      DESTINATION_HOST_NOT_FOUND: Referenced host not found: "reviewz": VirtualService routes to host reviewz.shop.svc.cluster.local ("reviewz" read in namespace shop), which no Service or ServiceEntry of the set provides and no declaration makes external (fix the host, where a short name means a Service of the VirtualService's namespace; add a ServiceEntry; or declare it with --external shop/reviewz)
      SUBSET_NOT_FOUND: Referenced host+subset in destinationrule not found: "reviews+v3": VirtualService routes to subset "v3" of host reviews.shop.svc.cluster.local, which DestinationRule shop/reviews does not define; it defines "v1" and "v2": the requests sent there fail with 503, no cluster found (define the subset, with its name and labels, in the host's DestinationRule, or fix the subset name; if a DestinationRule outside the set defines it, declare it with --external Subset/reviews.shop.svc.cluster.local/v3)
      WAYPOINT_NOT_FOUND: Namespace shop uses waypoint shop/waypoint-1, which is not in the set: its traffic is not sent through any waypoint (create a Gateway of class istio-waypoint named waypoint-1 in shop, fix the labels istio.io/use-waypoint and istio.io/use-waypoint-namespace, or declare it with --external Gateway/shop/waypoint-1)
      WAYPOINT_UNUSED: no namespace, Service or workload of the set uses waypoint shop/waypoint (label istio.io/use-waypoint): no traffic goes through it, so the routes and policies it would apply do nothing (label the namespace or its Services with istio.io/use-waypoint, or remove the waypoint; if resources outside the set use it, suppress this finding with that reason)"
    `);
  });

  test("references to what is declared external are not reported", () => {
    const yaml = docs(route("{ name: web }").replace("name: web", "name: web, namespace: istio-system"));
    expect(summarize(analyzeYaml(yaml))).toEqual([
      ["ROUTE_GATEWAY_NOT_FOUND", "HTTPRoute shop/shop-route", "spec.parentRefs[0]"],
      ["SERVICE_NOT_FOUND", "HTTPRoute shop/shop-route", "spec.rules[0].backendRefs[0]"],
    ]);
    expect(analyzeYaml(yaml, { external: { services: ["shop/reviews"], gateways: ["istio-system/web"] } })).toEqual([]);
  });

  test("messages say what is missing and how to declare it", () => {
    const [issue] = analyzeYaml(docs(GATEWAY, route("{ name: web }")));
    expect(issue).toEqual({
      code: "SERVICE_NOT_FOUND",
      severity: "warning",
      message: "HTTPRoute routes to Service shop/reviews, which is neither in the set nor declared external",
      hint: "fix the name or namespace, or declare the Service with --external shop/reviews if it lives elsewhere",
      path: ["spec", "rules", 0, "backendRefs", 0],
      resource: { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", namespace: "shop", name: "shop-route" },
      source: { file: "mesh.yaml", line: 15 },
    });
  });
});
