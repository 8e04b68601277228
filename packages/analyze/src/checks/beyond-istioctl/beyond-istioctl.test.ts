/**
 * The checks of mistakes istioctl does not report, where a mesh on ambient and the Gateway API
 * goes wrong silently: each with the case that draws it, exactly, and the closest cases that must
 * not; and each code's page, whose example draws it and whose silent case does not.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { analyzeYaml, docs, summarize } from "../../testing.js";
import { BEYOND_ISTIOCTL_CHECKS } from "./index.js";

/** The findings of one code, as `Kind ns/name path`. */
const found = (code: string, yaml: string) =>
  summarize(analyzeYaml(yaml))
    .filter(([c]) => c === code)
    .map(([, resource, path]) => `${resource} ${path}`);

const namespace = (name: string, labels = "{}") => `
apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: ${labels} }`;

const waypoint = (name: string, ns: string, listener = "{ name: mesh, port: 15008, protocol: HBONE }", labels = "{}") => `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${ns}, labels: ${labels} }
spec:
  gatewayClassName: istio-waypoint
  listeners: [${listener}]`;

// --- EXTERNAL_POLICY_NOT_ENFORCED ---

const serviceEntry = (ns: string, labels = "{}", extra = "") => `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: payments, namespace: ${ns}, labels: ${labels} }
spec:
  hosts: [api.payments.example]
  ports: [{ number: 80, name: http, protocol: HTTP, targetPort: 443 }]
  resolution: DNS${extra}`;

