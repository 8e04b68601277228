/**
 * The structural check: a kind's zod schema, with each zod issue reworded the way the API server
 * words a field error (`Required value`, `Invalid value: "x": …`, `Unsupported value: …`).
 */
import { schemaForChecking, type KindEntry } from "@meshform/kind-runtime";
import type { z } from "zod";
import type { ValidateIssue } from "./codes.js";
import { renderValue, valueAt, type FieldPath } from "./value.js";

/** What the structural check found. */
export interface SchemaCheck {
  /** The findings, errors and (in the default mode) unknown-field warnings. */
  readonly issues: ValidateIssue[];
  /** The fields the schema does not declare, which the API server drops before it goes on. */
  readonly unknownFields: FieldPath[];
  /**
   * Whether an error is of the kinds after which the API server does not evaluate CEL rules at
   * all: a wrong type, a missing required field, an unsupported enum value, a string or list too long.
   */
  readonly blocking: boolean;
}

/** Checks `resource` with the kind's zod schema; in `strict` mode an unknown field is an error, else a warning. */
export function checkSchema(entry: KindEntry, resource: unknown, strict: boolean): SchemaCheck {
  const result = schemaForChecking(entry.schema).safeParse(resource);
  if (result.success) return { issues: [], unknownFields: [], blocking: false };
  const issues: ValidateIssue[] = [];
  const unknownFields: FieldPath[] = [];
  let blocking = false;
  for (const issue of result.error.issues) {
    const path = issue.path.map((segment) => (typeof segment === "number" ? segment : String(segment)));
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        unknownFields.push([...path, key]);
        issues.push(unknownField([...path, key], key, strict));
      }
    } else {
      const message = describeIssue(issue, valueAt(resource, path));
      blocking ||= BLOCKING.test(message);
      issues.push({ code: "SCHEMA_INVALID", severity: "error", path, message });
    }
  }
  return { issues, unknownFields, blocking };
}

/** The API server's blocking error types (Required, NotSupported, TooLong, TooMany, TypeInvalid), by their wording. */
const BLOCKING = /^(Required value|Unsupported value|Too long|Too many)\b|: must be of type /;

/**
 * The API server's wording of one zod issue about `value`.
 *
 * @internal
 */
export function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  const invalid = (why: string): string => `Invalid value: ${renderValue(value)}: ${why}`;
  if (value === undefined && issue.code !== "custom") return "Required value";
  switch (issue.code) {
    case "invalid_type":
      return invalid(`must be of type ${typeWord(issue.expected)}`);
    case "invalid_value":
      return `Unsupported value: ${renderValue(value)}: supported values: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_format":
      return issue.format === "regex" && "pattern" in issue ? invalid(`should match '${patternSource(String(issue.pattern))}'`) : invalid(`must be of format ${issue.format}`);
    case "too_small":
    case "too_big":
      return describeBound(issue, value, invalid);
    case "invalid_union":
      return invalid(`must be of type ${unionTypes(issue)}`);
    case "custom":
      return /^(Duplicate value|Required value|Forbidden|Invalid value|Unsupported value|Too many|Too long)\b/.test(issue.message) ? issue.message : invalid(issue.message);
    default:
      return invalid(issue.message);
  }
}

// --- internal ---

function unknownField(path: FieldPath, key: string, strict: boolean): ValidateIssue {
  return strict
    ? { code: "UNKNOWN_FIELD", severity: "error", path, message: `unknown field ${JSON.stringify(key)}` }
    : { code: "UNKNOWN_FIELD", severity: "warning", path, message: `unknown field ${JSON.stringify(key)} (dropped by the API server)` };
}

const TYPE_WORDS: Readonly<Record<string, string>> = { int: "integer", record: "object", map: "object", tuple: "array" };

function typeWord(expected: string): string {
  return TYPE_WORDS[expected] ?? expected;
}

function patternSource(pattern: string): string {
  const match = /^\/(.*)\/[a-z]*$/s.exec(pattern);
  return match ? match[1]! : pattern;
}

function unionTypes(issue: z.core.$ZodIssueInvalidUnion): string {
  const types = new Set<string>();
  for (const branch of issue.errors) {
    for (const inner of branch) if (inner.code === "invalid_type" && inner.path.length === 0) types.add(typeWord(inner.expected));
  }
  return types.size > 0 ? [...types].join(" or ") : "one of the allowed shapes";
}

function describeBound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, value: unknown, invalid: (why: string) => string): string {
  const small = issue.code === "too_small";
  const limit = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case "string":
      return small ? invalid(`must be at least ${limit} ${limit === 1 ? "character" : "characters"} long`) : `Too long: may not be longer than ${limit}`;
    case "array":
    case "set": {
      const count = Array.isArray(value) ? value.length : 0;
      return small ? `Invalid value: ${count}: must have at least ${limit} items` : `Too many: ${count}: must have at most ${limit} items`;
    }
    default: {
      const relation = small ? (inclusive ? "greater than or equal to" : "greater than") : inclusive ? "less than or equal to" : "less than";
      return invalid(`must be ${relation} ${limit}`);
    }
  }
}
