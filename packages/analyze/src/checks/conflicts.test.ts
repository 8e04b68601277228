import { describe, expect, test } from "vitest";
import { analyzeYaml, docs, runCase, type CheckCase } from "../testing.js";

const GATEWAY = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: web, namespace: shop }
spec:
  gatewayClassName: istio
  listeners:
  - { name: http, port: 80, protocol: HTTP }`;

const route = (name: string, path: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${name}, namespace: shop }
spec:
  parentRefs: [{ name: web }]
  hostnames: [shop.example.com]
  rules:
  - matches: [{ path: { type: PathPrefix, value: ${path} } }]`;

const peer = (name: string, extra = "") => `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: ${name}, namespace: istio-system }
spec:${extra}
  mtls: { mode: STRICT }`;

const rule = (name: string, host: string) => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ${name}, namespace: shop }
spec:
  host: ${host}
  trafficPolicy: { loadBalancer: { simple: LEAST_REQUEST } }`;

const cases: Record<string, CheckCase> = {
  "ROUTE_CONFLICT: two routes with the same hostname and path on one Gateway": {
    yaml: docs(GATEWAY, route("cart", "/api"), route("orders", "/api/")),
    fix: ["value: /api/", "value: /orders"],
    findings: [["ROUTE_CONFLICT", "HTTPRoute shop/orders", "spec.rules[0].matches[0]"]],
  },
  "LISTENER_CONFLICT: two HTTP listeners on one port without hostnames": {
    yaml: docs(GATEWAY.replace("protocol: HTTP }", "protocol: HTTP }\n  - { name: http-2, port: 80, protocol: HTTP }")),
    fix: ["name: http-2, port: 80, protocol: HTTP", "name: http-2, port: 80, protocol: HTTP, hostname: admin.example.com"],
    findings: [["LISTENER_CONFLICT", "Gateway shop/web", "spec.listeners[1]"]],
  },
  "LISTENER_CONFLICT: HTTP and TCP on one port": {
    yaml: docs(GATEWAY.replace("protocol: HTTP }", "protocol: HTTP }\n  - { name: db, port: 80, protocol: TCP }")),
    fix: ["name: db, port: 80", "name: db, port: 5432"],
    findings: [["LISTENER_CONFLICT", "Gateway shop/web", "spec.listeners[1]"]],
  },
  "PEER_AUTHENTICATION_CONFLICT: two mesh-wide PeerAuthentications": {
    yaml: docs(peer("default"), peer("strict-mtls")),
    fix: ["name: strict-mtls, namespace: istio-system }\nspec:", "name: strict-mtls, namespace: istio-system }\nspec:\n  selector: { matchLabels: { app: istiod } }"],
    findings: [["PEER_AUTHENTICATION_CONFLICT", "PeerAuthentication istio-system/strict-mtls", "metadata.name"]],
  },
  "DESTINATION_RULE_CONFLICT: two DestinationRules for one host, one by its short name": {
    yaml: docs(
      "apiVersion: v1\nkind: Service\nmetadata: { name: reviews, namespace: shop }\nspec: { ports: [{ name: http, port: 9080 }] }",
      "apiVersion: v1\nkind: Service\nmetadata: { name: ratings, namespace: shop }\nspec: { ports: [{ name: http, port: 9080 }] }",
      rule("reviews", "reviews"),
      rule("reviews-lb", "reviews.shop.svc.cluster.local"),
    ),
    fix: ["host: reviews.shop.svc.cluster.local", "host: ratings.shop.svc.cluster.local"],
    findings: [["DESTINATION_RULE_CONFLICT", "DestinationRule shop/reviews-lb", "spec.host"]],
  },
  "VIRTUAL_SERVICE_HOST_CONFLICT: two VirtualServices bound to the mesh for one host, one by its short name": {
    yaml: docs(
      "apiVersion: v1\nkind: Service\nmetadata: { name: reviews, namespace: shop }\nspec: { ports: [{ name: http, port: 9080 }] }",
      "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: reviews, namespace: shop }\nspec:\n  hosts: [reviews]\n  http: [{ route: [{ destination: { host: reviews } }] }]",
      "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: reviews-canary, namespace: shop }\nspec:\n  hosts: [reviews.shop.svc.cluster.local]\n  http: [{ route: [{ destination: { host: reviews } }] }]",
    ),
    fix: ["hosts: [reviews.shop.svc.cluster.local]", "hosts: [ratings.shop.svc.cluster.local]"],
    findings: [
      ["VIRTUAL_SERVICE_HOST_CONFLICT", "VirtualService shop/reviews", "spec.hosts[0]"],
      ["VIRTUAL_SERVICE_HOST_CONFLICT", "VirtualService shop/reviews-canary", "spec.hosts[0]"],
    ],
  },
};

describe("conflict checks", () => {
  test.each(Object.entries(cases))("%s", (_, row) => {
    const { triggered, fixed } = runCase(row);
    expect(triggered).toEqual(row.findings);
    expect(fixed).toEqual([]);
  });

  test("ROUTE_CONFLICT: a rule without matches claims every request on each parent, at the rule's path, once per pair of routes", () => {
    const meshRoute = (name: string, parents: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${name}, namespace: shop }
spec:
  parentRefs: ${parents}
  rules:
  - backendRefs: [{ name: reviews-v1, port: 9080 }]
  - backendRefs: [{ name: reviews-v2, port: 9080 }]`;
    const service = "apiVersion: v1\nkind: Service\nmetadata: { name: reviews, namespace: shop }\nspec: { ports: [{ name: http, port: 9080 }] }";
    const issues = analyzeYaml(
      docs(
        service,
        meshRoute("first", "[{ group: '', kind: Service, name: reviews }]"),
        meshRoute("second", "[{ group: '', kind: Service, name: ratings, namespace: books }, { group: '', kind: Service, name: reviews }]"),
      ),
    ).filter((issue) => issue.code === "ROUTE_CONFLICT");
    expect(issues.map((issue) => [issue.resource?.name, issue.path?.join("."), issue.message])).toEqual([
      ["second", "spec.rules.0", "HTTPRoute shop/second and HTTPRoute shop/first both claim every hostname with the same match on Service shop/reviews: only the oldest route gets it, the other is ignored for it"],
    ]);
  });

  test("each message says what is wrong and its hint what would be right", () => {
    const lines = Object.values(cases).flatMap((row) => analyzeYaml(row.yaml).map((i) => `${i.code}: ${i.message} (${i.hint})`));
    expect([...new Set(lines)].join("\n")).toMatchInlineSnapshot(`
      "ROUTE_CONFLICT: HTTPRoute shop/orders and HTTPRoute shop/cart both claim hostname shop.example.com with the same match on Gateway shop/web: only the oldest route gets it, the other is ignored for it (merge the rules into one route, or give them different hostnames or matches)
      LISTENER_CONFLICT: listener "http-2" conflicts with listener "http" of Gateway shop/web on port 80: both have protocol HTTP and no hostname; conflicted listeners are not programmed (give each listener on a port its own hostname, or move one to another port)
      LISTENER_CONFLICT: listener "db" conflicts with listener "http" of Gateway shop/web on port 80: protocols HTTP and TCP cannot share a port; conflicted listeners are not programmed (give each listener on a port its own hostname, or move one to another port)
      PEER_AUTHENTICATION_CONFLICT: PeerAuthentication istio-system/strict-mtls and istio-system/default are both mesh-wide (root namespace, no selector): Istio applies only the oldest and ignores the others (keep one such PeerAuthentication, by convention named default, and give the others a selector)
      DESTINATION_RULE_CONFLICT: DestinationRules shop/reviews-lb and shop/reviews both configure host reviews.shop.svc.cluster.local: Istio merges only their subsets, and the traffic policy of the oldest alone applies (merge them into one DestinationRule per host)
      VIRTUAL_SERVICE_HOST_CONFLICT: The VirtualServices shop/reviews,shop/reviews-canary associated with mesh gateway define the same host */reviews.shop.svc.cluster.local which can lead to undefined behavior: a sidecar keeps for host reviews.shop.svc.cluster.local the routes of the oldest VirtualService only, and drops the others' (merge the conflicting VirtualServices, this one and shop/reviews-canary, into a single resource, or narrow their exportTo so that no namespace sees two of them)
      VIRTUAL_SERVICE_HOST_CONFLICT: The VirtualServices shop/reviews,shop/reviews-canary associated with mesh gateway define the same host */reviews.shop.svc.cluster.local which can lead to undefined behavior: a sidecar keeps for host reviews.shop.svc.cluster.local the routes of the oldest VirtualService only, and drops the others' (merge the conflicting VirtualServices, this one and shop/reviews, into a single resource, or narrow their exportTo so that no namespace sees two of them)"
    `);
  });
});