const externalRule = (ns: string, trafficPolicy = "{ tls: { mode: SIMPLE }, outlierDetection: { consecutive5xxErrors: 1 } }", extra = "") => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: payments, namespace: ${ns} }
spec:
  host: api.payments.example
  trafficPolicy: ${trafficPolicy}${extra}`;

const AMBIENT = "{ istio.io/dataplane-mode: ambient }";

describe("EXTERNAL_POLICY_NOT_ENFORCED", () => {
  test("TLS origination and a circuit breaker for a ServiceEntry no waypoint serves, seen by an ambient namespace", () => {
    const issues = analyzeYaml(docs(namespace("shop", AMBIENT), serviceEntry("egress"), externalRule("egress")));
    expect(issues.filter((i) => i.code === "EXTERNAL_POLICY_NOT_ENFORCED")).toEqual([
      {
        code: "EXTERNAL_POLICY_NOT_ENFORCED",
        severity: "warning",
        message:
          "DestinationRule sets TLS origination and a circuit breaker for host api.payments.example, which ServiceEntry egress/payments declares and no waypoint serves (neither it nor namespace egress is labelled istio.io/use-waypoint), and ambient namespace shop sees both: in ambient mode only a waypoint that serves the ServiceEntry applies a DestinationRule's traffic policy, never ztunnel, so requests from ambient workloads to api.payments.example go out without TLS origination and the circuit breaker",
        hint: "label ServiceEntry egress/payments (or namespace egress) with istio.io/use-waypoint naming a waypoint that handles service traffic (with istio.io/use-waypoint-namespace when it is in another namespace, whose listener must admit egress); the set has no waypoint yet",
        path: ["spec", "trafficPolicy", "tls"],
        resource: { apiVersion: "networking.istio.io/v1", kind: "DestinationRule", namespace: "egress", name: "payments" },
        source: { file: "mesh.yaml", line: 18 },
      },
    ]);
    expect(issues.find((i) => i.code === "EXTERNAL_POLICY_NOT_ENFORCED")?.istioctlCode).toBeUndefined();
  });

  test("the label none, a waypoint for workloads only, and per-port or per-subset policies are reported too", () => {
    const none = docs(namespace("shop", AMBIENT), serviceEntry("shop", "{ istio.io/use-waypoint: none }"), externalRule("shop"));
    expect(analyzeYaml(none).find((i) => i.code === "EXTERNAL_POLICY_NOT_ENFORCED")?.message).toContain("(it is labelled istio.io/use-waypoint: none)");
    const workloadOnly = docs(namespace("shop", AMBIENT), waypoint("waypoint", "shop", undefined, "{ istio.io/waypoint-for: workload }"), serviceEntry("shop", "{ istio.io/use-waypoint: waypoint }"), externalRule("shop"));
    expect(analyzeYaml(workloadOnly).find((i) => i.code === "EXTERNAL_POLICY_NOT_ENFORCED")?.message).toContain("(its waypoint shop/waypoint handles workload traffic only (istio.io/waypoint-for: workload))");
    const perPort = docs(namespace("shop", AMBIENT), serviceEntry("shop"), externalRule("shop", "{ portLevelSettings: [{ port: { number: 80 }, loadBalancer: { simple: ROUND_ROBIN } }] }"));
    expect(found("EXTERNAL_POLICY_NOT_ENFORCED", perPort)).toEqual(["DestinationRule shop/payments spec.trafficPolicy.portLevelSettings[0].loadBalancer"]);
    const perSubset = docs(namespace("shop", AMBIENT), serviceEntry("shop"), externalRule("shop", "{}", "\n  subsets: [{ name: v1, trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 } } } }]"));
    expect(found("EXTERNAL_POLICY_NOT_ENFORCED", perSubset)).toEqual(["DestinationRule shop/payments spec.subsets[0].trafficPolicy.connectionPool"]);
  });

  test("silent when a waypoint serves the ServiceEntry (its label, or its namespace's), or names one the set lacks", () => {
    expect(found("EXTERNAL_POLICY_NOT_ENFORCED", docs(namespace("shop", AMBIENT), waypoint("waypoint", "shop"), serviceEntry("shop", "{ istio.io/use-waypoint: waypoint }"), externalRule("shop")))).toEqual([]);
    expect(found("EXTERNAL_POLICY_NOT_ENFORCED", docs(namespace("shop", "{ istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint }"), waypoint("waypoint", "shop"), serviceEntry("shop"), externalRule("shop")))).toEqual([]);
    // A missing waypoint is WAYPOINT_NOT_FOUND's finding, not this one.
    expect(found("EXTERNAL_POLICY_NOT_ENFORCED", docs(namespace("shop", AMBIENT), serviceEntry("shop", "{ istio.io/use-waypoint: gone }"), externalRule("shop")))).toEqual([]);
  });

  test("silent without an ambient namespace that sees both, without a policy, or for sidecars only", () => {
    expect(found("EXTERNAL_POLICY_NOT_ENFORCED", docs(namespace("shop", "{ istio-injection: enabled }"), serviceEntry("shop"), externalRule("shop")))).toEqual([]);
    expect(found("EXTERNAL_POLICY_NOT_ENFORCED", docs(serviceEntry("shop"), externalRule("shop")))).toEqual([]);
    expect(found("EXTERNAL_POLICY_NOT_ENFORCED", docs(namespace("shop", AMBIENT), serviceEntry("egress", "{}", "\n  exportTo: [.]"), externalRule("egress")))).toEqual([]);
    expect(found("EXTERNAL_POLICY_NOT_ENFORCED", docs(namespace("shop", AMBIENT), serviceEntry("egress"), externalRule("egress", undefined, "\n  exportTo: [egress, legacy]")))).toEqual([]);
    expect(found("EXTERNAL_POLICY_NOT_ENFORCED", docs(namespace("shop", AMBIENT), serviceEntry("shop"), externalRule("shop", "{ tls: { mode: DISABLE } }")))).toEqual([]);
    expect(found("EXTERNAL_POLICY_NOT_ENFORCED", docs(namespace("shop", AMBIENT), serviceEntry("shop"), externalRule("shop", undefined, "\n  workloadSelector: { matchLabels: { app: legacy } }")))).toEqual([]);
  });

  test("names every ambient namespace that sees both, and reads a wildcard host of the rule", () => {
    const yaml = docs(namespace("shop", AMBIENT), namespace("cart", AMBIENT), serviceEntry("egress"), externalRule("egress").replace("host: api.payments.example", "host: '*.payments.example'"));
    const [issue] = analyzeYaml(yaml).filter((i) => i.code === "EXTERNAL_POLICY_NOT_ENFORCED");
    expect(issue?.message).toContain("and ambient namespaces shop and cart see both");
    const many = docs(...["a", "b", "c", "d", "e"].map((n) => namespace(n, AMBIENT)), serviceEntry("egress"), externalRule("egress"));
    expect(analyzeYaml(many).find((i) => i.code === "EXTERNAL_POLICY_NOT_ENFORCED")?.message).toContain("and ambient namespaces a, b, c and 2 more see both");
    const narrowed = docs(namespace("shop", AMBIENT), namespace("cart", AMBIENT), serviceEntry("egress", "{}", "\n  exportTo: [cart, legacy]"), externalRule("egress", undefined, "\n  exportTo: ['*']"));
    expect(analyzeYaml(narrowed).find((i) => i.code === "EXTERNAL_POLICY_NOT_ENFORCED")?.message).toContain("and ambient namespace cart sees both");
    const own = docs(namespace("shop", AMBIENT), serviceEntry("shop", "{}", "\n  exportTo: [.]"), externalRule("shop", undefined, "\n  exportTo: [.]"));
    expect(found("EXTERNAL_POLICY_NOT_ENFORCED", own)).toEqual(["DestinationRule shop/payments spec.trafficPolicy.tls"]);
  });
});

// --- JWT_REQUIRED_ON_REDIRECT ---

const webGateway = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: web, namespace: istio-system }
spec:
  gatewayClassName: istio
  listeners:
    - { name: http, port: 80, protocol: HTTP }
    - { name: https, port: 443, protocol: HTTPS, tls: { certificateRefs: [{ name: web-cert }] } }`;

