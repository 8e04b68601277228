import { kinds as gatewayKinds } from "@meshform/gateway-api";
import { kinds as k8sKinds } from "@meshform/k8s";
import { describe, expect, it } from "vitest";
import { applyDefaults, defaultsOf } from "./apply.js";

describe("schema defaults", () => {
  it("fills absent fields where the parent exists, and defaults what a default added", () => {
    const value = { spec: { rules: undefined as unknown, refs: [{ kind: "Gateway" }, {}] } };
    applyDefaults(value, [
      [["spec", "rules"], [{}]],
      [["spec", "rules", "*", "matches"], [{ path: "/" }]],
      [["spec", "refs", "*", "kind"], "Service"],
      [["spec", "missing", "x"], 1],
    ]);
    expect(value).toEqual({ spec: { rules: [{ matches: [{ path: "/" }] }], refs: [{ kind: "Gateway" }, { kind: "Service" }] } });
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
