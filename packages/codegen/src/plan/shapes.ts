/**
 * Shapes shared across kinds and releases: every object node is keyed by its structure, each
 * distinct structure is declared once, in one module, under one name.
 *
 * Naming, in order of preference: the upstream type name where a description starts with it
 * (`HTTPRouteRule defines ...`), the field name when every place that uses the shape reaches it
 * through one field name (`trafficPolicy` and `subsets[].trafficPolicy` give `TrafficPolicy`),
 * else the path name of the first place (`DestinationRuleSpecSubsets`). A name already taken gets
 * the variant's tag (`TrafficPolicy_1_24_6`), then a number; the order of claims is fixed, so
 * names are deterministic.
 */
import { createHash } from "node:crypto";
import type { ObjectNode, SchemaNode } from "../ir.js";
import { pascalCase } from "../transform/context.js";

/** Memoised structural keys of nodes. */
export type KeyMemo = Map<SchemaNode, string>;

function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 24);
}

/** What a reference to a node depends on: its structure and whether it may be `null`. */
function refKey(node: SchemaNode, memo: KeyMemo): string {
  return node.nullable ? `${shapeKey(node, memo)}?` : shapeKey(node, memo);
}

/**
 * The structural key of a node: equal for two nodes exactly when they emit the same type and the
 * same zod schema, descriptions, defaults and CEL rules aside (rules and defaults are recorded
 * per kind, from each release's own tree).
 */
export function shapeKey(node: SchemaNode, memo: KeyMemo): string {
  const known = memo.get(node);
  if (known !== undefined) return known;
  let parts: unknown;
  switch (node.type) {
    case "object":
      parts = [
        "object",
        node.fields.map((f) => [f.name, f.required, refKey(f.schema, memo)]),
        node.exclusive,
        node.conditional ?? null,
        node.openEnded,
        node.minProperties ?? null,
        node.maxProperties ?? null,
      ];
      break;
    case "map":
      parts = ["map", refKey(node.values, memo), node.minProperties ?? null, node.maxProperties ?? null, node.nullable];
      break;
    case "array":
      parts = ["array", refKey(node.items, memo), node.minItems ?? null, node.maxItems ?? null, node.listType ?? null, node.mapKeys ?? null, node.mapKeyDefaults ?? null, node.nullable];
      break;
    case "union":
      parts = ["union", node.members.map((m) => refKey(m, memo)), node.nullable];
      break;
    default: {
      const { doc: _doc, rules: _rules, ...rest } = node;
      parts = ["scalar", rest];
      break;
    }
  }
  // A default is part of what a shape means (a reference whose `kind` defaults to `Secret` is
  // not one whose `kind` defaults to `Gateway`), though not of the emitted schema.
  if (node.doc.default !== undefined) parts = [parts, node.doc.default];
  const key = digest(JSON.stringify(parts));
  memo.set(node, key);
  return key;
}

/** Where a shape is used: the shape (or root) above it and the field it is reached by. */
export interface ShapeUse {
  readonly parent: string;
  readonly field: string;
  /** The name part the field adds to a path name (`Spec`, `HeadersValue`). */
  readonly segment: string;
  /** Reached as a list item. */
  readonly item: boolean;
}

/**
 * Every object node under a root's fields, each with the use that reaches it, parents before
 * children: depth first, or with `breadthFirst` level by level (a shape is then first met where
 * it is nearest the root). `visit` returns whether to go on below the node.
 */
export function visitShapes(
  root: ObjectNode,
  rootKey: string,
  memo: KeyMemo,
  visit: (node: ObjectNode, key: string, use: ShapeUse) => boolean,
  breadthFirst = false,
): void {
  const queue: { node: ObjectNode; key: string; use: ShapeUse }[] = [];
  const fieldsOf = (node: ObjectNode, key: string): void => {
    for (const field of node.fields) descend(field.schema, { parent: key, field: field.name, segment: pascalCase(field.name), item: false });
  };
  const descend = (node: SchemaNode, use: ShapeUse): void => {
    switch (node.type) {
      case "object": {
        const key = shapeKey(node, memo);
        if (breadthFirst) queue.push({ node, key, use });
        else if (visit(node, key, use)) fieldsOf(node, key);
        break;
      }
      case "array":
        descend(node.items, { ...use, item: true });
        break;
      case "map":
        descend(node.values, { ...use, segment: `${use.segment}Value` });
        break;
      case "union":
        for (const member of node.members) descend(member, use);
        break;
      default:
        break;
    }
  };
  fieldsOf(root, rootKey);
  for (let at = 0; at < queue.length; at += 1) {
    const { node, key, use } = queue[at]!;
    if (visit(node, key, use)) fieldsOf(node, key);
  }
}