const redirectRoute = (parentRef = "{ name: web, sectionName: http }", filter = "RequestRedirect, requestRedirect: { scheme: https, statusCode: 301 }") => `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: to-https, namespace: istio-system }
spec:
  parentRefs: [${parentRef}]
  rules: [{ filters: [{ type: ${filter} }] }]`;

const requestAuthentication = `
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: { name: web-jwt, namespace: istio-system }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: web }]
  jwtRules: [{ issuer: https://accounts.google.com, jwksUri: https://www.googleapis.com/oauth2/v3/certs }]`;

const authorization = (spec: string, target = "targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: web }]") => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: web-jwt, namespace: istio-system }
spec:
  ${target}
${spec}`;

/** What requireJwt(gateway, { issuer, claims: { iss } }) writes. */
const REQUIRE_JWT = `  action: ALLOW
  rules:
    - from: [{ source: { requestPrincipals: ["https://accounts.google.com/*"] } }]
      when: [{ key: "request.auth.claims[iss]", values: ["https://accounts.google.com"] }]`;

describe("JWT_REQUIRED_ON_REDIRECT", () => {
  test("the policy requireJwt writes, on a gateway whose port 80 listener only redirects", () => {
    const issues = analyzeYaml(docs(webGateway, redirectRoute(), requestAuthentication, authorization(REQUIRE_JWT)));
    expect(issues.filter((i) => i.code === "JWT_REQUIRED_ON_REDIRECT")).toEqual([
      {
        code: "JWT_REQUIRED_ON_REDIRECT",
        severity: "warning",
        message:
          "AuthorizationPolicy requires a JWT on port 80 of Gateway istio-system/web, where HTTPRoute istio-system/to-https redirects (RequestRedirect in spec.rules[0]): authorization runs before routing, so a request without a token is denied with 403 (RBAC: access denied) instead of being redirected, and a client that would send its token only after the redirect never gets there",
        hint: 'let requests on port 80 through without a token: add an ALLOW rule { to: [{ operation: { ports: ["80"] } }] } (with the redirect\'s paths when the port also serves other routes), or exclude the port with notPorts in a DENY rule; requireJwt(gateway) in mesh.config.ts covers every listener of the gateway',
        path: ["spec", "targetRefs", 0],
        resource: { apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy", namespace: "istio-system", name: "web-jwt" },
        source: { file: "mesh.yaml", line: 28 },
      },
    ]);
  });

  test("a DENY policy on tokenless requests, a selector naming the gateway's pods, and a route on every listener", () => {
    const deny = authorization("  action: DENY\n  rules: [{ from: [{ source: { notRequestPrincipals: [\"*\"] } }] }]");
    expect(found("JWT_REQUIRED_ON_REDIRECT", docs(webGateway, redirectRoute(), requestAuthentication, deny))).toEqual(["AuthorizationPolicy istio-system/web-jwt spec.targetRefs[0]"]);
    const bySelector = authorization(REQUIRE_JWT, "selector: { matchLabels: { gateway.networking.k8s.io/gateway-name: web } }");
    expect(found("JWT_REQUIRED_ON_REDIRECT", docs(webGateway, redirectRoute(), requestAuthentication, bySelector))).toEqual(['AuthorizationPolicy istio-system/web-jwt spec.selector.matchLabels["gateway.networking.k8s.io/gateway-name"]']);
    const everyListener = analyzeYaml(docs(webGateway, redirectRoute("{ name: web }"), requestAuthentication, authorization(REQUIRE_JWT)));
    expect(everyListener.find((i) => i.code === "JWT_REQUIRED_ON_REDIRECT")?.message).toContain("requires a JWT on port 80 and 443 of Gateway istio-system/web");
  });

  test("silent when the policy lets the redirect's port through without a token", () => {
    const open = `${REQUIRE_JWT}\n    - to: [{ operation: { ports: ["80"] } }]`;
    expect(found("JWT_REQUIRED_ON_REDIRECT", docs(webGateway, redirectRoute(), requestAuthentication, authorization(open)))).toEqual([]);
    const scoped = "  action: ALLOW\n  rules: [{ from: [{ source: { requestPrincipals: [\"*\"] } }], to: [{ operation: { ports: [\"443\"] } }] }, { to: [{ operation: { notPorts: [\"443\"] } }] }]";
    expect(found("JWT_REQUIRED_ON_REDIRECT", docs(webGateway, redirectRoute(), requestAuthentication, authorization(scoped)))).toEqual([]);
    const denyElsewhere = authorization("  action: DENY\n  rules: [{ from: [{ source: { notRequestPrincipals: [\"*\"] } }], to: [{ operation: { notPorts: [\"80\"] } }] }]");
    expect(found("JWT_REQUIRED_ON_REDIRECT", docs(webGateway, redirectRoute(), requestAuthentication, denyElsewhere))).toEqual([]);
  });

  test("silent when the route does not redirect, the policy targets another gateway, or denies regardless of tokens", () => {
    expect(found("JWT_REQUIRED_ON_REDIRECT", docs(webGateway, redirectRoute(undefined, "RequestHeaderModifier, requestHeaderModifier: { add: [{ name: x, value: y }] }"), requestAuthentication, authorization(REQUIRE_JWT)))).toEqual([]);
    expect(found("JWT_REQUIRED_ON_REDIRECT", docs(webGateway, redirectRoute(), requestAuthentication, authorization(REQUIRE_JWT, "targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: api }]")))).toEqual([]);
    expect(found("JWT_REQUIRED_ON_REDIRECT", docs(webGateway, redirectRoute(), requestAuthentication, authorization("  action: ALLOW")))).toEqual([]);
    expect(found("JWT_REQUIRED_ON_REDIRECT", docs(webGateway, redirectRoute(), requestAuthentication, authorization("  action: CUSTOM\n  provider: { name: ext-authz }\n  rules: [{}]")))).toEqual([]);
  });
});

// --- SUBSET_UNUSED ---

const reviewsRule = (host = "reviews", ns = "shop") => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: ${ns} }
spec:
  host: ${host}
  subsets:
    - { name: v1, labels: { version: v1 } }
    - { name: v2, labels: { version: v2 }, trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 1 } } } }`;

