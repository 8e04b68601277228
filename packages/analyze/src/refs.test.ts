import { describe, expect, test } from "vitest";
import { backendRefsOf, parentRefsOf, withRefsKept } from "./refs.js";
import { indexResources } from "./resource-index.js";
import { readYaml } from "./testing.js";

const ROUTE = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: reviews, namespace: shop }
spec:
  parentRefs: [{ name: web, sectionName: http }, "not a reference", { group: "", kind: Service, name: reviews, port: 9080 }]
  rules:
  - backendRefs: [{ name: reviews-v1, port: 9080 }, { name: reviews-v2, namespace: books }]
  - {}
  - backendRefs: [{ name: reviews-v3 }]`;

const route = () => indexResources(readYaml(ROUTE)).resources[0]!;

describe("route references", () => {
  test("fill the defaults of their place and say where each is written", () => {
    const routeOf = route();
    expect(parentRefsOf(routeOf)).toEqual([
      { group: "gateway.networking.k8s.io", kind: "Gateway", namespace: "shop", name: "web", sectionName: "http", port: undefined, path: ["spec", "parentRefs", 0] },
      { group: "", kind: "Service", namespace: "shop", name: "reviews", sectionName: undefined, port: 9080, path: ["spec", "parentRefs", 2] },
    ]);
    expect(backendRefsOf(routeOf).map((ref) => [ref.namespace, ref.name, ref.port, ref.path.join(".")])).toEqual([
      ["shop", "reviews-v1", 9080, "spec.rules.0.backendRefs.0"],
      ["books", "reviews-v2", undefined, "spec.rules.0.backendRefs.1"],
      ["shop", "reviews-v3", undefined, "spec.rules.2.backendRefs.0"],
    ]);
  });

  test("are read once per route during an analysis, and anew outside one", () => {
    const routeOf = route();
    expect(parentRefsOf(routeOf)).not.toBe(parentRefsOf(routeOf));
    const [parents, again, backends, backendsAgain] = withRefsKept(() => [parentRefsOf(routeOf), parentRefsOf(routeOf), backendRefsOf(routeOf), backendRefsOf(routeOf)]);
    expect(again).toBe(parents);
    expect(backendsAgain).toBe(backends);
    expect(parentRefsOf(routeOf)).not.toBe(parents);
    expect(parentRefsOf(routeOf)).toEqual(parents);
  });

  test("kept during an analysis are let go when it ends, even when it throws, and the outer one's are kept", () => {
    const routeOf = route();
    withRefsKept(() => {
      const outer = parentRefsOf(routeOf);
      expect(() =>
        withRefsKept(() => {
          expect(parentRefsOf(routeOf)).not.toBe(outer);
          throw new Error("stop");
        }),
      ).toThrow("stop");
      expect(parentRefsOf(routeOf)).toBe(outer);
    });
    expect(parentRefsOf(routeOf)).not.toBe(parentRefsOf(routeOf));
  });
});
