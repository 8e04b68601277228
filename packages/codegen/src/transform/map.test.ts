import { describe, expect, it } from "vitest";
import { emitDecls, emitNode, specErrorOf, transformGiven } from "./test-helpers.js";

describe("transformMap", () => {
  it.each([
    [
      "emits a map of strings",
      { given: { type: "object", additionalProperties: { type: "string" } }, want: { type: "{ [key: string]: string }", zod: "z.record(z.string(), z.string())" } },
    ],
    [
      "emits a map of lists",
      {
        given: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
        want: { type: "{ [key: string]: string[] }", zod: "z.record(z.string(), z.array(z.string()))" },
      },
    ],
    [
      "counts the entries with minProperties and maxProperties",
      {
        given: { type: "object", additionalProperties: { type: "string" }, minProperties: 1, maxProperties: 16 },
        want: { type: "{ [key: string]: string }", zod: "propertyCount(z.record(z.string(), z.string()), { min: 1, max: 16 })", runtime: ["propertyCount"] },
      },
    ],
    [
      "leaves an absent bound out",
      {
        given: { type: "object", additionalProperties: { type: "string", maxLength: 4096 }, maxProperties: 16 },
        want: { type: "{ [key: string]: string }", zod: "propertyCount(z.record(z.string(), z.string().max(4096)), { max: 16 })", runtime: ["propertyCount"] },
      },
    ],
    [
      "makes a nullable map accept null",
      {
        given: { type: "object", nullable: true, additionalProperties: { type: "integer" } },
        want: { type: "{ [key: string]: number } | null", zod: "z.record(z.string(), z.number().int()).nullable()" },
      },
    ],
  ])("%s", (_name, { given, want }) => {
    expect(emitNode(given)).toEqual(want);
  });

  it("names an object value `<Map>Value`", () => {
    const given = {
      type: "object",
      properties: { labels: { type: "object", additionalProperties: { type: "object", properties: { value: { type: "string" } } } } },
    };
    expect(emitDecls(given)).toBe(`export interface Example {
  labels?: { [key: string]: ExampleLabelsValue };
}

export interface ExampleLabelsValue {
  value?: string;
}

/** Checks a {@link ExampleLabelsValue}. */
export const ExampleLabelsValueSchema: z.ZodType<ExampleLabelsValue, ExampleLabelsValue> = lazy(() =>
  strictObject<ExampleLabelsValue>({
    value: z.string().optional(),
  }),
);

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  strictObject<Example>({
    labels: z.record(z.string(), ExampleLabelsValueSchema).optional(),
  }),
);
`);
  });

  it.each([
    [
      "additionalProperties: true",
      { type: "object", additionalProperties: true },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: additionalProperties: true (a schema is expected)",
    ],
    [
      "additionalProperties: false without properties",
      { type: "object", additionalProperties: false },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: additionalProperties: false (a schema is expected)",
    ],
    [
      "a problem in the value schema, at its pointer",
      { type: "object", additionalProperties: { type: "string", minLength: "1" } },
      'crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/additionalProperties/minLength: unsupported schema construct: minLength must be a number, got "1"',
    ],
  ])("rejects %s", (_name, given, message) => {
    expect(specErrorOf(() => transformGiven(given))).toEqual({ code: "SPEC_UNSUPPORTED", message });
  });
});
