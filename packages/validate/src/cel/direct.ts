/**
 * A direct evaluator for the common shapes of rules: field selections, `has()`, constant indexes,
 * the logical and comparison operators, integer arithmetic, `in`, `size`, the string tests
 * (`contains`, `startsWith`, `endsWith`, `matches`), `duration()` of a plain duration string
 * compared with another (Istio's `duration(self) >= duration('1ms')`), and the comprehensions the
 * macros expand to (`all`, `exists`, `exists_one`), evaluated on the plain JSON values of a
 * resource, without converting them to CEL values.
 *
 * It only ever answers `true` for a rule that passes: anything it does not handle exactly as the
 * evaluator does (an error, a value of another type, a function it lacks, a double or uint
 * constant, a list or map compared whole) ends the direct evaluation, and the rule is evaluated
 * by the CEL evaluator, which also words every failure. JSON values map to CEL values as in
 * `convert.ts`: a whole number is an `int`, any other number a `double`, an object a map, an
 * array a list.
 */
import type { CallValue, ComprehensionValue, ExprNode, SelectValue } from "./expr.js";
import { isRecord } from "../value.js";
import { cachedRe2 } from "./lib-regex.js";

/** A rule compiled for direct evaluation: whether it holds for `self` (a plain JSON value), or {@link UNDECIDED}. */
export type DirectProgram = (self: unknown) => boolean | typeof UNDECIDED;

/** What a direct program gives when the rule needs the CEL evaluator. */
export const UNDECIDED: unique symbol = Symbol("undecided");

/**
 * `expr` (a parsed rule, field names already unescaped) as a direct program, or `undefined` when
 * nothing of it can be evaluated directly.
 */
export function directProgramOf(expr: unknown): DirectProgram | undefined {
  const compiler: Compiler = { slots: 1 };
  const root = compile(expr as ExprNode, compiler, new Map([["self", 0]]));
  if (root === UNSUPPORTED) return undefined;
  // One frame per program: an evaluation never starts another of the same program, and every
  // slot is written before it is read.
  const frame: unknown[] = new Array<unknown>(compiler.slots).fill(undefined);
  return (self) => {
    frame[0] = self;
    try {
      const result = root(frame);
      return typeof result === "boolean" ? result : UNDECIDED;
    } catch {
      // GIVE_UP, or a function that threw (an RE2 pattern that does not compile): the evaluator
      // decides, and words the error as it does.
      return UNDECIDED;
    }
  };
}

// --- internal ---

/** Thrown inside a direct program where the CEL evaluator must decide. */
const GIVE_UP = new Error("undecided");

/** One compiled node: its value, given the frame of variables (`self` in slot 0, then comprehension variables). */
type Node = (frame: unknown[]) => unknown;

/** The compilation of one rule: how many variable slots its frame needs. */
interface Compiler {
  slots: number;
}

type Scope = ReadonlyMap<string, number>;

function giveUp(): never {
  throw GIVE_UP;
}

/**
 * The node of anything the direct evaluator does not handle, and of every expression that
 * evaluates one unconditionally: a rule whose root is this node always needs the CEL evaluator.
 */
const UNSUPPORTED: Node = () => giveUp();

function compile(node: ExprNode | undefined, compiler: Compiler, scope: Scope): Node {
  return compileKnown(node, compiler, scope) ?? UNSUPPORTED;
}

