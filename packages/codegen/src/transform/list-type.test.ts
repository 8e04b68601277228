import { describe, expect, it } from "vitest";
import { emitNode, specErrorOf, transformGiven } from "./test-helpers.js";

const PORT = {
  type: "object",
  required: ["port", "protocol"],
  properties: { name: { type: "string" }, port: { type: "integer" }, protocol: { type: "string", default: "TCP" } },
};

describe("readListType", () => {
  it.each([
    [
      "checks that the items of a set are unique",
      {
        given: { type: "array", items: { type: "string" }, "x-kubernetes-list-type": "set" },
        want: { type: "string[]", zod: "uniqueSet(z.array(z.string()))", runtime: ["uniqueSet"] },
      },
    ],
    [
      "checks uniqueness after the size bounds",
      {
        given: { type: "array", items: { type: "string" }, maxItems: 8, "x-kubernetes-list-type": "set" },
        want: { type: "string[]", zod: "uniqueSet(z.array(z.string()).max(8))", runtime: ["uniqueSet"] },
      },
    ],
    [
      "checks that no two items of a map list share their keys",
      {
        given: { type: "array", items: { type: "object", required: ["name"], properties: { name: { type: "string" } } }, "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"] },
        want: { type: "Example[]", zod: 'uniqueListKeys(z.array(z.lazy(() => ExampleSchema)), ["name"])', runtime: ["uniqueListKeys"] },
      },
    ],
    [
      "keeps several map keys in the schema's order, with the defaults of those that have one",
      {
        given: { type: "array", items: PORT, "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["port", "protocol"] },
        want: { type: "Example[]", zod: 'uniqueListKeys(z.array(z.lazy(() => ExampleSchema)), ["port", "protocol"], { protocol: "TCP" })', runtime: ["uniqueListKeys"] },
      },
    ],
    [
      "adds nothing for an atomic list",
      { given: { type: "array", items: PORT, "x-kubernetes-list-type": "atomic" }, want: { type: "Example[]", zod: "z.array(z.lazy(() => ExampleSchema))" } },
    ],
  ])("%s", (_name, { given, want }) => {
    expect(emitNode(given)).toEqual(want);
  });

  it.each([
    [
      "a map list without keys",
      { type: "array", items: PORT, "x-kubernetes-list-type": "map" },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: x-kubernetes-list-type: map needs x-kubernetes-list-map-keys",
    ],
    [
      "a map list with an empty key list",
      { type: "array", items: PORT, "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": [] },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: x-kubernetes-list-type: map needs x-kubernetes-list-map-keys",
    ],
    [
      "map keys that are not properties of the items",
      { type: "array", items: PORT, "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["port", "hostPort", "ip"] },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: list map keys hostPort, ip are not item properties",
    ],
    [
      "map keys without a map list type",
      { type: "array", items: PORT, "x-kubernetes-list-map-keys": ["port"] },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: x-kubernetes-list-map-keys without x-kubernetes-list-type: map",
    ],
    [
      "a list type Kubernetes does not have, at its pointer",
      { type: "array", items: { type: "string" }, "x-kubernetes-list-type": "unique" },
      'crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/x-kubernetes-list-type: unsupported schema construct: x-kubernetes-list-type "unique"',
    ],
  ])("rejects %s", (_name, given, message) => {
    expect(specErrorOf(() => transformGiven(given))).toEqual({ code: "SPEC_UNSUPPORTED", message });
  });
});