/** The word a list field's item is named by: `subsets` → `Subset`, `policies` → `Policy`. */
export function singular(word: string): string {
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ch|sh|ss|x|s)es$/.test(word)) return word.slice(0, -2);
  if (/[^su]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * The upstream type name a description starts with, as generated CRDs carry Go doc comments
 * (`HTTPRouteRule defines semantics for ...`): a word with an inner capital and a lower-case
 * letter, followed by a lower-case word.
 */
export function upstreamName(description: string | undefined): string | undefined {
  const match = /^([A-Z][A-Za-z0-9]*) [a-z]/.exec(description ?? "");
  const word = match?.[1];
  if (word === undefined || !/[a-z]/.test(word) || !/^[A-Z][a-z0-9]*[A-Z]/.test(word)) return undefined;
  return word;
}

/**
 * The upstream type name of a shape from the descriptions of its places: a list item's
 * description is its Go type's doc comment (`HTTPRouteRule defines ...`), the most frequent one
 * wins, unless another is as frequent; a field's is the field's comment (`AllowedRoutes defines ...`), taken only when every
 * place says the same.
 */
export function documentedName(docs: readonly { readonly name: string; readonly item: boolean }[]): string | undefined {
  const count = new Map<string, number>();
  for (const doc of docs) if (doc.item) count.set(doc.name, (count.get(doc.name) ?? 0) + 1);
  const ranked = [...count].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  // Two types of one structure used as often (HTTPHeaderMatch, GRPCHeaderMatch): neither name.
  if (ranked[0] !== undefined) return ranked[1]?.[1] === ranked[0][1] ? undefined : ranked[0][0];
  const names = new Set(docs.map((d) => d.name));
  return names.size === 1 ? [...names][0] : undefined;
}

/** The words of a PascalCase name: `GRPCRoute` → `GRPC`, `Route`. */
function words(name: string): string[] {
  return name.match(/[A-Z][a-z0-9]+|[A-Z]+(?![a-z])|[a-z0-9]+/g) ?? [name];
}

/**
 * The name of a shape that several kinds hold at their root under one field: the words their
 * kinds end with, and the field (`status` of GRPCRoute, HTTPRoute and TCPRoute: `RouteStatus`).
 */
export function kindsFieldName(uses: readonly ShapeUse[], kindOf: (rootKey: string) => string | undefined): string | undefined {
  const kinds = [...new Set(uses.map((u) => kindOf(u.parent)))];
  const fields = new Set(uses.map((u) => u.field));
  if (kinds.length < 2 || fields.size !== 1 || kinds.some((k) => k === undefined)) return undefined;
  const common = commonSuffix(kinds as string[]);
  return common === undefined ? undefined : `${common}${pascalCase([...fields][0]!)}`;
}

/** The words that every name ends with (`GRPCRoute`, `HTTPRoute`: `Route`), or `undefined`. */
function commonSuffix(names: readonly string[]): string | undefined {
  const split = names.map(words);
  const first = split[0];
  if (first === undefined) return undefined;
  const common: string[] = [];
  for (let i = 1; split.every((w) => w.length >= i && w[w.length - i] === first[first.length - i]); i += 1) common.unshift(first[first.length - i]!);
  return common.length === 0 ? undefined : common.join("");
}

/** Field names too generic to name a shape by. */
const GENERIC = new Set(["Spec", "Status", "Metadata", "Item", "Value", "Config", "Rule"]);

/**
 * The name a shape takes from the field most of its places reach it by, when at least two places
 * do (`connectionPool` in a traffic policy, its port-level settings and a Sidecar's ingress, beside
 * one `inboundConnectionPool`, give `ConnectionPool`), unless another field is as frequent (a
 * filter's `requestHeaderModifier` and `responseHeaderModifier`); list items take the singular.
 */
export function sharedFieldName(uses: readonly ShapeUse[]): string | undefined {
  const places = new Map<string, Set<string>>();
  for (const use of uses) {
    const set = places.get(use.field) ?? new Set<string>();
    set.add(use.parent);
    places.set(use.field, set);
  }
  const ranked = [...places].sort(([a, x], [b, y]) => y.size - x.size || (a < b ? -1 : a > b ? 1 : 0));
  const [field, parents] = ranked[0] ?? [];
  if (field === undefined || parents === undefined) return undefined;
  if (parents.size < 2 || ranked[1]?.[1].size === parents.size) {
    // No field dominates: the words every field name ends with, if any (`requestHeaderModifier`
    // and `responseHeaderModifier` give `HeaderModifier`).
    const suffix = commonSuffix([...places.keys()].map(pascalCase));
    return places.size > 1 && suffix !== undefined && !GENERIC.has(suffix) ? suffix : undefined;
  }
  const word = pascalCase(field);
  const name = uses.filter((u) => u.field === field).every((u) => u.item) ? singular(word) : word;
  return GENERIC.has(name) || name === "" ? undefined : name;
}

/** Hands out names unique across a whole generated tree, in a fixed order of claims. */
export class TreeNames {
  readonly #taken = new Set<string>();

  /** Whether `name` is taken. */
  has(name: string): boolean {
    return this.#taken.has(name);
  }

  /** Takes `name`; it must be free. */
  reserve(name: string): void {
    this.#taken.add(name);
  }

  /**
   * The first free name of `candidates`, each tried bare and then with `tag`; else the first
   * candidate with the tag and the lowest free number.
   */
  claim(candidates: readonly string[], tag = ""): string {
    for (const candidate of candidates) {
      for (const name of tag === "" ? [candidate] : [candidate, `${candidate}${tag}`]) {
        if (!this.#taken.has(name)) {
          this.#taken.add(name);
          return name;
        }
      }
    }
    const base = `${candidates[0]!}${tag}`;
    let n = 2;
    while (this.#taken.has(`${base}${n}`)) n += 1;
    this.#taken.add(`${base}${n}`);
    return `${base}${n}`;
  }
}
