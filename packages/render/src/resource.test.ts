import type { KindScope } from "@meshform/kind-runtime";
import { describe, expect, test } from "vitest";
import { kindChecker } from "./resource.js";

/** A scope lookup that counts its calls: Gateway API kinds are cluster-scoped, others namespaced. */
function countingScope(): { calls: string[]; scopeOf: (apiVersion: string, group: string, kind: string) => KindScope } {
  const calls: string[] = [];
  return {
    calls,
    scopeOf: (apiVersion, group, kind) => {
      calls.push(`${apiVersion} ${kind}`);
      return group === "gateway.networking.k8s.io" && kind === "GatewayClass" ? "Cluster" : "Namespaced";
    },
  };
}

describe("kindChecker", () => {
  test("gives the group and scope of a pair, looked up once however often it is asked", () => {
    const { calls, scopeOf } = countingScope();
    const kindOf = kindChecker(scopeOf);
    for (let i = 0; i < 3; i++) {
      expect(kindOf("gateway.networking.k8s.io/v1", "GatewayClass")).toEqual({ group: "gateway.networking.k8s.io", scope: "Cluster" });
      expect(kindOf("v1", "ConfigMap")).toEqual({ group: "", scope: "Namespaced" });
    }
    expect(calls).toEqual(["gateway.networking.k8s.io/v1 GatewayClass", "v1 ConfigMap"]);
  });

  test("tells a malformed apiVersion before a malformed kind, without a lookup", () => {
    const { calls, scopeOf } = countingScope();
    const kindOf = kindChecker(scopeOf);
    expect(kindOf("Apps/v1", "ConfigMap")).toBe("apiVersion");
    expect(kindOf("Apps/v1", 7)).toBe("apiVersion");
    expect(kindOf("v1", "config-map")).toBe("kind");
    expect(kindOf("v1", undefined)).toBe("kind");
    expect(kindOf("v1", "config-map")).toBe("kind");
    expect(calls).toEqual([]);
  });
});
