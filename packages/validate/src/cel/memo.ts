/**
 * Remembering rule results. A CEL rule is a pure function of `self`, and most rules read only a
 * few scalar fields of it (`self.type`, `self.value`, `has(self.port)`) or are about a scalar
 * `self` (`duration(self) >= duration('1ms')`). Such a rule gives the same result wherever those
 * fields hold the same values, and across a mesh they repeat: every path match, every timeout,
 * every Service backend. So the result is kept, keyed by the values the rule reads.
 *
 * Reads may go through constant indexes (`self[0].matches`) and may need only a presence
 * (`has(...)`) or a size (`.size()`). A rule that uses `self` in any other way (iterates it,
 * passes a map or list to a function) is evaluated every time; so is any evaluation where a value
 * the rule reads whole is a map or a list.
 */
import type { CelList, CelMap, CelResult } from "@bufbuild/cel";
import { celRuntime } from "./runtime.js";

// Read only on CEL values, so the evaluator is loaded by then.
const isCelList = (value: unknown): value is CelList => celRuntime().isCelList(value);
const isCelMap = (value: unknown): value is CelMap => celRuntime().isCelMap(value);
import { isRecord } from "../value.js";
import type { CallValue, ComprehensionValue, ExprNode, SelectValue } from "./expr.js";

