import { createRequire } from "node:module";
import type * as FastJsonPatch from "fast-json-patch";

/**
 * fast-json-patch, loaded the first time a patch is applied: most configs have none, and
 * `compile` is synchronous, so the library (CommonJS) is required rather than imported.
 */
let library: typeof FastJsonPatch | undefined;
function jsonPatch(): typeof FastJsonPatch {
  return (library ??= createRequire(import.meta.url)("fast-json-patch") as typeof FastJsonPatch);
}

/** One RFC 6902 operation. */
export type Operation =
  | { readonly op: "add" | "replace" | "test"; readonly path: string; readonly value: unknown }
  | { readonly op: "remove"; readonly path: string }
  | { readonly op: "move" | "copy"; readonly from: string; readonly path: string };

/** Why a JSON patch was not applied: what it did wrong, and what would be right. */
export interface PatchProblem {
  readonly problem: string;
  readonly hint: string;
}

/**
 * Applies RFC 6902 operations to a copy of a Kubernetes resource. A patch edits a resource's
 * fields: one that is not a list of operations, holds a value YAML cannot write (a function,
 * `undefined`, a bigint, a cycle), fails to apply, replaces the whole resource or changes what
 * identifies it (`apiVersion`, `kind`, `metadata.name`, `metadata.namespace`) is refused, and
 * `document` is left as it was.
 *
 * @returns the patched copy, or why the patch does not apply
 */
export function applyOperations<T extends object>(document: T, operations: readonly Operation[]): { value: T } | PatchProblem {
  const refused = checkOperations(operations as unknown);
  if (refused) return refused;
  let patched: unknown;
  try {
    patched = jsonPatch().applyPatch(structuredClone(document), operations as FastJsonPatch.Operation[], true, true).newDocument;
  } catch (error) {
    return explainFailure(error, operations);
  }
  return identityChange(document, patched, operations) ?? { value: patched as T };
}

// --- internal ---

const OPS = ["add", "remove", "replace", "move", "copy", "test"];
const PLAIN_DATA = "use plain data: strings, numbers, booleans, null, arrays and objects";

/** `operation 2 (replace /metadata/name)`, as far as the operation has those fields. */
function nameOf(operation: unknown, index: number): string {
  const { op, path } = (typeof operation === "object" && operation !== null ? operation : {}) as { op?: unknown; path?: unknown };
  const what = [typeof op === "string" ? op : undefined, typeof path === "string" ? JSON.stringify(path) : undefined].filter((s) => s !== undefined).join(" ");
  return `operation ${index + 1}${what ? ` (${what})` : ""}`;
}

/** What is wrong with the operations before any is applied: their shape and their values. */
function checkOperations(operations: unknown): PatchProblem | undefined {
  if (!Array.isArray(operations)) {
    return { problem: `the operations are ${describe(operations)}, not a list`, hint: 'pass a list of RFC 6902 operations, e.g. [{ op: "add", path: "/metadata/labels", value: { team: "shop" } }]' };
  }
  for (const [index, operation] of operations.entries()) {
    const name = nameOf(operation, index);
    if (typeof operation !== "object" || operation === null || Array.isArray(operation)) {
      return { problem: `${name} is ${describe(operation)}, not an operation`, hint: 'write each operation as { op, path, ... }, e.g. { op: "remove", path: "/spec/tls" }' };
    }
    const { op, path, from } = operation as { op?: unknown; path?: unknown; from?: unknown };
    if (typeof op !== "string" || !OPS.includes(op)) {
      return { problem: `${name} has op ${describe(op)}`, hint: `op is one of ${OPS.join(", ")}` };
    }
    for (const [field, pointer] of [["path", path], ...(op === "move" || op === "copy" ? [["from", from] as const] : [])] as const) {
      if (typeof pointer !== "string" || (pointer !== "" && !pointer.startsWith("/"))) {
        return { problem: `${name} has ${field} ${describe(pointer)}, which is not a JSON pointer`, hint: `a pointer names a field from the resource's root, e.g. "/spec/hosts/0" ("~1" stands for "/" in a key)` };
      }
    }
    if ([path, from].some((pointer) => typeof pointer === "string" && /\/(__proto__|constructor\/prototype)(\/|$)/.test(pointer))) {
      return { problem: `${name} writes to __proto__ or constructor/prototype`, hint: "a patch edits a resource's own fields" };
    }
    if (op === "move" && typeof from === "string" && typeof path === "string" && path.startsWith(`${from}/`)) {
      return { problem: `${name} moves ${JSON.stringify(from)} into itself`, hint: "move a field to a path outside it, or copy it" };
    }
    if (op === "add" || op === "replace" || op === "test") {
      if (!("value" in operation)) return { problem: `${name} has no value`, hint: `${op} needs a value (null is a value)` };
      const bad = notPlainData((operation as { value: unknown }).value, []);
      if (bad) return { problem: `${name} has a value that holds ${bad.what}${bad.at.length > 0 ? ` at ${bad.at.join(".")}` : ""}, which YAML cannot write`, hint: PLAIN_DATA };
    }
  }
  return undefined;
}