const reviewsRoutes = (http: string) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop }
spec:
  hosts: [reviews]
  http: ${http}`;

describe("SUBSET_UNUSED", () => {
  test("a subset no VirtualService routes to, with the traffic policy that applies to nothing", () => {
    const issues = analyzeYaml(docs(reviewsRoutes("[{ route: [{ destination: { host: reviews, subset: v1 } }] }]"), reviewsRule()));
    expect(issues.filter((i) => i.code === "SUBSET_UNUSED")).toEqual([
      {
        code: "SUBSET_UNUSED",
        severity: "warning",
        message: 'DestinationRule defines subset "v2" of host reviews.shop.svc.cluster.local, and no VirtualService of the set routes to it (destination.subset): no request goes to the subset, so its trafficPolicy (connectionPool) applies to nothing',
        hint: "route to it with destination.subset in a VirtualService, or remove it; a Gateway API route cannot name a subset: to split traffic by version with an HTTPRoute, give each version its own Service and put the policy in a DestinationRule for that Service; if a VirtualService outside the set routes to it, suppress this finding with that reason",
        path: ["spec", "subsets", 1, "name"],
        resource: { apiVersion: "networking.istio.io/v1", kind: "DestinationRule", namespace: "shop", name: "reviews" },
        source: { file: "mesh.yaml", line: 15 },
      },
    ]);
  });

  test("every subset is unused when the routing is an HTTPRoute's", () => {
    const route = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: reviews, namespace: shop }
spec:
  parentRefs: [{ group: "", kind: Service, name: reviews }]
  rules: [{ backendRefs: [{ name: reviews-v1, port: 9080 }] }]`;
    const issues = analyzeYaml(docs(route, reviewsRule()));
    expect(issues.filter((i) => i.code === "SUBSET_UNUSED").map((i) => i.message)).toEqual([
      'DestinationRule defines subset "v1" of host reviews.shop.svc.cluster.local, and no VirtualService of the set routes to it (destination.subset), nor to any subset of that host, whose mesh traffic a Gateway API route governs: no request goes to the subset, so the host\'s traffic is routed without its subsets',
      'DestinationRule defines subset "v2" of host reviews.shop.svc.cluster.local, and no VirtualService of the set routes to it (destination.subset), nor to any subset of that host, whose mesh traffic a Gateway API route governs: no request goes to the subset, so its trafficPolicy (connectionPool) applies to nothing',
    ]);
  });

  test("silent for subsets a route, a mirror or a route of another namespace uses, and under a wildcard host", () => {
    const split = "[{ route: [{ destination: { host: reviews, subset: v1 }, weight: 90 }, { destination: { host: reviews, subset: v2 }, weight: 10 }] }]";
    expect(found("SUBSET_UNUSED", docs(reviewsRoutes(split), reviewsRule()))).toEqual([]);
    const mirror = "[{ route: [{ destination: { host: reviews, subset: v1 } }], mirror: { host: reviews, subset: v2 } }]";
    expect(found("SUBSET_UNUSED", docs(reviewsRoutes(mirror), reviewsRule()))).toEqual([]);
    expect(found("SUBSET_UNUSED", docs(reviewsRoutes(split), reviewsRule("reviews.shop.svc.cluster.local", "istio-system")))).toEqual([]);
    expect(found("SUBSET_UNUSED", docs(reviewsRoutes(split), reviewsRule("'*.shop.svc.cluster.local'")))).toEqual([]);
  });

  test("a subset of the same name for another host is not a use", () => {
    const other = "[{ route: [{ destination: { host: ratings, subset: v2 } }, { destination: { host: reviews, subset: v1 } }] }]";
    expect(found("SUBSET_UNUSED", docs(reviewsRoutes(other), reviewsRule()))).toEqual(["DestinationRule shop/reviews spec.subsets[1].name"]);
  });

  test("silent for subsets without a policy of their own that no route uses yet, as Istio's tasks apply destination-rule-all.yaml before the VirtualServices", () => {
    const rule = reviewsRule().replace(", trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 1 } } }", "");
    expect(found("SUBSET_UNUSED", rule)).toEqual([]);
    expect(found("SUBSET_UNUSED", reviewsRule())).toEqual(["DestinationRule shop/reviews spec.subsets[1].name"]);
  });

  test("silent for a subset without a policy of its own kept beside a subset in use (a later rollout), or a route to a missing subset", () => {
    const rule = reviewsRule().replace(", trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 1 } } }", "");
    expect(found("SUBSET_UNUSED", docs(reviewsRoutes("[{ route: [{ destination: { host: reviews, subset: v1 } }] }]"), rule))).toEqual([]);
    // SUBSET_NOT_FOUND reports the route to v3; v1 is kept for the fix.
    expect(found("SUBSET_UNUSED", docs(reviewsRoutes("[{ route: [{ destination: { host: reviews, subset: v3 } }] }]"), rule))).toEqual([]);
  });
});

