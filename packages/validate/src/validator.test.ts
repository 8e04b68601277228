import { formatIssue } from "@meshform/diagnostics";
import { describe, expect, it } from "vitest";
import { ValidateError } from "./codes.js";
import { createValidator } from "./validator.js";
// Validators created from the modules themselves, not the package entry: Istio's admission rules loaded as the entry loads them.
import "./admission-rules.js";

const route = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: { name: "reviews", namespace: "bookinfo" },
  spec: { parentRefs: [{ name: "gw" }], rules: [{ backendRefs: [{ name: "reviews", port: 9080 }] }] },
};
const lines = (issues: readonly Parameters<typeof formatIssue>[0][]) => issues.map(formatIssue);
const validator = createValidator();

describe("createValidator: kinds and versions", () => {
  it("accepts a valid resource", () => {
    expect(validator.validate(route)).toEqual([]);
  });

  it("reports a kind it has no schema for as not checked, not as an error", () => {
    expect(lines(validator.validate({ apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: { name: "c" } }))).toEqual([
      "cert-manager.io/v1/Certificate c kind: not checked: meshform has no schema for cert-manager.io/v1 Certificate",
    ]);
  });

  it("rejects a version a known group does not serve, naming the served ones", () => {
    expect(lines(validator.validate({ ...route, apiVersion: "gateway.networking.k8s.io/v2" }))).toEqual([
      'gateway.networking.k8s.io/v2/HTTPRoute bookinfo/reviews apiVersion: no matches for kind "HTTPRoute" in version "gateway.networking.k8s.io/v2" (HTTPRoute is served as gateway.networking.k8s.io/v1, gateway.networking.k8s.io/v1beta1)',
    ]);
  });

  it("rejects an experimental-only kind on the standard channel, and checks it on the experimental one", () => {
    const tcp = { apiVersion: "gateway.networking.k8s.io/v1alpha2", kind: "TCPRoute", metadata: { name: "t", namespace: "n" }, spec: { parentRefs: [{ name: "gw" }], rules: [{ backendRefs: [{ name: "db", port: 5432 }] }] } };
    expect(lines(validator.validate(tcp))).toEqual([
      "gateway.networking.k8s.io/v1alpha2/TCPRoute n/t apiVersion: gateway.networking.k8s.io/v1alpha2 TCPRoute is only in the experimental channel of Gateway API v1.6.1 (check it against the experimental channel)",
    ]);
    expect(lines(createValidator({ gatewayApiChannel: "experimental" }).validate(tcp))).toEqual([
      "gateway.networking.k8s.io/v1alpha2/TCPRoute n/t apiVersion: The v1alpha2 version of TCPRoute has been deprecated and will be removed in a future release of the API. Please upgrade to v1.",
    ]);
  });

  it("reports documents that are not resources", () => {
    expect(lines(validator.validate([1]))).toEqual(["document is not an object"]);
    expect(lines(validator.validate({ kind: "Gateway" }))).toEqual(["apiVersion: Required value: apiVersion must be set"]);
    expect(lines(validator.validate({ apiVersion: "v1" }))).toEqual(["kind: Required value: kind must be set"]);
  });

  it("requires a name or generateName", () => {
    expect(lines(validator.validate({ apiVersion: "v1", kind: "Namespace", metadata: {} }))).toEqual(["v1/Namespace  metadata.name: Required value: name or generateName is required"]);
  });
});

describe("createValidator: target releases", () => {
  it("rejects a field the target Gateway API release lacks, naming the release that has it", () => {
    const old = createValidator({ gatewayApiRelease: "v1.2.1" });
    const named = { ...route, spec: { ...route.spec, rules: [{ name: "main", backendRefs: [{ name: "reviews", port: 9080 }] }] } };
    expect(lines(old.validate(named))).toEqual([
      "gateway.networking.k8s.io/v1/HTTPRoute bookinfo/reviews spec.rules[0].name: Gateway API v1.2.1 does not have this field: it first appears in Gateway API v1.4.1",
    ]);
    expect(old.validate(route)).toEqual([]);
  });

  it("rejects a kind version the target Istio release does not serve", () => {
    const old = createValidator({ istioRelease: "1.24.6" });
    const extension = { apiVersion: "extensions.istio.io/v1alpha1", kind: "TrafficExtension", metadata: { name: "x", namespace: "n" }, spec: { lua: { inlineCode: "function envoy_on_request(h) end" } } };
    expect(lines(old.validate(extension))[0]).toBe(
      "extensions.istio.io/v1alpha1/TrafficExtension n/x Istio 1.24.6 does not serve extensions.istio.io/v1alpha1 TrafficExtension: it first appears in Istio 1.30.3",
    );
  });

  it("refuses a release or channel meshform does not ship", () => {
    expect(() => createValidator({ istioRelease: "1.2" })).toThrow(new ValidateError("UNKNOWN_RELEASE", "unknown Istio release '1.2'; meshform knows 1.24.6, 1.25.5, 1.26.8, 1.27.9, 1.28.10, 1.29.6, 1.30.3"));
    expect(() => createValidator({ gatewayApiChannel: "beta" as "standard" })).toThrow("unknown Gateway API channel 'beta'; meshform knows standard, experimental");
  });
});

