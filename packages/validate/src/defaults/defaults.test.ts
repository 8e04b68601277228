import { kinds as gatewayKinds } from "@meshform/gateway-api";
import { kinds as k8sKinds } from "@meshform/k8s";
import { describe, expect, it } from "vitest";
import { defaultsOf, withDefaults } from "./apply.js";

describe("schema defaults", () => {
  it("fills absent fields where the parent exists, and defaults what a default added", () => {
    const value = { spec: { rules: undefined as unknown, refs: [{ kind: "Gateway" }, {}] } };
    const defaulted = withDefaults(value, [
      [["spec", "rules"], [{}]],
      [["spec", "rules", "*", "matches"], [{ path: "/" }]],
      [["spec", "refs", "*", "kind"], "Service"],
      [["spec", "missing", "x"], 1],
    ]);
    expect(defaulted).toEqual({ spec: { rules: [{ matches: [{ path: "/" }] }], refs: [{ kind: "Gateway" }, { kind: "Service" }] } });
  });

  it("changes neither the resource nor the defaults, copies only the way to a filled field, and drops a default's nulls", () => {
    const untouched = { a: [1] };
    const value = { spec: { refs: [{ kind: "Gateway" }, {}], untouched }, status: {} };
    const rules = [{ matches: null, filters: [] }];
    const defaults: [string[], unknown][] = [
      [["spec", "rules"], rules],
      [["spec", "rules", "*", "matches"], [{ path: "/" }]],
      [["spec", "refs", "*", "kind"], "Service"],
    ];
    const before = structuredClone({ value, defaults });
    const first = withDefaults(value, defaults);
    const second = withDefaults(value, defaults);
    expect(first).toEqual({ spec: { refs: [{ kind: "Gateway" }, { kind: "Service" }], untouched, rules: [{ filters: [], matches: [{ path: "/" }] }] }, status: {} });
    expect(second).toEqual(first);
    expect({ value, defaults }).toEqual(before);
    expect(first.spec.untouched).toBe(untouched);
    expect(first.status).toBe(value.status);
    expect(first.spec.refs[0]).toBe(value.spec.refs[0]);
    expect(withDefaults(value, [[["spec", "refs", "*", "kind"], "Service"]]).spec.refs[1]).not.toBe(value.spec.refs[1]);
    expect(withDefaults(value, [[["spec", "missing", "x"], 1]])).toBe(value);
  });

  it("keeps a __proto__ key an ordinary field of the copies it makes", () => {
    const value = JSON.parse('{"spec":{"__proto__":{"x":1},"refs":[{}]}}') as { spec: Record<string, unknown> };
    const defaulted = withDefaults(value, [[["spec", "refs", "*", "kind"], "Service"]]);
    expect(Object.getPrototypeOf(defaulted.spec)).toBe(Object.prototype);
    expect(Object.keys(defaulted.spec)).toEqual(["__proto__", "refs"]);
    expect(defaulted.spec.refs).toEqual([{ kind: "Service" }]);
  });

  it("knows HTTPRoute's defaults, recorded by the generator from the CRD", () => {
    const route = gatewayKinds.find((e) => e.info.kind === "HTTPRoute" && e.info.version === "v1")!;
    expect(defaultsOf(route)).toContainEqual([["spec", "rules", "*", "matches"], [{ path: { type: "PathPrefix", value: "/" } }]]);
    expect(defaultsOf(route)).toContainEqual([["spec", "parentRefs", "*", "kind"], "Gateway"]);
  });

  it("applies none to Kubernetes' own kinds, which Go code defaults", () => {
    expect(k8sKinds.every((entry) => defaultsOf(entry).length === 0)).toBe(true);
  });
});