function compileKnown(node: ExprNode | undefined, compiler: Compiler, scope: Scope): Node | undefined {
  const kind = node?.exprKind;
  switch (kind?.case) {
    case "constExpr":
      return constant(kind.value as { constantKind?: { case?: string; value?: unknown } });
    case "identExpr": {
      const slot = scope.get((kind.value as { name?: string }).name ?? "");
      return slot === undefined ? undefined : (frame) => frame[slot];
    }
    case "selectExpr":
      return select(kind.value as SelectValue, compiler, scope);
    case "listExpr": {
      const { elements, optionalIndices } = kind.value as { elements: readonly ExprNode[]; optionalIndices: readonly number[] };
      if (optionalIndices.length > 0) return undefined;
      const items = elements.map((element) => compile(element, compiler, scope));
      if (items.includes(UNSUPPORTED)) return undefined;
      if (elements.every((element) => element.exprKind?.case === "constExpr")) {
        const list = items.map((item) => item([])); // a list of constants is made once
        return () => list;
      }
      return (frame) => items.map((item) => item(frame));
    }
    case "structExpr": {
      const { messageName, entries } = kind.value as { messageName: string; entries: readonly unknown[] };
      return messageName === "" && entries.length === 0 ? () => ({}) : undefined;
    }
    case "callExpr":
      return call(kind.value as CallValue, compiler, scope);
    case "comprehensionExpr":
      return comprehension(kind.value as Comprehension, compiler, scope);
    default:
      return undefined;
  }
}

function constant(value: { constantKind?: { case?: string; value?: unknown } }): Node | undefined {
  const { case: kind, value: literal } = value.constantKind ?? {};
  switch (kind) {
    case "boolValue":
    case "stringValue":
      return () => literal;
    case "int64Value": {
      const number = Number(literal as bigint);
      return Number.isSafeInteger(number) ? () => number : undefined;
    }
    default:
      return undefined;
  }
}

function select(value: SelectValue, compiler: Compiler, scope: Scope): Node {
  const operand = compile(value.operand, compiler, scope);
  if (operand === UNSUPPORTED) return UNSUPPORTED;
  const { field } = value;
  if (value.testOnly) return (frame) => isPresent(asMap(operand(frame)), field);
  return (frame) => fieldOf(asMap(operand(frame)), field);
}

type Binary = (left: unknown, right: unknown) => unknown;

/** Operators and functions of two operands whose both operands are always evaluated. */
const BINARY: Readonly<Record<string, Binary>> = {
  "_==_": (left, right) => equal(left, right),
  "_!=_": (left, right) => !equal(left, right),
  "_<_": (left, right) => compare(left, right) < 0,
  "_<=_": (left, right) => compare(left, right) <= 0,
  "_>_": (left, right) => compare(left, right) > 0,
  "_>=_": (left, right) => compare(left, right) >= 0,
  "_+_": (left, right) => (typeof left === "string" && typeof right === "string" ? left + right : integer(asInteger(left) + asInteger(right))),
  "_-_": (left, right) => integer(asInteger(left) - asInteger(right)),
  "_*_": (left, right) => integer(asInteger(left) * asInteger(right)),
  "@in": (element, container) => contains(container, element),
  "_[_]": (container, index) => indexInto(container, index),
};

/** Methods of a string with one string argument. */
const STRING_METHODS: Readonly<Record<string, (text: string, argument: string) => boolean>> = {
  contains: (text, argument) => text.includes(argument),
  startsWith: (text, argument) => text.startsWith(argument),
  endsWith: (text, argument) => text.endsWith(argument),
  matches: (text, pattern) => matches(pattern, text),
};

/** The most texts whose match against one pattern is remembered; past it that pattern's results start over. */
const MATCH_LIMIT = 4096;
const matchResults = new Map<string, Map<string, boolean>>();

/** RE2 `matches`, as the evaluator's environment runs it, remembering each (pattern, text) result: the same paths and names recur across a mesh. */
function matches(pattern: string, text: string): boolean {
  let results = matchResults.get(pattern);
  if (results === undefined) matchResults.set(pattern, (results = new Map()));
  let result = results.get(text);
  if (result === undefined) {
    result = cachedRe2.compile(pattern).test(text);
    if (results.size >= MATCH_LIMIT) results.clear();
    results.set(text, result);
  }
  return result;
}

