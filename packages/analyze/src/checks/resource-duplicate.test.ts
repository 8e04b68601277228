import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { analyzeMesh } from "../analyze.js";
import { analyzeYaml, docs, readYaml, summarize } from "../testing.js";

const rule = (name: string, namespace: string, subset: string, policy = "") => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  host: reviews${policy}
  subsets: [{ name: ${subset}, labels: { version: ${subset} } }]`;

// Two definitions of Gateway example-gateway, as two versions of one example left side by side.
const gateway = (listeners: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: example-gateway, namespace: shop }
spec:
  gatewayClassName: istio
  listeners:
${listeners}`;

const route = (name: string, section: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${name}, namespace: shop }
spec:
  parentRefs: [{ name: example-gateway, sectionName: ${section} }]
  hostnames: [${name}.example.com]
  rules: [{ backendRefs: [{ name: reviews, port: 9080 }] }]`;

/** The codes a duplicate could have drawn by comparing a resource with itself, or by reading the overwritten copy. */
const RELEVANT: ReadonlySet<string> = new Set(["RESOURCE_DUPLICATE", "DESTINATION_RULE_CONFLICT", "LISTENER_CONFLICT", "ROUTE_GATEWAY_NOT_FOUND", "ROUTE_NOT_ALLOWED", "ROUTE_CONFLICT", "SERVICE_NOT_FOUND", "SUPPRESSION_UNUSED", "SUPPRESSION_INVALID"]);
const relevant = <T extends { readonly code: string }>(issues: readonly T[]): T[] => issues.filter((i) => RELEVANT.has(i.code));

const SERVICE = "apiVersion: v1\nkind: Service\nmetadata: { name: reviews, namespace: shop }\nspec: { ports: [{ name: http, port: 9080 }] }";

describe("RESOURCE_DUPLICATE", () => {
  test("one DestinationRule written twice is one duplicate on the last, not a DestinationRule in conflict with itself", () => {
    const issues = analyzeYaml(docs(rule("reviews", "shop", "v1", "\n  trafficPolicy: { loadBalancer: { simple: LEAST_REQUEST } }"), rule("reviews", "shop", "v2", "\n  trafficPolicy: { loadBalancer: { simple: ROUND_ROBIN } }")));
    expect(relevant(issues)).toEqual([
      {
        code: "RESOURCE_DUPLICATE",
        severity: "warning",
        message:
          "DestinationRule shop/reviews is also defined at mesh.yaml:1: applying the set keeps only the last definition, this one, and the earlier one is overwritten without a trace, so what it configures never takes effect",
        hint: "keep one definition of the resource: merge them, rename one, or leave the superseded file out of the set",
        path: ["metadata", "name"],
        resource: { apiVersion: "networking.istio.io/v1", kind: "DestinationRule", name: "reviews", namespace: "shop" },
        source: { file: "mesh.yaml", line: 11 },
      },
    ]);
  });

  test("three definitions: one finding on the last, naming both earlier ones; many: the first three and a count", () => {
    const issues = analyzeMesh([...readYaml(rule("reviews", "shop", "v1"), "a.yaml"), ...readYaml(rule("reviews", "shop", "v2"), "b.yaml"), ...readYaml(rule("reviews", "shop", "v3"), "c.yaml")]);
    expect(relevant(issues).map((i) => [i.code, i.source?.file, i.message])).toEqual([
      [
        "RESOURCE_DUPLICATE",
        "c.yaml",
        "DestinationRule shop/reviews is also defined at a.yaml:2 and b.yaml:2: applying the set keeps only the last definition, this one, and the earlier ones are overwritten without a trace, so what they configure never takes effect",
      ],
    ]);
    const many = readYaml(docs(...Array.from({ length: 1000 }, () => "apiVersion: v1\nkind: Namespace\nmetadata: { name: a }")), "many.yaml");
    expect(relevant(analyzeMesh(many)).map((i) => [i.source?.line, i.message.slice(0, i.message.indexOf(": applying"))])).toEqual([[3999, "Namespace a is also defined at many.yaml:1, many.yaml:5, many.yaml:9 and 996 more times"]]);
    const unplaced = readYaml(docs(rule("reviews", "shop", "v1"), rule("reviews", "shop", "v2"))).map(({ object }) => ({ object }));
    expect(relevant(analyzeMesh(unplaced)).map((i) => i.message.slice(0, i.message.indexOf(": applying")))).toEqual(["DestinationRule shop/reviews is also defined at resource 1 of the input"]);
  });

  test("the routes are checked against the last example-gateway, and the two copies' listeners do not conflict", () => {
    const first = gateway("  - { name: http, port: 80, protocol: HTTP }\n  - { name: admin, port: 8080, protocol: HTTP }");
    const last = gateway("  - { name: http, port: 80, protocol: HTTP }\n  - { name: api, port: 8081, protocol: HTTP }");
    const issues = analyzeYaml(docs(SERVICE, first, last, route("web", "http"), route("api", "api")));
    expect(summarize(relevant(issues))).toEqual([["RESOURCE_DUPLICATE", "Gateway shop/example-gateway", "metadata.name"]]);
    // A route to a listener only the overwritten copy has is reported: that listener is not in the cluster.
    expect(summarize(relevant(analyzeYaml(docs(SERVICE, first, last, route("admin", "admin")))))).toEqual([
      ["RESOURCE_DUPLICATE", "Gateway shop/example-gateway", "metadata.name"],
      ["ROUTE_GATEWAY_NOT_FOUND", "HTTPRoute shop/admin", "spec.parentRefs[0].sectionName"],
    ]);
  });

  test("silent: one name for two kinds, for two namespaces, or for resources without a name", () => {
    const service = "apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: reviews, namespace: shop }";
    expect(summarize(relevant(analyzeYaml(docs(rule("reviews", "shop", "v1"), rule("reviews", "books", "v1"), SERVICE, service))))).toEqual([]);
    const unnamed = "apiVersion: v1\nkind: ConfigMap\nmetadata: { namespace: shop }";
    expect(summarize(relevant(analyzeYaml(docs(unnamed, unnamed))))).toEqual([]);
  });

  test("suppressed on the last definition, with a reason", () => {
    const suppressed = rule("reviews", "shop", "v2").replace("namespace: shop }", 'namespace: shop, annotations: { meshform.dev/suppress: "RESOURCE_DUPLICATE: the second file is the next step of the task" } }');
    expect(summarize(relevant(analyzeYaml(docs(rule("reviews", "shop", "v1"), suppressed))))).toEqual([]);
  });

  test("its page's example draws it and its silent case does not", () => {
    const page = readFileSync(fileURLToPath(new URL("../../../../docs/analysis/RESOURCE_DUPLICATE.md", import.meta.url)), "utf8");
    const example = /## Example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(page)?.[1] ?? "";
    const silent = /## Silent[\s\S]*?```yaml\n([\s\S]*?)```/.exec(page)?.[1] ?? "missing";
    expect(summarize(relevant(analyzeYaml(example)))).toEqual([["RESOURCE_DUPLICATE", "DestinationRule shop/reviews", "metadata.name"]]);
    expect(analyzeYaml(silent).filter((i) => i.code === "RESOURCE_DUPLICATE")).toEqual([]);
  });
});