// --- WAYPOINT_USE_NOT_ALLOWED ---

const CROSS = "{ istio.io/dataplane-mode: ambient, istio.io/use-waypoint: shared, istio.io/use-waypoint-namespace: mesh-infra }";

describe("WAYPOINT_USE_NOT_ALLOWED", () => {
  test("a namespace using a waypoint of another namespace that admits only its own (Same by default)", () => {
    const issues = analyzeYaml(docs(waypoint("shared", "mesh-infra"), namespace("shop", CROSS)));
    expect(issues.filter((i) => i.code === "WAYPOINT_USE_NOT_ALLOWED")).toEqual([
      {
        code: "WAYPOINT_USE_NOT_ALLOWED",
        severity: "error",
        message:
          'namespace shop uses waypoint mesh-infra/shared of another namespace, but its listener "mesh" admits only namespace mesh-infra (allowedRoutes.namespaces.from is Same by default): Istio denies the use, so the namespace\'s Services have no waypoint, and the routes and L7 policies meant for them (HTTPRoutes, AuthorizationPolicies with HTTP rules, DestinationRule traffic policies) are not applied',
        hint: 'on the waypoint\'s listener "mesh", set allowedRoutes.namespaces.from: Selector with a selector matching namespace shop (e.g. kubernetes.io/metadata.name: shop), or use a waypoint in namespace shop',
        path: ["metadata", "labels", "istio.io/use-waypoint"],
        resource: { apiVersion: "v1", kind: "Namespace", name: "shop" },
        source: { file: "mesh.yaml", line: 10 },
      },
    ]);
  });

  test("a Service's own label, a selector that does not match, and a waypoint without an HBONE listener", () => {
    const service = `
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: shop, labels: { istio.io/use-waypoint: shared, istio.io/use-waypoint-namespace: mesh-infra } }
spec: { ports: [{ name: http, port: 9080 }] }`;
    const issues = analyzeYaml(docs(waypoint("shared", "mesh-infra", "{ name: mesh, port: 15008, protocol: HBONE, allowedRoutes: { namespaces: { from: Same } } }"), service));
    expect(issues.find((i) => i.code === "WAYPOINT_USE_NOT_ALLOWED")?.message).toBe(
      'Service shop/reviews uses waypoint mesh-infra/shared of another namespace, but its listener "mesh" admits only namespace mesh-infra (allowedRoutes.namespaces.from is Same): Istio denies the use, so the Service has no waypoint, and the routes and L7 policies meant for it (HTTPRoutes, AuthorizationPolicies with HTTP rules, DestinationRule traffic policies) are not applied',
    );
    const selector = "{ name: mesh, port: 15008, protocol: HBONE, allowedRoutes: { namespaces: { from: Selector, selector: { matchLabels: { team: payments } } } } }";
    expect(found("WAYPOINT_USE_NOT_ALLOWED", docs(waypoint("shared", "mesh-infra", selector), namespace("shop", CROSS)))).toEqual(["Namespace shop metadata.labels[\"istio.io/use-waypoint\"]"]);
    expect(found("WAYPOINT_USE_NOT_ALLOWED", docs(waypoint("shared", "mesh-infra", "{ name: mesh, port: 15009, protocol: HBONE, allowedRoutes: { namespaces: { from: All } } }"), namespace("shop", CROSS)))).toEqual(["Namespace shop metadata.labels[\"istio.io/use-waypoint\"]"]);
  });

  test("silent when the waypoint admits the namespace (All, a matching selector), is in the same namespace, or is not in the set", () => {
    const all = "{ name: mesh, port: 15008, protocol: HBONE, allowedRoutes: { namespaces: { from: All } } }";
    expect(found("WAYPOINT_USE_NOT_ALLOWED", docs(waypoint("shared", "mesh-infra", all), namespace("shop", CROSS)))).toEqual([]);
    const byName = "{ name: mesh, port: 15008, protocol: HBONE, allowedRoutes: { namespaces: { from: Selector, selector: { matchLabels: { kubernetes.io/metadata.name: shop } } } } }";
    expect(found("WAYPOINT_USE_NOT_ALLOWED", docs(waypoint("shared", "mesh-infra", byName), namespace("shop", CROSS)))).toEqual([]);
    const byTeam = "{ name: mesh, port: 15008, protocol: HBONE, allowedRoutes: { namespaces: { from: Selector, selector: { matchLabels: { team: shop } } } } }";
    expect(found("WAYPOINT_USE_NOT_ALLOWED", docs(waypoint("shared", "mesh-infra", byTeam), namespace("shop", "{ team: shop, istio.io/use-waypoint: shared, istio.io/use-waypoint-namespace: mesh-infra }")))).toEqual([]);
    expect(found("WAYPOINT_USE_NOT_ALLOWED", docs(waypoint("waypoint", "shop"), namespace("shop", "{ istio.io/use-waypoint: waypoint }")))).toEqual([]);
    expect(found("WAYPOINT_USE_NOT_ALLOWED", docs(waypoint("other", "mesh-infra"), namespace("shop", CROSS)))).toEqual([]);
  });

  test("silent when the selector reads labels of a namespace the set does not hold", () => {
    const byTeam = "{ name: mesh, port: 15008, protocol: HBONE, allowedRoutes: { namespaces: { from: Selector, selector: { matchLabels: { team: shop } } } } }";
    const service = `
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: shop, labels: { istio.io/use-waypoint: shared, istio.io/use-waypoint-namespace: mesh-infra } }`;
    expect(found("WAYPOINT_USE_NOT_ALLOWED", docs(waypoint("shared", "mesh-infra", byTeam), service))).toEqual([]);
  });
});

