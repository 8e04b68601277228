import type { KindEntry, SchemaDefault } from "@meshform/kind-runtime";
import { isRecord, withoutNulls } from "../value.js";

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
    if (node[segment] === undefined) node[segment] = withoutNulls(value); // each resource gets its own copy
  } else {
    fill(node[segment], path, index + 1, value);
  }
}

