import { describe, expect, it } from "vitest";
import { emitDecls, specErrorOf, transformGiven } from "./test-helpers.js";

const STRING = { type: "string" };

describe("transformObject", () => {
  it.each([
    [
      "makes required properties required and the others optional, in schema order",
      {
        given: {
          type: "object",
          description: "A backend.",
          required: ["name"],
          properties: { port: { type: "integer" }, name: { type: "string" } },
        },
        want: `/** A backend. */
export interface Example {
  port?: number;
  name: string;
}

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  strictObject<Example>({
    port: z.number().int().optional(),
    name: z.string(),
  }),
);
`,
      },
    ],
    [
      "documents each field with its description, default and deprecation",
      {
        given: {
          type: "object",
          properties: {
            mode: { type: "string", description: "How to connect.\n\nOne of DIRECT or PROXY.", default: "DIRECT" },
            timeout: { type: "string", description: "Deprecated: use `deadline` instead." },
            retries: { type: "integer", default: 3 },
          },
        },
        want: `export interface Example {
  /**
   * How to connect.
   *
   * One of DIRECT or PROXY.
   *
   * @defaultValue "DIRECT"
   */
  mode?: string;
  /**
   * Deprecated: use \`deadline\` instead.
   *
   * @deprecated See the description.
   */
  timeout?: string;
  /** @defaultValue 3 */
  retries?: number;
}

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  strictObject<Example>({
    mode: z.string().optional(),
    timeout: z.string().optional(),
    retries: z.number().int().optional(),
  }),
);
`,
      },
    ],
    [
      "escapes descriptions that would end the comment or read as a tag",
      {
        given: {
          type: "object",
          properties: { glob: { type: "string", description: "Matches a/*/b paths.\n@see the docs" } },
        },
        want: `export interface Example {
  /**
   * Matches a/*\\/b paths.
   * \\@see the docs
   */
  glob?: string;
}

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  strictObject<Example>({
    glob: z.string().optional(),
  }),
);
`,
      },
    ],
    [
      "quotes property names that are not identifiers",
      {
        given: { type: "object", properties: { "x-forwarded-for": STRING, $schema: STRING, "1st": STRING } },
        want: `export interface Example {
  "x-forwarded-for"?: string;
  $schema?: string;
  "1st"?: string;
}

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  strictObject<Example>({
    "x-forwarded-for": z.string().optional(),
    $schema: z.string().optional(),
    "1st": z.string().optional(),
  }),
);
`,
      },
    ],
    [
      "names nested objects after their path and declares their schemas first",
      {
        given: {
          type: "object",
          properties: {
            trafficPolicy: {
              type: "object",
              description: "Traffic policy.",
              properties: { connectionPool: { type: "object", properties: { maxConnections: { type: "integer" } } } },
            },
          },
        },
        want: `export interface Example {
  /** Traffic policy. */
  trafficPolicy?: ExampleTrafficPolicy;
}

/** Traffic policy. */
export interface ExampleTrafficPolicy {
  connectionPool?: ExampleTrafficPolicyConnectionPool;
}

export interface ExampleTrafficPolicyConnectionPool {
  maxConnections?: number;
}

/** Checks a {@link ExampleTrafficPolicyConnectionPool}. */
export const ExampleTrafficPolicyConnectionPoolSchema: z.ZodType<ExampleTrafficPolicyConnectionPool, ExampleTrafficPolicyConnectionPool> = lazy(() =>
  strictObject<ExampleTrafficPolicyConnectionPool>({
    maxConnections: z.number().int().optional(),
  }),
);

/** Checks a {@link ExampleTrafficPolicy}. */
export const ExampleTrafficPolicySchema: z.ZodType<ExampleTrafficPolicy, ExampleTrafficPolicy> = lazy(() =>
  strictObject<ExampleTrafficPolicy>({
    connectionPool: ExampleTrafficPolicyConnectionPoolSchema.optional(),
  }),
);

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  strictObject<Example>({
    trafficPolicy: ExampleTrafficPolicySchema.optional(),
  }),
);
`,
      },
    ],
    [
      "keeps unknown fields of an open-ended object (preserve-unknown-fields beside properties)",
      {
        given: { type: "object", properties: { name: STRING }, "x-kubernetes-preserve-unknown-fields": true },
        want: `export interface Example {
  name?: string;
  /** Fields this schema keeps without checking them. */
  [key: string]: unknown;
}

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  looseObject<Example>({
    name: z.string().optional(),
  }),
);
`,
      },
    ],
    [
      "makes a nullable property accept null",
      {
        given: { type: "object", properties: { parent: { type: "object", nullable: true, properties: { id: STRING } } } },
        want: `export interface Example {
  parent?: ExampleParent | null;
}

export interface ExampleParent {
  id?: string;
}

/** Checks a {@link ExampleParent}. */
export const ExampleParentSchema: z.ZodType<ExampleParent, ExampleParent> = lazy(() =>
  strictObject<ExampleParent>({
    id: z.string().optional(),
  }),
);

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  strictObject<Example>({
    parent: ExampleParentSchema.nullable().optional(),
  }),
);
`,
      },
    ],
    [
      "counts the properties of an object with minProperties and maxProperties",
      {
        given: { type: "object", minProperties: 1, maxProperties: 2, properties: { a: STRING, b: STRING, c: STRING } },
        want: `export interface Example {
  a?: string;
  b?: string;
  c?: string;
}

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  propertyCount<Example>(strictObject<Example>({
    a: z.string().optional(),
    b: z.string().optional(),
    c: z.string().optional(),
  }), { min: 1, max: 2 }),
);
`,
      },
    ],
    [
      "emits an object without properties as one that accepts no fields",
      {
        given: { type: "object" },
        want: `export interface Example {}

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  strictObject<Example>({}),
);
`,
      },
    ],
  ])("%s", (_name, { given, want }) => {
    expect(emitDecls(given)).toBe(want);
  });

  it.each([
    [
      "both properties and additionalProperties",
      { type: "object", properties: { a: STRING }, additionalProperties: STRING },
      "SPEC_UNSUPPORTED",
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: an object with both properties and additionalProperties",
    ],
    [
      "a required property that is not declared",
      { type: "object", properties: { a: STRING }, required: ["a", "b"] },
      "SPEC_UNSUPPORTED",
      'crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/required: unsupported schema construct: required property "b" is not declared',
    ],
    [
      "a required list that is not a list of names, as an invalid CRD",
      { type: "object", properties: { a: STRING }, required: "a" },
      "SPEC_INVALID_CRD",
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/required: required must be a list of property names",
    ],
    [
      "properties that are not a map",
      { type: "object", properties: [STRING] },
      "SPEC_UNSUPPORTED",
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: properties that is not a map",
    ],
    [
      "a problem deep inside, at the pointer of the nested schema",
      { type: "object", properties: { rules: { type: "array", items: { type: "object", properties: { "a/b": { type: "strin" } } } } } },
      "SPEC_UNSUPPORTED",
      'crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/rules/items/properties/a~1b: unsupported schema construct: type "strin"',
    ],
  ])("rejects %s", (_name, given, code, message) => {
    expect(specErrorOf(() => transformGiven(given))).toEqual({ code, message });
  });
});
