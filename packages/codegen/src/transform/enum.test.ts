import { describe, expect, it } from "vitest";
import { emitNode, specErrorOf, transformGiven } from "./test-helpers.js";

describe("readEnum", () => {
  it.each([
    [
      "turns a string enum into a literal union, in the schema's order",
      { given: { type: "string", enum: ["STRICT", "PERMISSIVE", "DISABLE"] }, want: { type: '"STRICT" | "PERMISSIVE" | "DISABLE"', zod: 'z.enum(["STRICT", "PERMISSIVE", "DISABLE"])' } },
    ],
    ["keeps a single value a literal", { given: { type: "string", enum: ["Exact"] }, want: { type: '"Exact"', zod: 'z.enum(["Exact"])' } }],
    [
      "quotes values that need escaping",
      { given: { type: "string", enum: ['say "hi"', "a\\b", ""] }, want: { type: '"say \\"hi\\"" | "a\\\\b" | ""', zod: 'z.enum(["say \\"hi\\"", "a\\\\b", ""])' } },
    ],
    ["turns an integer enum into a number literal union", { given: { type: "integer", enum: [1, 2, 3] }, want: { type: "1 | 2 | 3", zod: "z.literal([1, 2, 3])" } }],
    ["keeps a number enum's fractions", { given: { type: "number", enum: [0.5, 1] }, want: { type: "0.5 | 1", zod: "z.literal([0.5, 1])" } }],
    [
      "reads null in a nullable enum as nullability, not as a value",
      { given: { type: "string", nullable: true, enum: ["A", null] }, want: { type: '"A" | null', zod: 'z.enum(["A"]).nullable()' } },
    ],
    [
      "lets an enum win over a format, which every listed value already satisfies",
      { given: { type: "string", enum: ["10.0.0.1"], format: "ipv4" }, want: { type: '"10.0.0.1"', zod: 'z.enum(["10.0.0.1"])' } },
    ],
  ])("%s", (_name, { given, want }) => {
    expect(emitNode(given)).toEqual(want);
  });

  it.each([
    [
      "an empty enum",
      { type: "string", enum: [] },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/enum: unsupported schema construct: enum that is not a non-empty list",
    ],
    [
      "an enum that is not a list",
      { type: "string", enum: "A" },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/enum: unsupported schema construct: enum that is not a non-empty list",
    ],
    [
      "values of another type than the schema's",
      { type: "string", enum: ["A", 1] },
      'crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/enum: unsupported schema construct: enum values that are not all strings: ["A",1]',
    ],
    [
      "string values on an integer",
      { type: "integer", enum: ["1"] },
      'crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/enum: unsupported schema construct: enum values that are not all numbers: ["1"]',
    ],
  ])("rejects %s", (_name, given, message) => {
    expect(specErrorOf(() => transformGiven(given))).toEqual({ code: "SPEC_UNSUPPORTED", message });
  });
});
