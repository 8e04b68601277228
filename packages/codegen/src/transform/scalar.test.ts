import { describe, expect, it } from "vitest";
import { emitNode, specErrorOf, transformGiven } from "./test-helpers.js";

describe("transformScalar", () => {
  describe("strings", () => {
    it.each([
      ["emits a plain string", { given: { type: "string" }, want: { type: "string", zod: "z.string()" } }],
      ["bounds the length", { given: { type: "string", minLength: 1, maxLength: 253 }, want: { type: "string", zod: "z.string().min(1).max(253)" } }],
      [
        "checks a pattern, escaping slashes for the regex literal",
        { given: { type: "string", pattern: "^/[a-z]+(/[a-z]+)*$" }, want: { type: "string", zod: "z.string().regex(/^\\/[a-z]+(\\/[a-z]+)*$/)" } },
      ],
      [
        "keeps slashes that are already escaped",
        { given: { type: "string", pattern: "^a\\/b$" }, want: { type: "string", zod: "z.string().regex(/^a\\/b$/)" } },
      ],
      [
        "turns RE2's (?i) prefix into the i flag and \\z into $",
        { given: { type: "string", pattern: "(?i)^[a-z]+\\z" }, want: { type: "string", zod: "z.string().regex(/^[a-z]+$/i)" } },
      ],
      [
        "checks length bounds before the pattern",
        { given: { type: "string", pattern: "^[0-9]+$", maxLength: 5, minLength: 1 }, want: { type: "string", zod: "z.string().min(1).max(5).regex(/^[0-9]+$/)" } },
      ],
      [
        "checks a format with the runtime",
        { given: { type: "string", format: "ipv4" }, want: { type: "string", zod: 'z.string().superRefine(checkFormat("ipv4"))', runtime: ["checkFormat"] } },
      ],
      [
        "checks bounds before the format",
        {
          given: { type: "string", format: "hostname", maxLength: 253 },
          want: { type: "string", zod: 'z.string().max(253).superRefine(checkFormat("hostname"))', runtime: ["checkFormat"] },
        },
      ],
      ["makes a nullable string accept null", { given: { type: "string", nullable: true }, want: { type: "string | null", zod: "z.string().nullable()" } }],
    ])("%s", (_name, { given, want }) => {
      expect(emitNode(given)).toEqual(want);
    });
  });

  describe("numbers and booleans", () => {
    it.each([
      ["emits an integer as an integer number", { given: { type: "integer" }, want: { type: "number", zod: "z.number().int()" } }],
      [
        "bounds an integer inclusively",
        { given: { type: "integer", format: "int32", minimum: 0, maximum: 65535 }, want: { type: "number", zod: "z.number().int().gte(0).lte(65535)" } },
      ],
      [
        "bounds a number exclusively",
        {
          given: { type: "number", minimum: 0, exclusiveMinimum: true, maximum: 100, exclusiveMaximum: true },
          want: { type: "number", zod: "z.number().gt(0).lt(100)" },
        },
      ],
      ["checks multipleOf", { given: { type: "number", multipleOf: 0.25 }, want: { type: "number", zod: "z.number().multipleOf(0.25)" } }],
      ["accepts negative bounds", { given: { type: "integer", minimum: -1, maximum: 0 }, want: { type: "number", zod: "z.number().int().gte(-1).lte(0)" } }],
      ["emits a boolean", { given: { type: "boolean" }, want: { type: "boolean", zod: "z.boolean()" } }],
    ])("%s", (_name, { given, want }) => {
      expect(emitNode(given)).toEqual(want);
    });
  });

  it.each([
    [
      "a pattern JavaScript cannot express",
      { type: "string", pattern: "^(?P<name>[a-z]+)$" },
      'crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: pattern "^(?P<name>[a-z]+)$" has no JavaScript equivalent',
    ],
    [
      "a bound that is not a number, at the bound's pointer",
      { type: "integer", maximum: "10" },
      'crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/maximum: unsupported schema construct: maximum must be a number, got "10"',
    ],
    [
      "a string keyword on an integer",
      { type: "integer", maxLength: 3 },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: keyword maxLength on an integer schema",
    ],
    [
      "a number keyword on a string",
      { type: "string", minimum: 3 },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: keyword minimum on a string schema",
    ],
    [
      "bounds on a boolean",
      { type: "boolean", minimum: 0, maximum: 1 },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: keywords minimum, maximum on a boolean schema",
    ],
  ])("rejects %s", (_name, given, message) => {
    expect(specErrorOf(() => emitNode(given))).toEqual({ code: "SPEC_UNSUPPORTED", message });
  });

  it("rejects an unsupported pattern when the schema is emitted, not when it is read", () => {
    expect(() => transformGiven({ type: "string", pattern: "(?P<name>x)" })).not.toThrow();
  });
});
