import { formatString } from "./format.js";

/** The JSON Schema subset a conditional `oneOf` branch may use. */
export interface BranchSchema {
  readonly properties?: Readonly<Record<string, BranchSchema>>;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly not?: BranchSchema;
  readonly anyOf?: readonly BranchSchema[];
  readonly allOf?: readonly BranchSchema[];
  readonly format?: string;
  readonly pattern?: string;
}

/** The keywords {@link matchesSchema} understands; the generator refuses any other. */
export const BRANCH_KEYWORDS: readonly string[] = [
  "properties",
  "required",
  "enum",
  "not",
  "anyOf",
  "allOf",
  "format",
  "pattern",
];

/**
 * Checks `value` against a branch schema. Returns `undefined` when it matches, else a short
 * reason naming the first property that does not.
 */
export function matchesSchema(value: unknown, schema: BranchSchema, at = ""): string | undefined {
  if (schema.enum && !schema.enum.includes(value)) {
    return `${at || "value"} must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  if (schema.not && matchesSchema(value, schema.not, at) === undefined) {
    return `${at || "value"} must not match ${JSON.stringify(schema.not)}`;
  }
  if (schema.format !== undefined && typeof value === "string") {
    if (!formatString(schema.format, value)) return `${at || "value"} must be of format ${schema.format}`;
  }
  if (schema.pattern !== undefined && typeof value === "string") {
    if (!new RegExp(schema.pattern, "u").test(value)) return `${at || "value"} must match ${schema.pattern}`;
  }
  if (schema.anyOf) {
    const reasons = schema.anyOf.map((s) => matchesSchema(value, s, at));
    if (reasons.every((r) => r !== undefined)) return reasons.join(" or ");
  }
  for (const part of schema.allOf ?? []) {
    const reason = matchesSchema(value, part, at);
    if (reason !== undefined) return reason;
  }
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (record[key] === undefined) return `${key} is required`;
    }
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (record[key] === undefined) continue;
      const reason = matchesSchema(record[key], sub, key);
      if (reason !== undefined) return reason;
    }
  }
  return undefined;
}
