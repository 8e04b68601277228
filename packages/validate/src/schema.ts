/**
 * The structural check: a kind's zod schema, with each zod issue reworded the way the API server
 * words a field error (`Required value`, `Invalid value: "x": …`, `Unsupported value: …`).
 */
import { schemaForChecking, type KindEntry } from "@meshform/kind-runtime";
import type { z } from "zod";
import type { ValidateIssue } from "./codes.js";
import { goFloat, openApiName, renderValue, typeNameOf, valueAt, type FieldPath } from "./value.js";

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
      const value = valueAt(resource, path);
      const expected = issue.code === "invalid_type" && issue.expected === "number" ? schemaTypeAt(entry.schema, path) : undefined;
      for (const message of describeIssue(issue, value, path, expected)) {
        blocking ||= BLOCKING.test(message);
        issues.push({ code: "SCHEMA_INVALID", severity: "error", path, message });
      }
    }
  }
  return { issues, unknownFields, blocking };
}

/** The API server's blocking error types (Required, NotSupported, TooLong, TooMany, TypeInvalid), by their wording. */
const BLOCKING = /^(Required value|Unsupported value|Too long|Too many)\b| in body must be of type |: must be of type /;

/**
 * The API server's words for one zod issue about `value` at `path`: the field error it reports
 * (`Required value`, `Unsupported value: …`, `Too long: …`, `Too many: …`), and for the others
 * `Invalid value: <value>: ` followed by kube-openapi's own sentence, which names the field
 * (`spec.port in body should be less than or equal to 65535`). A value of the wrong type for an
 * enum gets both errors, as the API server gives both. `expected` is the schema's type where zod
 * cannot tell it (`integer` or `number`).
 *
 * @internal
 */
export function describeIssue(issue: z.core.$ZodIssue, value: unknown, path: FieldPath = [], expected?: string): string[] {
  const name = openApiName(path);
  const invalid = (why: string): string => `Invalid value: ${renderValue(value)}: ${name} in body ${why}`;
  const typeInvalid = (type: string): string => {
    const actual = jsonTypeOf(value);
    return `Invalid value: ${JSON.stringify(actual)}: ${name} in body must be of type ${type}: ${JSON.stringify(actual)}`;
  };
  if (value === undefined && issue.code !== "custom") return ["Required value"];
  switch (issue.code) {
    case "invalid_type":
      return [typeInvalid(expected ?? (issue.expected === "int" ? "integer" : typeWord(issue.expected)))];
    case "invalid_value": {
      const supported = `Unsupported value: ${renderValue(value)}: supported values: ${issue.values.map((v) => JSON.stringify(typeof v === "string" ? v : JSON.stringify(v))).join(", ")}`;
      const wrongType = issue.values.length > 0 && issue.values.every((v) => typeof v === "string") && typeof value !== "string";
      return wrongType ? [typeInvalid("string"), supported] : [supported];
    }
    case "invalid_format":
      return [issue.format === "regex" && "pattern" in issue ? invalid(`should match '${patternSource(String(issue.pattern))}'`) : formatInvalid(name, issue.format, value)];
    case "too_small":
    case "too_big":
      return [describeBound(issue, value, name, invalid)];
    case "invalid_union":
      return [typeInvalid(unionTypes(issue))];
    case "custom":
      return [describeCustom(issue.message, value, name)];
    default:
      return [`Invalid value: ${renderValue(value)}: ${issue.message}`];
  }
}

// --- internal ---

function unknownField(path: FieldPath, key: string, strict: boolean): ValidateIssue {
  return strict
    ? { code: "UNKNOWN_FIELD", severity: "error", path, message: `unknown field ${JSON.stringify(key)}` }
    : { code: "UNKNOWN_FIELD", severity: "warning", path, message: `unknown field ${JSON.stringify(key)} (dropped by the API server)` };
}

const TYPE_WORDS: Readonly<Record<string, string>> = { int: "integer", record: "object", map: "object", tuple: "array" };

/** The JSON type kube-openapi names a value by: `string`, `integer`, `number`, `boolean`, `object`, `array` or `null`. */
function jsonTypeOf(value: unknown): string {
  return value === undefined ? "null" : typeNameOf(value);
}

/** kube-openapi's words for a string that is not of its `format`: a type error naming the format and the value. */
function formatInvalid(name: string, format: string, value: unknown): string {
  const text = typeof value === "string" ? `: ${JSON.stringify(value)}` : "";
  return `Invalid value: ${renderValue(value)}: ${name} in body must be of type ${format}${text}`;
}

