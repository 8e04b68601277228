/**
 * Remembering rule results. A CEL rule is a pure function of `self`, and most rules read only a
 * few scalar fields of it (`self.type`, `self.value`, `has(self.port)`) or are about a scalar
 * `self` (`duration(self) >= duration('1ms')`). Such a rule gives the same result wherever those
 * fields hold the same values, and across a mesh they repeat: every path match, every timeout,
 * every Service backend. So the result is kept, keyed by the values the rule reads.
 *
 * A rule that uses `self` in any other way (iterates it, indexes it, passes a map or list to a
 * function) has no such key and is evaluated every time; so is any evaluation where a field the
 * rule reads holds a map or a list.
 */
import { isCelMap, type CelResult } from "@bufbuild/cel";

/** One place a rule reads: a chain of field selections from `self`; `[]` is `self` itself. */
export interface SelfRead {
  readonly path: readonly string[];
  /** Whether only the presence of the last field matters: `has(self.a.b)`. */
  readonly presence: boolean;
}

/** The most results kept per rule; past it the rule's cache starts over. */
const LIMIT = 4096;

/**
 * What a parsed rule reads of `self`, or `undefined` when it uses `self` in a way the cache cannot
 * key on. `expr` is the rule's parsed expression (`cel.expr.Expr`).
 */
export function selfReadsOf(expr: unknown): SelfRead[] | undefined {
  const reads = new Map<string, SelfRead>();
  const keyable = collect(expr, reads);
  return keyable ? [...reads.values()] : undefined;
}

/**
 * `program`, remembering its result for each combination of the values `reads` names. When a
 * read reaches a map or a list, that evaluation is not remembered.
 */
export function memoize(program: (self: unknown) => CelResult, reads: readonly SelfRead[]): (self: unknown) => CelResult {
  const results = new Map<string, CelResult>();
  return (self) => {
    const key = keyOf(self, reads);
    if (key === undefined) return program(self);
    let result = results.get(key);
    if (result === undefined && !results.has(key)) {
      result = program(self);
      if (results.size >= LIMIT) results.clear();
      results.set(key, result);
    }
    return result as CelResult;
  };
}

// --- internal ---

interface ExprNode {
  readonly exprKind?: { readonly case?: string; readonly value?: unknown };
}

interface SelectValue {
  readonly operand?: ExprNode;
  readonly field: string;
  readonly testOnly: boolean;
}

interface ComprehensionValue {
  readonly iterVar?: string;
  readonly iterVar2?: string;
  readonly accuVar?: string;
}

/** Walks `node`, noting each read of `self`; false when `self` is used in a way that has no key. */
function collect(node: unknown, reads: Map<string, SelfRead>): boolean {
  if (node === null || typeof node !== "object") return true;
  if (Array.isArray(node)) return node.every((child) => collect(child, reads));
  const kind = (node as ExprNode).exprKind;
  if (kind?.case === "identExpr" && (kind.value as { name?: string }).name === "self") {
    note(reads, { path: [], presence: false });
    return true;
  }
  if (kind?.case === "selectExpr") {
    const chain = selfChain(node as ExprNode);
    if (chain !== undefined) {
      note(reads, { path: chain, presence: (kind.value as SelectValue).testOnly });
      return true;
    }
  }
  if (kind?.case === "comprehensionExpr") {
    const { iterVar, iterVar2, accuVar } = kind.value as ComprehensionValue;
    if (iterVar === "self" || iterVar2 === "self" || accuVar === "self") return false;
  }
  for (const [key, child] of Object.entries(node)) if (key !== "$typeName" && !collect(child, reads)) return false;
  return true;
}

/** The fields of a chain of selections that starts at `self` (`self.a.b` is `["a", "b"]`). */
function selfChain(node: ExprNode): string[] | undefined {
  const fields: string[] = [];
  let current: ExprNode | undefined = node;
  while (current?.exprKind?.case === "selectExpr") {
    const select = current.exprKind.value as SelectValue;
    fields.unshift(select.field);
    current = select.operand;
  }
  if (current?.exprKind?.case !== "identExpr" || (current.exprKind.value as { name?: string }).name !== "self") return undefined;
  return fields;
}

function note(reads: Map<string, SelfRead>, read: SelfRead): void {
  reads.set(`${read.presence ? "?" : "="}${read.path.join("\u0000")}`, read);
}

/** The values `reads` reach in `self`, as one string; `undefined` when one is a map or a list. */
function keyOf(self: unknown, reads: readonly SelfRead[]): string | undefined {
  let key = "";
  for (const { path, presence } of reads) {
    let value = self;
    const walked = presence ? path.length - 1 : path.length;
    let index = 0;
    for (; index < walked && value !== undefined; index += 1) {
      if (!isCelMap(value)) return undefined;
      value = value.get(path[index] as string);
    }
    if (value === undefined) {
      key += `u${index}|`;
    } else if (presence) {
      if (!isCelMap(value)) return undefined;
      key += value.has(path[walked] as string) ? "p|" : "a|";
    } else {
      const scalar = scalarKey(value);
      if (scalar === undefined) return undefined;
      key += scalar;
    }
  }
  return key;
}

/** A scalar as a key part that no other value shares; `undefined` for maps, lists and other objects. */
function scalarKey(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return `s${value.length}:${value}`;
    case "bigint":
      return `i${value}|`;
    case "number":
      return Object.is(value, -0) ? "d-0|" : `d${value}|`;
    case "boolean":
      return value ? "t|" : "f|";
    default:
      return value === null ? "n|" : undefined;
  }
}
