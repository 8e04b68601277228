import { describe, expect, test } from "vitest";
import { analyzeYaml, docs, runCase, summarize, type CheckCase } from "../testing.js";

const AMBIENT = `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: { istio.io/dataplane-mode: ambient }`;

const WAYPOINT = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: waypoint, namespace: shop }
spec:
  gatewayClassName: istio-waypoint
  listeners: [{ name: mesh, port: 15008, protocol: HBONE }]`;

const REVIEWS = `
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: shop }
spec: { ports: [{ name: http, port: 9080 }] }`;

const CANARY = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: canary, namespace: shop }
spec:
  parentRefs: [{ group: "", kind: Service, name: reviews }]
  rules: [{ backendRefs: [{ name: reviews, port: 9080 }] }]`;

const USE_WAYPOINT = "labels: { istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint }";

const cases: Record<string, CheckCase> = {
  "ROUTE_NOT_ENFORCED: a route to a Service of an ambient namespace that uses no waypoint": {
    yaml: docs(AMBIENT, WAYPOINT, REVIEWS, CANARY),
    fix: ["labels: { istio.io/dataplane-mode: ambient }", USE_WAYPOINT],
    findings: [
      ["WAYPOINT_UNUSED", "Gateway shop/waypoint", "metadata.name"],
      ["ROUTE_NOT_ENFORCED", "HTTPRoute shop/canary", "spec.parentRefs[0]"],
    ],
  },
  "ROUTE_NOT_ENFORCED: a route to a Service whose waypoint handles workload traffic only": {
    yaml: docs(AMBIENT.replace("{ istio.io/dataplane-mode: ambient }", "{ istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint }"), WAYPOINT.replace("namespace: shop }", "namespace: shop, labels: { istio.io/waypoint-for: workload } }"), REVIEWS, CANARY),
    fix: ["waypoint-for: workload", "waypoint-for: all"],
    findings: [["ROUTE_NOT_ENFORCED", "HTTPRoute shop/canary", "spec.parentRefs[0]"]],
  },
  "SIDECAR_ONLY_IN_AMBIENT: a Sidecar in an ambient namespace": {
    yaml: docs(AMBIENT, `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: { name: default, namespace: shop }\nspec: { outboundTrafficPolicy: { mode: REGISTRY_ONLY } }`),
    fix: ["istio.io/dataplane-mode: ambient", "istio-injection: enabled"],
    findings: [["SIDECAR_ONLY_IN_AMBIENT", "Sidecar shop/default", "kind"]],
  },
  "SIDECAR_ONLY_IN_AMBIENT: an HTTP-level policy by selector, which ztunnel enforces": {
    yaml: docs(
      `${AMBIENT.replace("ambient }", `ambient, istio.io/use-waypoint: waypoint }`)}`,
      WAYPOINT,
      REVIEWS,
      `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: { name: reviews, namespace: shop }\nspec:\n  selector: { matchLabels: { app: reviews } }\n  rules: [{ to: [{ operation: { methods: [GET] } }] }]`,
    ),
    fix: ["selector: { matchLabels: { app: reviews } }", 'targetRefs: [{ group: "", kind: Service, name: reviews }]'],
    findings: [["SIDECAR_ONLY_IN_AMBIENT", "AuthorizationPolicy shop/reviews", "spec.rules[0].to[0].operation.methods"]],
  },
  "WAYPOINT_UNUSED: a waypoint no namespace or Service uses": {
    yaml: docs(AMBIENT, WAYPOINT),
    fix: ["labels: { istio.io/dataplane-mode: ambient }", USE_WAYPOINT],
    findings: [["WAYPOINT_UNUSED", "Gateway shop/waypoint", "metadata.name"]],
  },
};

describe("ambient mode checks", () => {
  test.each(Object.entries(cases))("%s", (_, row) => {
    const { triggered, fixed } = runCase(row);
    expect(triggered).toEqual(row.findings);
    expect(fixed).toEqual([]);
  });

  test("each message says what is wrong and its hint what would be right", () => {
    const lines = Object.values(cases).flatMap((row) => analyzeYaml(row.yaml).map((i) => `${i.code}: ${i.message} (${i.hint})`));
    expect([...new Set(lines)].join("\n")).toMatchInlineSnapshot(`
      "WAYPOINT_UNUSED: no namespace, Service or workload of the set uses waypoint shop/waypoint (label istio.io/use-waypoint): no traffic goes through it, so the routes and policies it would apply do nothing (label the namespace or its Services with istio.io/use-waypoint, or remove the waypoint; if resources outside the set use it, suppress this finding with that reason)
      ROUTE_NOT_ENFORCED: HTTPRoute attaches to Service shop/reviews, but neither the Service nor namespace shop uses a waypoint (istio.io/use-waypoint), and in ambient mode only a waypoint applies routes to a Service, so nothing enforces this route (label the Service or namespace shop with istio.io/use-waypoint, or move the route and its Service to a namespace that uses a waypoint; the set has shop/waypoint)
      ROUTE_NOT_ENFORCED: HTTPRoute attaches to Service shop/reviews, but its waypoint shop/waypoint handles workload traffic only (istio.io/waypoint-for: workload), so nothing enforces this route (set istio.io/waypoint-for to service or all on the waypoint)
      SIDECAR_ONLY_IN_AMBIENT: a Sidecar configures sidecar proxies, and ambient workloads have none; namespace shop is in ambient mode (remove it; tune ambient traffic with waypoints and their policies)
      SIDECAR_ONLY_IN_AMBIENT: ztunnel enforces this policy (it has no targetRefs, only a selector) and cannot read HTTP attributes, so it fails safe: an ALLOW rule with HTTP conditions allows nothing, a DENY rule drops them and denies more; namespace shop is in ambient mode (attach it to the namespace's waypoint with targetRefs to a Service or to the waypoint Gateway, instead of a selector)"
    `);
  });

  test("a route to a Service is enforced by sidecars when the mesh has no ambient namespace or waypoint", () => {
    expect(summarize(analyzeYaml(docs(REVIEWS, CANARY)))).toEqual([]);
  });

  test("a route in another namespace than its Service is not applied by the Service's waypoint", () => {
    const yaml = docs(AMBIENT.replace("ambient }", "ambient, istio.io/use-waypoint: waypoint }"), WAYPOINT, REVIEWS, CANARY.replace("name: canary, namespace: shop", "name: canary, namespace: web").replace("name: reviews }]", "name: reviews, namespace: shop }]").replace("name: reviews, port", "name: reviews, namespace: shop, port"));
    const [issue, ...rest] = analyzeYaml(yaml).filter((i) => i.code !== "REFERENCE_NOT_PERMITTED");
    expect(rest).toEqual([]);
    expect([issue?.code, issue?.message]).toEqual([
      "ROUTE_NOT_ENFORCED",
      "HTTPRoute attaches to Service shop/reviews, but the route is in namespace web: a waypoint applies only routes in its Service's namespace, so nothing enforces this route",
    ]);
  });
});
