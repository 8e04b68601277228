import { describe, expect, it } from "vitest";
import { emitDecls, specErrorOf, transformGiven } from "./test-helpers.js";

describe("transformSchema", () => {
  it("reads properties without a type as an object", () => {
    expect(emitDecls({ properties: { a: { type: "string" } }, additionalProperties: false })).toBe(`export interface Example {
  a?: string;
}

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  strictObject<Example>({
    a: z.string().optional(),
  }),
);
`);
  });

  it.each([
    [
      "a keyword no construct knows (if/then)",
      { type: "object", properties: { a: { type: "string" } }, if: { required: ["a"] }, then: { required: ["b"] } },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: keywords if, then on an object schema",
    ],
    [
      "a keyword no construct knows on a string",
      { type: "string", const: "x" },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: keyword const on a string schema",
    ],
    [
      "a type JSON Schema has but Kubernetes does not",
      { type: "null" },
      'crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: type "null"',
    ],
    [
      "a list of types",
      { type: ["string", "null"] },
      'crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: type ["string","null"]',
    ],
    [
      "a schema without a type, naming the keys it has",
      { description: "Anything.", default: 1 },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: a schema without a type (keys: description, default)",
    ],
    [
      "an empty schema",
      {},
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: a schema without a type (keys: none)",
    ],
  ])("rejects %s", (_name, given, message) => {
    expect(specErrorOf(() => transformGiven(given))).toEqual({ code: "SPEC_UNSUPPORTED", message });
  });

  it.each([
    ["a string", "object", 'got "object"'],
    ["a list", [], "got []"],
    ["null", null, "got null"],
  ])("rejects %s where a schema should be as an invalid CRD", (_name, given, got) => {
    expect(specErrorOf(() => transformGiven(given))).toEqual({
      code: "SPEC_INVALID_CRD",
      message: `crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: a schema must be an object, ${got}`,
    });
  });
});
