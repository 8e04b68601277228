/**
 * The round trip's comparison: a resource of the input against the one the config generates,
 * after the schema's defaults are filled in on both sides (so a default written out and one left
 * out agree), empty objects are dropped, and lists of plain values are put in order.
 */
import type { SchemaDefault } from "@meshform/kind-runtime";
import { isObj } from "./input.js";

/** One field that differs. */
export interface FieldDifference {
  /** From the resource's root, e.g. `["spec", "rules", 0, "backendRefs"]`. */
  readonly path: readonly (string | number)[];
  /** The input's value; `undefined` when the input does not have the field. */
  readonly input: unknown;
  /** The generated value; `undefined` when the config does not write the field. */
  readonly output: unknown;
}

/** The resource as compared: defaults filled in, empty objects dropped, lists of plain values sorted. */
export function normalize(resource: unknown, defaults: readonly SchemaDefault[]): unknown {
  let value = structuredClone(resource);
  for (const [path, fill] of defaults) value = fillDefault(value, path, 0, fill);
  return canonical(value);
}

/** The fields where `input` and `output` differ, deepest first reported once per differing subtree. */
export function differences(input: unknown, output: unknown, path: readonly (string | number)[] = []): FieldDifference[] {
  if (Object.is(input, output)) return [];
  if (isObj(input) && isObj(output)) {
    const keys = [...new Set([...Object.keys(input), ...Object.keys(output)])].sort();
    return keys.flatMap((k) => differences(input[k], output[k], [...path, k]));
  }
  if (Array.isArray(input) && Array.isArray(output) && input.length === output.length) {
    return input.flatMap((item, i) => differences(item, output[i], [...path, i]));
  }
  return [{ path, input, output }];
}

// --- internal ---

function fillDefault(value: unknown, path: readonly string[], at: number, fill: unknown): unknown {
  if (!isObj(value)) return value;
  const segment = path[at]!;
  const last = at === path.length - 1;
  const record = value as Record<string, unknown>;
  if (segment === "*") {
    // Every list item or map value: lists are reached through the property that holds them.
    for (const k of Object.keys(record)) record[k] = last ? (record[k] === undefined ? structuredClone(fill) : record[k]) : fillDefault(record[k], path, at + 1, fill);
    return record;
  }
  if (last) {
    if (record[segment] === undefined) record[segment] = structuredClone(fill);
    return record;
  }
  const child = record[segment];
  if (Array.isArray(child) && path[at + 1] === "*") {
    record[segment] = child.map((item) => (at + 1 === path.length - 1 ? item : fillDefault(item, path, at + 2, fill)));
  } else record[segment] = fillDefault(child, path, at + 1, fill);
  return record;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    if (items.every((x) => x === null || typeof x !== "object")) return [...items].sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
    return items;
  }
  if (!isObj(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = canonical(value[key]);
    if (v === undefined || (isObj(v) && Object.keys(v).length === 0)) continue;
    out[key] = v;
  }
  return out;
}