describe("createValidator: schema, defaults and rules together", () => {
  it("warns about an unknown field by default, rejects it in strict mode, and drops it before the rules", () => {
    const extra = { ...route, spec: { ...route.spec, rules: [{ backendRefs: [{ name: "reviews", port: 9080, weigth: 5 }] }] } };
    expect(lines(validator.validate(extra))).toEqual([
      'gateway.networking.k8s.io/v1/HTTPRoute bookinfo/reviews spec.rules[0].backendRefs[0].weigth: unknown field "weigth" (dropped by the API server)',
    ]);
    expect(createValidator({ strict: true }).validate(extra).map((i) => [i.severity, i.message])).toEqual([["error", 'unknown field "weigth"']]);
  });

  it("applies schema defaults before the rules, as the API server does", () => {
    const serviceRef = { ...route, spec: { ...route.spec, rules: [{ backendRefs: [{ name: "reviews" }] }] } };
    expect(lines(validator.validate(serviceRef))).toEqual([
      'gateway.networking.k8s.io/v1/HTTPRoute bookinfo/reviews spec.rules[0].backendRefs[0]: Invalid value: "object": Must have port for Service reference',
    ]);
  });

  it("does not evaluate rules after a blocking schema error, and says so", () => {
    const wrongType = { ...route, spec: { ...route.spec, rules: [{ backendRefs: [{ name: "reviews", port: "9080" }] }] } };
    expect(lines(validator.validate(wrongType))).toEqual([
      'gateway.networking.k8s.io/v1/HTTPRoute bookinfo/reviews spec.rules[0].backendRefs[0].port: Invalid value: "string": spec.rules[0].backendRefs[0].port in body must be of type integer: "string"',
      "gateway.networking.k8s.io/v1/HTTPRoute bookinfo/reviews some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
    ]);
  });

  it("still evaluates rules after a non-blocking schema error (a pattern)", () => {
    const path = { ...route, spec: { ...route.spec, rules: [{ matches: [{ path: { type: "PathPrefix", value: "no-slash" } }] }] } };
    expect(validator.validate(path).map((i) => i.code)).toEqual(["CEL_RULE"]);
  });

  it("treats null fields as absent", () => {
    expect(validator.validate({ ...route, metadata: { ...route.metadata, labels: null } })).toEqual([]);
  });

  it("checks a resource the schema already checked without writing to it, with or without nulls, as a fresh copy is checked", () => {
    const checked = createValidator({ schemaChecked: true });
    const broken = { ...route, spec: { ...route.spec, rules: [{ matches: [{ path: { type: "PathPrefix", value: "/x//" } }], backendRefs: [{ name: "reviews", port: 9080 }] }] } };
    for (const resource of [route, broken, { ...broken, metadata: { ...broken.metadata, labels: null } }]) {
      const expected = checked.validate(structuredClone(resource));
      const frozen = deepFreeze(structuredClone(resource));
      expect(checked.validate(frozen)).toEqual(expected);
      expect(frozen).toEqual(resource);
    }
    expect(checked.validate(broken).map((i) => i.message)).toEqual([
      "Invalid value: \"object\": must not contain '//' when type one of ['Exact', 'PathPrefix']",
    ]);
  });

  it("places issues with the source it is given", () => {
    const issues = validator.validate({ ...route, kind: "HTTPRoutes" }, { file: "route.yaml", lineOf: (path) => path.length + 10 });
    expect(issues.map((i) => i.source)).toEqual([{ file: "route.yaml", line: 11 }]);
  });

  it("counts resources and CEL time", () => {
    const counting = createValidator();
    counting.validate(route);
    expect(counting.stats().resources).toBe(1);
    expect(counting.stats().celMilliseconds).toBeGreaterThan(0);
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
