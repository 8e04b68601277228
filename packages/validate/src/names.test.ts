import { formatIssue } from "@meshform/diagnostics";
import { describe, expect, test } from "vitest";
import { validateManifests } from "./manifests.js";
import { nameProblems } from "./names.js";
import { createValidator } from "./validator.js";
// Validators created from the modules themselves, not the package entry: Istio's admission rules loaded as the entry loads them.
import "./admission-rules.js";

const validator = createValidator();
const errors = (text: string): string[] => validateManifests(validator, text, "m.yaml").flatMap((r) => r.issues.filter((i) => i.severity === "error").map(formatIssue));

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

describe("object names, checked per kind as the API server does", () => {
  test.each(["../../etc", "Shop", "my shop", "a\nb"])("a Service named %j is refused with the DNS-1035 message, at the name's line", (name) => {
    const text = `apiVersion: v1\nkind: Service\nmetadata:\n  namespace: shop\n  name: ${JSON.stringify(name)}\nspec:\n  ports: [{ port: 80 }]\n`;
    expect(errors(text)).toEqual([`m.yaml:5 v1/Service shop/${name} metadata.name: Invalid value: ${JSON.stringify(name)}: ${DNS1035}`]);
  });

  test("a Service name may not start with a digit, a ConfigMap name may, and may hold dots", () => {
    const text = "apiVersion: v1\nkind: Service\nmetadata: { name: 9lives }\nspec: { ports: [{ port: 80 }] }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: 9lives.v2 }\n";
    expect(errors(text)).toEqual([`m.yaml:3 v1/Service 9lives metadata.name: Invalid value: "9lives": ${DNS1035}`]);
  });

  test("a Namespace name is a DNS-1123 label: dots are refused with the API server's own message", () => {
    const text = "apiVersion: v1\nkind: Namespace\nmetadata: { name: shop.prod }\n---\napiVersion: v1\nkind: Namespace\nmetadata: { name: Shop }\n";
    expect(errors(text)).toEqual(['m.yaml:3 v1/Namespace shop.prod metadata.name: Invalid value: "shop.prod": must not contain dots', `m.yaml:7 v1/Namespace Shop metadata.name: Invalid value: "Shop": ${LABEL}`]);
  });

  test("custom resources (Gateway API, Istio) take a DNS-1123 subdomain, and their namespace a DNS-1123 label", () => {
    const text = [
      "apiVersion: gateway.networking.k8s.io/v1",
      "kind: HTTPRoute",
      "metadata: { name: ../../etc, namespace: My_NS }",
      "spec: {}",
      "---",
      "apiVersion: networking.istio.io/v1",
      "kind: DestinationRule",
      "metadata: { name: reviews.shop, namespace: shop }",
      "spec: { host: reviews }",
    ].join("\n");
    expect(errors(text)).toEqual([
      `m.yaml:3 gateway.networking.k8s.io/v1/HTTPRoute My_NS/../../etc metadata.name: Invalid value: "../../etc": ${SUBDOMAIN}`,
      `m.yaml:3 gateway.networking.k8s.io/v1/HTTPRoute My_NS/../../etc metadata.namespace: Invalid value: "My_NS": ${LABEL}`,
    ]);
  });

  test("a name too long says so as well; a generateName may end in '-'", () => {
    expect(nameProblems("dns1035Label", `a${"b".repeat(63)}`)).toEqual(["must be no more than 63 characters"]);
    expect(nameProblems("dns1123Subdomain", "x".repeat(254))).toEqual(["must be no more than 253 characters"]);
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata: { generateName: cache- }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { generateName: Cache- }\n";
    expect(errors(text)).toEqual([`m.yaml:7 v1/ConfigMap Cache- metadata.generateName: Invalid value: "Cache-": ${SUBDOMAIN}`]);
  });

  test("names inside a route's spec are checked only where the Gateway API CRDs have a pattern, as upstream does", () => {
    const route = (parent: string, backend: string) =>
      `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: { name: r, namespace: shop }\nspec:\n  parentRefs: [${parent}]\n  rules: [{ backendRefs: [${backend}] }]\n`;
    expect(errors(route('{ name: "Shop Gateway" }', '{ name: "../../etc", port: 80 }'))).toEqual([]);
    expect(errors(route('{ name: gw, namespace: "Bad NS" }', "{ name: reviews, port: 80 }"))).toEqual([
      "m.yaml:5 gateway.networking.k8s.io/v1/HTTPRoute shop/r spec.parentRefs[0].namespace: Invalid value: \"Bad NS\": spec.parentRefs[0].namespace in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'",
    ]);
  });
});

describe("a __proto__ key", () => {
  test("is an unknown field of the resource (an error with strict), from YAML or JSON, and never reaches Object.prototype", () => {
    const strict = createValidator({ strict: true });
    const yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  __proto__: { polluted: yes }\n__proto__: { polluted: yes }\n";
    const json = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "__proto__": {"polluted": true}}, "__proto__": {"polluted": true}}';
    for (const [text, file] of [[yaml, "m.yaml"], [json, "m.json"]] as const) {
      const issues = validateManifests(strict, text, file).flatMap((r) => r.issues);
      expect(issues.map((i) => [i.code, i.severity, i.path, i.message])).toEqual([
        ["UNKNOWN_FIELD", "error", ["metadata", "__proto__"], 'unknown field "__proto__"'],
        ["UNKNOWN_FIELD", "error", ["__proto__"], 'unknown field "__proto__"'],
      ]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("is an ordinary key of a map, such as a label (which the API server refuses, as any label key starting with '_')", () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: { __proto__: "x" }\ndata: { __proto__: "y" }\n';
    expect(validateManifests(createValidator({ strict: true }), text, "m.yaml").flatMap((r) => r.issues).map((i) => [i.code, i.path, i.message])).toEqual([
      ["KUBERNETES_INVALID", ["metadata", "labels"], expect.stringMatching(/^Invalid value: "__proto__": name part must consist of alphanumeric characters/)],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