/** The first part of `value` that is not JSON data, or `undefined` when all of it is. */
function notPlainData(value: unknown, at: string[], ancestors: object[] = []): { what: string; at: string[] } | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : { what: String(value), at };
  if (typeof value !== "object") return { what: describe(value), at };
  if (ancestors.includes(value)) return { what: "itself (a cycle)", at };
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return { what: `a ${(value as { constructor?: { name?: string } }).constructor?.name ?? "class"} instance`, at };
  const inside = [...ancestors, value];
  for (const [key, item] of Object.entries(value)) {
    const bad = notPlainData(item, [...at, key], inside);
    if (bad) return bad;
  }
  return undefined;
}

/** What fast-json-patch's error codes mean, for a person. */
const FAILURES: Readonly<Record<string, { problem: string; hint: string }>> = {
  OPERATION_PATH_CANNOT_ADD: { problem: "cannot add there: the field that would hold it does not exist", hint: "add the parent object first, or check the path's spelling" },
  OPERATION_PATH_UNRESOLVABLE: { problem: "names a path that does not exist, or that goes through a value that is neither an object nor a list", hint: "check the path against the generated YAML; add creates only the last field of its path" },
  OPERATION_FROM_UNRESOLVABLE: { problem: "takes from a field that does not exist", hint: "check the from path's spelling against the generated YAML" },
  OPERATION_PATH_ILLEGAL_ARRAY_INDEX: { problem: "uses a list index that is not a number", hint: 'index a list with 0, 1, ... or "-" to append' },
  OPERATION_VALUE_OUT_OF_BOUNDS: { problem: "uses a list index past the end of the list", hint: 'append with "-" as the last segment of the path' },
  TEST_OPERATION_FAILED: { problem: "tests for a value the resource does not have there", hint: "a test operation stops the patch when the field differs; check the expected value against the generated YAML" },
  OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED: { problem: "has a value that holds undefined", hint: PLAIN_DATA },
};

/** A failure while applying, as a problem naming the operation that failed. */
function explainFailure(error: unknown, operations: readonly Operation[]): PatchProblem {
  const { name, index, message } = (typeof error === "object" && error !== null ? error : {}) as { name?: unknown; index?: unknown; message?: unknown };
  const failed = typeof index === "number" ? nameOf(operations[index], index) : "an operation";
  const known = typeof name === "string" && Object.hasOwn(FAILURES, name) ? FAILURES[name] : undefined;
  if (known) return { problem: `${failed} ${known.problem}`, hint: known.hint };
  const text = typeof message === "string" ? message.split("\n")[0]! : String(error);
  return { problem: `${failed} fails: ${text}`, hint: "check the operation against RFC 6902 and the generated YAML" };
}

/** `null`, `"web"`, `42`, `an object`, `a list`, `undefined`, `a function`. */
function describe(value: unknown): string {
  if (value === null || typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (value === undefined) return "undefined";
  return `a ${typeof value}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `operation N (op "path")` of the last operation that wrote at `pointer` or above it; `it` when none is found. */
function culprit(operations: readonly Operation[], pointer: string): string {
  const touches = (p: unknown) => typeof p === "string" && (p === "" || pointer === p || pointer.startsWith(`${p}/`));
  for (let index = operations.length - 1; index >= 0; index--) {
    const operation = operations[index] as { op: string; path: string; from?: string };
    if (operation.op !== "test" && (touches(operation.path) || (operation.op === "move" && touches(operation.from)))) return nameOf(operation, index);
  }
  return "it";
}

/** Why the patched document no longer is the same resource, or `undefined` when it is. */
function identityChange(before: object, after: unknown, operations: readonly Operation[]): PatchProblem | undefined {
  if (!isObject(after)) {
    return { problem: `${culprit(operations, "")} replaces the whole resource with ${describe(after)}`, hint: 'a patch edits fields of the resource: use paths such as "/spec/..." or "/metadata/labels"' };
  }
  const old = before as Record<string, unknown>;
  const oldMetadata = isObject(old.metadata) ? old.metadata : {};
  if (!isObject(after.metadata)) {
    const change = after.metadata === undefined ? "removes metadata" : `sets metadata to ${describe(after.metadata)}`;
    return { problem: `${culprit(operations, "/metadata")} ${change}`, hint: "metadata holds the resource's name: patch the fields inside it (e.g. /metadata/labels) instead" };
  }
  const fields: [string, string, unknown, unknown][] = [
    ["apiVersion", "/apiVersion", old.apiVersion, after.apiVersion],
    ["kind", "/kind", old.kind, after.kind],
    ["metadata.name", "/metadata/name", oldMetadata.name, after.metadata.name],
    ["metadata.namespace", "/metadata/namespace", oldMetadata.namespace, after.metadata.namespace],
  ];
  for (const [field, pointer, was, now] of fields) {
    if (was === now) continue;
    const change = now === undefined ? `removes ${field}` : `sets ${field} to ${describe(now)}`;
    const keep = was === undefined ? "it stays unset" : `it stays ${describe(was)}`;
    const how = field.startsWith("metadata.") ? "name the resource, and its namespace, in its builder" : "declare a resource of another kind with mesh.resource(...)";
    return { problem: `${culprit(operations, pointer)} ${change}, but a patch cannot change what identifies the resource (${keep})`, hint: how };
  }
  return undefined;
}