// --- MESH_HOST_CLAIMED_BY_BOTH_APIS ---

const meshRoute = (kind = "HTTPRoute", parentRef = '{ group: "", kind: Service, name: reviews, port: 9080 }') => `
apiVersion: gateway.networking.k8s.io/v1
kind: ${kind}
metadata: { name: reviews, namespace: shop }
spec:
  parentRefs: [${parentRef}]
  rules: [{ backendRefs: [{ name: reviews-v1, port: 9080, weight: 90 }, { name: reviews-v2, port: 9080, weight: 10 }] }]`;

const meshService = (hosts = "[reviews]", extra = "") => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop }
spec:
  hosts: ${hosts}${extra}
  http: [{ timeout: 2s, route: [{ destination: { host: reviews } }] }]`;

describe("MESH_HOST_CLAIMED_BY_BOTH_APIS", () => {
  test("a VirtualService bound to the mesh for the host of a Service an HTTPRoute attaches to", () => {
    const issues = analyzeYaml(docs(meshRoute(), meshService()));
    expect(issues.filter((i) => i.code === "MESH_HOST_CLAIMED_BY_BOTH_APIS")).toEqual([
      {
        code: "MESH_HOST_CLAIMED_BY_BOTH_APIS",
        severity: "warning",
        message:
          "VirtualService is bound to the mesh for host reviews.shop.svc.cluster.local, which HTTPRoute shop/reviews (parentRef Service shop/reviews) also routes: Istio does not support the two APIs for one host. A sidecar keeps the routes of one of them only for the host (a Gateway API route of the client's own namespace first, else the oldest) and drops the other's; a waypoint lists the rules of both one after the other, so a rule of the first that matches every request hides the second. Which one wins follows namespaces and creation order, not what is written, and the losing rules silently never apply",
        hint: "route the host with one API: move this VirtualService's rules into the route (or the route's into the VirtualService) and remove the other; in ambient mode prefer the Gateway API route",
        path: ["spec", "hosts", 0],
        resource: { apiVersion: "networking.istio.io/v1", kind: "VirtualService", namespace: "shop", name: "reviews" },
        source: { file: "mesh.yaml", line: 12 },
      },
    ]);
  });

  test("a GRPCRoute, a VirtualService bound to mesh and a gateway, and a wildcard host", () => {
    expect(found("MESH_HOST_CLAIMED_BY_BOTH_APIS", docs(meshRoute("GRPCRoute"), meshService()))).toEqual(["VirtualService shop/reviews spec.hosts[0]"]);
    expect(found("MESH_HOST_CLAIMED_BY_BOTH_APIS", docs(meshRoute(), meshService("[reviews.shop.svc.cluster.local]", "\n  gateways: [mesh, ingress]")))).toEqual(["VirtualService shop/reviews spec.hosts[0]"]);
    expect(found("MESH_HOST_CLAIMED_BY_BOTH_APIS", docs(meshRoute(), meshService("[ratings, '*.shop.svc.cluster.local']")))).toEqual(["VirtualService shop/reviews spec.hosts[1]"]);
  });

  test("silent for a VirtualService bound to a gateway only, for another host, or beside a route on a Gateway", () => {
    expect(found("MESH_HOST_CLAIMED_BY_BOTH_APIS", docs(meshRoute(), meshService("[reviews.shop.svc.cluster.local]", "\n  gateways: [ingress]")))).toEqual([]);
    expect(found("MESH_HOST_CLAIMED_BY_BOTH_APIS", docs(meshRoute(), meshService("[ratings]")))).toEqual([]);
    expect(found("MESH_HOST_CLAIMED_BY_BOTH_APIS", docs(meshRoute("HTTPRoute", "{ name: web }"), meshService()))).toEqual([]);
  });
});

// --- the pages ---

describe("docs/analysis pages of this folder", () => {
  const folder = fileURLToPath(new URL("../../../../../docs/analysis/", import.meta.url));
  const block = (page: string, heading: string) => new RegExp(`## ${heading}[\\s\\S]*?\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(page)?.[1] ?? "";

  test.each(BEYOND_ISTIOCTL_CHECKS.map((c) => c.code))("the Example of %s draws it and its Silent case does not", (code) => {
    const page = readFileSync(join(folder, `${code}.md`), "utf8");
    expect(found(code, block(page, "Example")).length).toBeGreaterThan(0);
    const silent = block(page, "Silent");
    expect(silent).not.toBe("");
    expect(found(code, silent)).toEqual([]);
  });

  test("no check of this folder carries an istioctl code", () => {
    expect(BEYOND_ISTIOCTL_CHECKS.filter((c) => c.istioctlCode !== undefined).map((c) => c.code)).toEqual([]);
  });
});