/** One place a rule reads: a chain of field selections and constant indexes from `self`; `[]` is `self` itself. */
export interface SelfRead {
  readonly path: readonly (string | number)[];
  /**
   * What of the value there matters: the value itself, which must be a scalar for the result to
   * be remembered; only whether the last field is there (`has(self.a.b)`); or only its size
   * (`self.items.size()`, `size(self.name)`).
   */
  readonly use: "value" | "presence" | "size";
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

/** Walks `node`, noting each read of `self`; false when `self` is used in a way that has no key. */
function collect(node: unknown, reads: Map<string, SelfRead>): boolean {
  if (node === null || typeof node !== "object") return true;
  if (Array.isArray(node)) return node.every((child) => collect(child, reads));
  const kind = (node as ExprNode).exprKind;
  if (kind?.case === "callExpr") {
    const call = kind.value as CallValue;
    const operand = call.function === "size" ? (call.target ?? (call.args.length === 1 ? call.args[0] : undefined)) : undefined;
    const sized = operand === undefined ? undefined : selfChain(operand);
    if (sized !== undefined && call.args.length === (call.target === undefined ? 1 : 0)) {
      note(reads, { path: sized, use: "size" });
      return true;
    }
  }
  const chain = selfChain(node as ExprNode);
  if (chain !== undefined) {
    const presence = kind?.case === "selectExpr" && (kind.value as SelectValue).testOnly;
    note(reads, { path: chain, use: presence ? "presence" : "value" });
    return true;
  }
  if (kind?.case === "comprehensionExpr") {
    const { iterVar, iterVar2, accuVar } = kind.value as ComprehensionValue;
    if (iterVar === "self" || iterVar2 === "self" || accuVar === "self") return false;
  }
  for (const [key, child] of Object.entries(node)) if (key !== "$typeName" && !collect(child, reads)) return false;
  return true;
}

/**
 * The steps of a chain that starts at `self`: field selections and indexes by a constant
 * (`self.a[0].b` is `["a", 0, "b"]`); `undefined` for any other expression.
 */
function selfChain(node: ExprNode): (string | number)[] | undefined {
  const steps: (string | number)[] = [];
  let current: ExprNode | undefined = node;
  for (;;) {
    const kind: ExprNode["exprKind"] = current?.exprKind;
    if (kind?.case === "identExpr") return (kind.value as { name?: string }).name === "self" ? steps : undefined;
    if (kind?.case === "selectExpr") {
      const select = kind.value as SelectValue;
      steps.unshift(select.field);
      current = select.operand;
      continue;
    }
    const index = kind?.case === "callExpr" ? constantIndex(kind.value as CallValue) : undefined;
    if (index === undefined) return undefined;
    steps.unshift(index.step);
    current = index.operand;
  }
}

/** `x[0]` or `x['key']`: the indexed expression and the constant. */
function constantIndex(call: CallValue): { operand: ExprNode | undefined; step: string | number } | undefined {
  if (call.function !== "_[_]" || call.args.length !== 2) return undefined;
  const constant = call.args[1]?.exprKind;
  if (constant?.case !== "constExpr") return undefined;
  const value = (constant.value as { constantKind?: { case?: string; value?: unknown } }).constantKind;
  if (value?.case === "int64Value" && typeof value.value === "bigint") return { operand: call.args[0], step: Number(value.value) };
  if (value?.case === "stringValue" && typeof value.value === "string") return { operand: call.args[0], step: value.value };
  return undefined;
}

function note(reads: Map<string, SelfRead>, read: SelfRead): void {
  reads.set(`${read.use}:${read.path.map((step) => (typeof step === "number" ? `[${step}]` : `.${step.length}:${step}`)).join("")}`, read);
}

/** What {@link stepInto} gives when a step cannot apply to a value (an index into a map, a field of a list). */
const NO_STEP = Symbol("no step");

/** The value at one step, or `undefined` when it is not there. */
function stepInto(value: unknown, step: string | number): unknown {
  if (typeof step === "number") return isCelList(value) ? value.get(step) : NO_STEP;
  return isCelMap(value) ? value.get(step) : NO_STEP;
}

/** How a key reader reads one representation of values: CEL values, or plain JSON. */
interface ValueAccess {
  /** The value at one step, `undefined` when it is not there, {@link NO_STEP} when the step cannot apply. */
  stepInto(value: unknown, step: string | number): unknown;
  presenceKey(value: unknown, field: string | number): string | undefined;
  sizeKey(value: unknown): string | undefined;
  scalarKey(value: unknown): string | undefined;
}

/**
 * The key function for one representation of values: the values `reads` reach in `self`, as one
 * string; `undefined` when one of them has no key. Made once per representation, so that each
 * reader's calls stay monomorphic on the hot path.
 */
function keyReader(access: ValueAccess): (self: unknown, reads: readonly SelfRead[]) => string | undefined {
  return (self, reads) => {
    let key = "";
    for (const { path, use } of reads) {
      let value = self;
      const walked = use === "presence" ? path.length - 1 : path.length;
      let index = 0;
      for (; index < walked && value !== undefined; index += 1) {
        value = access.stepInto(value, path[index] as string | number);
        if (value === NO_STEP) return undefined;
      }
      if (value === undefined) {
        key += `u${index}|`;
        continue;
      }
      const part = use === "presence" ? access.presenceKey(value, path[walked] as string | number) : use === "size" ? access.sizeKey(value) : access.scalarKey(value);
      if (part === undefined) return undefined;
      key += part;
    }
    return key;
  };
}

function presenceKey(value: unknown, field: string | number): string | undefined {
  if (!isCelMap(value) || typeof field !== "string") return undefined;
  return value.has(field) ? "p|" : "a|";
}

function sizeKey(value: unknown): string | undefined {
  if (isCelList(value)) return `l${value.size}|`;
  if (isCelMap(value)) return `m${value.size}|`;
  return typeof value === "string" ? scalarKey(value) : undefined;
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

function plainStepInto(value: unknown, step: string | number): unknown {
  if (typeof step === "number") return Array.isArray(value) ? value[step] : NO_STEP;
  if (!isRecord(value)) return NO_STEP;
  return Object.hasOwn(value, step) ? value[step] : undefined;
}

function plainPresenceKey(value: unknown, field: string | number): string | undefined {
  if (!isRecord(value) || typeof field !== "string") return undefined;
  // A CEL map holds a field whose value is null as absent.
  return Object.hasOwn(value, field) && value[field] != null ? "p|" : "a|";
}

function plainSizeKey(value: unknown): string | undefined {
  if (Array.isArray(value)) return `l${value.length}|`;
  if (typeof value === "object" && value !== null) return `m${Object.keys(value).length}|`;
  return typeof value === "string" ? plainScalarKey(value) : undefined;
}

function plainScalarKey(value: unknown): string | undefined {
  if (typeof value === "number") return Number.isInteger(value) ? `i${Number.isSafeInteger(value) ? value : BigInt(value)}|` : `d${value}|`;
  return scalarKey(value);
}

/**
 * The values `reads` reach in `self` (a CEL value), as one string; `undefined` when one of them has no key.
 *
 * @internal
 */
export const keyOf = keyReader({ stepInto, presenceKey, sizeKey, scalarKey });

/**
 * The key {@link memoize} would give the CEL value of `self`, computed on `self` as plain JSON
 * (before any conversion: a whole number is an `int`, any other number a `double`, an object a
 * map, an array a list); `undefined` when a read reaches a map or a list whole.
 */
export const plainKeyOf = keyReader({ stepInto: plainStepInto, presenceKey: plainPresenceKey, sizeKey: plainSizeKey, scalarKey: plainScalarKey });
