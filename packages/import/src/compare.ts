/**
 * The round trip's comparison: a resource of the input against the one the config generates,
 * after the schema's defaults are filled in on both sides (so a default written out and one left
 * out agree), empty objects are dropped, and lists of plain values are put in order.
 */
import type { SchemaDefault } from "@meshform/kind-runtime";
import { isObj, type Obj } from "./input.js";

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

/**
 * Whether two resources are the same once compared as {@link normalize} compares them, without
 * making the normalised copies: the common case of the round trip, where nothing differs.
 */
export function sameAfterDefaults(a: unknown, b: unknown, defaults: readonly SchemaDefault[]): boolean {
  return same(a, b, treeOf(defaults));
}

/**
 * Whether two resources are the same as {@link sameAfterDefaults} compares them, apart from their
 * `metadata.name` and `metadata.namespace` (which the round trip matches resources by), without
 * copying either to leave those out.
 */
export function sameApartFromIdentity(a: Obj, b: Obj, defaults: readonly SchemaDefault[]): boolean {
  const node = treeOf(defaults);
  const every = node.children.get("*");
  for (const key of Object.keys(a)) if (key !== "metadata" && !sameField(a, b, key, node.children.get(key) ?? every ?? EMPTY)) return false;
  for (const key of Object.keys(b)) if (key !== "metadata" && !(key in a) && !sameField(a, b, key, node.children.get(key) ?? every ?? EMPTY)) return false;
  const metadata = node.children.get("metadata") ?? every ?? EMPTY;
  return sameFields(isObj(a.metadata) ? a.metadata : {}, isObj(b.metadata) ? b.metadata : {}, metadata, IDENTITY);
}

/** The fields of `metadata` that name a resource. */
const IDENTITY: ReadonlySet<string> = new Set(["name", "namespace"]);

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

function same(a: unknown, b: unknown, node: DefaultsNode): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    const every = node.children.get("*") ?? EMPTY;
    if (a.every((x) => x === null || typeof x !== "object") && b.every((x) => x === null || typeof x !== "object")) {
      // In the same order already (the common case): no sorted copies to see it.
      if (a.every((x, i) => Object.is(x, b[i]))) return true;
      const order = (x: unknown, y: unknown): number => (String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0);
      const sa = [...a].sort(order);
      const sb = [...b].sort(order);
      return sa.every((x, i) => Object.is(x, sb[i]));
    }
    return a.every((x, i) => same(x, b[i], every));
  }
  if (!isObj(a) || !isObj(b)) return isObj(a) ? isEmpty(a, node) && b === undefined : isObj(b) ? isEmpty(b, node) && a === undefined : false;
  return sameFields(a, b, node, NONE);
}

const NONE: ReadonlySet<string> = new Set();

/** Whether two objects have the same fields, those in `skip` left out. */
function sameFields(a: Obj, b: Obj, node: DefaultsNode, skip: ReadonlySet<string>): boolean {
  const every = node.children.get("*");
  for (const key of Object.keys(a)) if (!skip.has(key) && !sameField(a, b, key, node.children.get(key) ?? every ?? EMPTY)) return false;
  for (const key of Object.keys(b)) if (!skip.has(key) && !(key in a) && !sameField(a, b, key, node.children.get(key) ?? every ?? EMPTY)) return false;
  return true;
}

function sameField(a: Obj, b: Obj, key: string, child: DefaultsNode): boolean {
  let va = a[key];
  let vb = b[key];
  if (va === undefined && child.fill !== undefined) va = child.fill.value;
  if (vb === undefined && child.fill !== undefined) vb = child.fill.value;
  if (va === undefined && vb === undefined) return true;
  if (va === undefined) return isEmpty(vb, child);
  if (vb === undefined) return isEmpty(va, child);
  return same(va, vb, child);
}

/** Whether a value normalises to an empty object, which the comparison leaves out. */
function isEmpty(value: unknown, node: DefaultsNode): boolean {
  if (!isObj(value)) return false;
  for (const [key, child] of node.children) if (key !== "*" && child.fill !== undefined && value[key] === undefined) return false;
  const every = node.children.get("*");
  return Object.keys(value).every((k) => value[k] === undefined || isEmpty(value[k], node.children.get(k) ?? every ?? EMPTY));
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