/** The messages kind-runtime's checks give (formats, property counts), in kube-openapi's words; the API server's own ones as they are. */
function describeCustom(message: string, value: unknown, name: string): string {
  if (/^(Duplicate value|Required value|Forbidden|Invalid value|Unsupported value|Too many|Too long)\b/.test(message)) return message;
  const format = /^must be of format (\S+)$/.exec(message);
  if (format) return formatInvalid(name, format[1]!, value);
  const count = /^must have at (least|most) (\d+) propert(?:y|ies)$/.exec(message);
  if (count) {
    const size = value !== null && typeof value === "object" ? Object.keys(value).length : 0;
    return count[1] === "least" ? `Invalid value: ${size}: ${name} in body should have at least ${count[2]} properties` : `Too many: ${size}: must have at most ${count[2]} items`;
  }
  return `Invalid value: ${renderValue(value)}: ${message}`;
}

function typeWord(expected: string): string {
  return TYPE_WORDS[expected] ?? expected;
}

/**
 * The pattern as the CRD wrote it, from the regular expression's source: JavaScript escapes
 * every `/` of a source as `\/`, and the API server prints the pattern unescaped.
 */
function patternSource(pattern: string): string {
  const match = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (!match) return pattern;
  const source = match[1]!.replace(/\\(.)/g, (escape: string, char: string) => (char === "/" ? "/" : escape));
  return match[2]!.includes("i") ? `(?i)${source}` : source;
}

/** The types a union allows, as kube-openapi joins them (`integer,string`: the CRDs' unions are `x-kubernetes-int-or-string`). */
function unionTypes(issue: z.core.$ZodIssueInvalidUnion): string {
  const types = new Set<string>();
  for (const branch of issue.errors) {
    for (const inner of branch) if (inner.code === "invalid_type" && inner.path.length === 0) types.add(inner.expected === "number" ? "integer" : typeWord(inner.expected));
  }
  return types.size > 0 ? [...types].join(",") : "one of the allowed shapes";
}

function describeBound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, value: unknown, name: string, invalid: (why: string) => string): string {
  const small = issue.code === "too_small";
  const limit = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case "string":
      return small ? invalid(`should be at least ${limit} chars long`) : `Too long: may not be more than ${limit} ${limit === 1 ? "byte" : "bytes"}`;
    case "array":
    case "set": {
      const count = Array.isArray(value) ? value.length : 0;
      return small ? `Invalid value: ${count}: ${name} in body should have at least ${limit} items` : `Too many: ${count}: must have at most ${limit} items`;
    }
    default: {
      const relation = small ? (inclusive ? "greater than or equal to" : "greater than") : inclusive ? "less than or equal to" : "less than";
      return invalid(`should be ${relation} ${goFloat(limit)}`);
    }
  }
}

/** What a zod definition holds that {@link schemaTypeAt} reads. */
interface ZodNode {
  readonly _zod: { readonly def: Readonly<Record<string, unknown>>; readonly innerType?: unknown };
}

function zodNode(value: unknown): ZodNode | undefined {
  return typeof value === "object" && value !== null && "_zod" in value ? (value as ZodNode) : undefined;
}

/** The schema under optional, nullable, default, lazy and pipe wrappers. */
function unwrap(node: ZodNode | undefined): ZodNode | undefined {
  let current = node;
  for (let depth = 0; current !== undefined && depth < 32; depth += 1) {
    const def = current._zod.def;
    if (def.type === "optional" || def.type === "nullable" || def.type === "default" || def.type === "prefault" || def.type === "readonly") current = zodNode(def.innerType);
    else if (def.type === "lazy") current = zodNode(current._zod.innerType);
    else if (def.type === "pipe") current = zodNode(def.in);
    else return current;
  }
  return current;
}

/**
 * The OpenAPI type of the number the schema declares at `path` (`integer` for a whole-number
 * schema, else `number`), found by walking the schema down the path; `undefined` when the path
 * leaves what the walk reads.
 */
function schemaTypeAt(schema: unknown, path: FieldPath): string | undefined {
  let node = unwrap(zodNode(schema));
  for (const segment of path) {
    if (node === undefined) return undefined;
    const def = node._zod.def;
    if (def.type === "object") node = unwrap(zodNode((def.shape as Record<string, unknown> | undefined)?.[String(segment)]));
    else if (def.type === "array") node = unwrap(zodNode(def.element));
    else if (def.type === "record") node = unwrap(zodNode(def.valueType));
    else return undefined;
  }
  if (node === undefined || node._zod.def.type !== "number") return undefined;
  const checks = (node._zod.def.checks ?? []) as readonly ZodNode[];
  return checks.some((check) => check._zod.def.format === "safeint" || check._zod.def.format === "int32" || check._zod.def.format === "int64") ? "integer" : "number";
}
