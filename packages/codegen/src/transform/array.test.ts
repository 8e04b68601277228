import { describe, expect, it } from "vitest";
import { emitDecls, emitNode, specErrorOf, transformGiven } from "./test-helpers.js";

describe("transformArray", () => {
  it.each([
    ["emits a list of scalars", { given: { type: "array", items: { type: "string" } }, want: { type: "string[]", zod: "z.array(z.string())" } }],
    [
      "bounds the length with minItems and maxItems",
      { given: { type: "array", items: { type: "integer" }, minItems: 1, maxItems: 16 }, want: { type: "number[]", zod: "z.array(z.number().int()).min(1).max(16)" } },
    ],
    [
      "parenthesizes an item type that is a union",
      { given: { type: "array", items: { type: "string", enum: ["GET", "POST"] } }, want: { type: '("GET" | "POST")[]', zod: 'z.array(z.enum(["GET", "POST"]))' } },
    ],
    [
      "parenthesizes nullable items",
      { given: { type: "array", items: { type: "string", nullable: true } }, want: { type: "(string | null)[]", zod: "z.array(z.string().nullable())" } },
    ],
    [
      "nests lists",
      { given: { type: "array", items: { type: "array", items: { type: "boolean" }, maxItems: 2 } }, want: { type: "boolean[][]", zod: "z.array(z.array(z.boolean()).max(2))" } },
    ],
    [
      "names an object item after the list, without an item suffix",
      { given: { type: "array", items: { type: "object", properties: { a: { type: "string" } } } }, want: { type: "Example[]", zod: "z.array(z.lazy(() => ExampleSchema))" } },
    ],
    [
      "treats an atomic list as a plain list",
      { given: { type: "array", items: { type: "string" }, "x-kubernetes-list-type": "atomic" }, want: { type: "string[]", zod: "z.array(z.string())" } },
    ],
  ])("%s", (_name, { given, want }) => {
    expect(emitNode(given)).toEqual(want);
  });

  it("declares the schema of object items before the schema of the object holding the list", () => {
    const given = {
      type: "object",
      properties: { hosts: { type: "array", maxItems: 4, items: { type: "object", required: ["name"], properties: { name: { type: "string" } } } } },
    };
    expect(emitDecls(given)).toBe(`export interface Example {
  hosts?: ExampleHosts[];
}

export interface ExampleHosts {
  name: string;
}

/** Checks a {@link ExampleHosts}. */
export const ExampleHostsSchema: z.ZodType<ExampleHosts, ExampleHosts> = lazy(() =>
  strictObject<ExampleHosts>({
    name: z.string(),
  }),
);

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  strictObject<Example>({
    hosts: z.array(ExampleHostsSchema).max(4).optional(),
  }),
);
`);
  });

  it.each([
    [
      "a list without items",
      { type: "array" },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: an array without a single items schema",
    ],
    [
      "a tuple (items as a list)",
      { type: "array", items: [{ type: "string" }, { type: "integer" }] },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: an array without a single items schema",
    ],
    [
      "a bound that is not a number, at the bound's pointer",
      { type: "array", items: { type: "string" }, maxItems: "8" },
      'crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/maxItems: unsupported schema construct: maxItems must be a number, got "8"',
    ],
    [
      "a keyword lists do not have",
      { type: "array", items: { type: "string" }, uniqueItems: true },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: keyword uniqueItems on an array schema",
    ],
  ])("rejects %s", (_name, given, message) => {
    expect(specErrorOf(() => transformGiven(given))).toEqual({ code: "SPEC_UNSUPPORTED", message });
  });
});