function call(value: CallValue, compiler: Compiler, scope: Scope): Node | undefined {
  const { function: name, target } = value;
  const args = value.args.map((arg) => compile(arg, compiler, scope));
  if (target === undefined) {
    const [first, second, third] = args;
    if (first === UNSUPPORTED) return undefined;
    if (args.length === 1 && first !== undefined) {
      if (name === "!_") return (frame) => !asBool(first(frame));
      if (name === "-_") return (frame) => integer(-asInteger(first(frame)));
      if (name === "size") return (frame) => sizeOf(first(frame));
      if (name === "duration") return (frame) => durationOf(asString(first(frame)));
      if (name === "@not_strictly_false") return (frame) => asBool(first(frame));
      return undefined;
    }
    if (args.length === 2 && first !== undefined && second !== undefined) {
      if (name === "_&&_") return (frame) => asBool(first(frame)) && asBool(second(frame));
      if (name === "_||_") return (frame) => asBool(first(frame)) || asBool(second(frame));
      const binary = Object.hasOwn(BINARY, name) ? BINARY[name] : undefined;
      return binary === undefined || second === UNSUPPORTED ? undefined : (frame) => binary(first(frame), second(frame));
    }
    if (name === "_?_:_" && args.length === 3 && first !== undefined && second !== undefined && third !== undefined) {
      return (frame) => (asBool(first(frame)) ? second(frame) : third(frame));
    }
    return undefined;
  }
  const receiver = compile(target, compiler, scope);
  if (receiver === UNSUPPORTED || args.includes(UNSUPPORTED)) return undefined;
  if (name === "size" && args.length === 0) return (frame) => sizeOf(receiver(frame));
  const method = Object.hasOwn(STRING_METHODS, name) ? STRING_METHODS[name] : undefined;
  const [argument] = args;
  if (method === undefined || args.length !== 1 || argument === undefined) return undefined;
  return (frame) => method(asString(receiver(frame)), asString(argument(frame)));
}

interface Comprehension extends ComprehensionValue {
  readonly iterRange?: ExprNode;
  readonly accuInit?: ExprNode;
  readonly loopCondition?: ExprNode;
  readonly loopStep?: ExprNode;
  readonly result?: ExprNode;
}

function comprehension(value: Comprehension, compiler: Compiler, scope: Scope): Node | undefined {
  const { iterVar, iterVar2, accuVar } = value;
  if (iterVar === undefined || accuVar === undefined || (iterVar2 ?? "") !== "") return undefined;
  const range = compile(value.iterRange, compiler, scope);
  const init = compile(value.accuInit, compiler, scope);
  if (range === UNSUPPORTED || init === UNSUPPORTED) return undefined;
  const accuSlot = compiler.slots;
  const iterSlot = compiler.slots + 1;
  compiler.slots += 2;
  const withAccu = new Map(scope).set(accuVar, accuSlot);
  const inner = new Map(withAccu).set(iterVar, iterSlot);
  const condition = compile(value.loopCondition, compiler, inner);
  const step = compile(value.loopStep, compiler, inner);
  const result = compile(value.result, compiler, withAccu);
  return (frame) => {
    const items = range(frame);
    const elements = Array.isArray(items) ? items : Object.keys(asMap(items));
    frame[accuSlot] = init(frame);
    for (const element of elements) {
      if (element === null || element === undefined) giveUp();
      frame[iterSlot] = element;
      if (!asBool(condition(frame))) break;
      frame[accuSlot] = step(frame);
    }
    return result(frame);
  };
}

// --- values ---

function asMap(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : giveUp();
}

/** A field's value; a missing field is an error, and a null is left to the evaluator. */
function fieldOf(map: Record<string, unknown>, field: string): unknown {
  const value = Object.hasOwn(map, field) ? map[field] : undefined;
  return value === undefined || value === null ? giveUp() : value;
}

/** `has()`: whether the field is there; a field that holds null is left to the evaluator. */
function isPresent(map: Record<string, unknown>, field: string): boolean {
  if (!Object.hasOwn(map, field)) return false;
  return map[field] === null || map[field] === undefined ? giveUp() : true;
}

