import { describe, expect, it } from "vitest";
import { emitDecls, emitNode, specErrorOf, transformGiven } from "./test-helpers.js";

const STRING = { type: "string" };

/** The "at most one of" pattern CRD generators write for a protobuf oneof. */
function atMostOne(...fields: string[]): unknown[] {
  return [{ not: { anyOf: fields.map((f) => ({ required: [f] })) } }, ...fields.map((f) => ({ required: [f] }))];
}

/** A Gateway `addresses` item: an IP address unless `type` says otherwise, and `type` defaults to IPAddress. */
const GATEWAY_ADDRESS = {
  type: "object",
  description: "GatewaySpecAddress describes an address that can be bound to a Gateway.",
  required: ["value"],
  properties: {
    type: { type: "string", default: "IPAddress", maxLength: 253 },
    value: { type: "string", maxLength: 253 },
  },
  oneOf: [
    { properties: { type: { enum: ["IPAddress"] }, value: { anyOf: [{ format: "ipv4" }, { format: "ipv6" }] } } },
    { properties: { type: { not: { enum: ["IPAddress"] } } } },
  ],
};

describe("transformObject with oneOf", () => {
  it.each([
    [
      "makes the fields of an at-most-one group exclusive in the type and the schema",
      {
        given: { type: "object", description: "How to match a path.", properties: { exact: STRING, prefix: STRING, regex: STRING, ignoreCase: { type: "boolean" } }, oneOf: atMostOne("exact", "prefix", "regex") },
        want: `/** The fields of {@link Example}, none exclusive. */
export interface ExampleFields {
  exact?: string;
  prefix?: string;
  regex?: string;
  ignoreCase?: boolean;
}

/**
 * How to match a path.
 *
 * At most one of \`exact\`, \`prefix\`, \`regex\` may be set.
 */
export type Example = Omit<ExampleFields, "exact" | "prefix" | "regex"> &
  OneOf<Pick<ExampleFields, "exact" | "prefix" | "regex">>;

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  exclusive<Example, ExampleFields>(
    strictObject<ExampleFields>({
      exact: z.string().optional(),
      prefix: z.string().optional(),
      regex: z.string().optional(),
      ignoreCase: z.boolean().optional(),
    }),
    [["exact", "prefix", "regex"]],
  ),
);
`,
      },
    ],
    [
      "reads each oneOf of an allOf as its own group",
      {
        given: { type: "object", properties: { simple: STRING, consistentHash: STRING, localityLbSetting: STRING, warmup: STRING }, allOf: [{ oneOf: atMostOne("simple", "consistentHash") }, { oneOf: atMostOne("localityLbSetting", "warmup") }] },
        want: `/** The fields of {@link Example}, none exclusive. */
export interface ExampleFields {
  simple?: string;
  consistentHash?: string;
  localityLbSetting?: string;
  warmup?: string;
}

/**
 * At most one of \`simple\`, \`consistentHash\` may be set.
 * At most one of \`localityLbSetting\`, \`warmup\` may be set.
 */
export type Example = Omit<ExampleFields, "simple" | "consistentHash" | "localityLbSetting" | "warmup"> &
  OneOf<Pick<ExampleFields, "simple" | "consistentHash">> &
  OneOf<Pick<ExampleFields, "localityLbSetting" | "warmup">>;

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  exclusive<Example, ExampleFields>(
    strictObject<ExampleFields>({
      simple: z.string().optional(),
      consistentHash: z.string().optional(),
      localityLbSetting: z.string().optional(),
      warmup: z.string().optional(),
    }),
    [["simple", "consistentHash"], ["localityLbSetting", "warmup"]],
  ),
);
`,
      },
    ],
    [
      "keeps a oneOf that constrains values as conditional branches, with the defaults the API server applies first",
      {
        given: GATEWAY_ADDRESS,
        want: `/** GatewaySpecAddress describes an address that can be bound to a Gateway. */
export interface Example {
  /** @defaultValue "IPAddress" */
  type?: string;
  value: string;
}

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  conditional<Example>(
    strictObject<Example>({
      type: z.string().max(253).optional(),
      value: z.string().max(253),
    }),
    [{ properties: { type: { enum: ["IPAddress"] }, value: { anyOf: [{ format: "ipv4" }, { format: "ipv6" }] } } }, { properties: { type: { not: { enum: ["IPAddress"] } } } }],
    { type: "IPAddress" },
  ),
);
`,
      },
    ],
    [
      "wraps conditional branches inside the exclusive groups when an object has both",
      {
        given: {
          type: "object",
          properties: { kind: { type: "string" }, a: STRING, b: STRING },
          allOf: [{ oneOf: atMostOne("a", "b") }, { oneOf: [{ properties: { kind: { enum: ["A"] } }, required: ["a"] }, { properties: { kind: { not: { enum: ["A"] } } } }] }],
        },
        want: `/** The fields of {@link Example}, none exclusive. */
export interface ExampleFields {
  kind?: string;
  a?: string;
  b?: string;
}

/** At most one of \`a\`, \`b\` may be set. */
export type Example = Omit<ExampleFields, "a" | "b"> &
  OneOf<Pick<ExampleFields, "a" | "b">>;

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  exclusive<Example, ExampleFields>(
    conditional<ExampleFields>(
      strictObject<ExampleFields>({
        kind: z.string().optional(),
        a: z.string().optional(),
        b: z.string().optional(),
      }),
      [{ properties: { kind: { enum: ["A"] } }, required: ["a"] }, { properties: { kind: { not: { enum: ["A"] } } } }],
      {},
    ),
    [["a", "b"]],
  ),
);
`,
      },
    ],
  ])("%s", (_name, { given, want }) => {
    expect(emitDecls(given)).toBe(want);
  });

  it.each([
    [
      "an exclusive group naming a property the object does not declare",
      { type: "object", properties: { a: STRING }, oneOf: atMostOne("a", "b") },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: oneOf names undeclared properties b",
    ],
    [
      "a keyword the runtime cannot check inside a conditional branch, at its pointer",
      { type: "object", properties: { a: STRING }, oneOf: [{ properties: { a: { minLength: 1 } } }, { properties: { a: { maxLength: 0 } } }] },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/oneOf/0/properties/a/minLength: unsupported schema construct: keyword minLength inside a conditional oneOf branch",
    ],
    [
      "two conditional oneOfs on one object",
      { type: "object", properties: { a: STRING, b: STRING }, oneOf: [{ properties: { a: { enum: ["x"] } } }], allOf: [{ oneOf: [{ properties: { b: { enum: ["y"] } } }] }] },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/allOf/0: unsupported schema construct: more than one conditional oneOf on one object",
    ],
    [
      "an allOf entry that is not a oneOf",
      { type: "object", properties: { a: STRING }, allOf: [{ oneOf: atMostOne("a") }, { required: ["a"] }] },
      "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/allOf/1: unsupported schema construct: allOf entries other than oneOf",
    ],
  ])("rejects %s", (_name, given, message) => {
    expect(specErrorOf(() => transformGiven(given))).toEqual({ code: "SPEC_UNSUPPORTED", message });
  });
});

describe("transformTypeUnion", () => {
  it.each([
    [
      "turns a oneOf of scalar types into a union",
      { given: { oneOf: [{ type: "string" }, { type: "number" }] }, want: { type: "string | number", zod: "z.union([z.string(), z.number()])" } },
    ],
    [
      "reads anyOf the same way",
      { given: { anyOf: [{ type: "integer" }, { type: "string" }, { type: "boolean" }] }, want: { type: "number | string | boolean", zod: "z.union([z.number().int(), z.string(), z.boolean()])" } },
    ],
    [
      "lists a TypeScript type once when two members share it",
      { given: { oneOf: [{ type: "integer" }, { type: "number" }] }, want: { type: "number", zod: "z.union([z.number().int(), z.number()])" } },
    ],
    [
      "makes a nullable union accept null",
      { given: { nullable: true, anyOf: [{ type: "string" }, { type: "number" }] }, want: { type: "string | number | null", zod: "z.union([z.string(), z.number()]).nullable()" } },
    ],
  ])("%s", (_name, { given, want }) => {
    expect(emitNode(given)).toEqual(want);
  });
});
