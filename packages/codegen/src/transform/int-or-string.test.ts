import { describe, expect, it } from "vitest";
import { emitNode, specErrorOf, transformGiven } from "./test-helpers.js";

describe("transformIntOrString", () => {
  it.each([
    [
      "uses the runtime's intOrString for x-kubernetes-int-or-string",
      { given: { "x-kubernetes-int-or-string": true }, want: { type: "number | string", zod: "intOrString", runtime: ["intOrString"] } },
    ],
    [
      "accepts the anyOf that CRD generators write beside it",
      {
        given: { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }], description: "A port number or name." },
        want: { type: "number | string", zod: "intOrString", runtime: ["intOrString"] },
      },
    ],
    [
      "reads OpenAPI's format: int-or-string the same way",
      { given: { type: "string", format: "int-or-string" }, want: { type: "number | string", zod: "intOrString", runtime: ["intOrString"] } },
    ],
    [
      "applies a pattern to the string branch and bounds to the integer branch",
      {
        given: { "x-kubernetes-int-or-string": true, pattern: "^\\d+%$", minimum: 0, maximum: 100 },
        want: { type: "number | string", zod: "z.union([z.number().int().gte(0).lte(100), z.string().regex(/^\\d+%$/)])" },
      },
    ],
    [
      "applies length bounds to the string branch only",
      {
        given: { "x-kubernetes-int-or-string": true, minLength: 1, maxLength: 15 },
        want: { type: "number | string", zod: "z.union([z.number().int(), z.string().min(1).max(15)])" },
      },
    ],
    [
      "makes a nullable int-or-string accept null",
      { given: { "x-kubernetes-int-or-string": true, nullable: true }, want: { type: "number | string | null", zod: "intOrString.nullable()", runtime: ["intOrString"] } },
    ],
  ])("%s", (_name, { given, want }) => {
    expect(emitNode(given)).toEqual(want);
  });

  it("rejects a keyword it does not know", () => {
    expect(specErrorOf(() => transformGiven({ "x-kubernetes-int-or-string": true, enum: [1, "a"] }))).toEqual({
      code: "SPEC_UNSUPPORTED",
      message:
        "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: keyword enum on an untyped schema",
    });
  });
});