function asBool(value: unknown): boolean {
  return typeof value === "boolean" ? value : giveUp();
}

function asString(value: unknown): string {
  return typeof value === "string" ? value : giveUp();
}

function asInteger(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) ? value : giveUp();
}

/** An integer result, as long as it is exact in a JavaScript number (the evaluator's int64 reaches further). */
function integer(value: number): number {
  return Number.isSafeInteger(value) ? value : giveUp();
}

/** CEL equality of two scalars: numbers by value across int and double, other types never equal; lists, maps and null are left to the evaluator. */
function equal(left: unknown, right: unknown): boolean {
  if (typeof left === "object" || typeof right === "object" || left === undefined || right === undefined) giveUp();
  return left === right;
}

/** The order of two numbers, two strings, two booleans or two durations; any other pair has no `<` overload. */
function compare(left: unknown, right: unknown): number {
  const type = typeof left;
  if (type === "object" && left instanceof Duration && right instanceof Duration) return left.nanoseconds < right.nanoseconds ? -1 : left.nanoseconds > right.nanoseconds ? 1 : 0;
  if (type !== typeof right || (type !== "number" && type !== "string" && type !== "boolean")) giveUp();
  const a = left as number | string | boolean;
  const b = right as number | string | boolean;
  return a < b ? -1 : a > b ? 1 : a === b ? 0 : giveUp();
}

function contains(container: unknown, element: unknown): boolean {
  if (Array.isArray(container)) {
    for (const item of container) if (equal(item, element)) return true;
    return false;
  }
  if (isRecord(container) && typeof element === "string") return isPresent(container, element);
  return giveUp();
}

function indexInto(container: unknown, index: unknown): unknown {
  if (Array.isArray(container)) {
    const at = asInteger(index);
    const item = at >= 0 && at < container.length ? container[at] : undefined;
    return item === undefined || item === null ? giveUp() : item;
  }
  return fieldOf(asMap(container), asString(index));
}

/** `size()`: code points of a string, items of a list, entries of a map. */
function sizeOf(value: unknown): number {
  if (typeof value === "string") return codePoints(value);
  if (Array.isArray(value)) return value.length;
  if (isRecord(value)) return Object.keys(value).length;
  return giveUp();
}

function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1;
        i += 1;
      }
    }
  }
  return count;
}

/** A CEL duration, in whole nanoseconds. */
class Duration {
  constructor(readonly nanoseconds: bigint) {}
}

/** Nanoseconds per unit of a Go duration string. */
const UNIT_NANOSECONDS: Readonly<Record<string, bigint>> = { ns: 1n, us: 1_000n, "µs": 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };

/**
 * A duration string of whole amounts with units (`10s`, `1h30m`, `250ms`), nothing else. Go also
 * reads `μs` with a Greek mu; the evaluator does not, and the direct path answers as it does.
 */
const PLAIN_DURATION = /^(?:\d+(?:ns|us|µs|ms|s|m|h))+$/;
const DURATION_PART = /(\d+)(ns|us|µs|ms|s|m|h)/g;

/** The largest duration CEL's `duration()` gives (Go's `time.Duration`, int64 nanoseconds). */
const MAX_DURATION = 2n ** 63n - 1n;

/**
 * `duration(text)` for a plain duration string: whole amounts with units, as Go's
 * `time.ParseDuration` reads them. A sign, a fraction, `0` without a unit, anything malformed and
 * anything past the int64 range is left to the evaluator, which also words the error.
 */
function durationOf(text: string): Duration {
  if (!PLAIN_DURATION.test(text)) giveUp();
  let total = 0n;
  for (const [, amount, unit] of text.matchAll(DURATION_PART)) total += BigInt(amount!) * UNIT_NANOSECONDS[unit!]!;
  return total > MAX_DURATION ? giveUp() : new Duration(total);
}
