import type { KindEntry, SchemaDefault } from "@meshform/kind-runtime";
import { copyRecord, isRecord, setField, withoutNulls } from "../value.js";

/** The schema defaults of a kind version, parents before children, as the generator recorded them. */
export function defaultsOf(entry: KindEntry): readonly SchemaDefault[] {
  return entry.info.defaults;
}

/**
 * `root` with `defaults` filled in where a value is absent and its parent object exists, as the
 * API server does before validation: a defaulted object then gets the defaults of its own fields.
 * `root` is not changed: only the objects and lists on the way to a filled field are copied, the
 * rest is shared. The value filled in is the default without its nulls, shared by every resource
 * (nothing writes to it; a default filled inside it copies it first).
 */
export function withDefaults<T>(root: T, defaults: readonly SchemaDefault[]): T {
  return filled(root, treeOf(defaults)) as T;
}

// --- internal ---

/** One field of the defaults arranged by path, so one walk of a resource fills them all: a field's default, then its fields'. */
interface DefaultsNode {
  /** The field's name, or `*` for every list item or map value. */
  readonly segment: string;
  /** The field's default (the first one recorded for its path). */
  readonly fill: { readonly value: unknown } | undefined;
  readonly children: readonly DefaultsNode[];
}

const trees = new WeakMap<readonly SchemaDefault[], readonly DefaultsNode[]>();

/** The defaults as a tree of their paths (its top-level fields), made once per list of defaults. */
function treeOf(defaults: readonly SchemaDefault[]): readonly DefaultsNode[] {
  let tree = trees.get(defaults);
  if (tree === undefined) {
    interface Draft {
      fill?: { readonly value: unknown };
      readonly children: Map<string, Draft>;
    }
    const root: Draft = { children: new Map() };
    for (const [path, value] of defaults) {
      let node = root;
      for (const segment of path) {
        let child = node.children.get(segment);
        if (child === undefined) node.children.set(segment, (child = { children: new Map() }));
        node = child;
      }
      node.fill ??= { value: withoutNulls(value) };
    }
    const seal = (draft: Draft): DefaultsNode[] => [...draft.children].map(([segment, child]) => ({ segment, fill: child.fill, children: seal(child) }));
    tree = seal(root);
    trees.set(defaults, tree);
  }
  return tree;
}

/** `node` with the defaults of `tree` filled in: `node` itself when nothing changed, else a copy. */
function filled(node: unknown, tree: readonly DefaultsNode[]): unknown {
  if (typeof node !== "object" || node === null) return node;
  let current: unknown = node;
  for (const { segment, fill, children } of tree) {
    if (segment === "*") {
      if (children.length > 0) current = filledEach(current, children);
      continue;
    }
    if (Array.isArray(current)) continue;
    const record = current as Record<string, unknown>;
    const before = record[segment];
    let value = before === undefined && fill !== undefined ? fill.value : before;
    if (children.length > 0) value = filled(value, children);
    if (value !== before) current = setField(current === node ? copyRecord(record) : record, segment, value);
  }
  return current;
}

/** `node`'s list items or map values, each with the defaults of `tree` filled in. */
function filledEach(node: unknown, tree: readonly DefaultsNode[]): unknown {
  if (Array.isArray(node)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < node.length; i += 1) {
      const child: unknown = node[i];
      const next = filled(child, tree);
      if (next !== child) (copy ??= node.slice())[i] = next;
    }
    return copy ?? node;
  }
  if (!isRecord(node)) return node;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(node)) {
    const child = node[key];
    const next = filled(child, tree);
    if (next !== child) copy = setField(copy ?? copyRecord(node), key, next);
  }
  return copy ?? node;
}
