/**
 * The round trip's comparison: the fast check (`sameAfterDefaults`) and the detailed one
 * (`normalize` then `differences`) agree on any pair of values, with and without defaults; the
 * check of two resources apart from their names agrees with the fast check of copies without them.
 */
import type { SchemaDefault } from "@meshform/kind-runtime";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { differences, normalize, sameAfterDefaults, sameApartFromIdentity } from "./compare.js";

const DEFAULTS: readonly SchemaDefault[] = [
  [["metadata", "labels", "*"], "a"],
  [["spec", "parentRefs", "*", "group"], "gateway.networking.k8s.io"],
  [["spec", "parentRefs", "*", "kind"], "Gateway"],
  [["spec", "mode"], "STRICT"],
];

const leaf = fc.oneof(fc.constantFrom("a", "b", "Gateway", "STRICT", "gateway.networking.k8s.io"), fc.integer({ min: 0, max: 3 }), fc.boolean());
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("spec", "parentRefs", "group", "kind", "mode", "x"), tie("node"), { maxKeys: 3 })),
})).node;

describe("the comparison", () => {
  it("the fast check agrees with the detailed differences", () => {
    fc.assert(
      fc.property(value, value, fc.boolean(), (a, b, withDefaults) => {
        const defaults = withDefaults ? DEFAULTS : [];
        expect(sameAfterDefaults(a, b, defaults)).toBe(differences(normalize(a, defaults), normalize(b, defaults)).length === 0);
      }),
      { numRuns: 2000 },
    );
  });

  it("resources compared apart from their names agree with copies compared without them", () => {
    const withoutIdentity = (r: Record<string, unknown>): Record<string, unknown> => ({ ...r, metadata: { ...(r.metadata as object), name: undefined, namespace: undefined } });
    const resource = fc.record({ metadata: fc.dictionary(fc.constantFrom("name", "namespace", "labels", "x"), value, { maxKeys: 3 }), spec: value }, { requiredKeys: ["metadata"] });
    fc.assert(
      fc.property(resource, resource, fc.boolean(), (a, b, withDefaults) => {
        const defaults = withDefaults ? DEFAULTS : [];
        expect(sameApartFromIdentity(a, b, defaults)).toBe(sameAfterDefaults(withoutIdentity(a), withoutIdentity(b), defaults));
      }),
      { numRuns: 2000 },
    );
  });

  it("a default written out and one left out agree; lists of plain values in any order agree", () => {
    const a = { spec: { parentRefs: [{ name: "edge" }], hosts: ["b", "a"] } };
    const b = { spec: { parentRefs: [{ name: "edge", group: "gateway.networking.k8s.io", kind: "Gateway" }], hosts: ["a", "b"], mode: "STRICT", empty: {} } };
    expect(sameAfterDefaults(a, b, DEFAULTS)).toBe(true);
    expect(differences(normalize(a, DEFAULTS), normalize(b, DEFAULTS))).toEqual([]);
    expect(differences(normalize(a, DEFAULTS), normalize({ spec: { parentRefs: [{ name: "other" }] } }, DEFAULTS))).toEqual([
      { path: ["spec", "hosts"], input: ["a", "b"], output: undefined },
      { path: ["spec", "parentRefs", 0, "name"], input: "edge", output: "other" },
    ]);
  });
});