describe("SERVICE_ENTRY_PROTOCOL_CONFLICT", () => {
  const entry = (name: string, namespace: string, protocol: string, exportTo = "") =>
    `apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: { name: ${name}, namespace: ${namespace} }\nspec:\n  hosts: [api.example.com]\n  ports: [{ number: 443, name: p, protocol: ${protocol} }]\n  resolution: DNS${exportTo}`;
  const conflicts = (yaml: string) => analyzeYaml(yaml).filter((i) => i.code === "SERVICE_ENTRY_PROTOCOL_CONFLICT");

  test("reports each ServiceEntry once, in istioctl's words, on its name", () => {
    const issues = conflicts([entry("a", "shop", "HTTP"), entry("b", "billing", "TLS"), entry("c", "ops", "tls")].join("\n---\n"));
    expect(issues.map((i) => [i.istioctlCode, i.severity, `${i.resource?.namespace}/${i.resource?.name}`, i.path, i.message])).toEqual(
      ["shop/a", "billing/b", "ops/c"].map((name) => [
        "IST0177",
        "warning",
        name,
        ["metadata", "name"],
        'Multiple ServiceEntries (billing/b, ops/c, shop/a) define the same host "api.example.com" and port 443 with conflicting protocols (HTTP, TLS): Istio keeps one protocol for the port, so the other entries\' traffic is handled as that protocol',
      ]),
    );
  });

  test("a namespace-local entry conflicts with one exported to every namespace, not with one of another namespace", () => {
    expect(conflicts([entry("a", "shop", "HTTP", '\n  exportTo: ["."]'), entry("b", "billing", "TLS")].join("\n---\n")).map((i) => i.resource?.name)).toEqual(["a", "b"]);
    expect(conflicts([entry("a", "shop", "HTTP", '\n  exportTo: ["."]'), entry("b", "billing", "TLS", '\n  exportTo: ["."]')].join("\n---\n"))).toEqual([]);
    expect(conflicts([entry("a", "shop", "HTTP", '\n  exportTo: [billing]'), entry("b", "billing", "TLS", '\n  exportTo: ["."]')].join("\n---\n")).map((i) => i.resource?.name)).toEqual(["a", "b"]);
  });

  test("one protocol, in any case, is no conflict", () => {
    expect(conflicts([entry("a", "shop", "HTTP"), entry("b", "billing", "http")].join("\n---\n"))).toEqual([]);
  });
});
