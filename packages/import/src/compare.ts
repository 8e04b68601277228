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
  return normalized(resource, treeOf(defaults));
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

/** The defaults arranged by path: a field's default, and the defaults of its fields. */
interface DefaultsNode {
  fill?: { readonly value: unknown };
  readonly children: Map<string, DefaultsNode>;
}

const EMPTY: DefaultsNode = { children: new Map() };
const trees = new WeakMap<readonly SchemaDefault[], DefaultsNode>();

function treeOf(defaults: readonly SchemaDefault[]): DefaultsNode {
  if (defaults.length === 0) return EMPTY;
  let tree = trees.get(defaults);
  if (tree === undefined) {
    tree = { children: new Map() };
    for (const [path, value] of defaults) {
      let node = tree;
      for (const segment of path) {
        let next = node.children.get(segment);
        if (next === undefined) {
          next = { children: new Map() };
          node.children.set(segment, next);
        }
        node = next;
      }
      node.fill ??= { value };
    }
    trees.set(defaults, tree);
  }
  return tree;
}

/**
 * One pass over a value: a copy with the defaults of `node` filled in where a field is absent
 * (a list's items and a map's values take the `*` defaults), keys in order, empty objects left
 * out, and lists of plain values sorted. The value itself is not changed.
 */
function normalized(value: unknown, node: DefaultsNode): unknown {
  if (Array.isArray(value)) {
    const every = node.children.get("*") ?? EMPTY;
    const items = value.map((item) => normalized(item, every));
    if (items.every((x) => x === null || typeof x !== "object")) return items.sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
    return items;
  }
  if (!isObj(value)) return value;
  const every = node.children.get("*");
  const keys = new Set(Object.keys(value));
  for (const [key, child] of node.children) if (key !== "*" && child.fill !== undefined) keys.add(key);
  const out: Record<string, unknown> = {};
  for (const key of [...keys].sort()) {
    const child = node.children.get(key) ?? every ?? EMPTY;
    let v = value[key];
    if (v === undefined && child.fill !== undefined) v = child.fill.value;
    if (v === undefined) continue;
    const n = normalized(v, child);
    if (isObj(n) && Object.keys(n).length === 0) continue;
    out[key] = n;
  }
  return out;
}
