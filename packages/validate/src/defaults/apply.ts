import type { KindEntry, SchemaDefault } from "@meshform/kind-runtime";
import { isRecord } from "../value.js";

/** The schema defaults of a kind version, parents before children, as the generator recorded them. */
export function defaultsOf(entry: KindEntry): readonly SchemaDefault[] {
  return entry.info.defaults;
}

/**
 * Fills in `defaults` where a value is absent and its parent object exists, in place, as the API
 * server does before validation: a defaulted object then gets the defaults of its own fields.
 */
export function applyDefaults(root: unknown, defaults: readonly SchemaDefault[]): void {
  for (const [path, value] of defaults) fill(root, path, 0, value);
}

// --- internal ---

function fill(node: unknown, path: readonly string[], index: number, value: unknown): void {
  const segment = path[index]!;
  const last = index === path.length - 1;
  if (segment === "*") {
    const children = Array.isArray(node) ? node : isRecord(node) ? Object.values(node) : [];
    if (!last) for (const child of children) fill(child, path, index + 1, value);
    return;
  }
  if (!isRecord(node)) return;
  if (last) {
    if (node[segment] === undefined) node[segment] = copyJson(value);
  } else {
    fill(node[segment], path, index + 1, value);
  }
}

/** A copy of a JSON value (defaults are JSON): each resource gets its own, and scalars need none. */
function copyJson(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const copy: Record<string, unknown> = {};
  for (const key in value) copy[key] = copyJson((value as Record<string, unknown>)[key]);
  return copy;
}
