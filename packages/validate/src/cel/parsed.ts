/**
 * Rule texts parsed ahead of time. Parsing is most of the fixed cost of a run (a few
 * milliseconds per rule with `@bufbuild/cel`'s parser), and the rules are those of the shipped
 * kinds, so `src/generated/parsed-rules.ts` holds the parsed expression of each of their texts,
 * written by `scripts/parse-rules.ts` with the parser this package pins. A text is looked up
 * whole, so a rule that is not there (another kinds release, a kind of the user's own) is parsed
 * as before; the package's tests check that every stored expression is what the parser gives.
 */
import { PARSED_RULES } from "../generated/parsed-rules.js";

/** A parsed expression as `@bufbuild/cel`'s `parse` gives it (`cel.expr.ParsedExpr`), without source positions. */
export interface StoredParse {
  readonly $typeName: "cel.expr.ParsedExpr";
  readonly expr: unknown;
}

/**
 * The stored parse of `text`, a fresh copy the caller may change; `undefined` when it is not
 * stored. Each text's parse is its own JSON string, read when looked up: a file reaches a few of
 * the rules, and reading the whole table was a good share of the start-up of a one-file run.
 */
export function storedParseOf(text: string): StoredParse | undefined {
  const stored = Object.hasOwn(PARSED_RULES, text) ? PARSED_RULES[text] : undefined;
  return stored === undefined ? undefined : { $typeName: "cel.expr.ParsedExpr", expr: decode(JSON.parse(stored)) };
}

/**
 * A parsed expression as JSON: bigints as `{ "$bigint": "<digits>" }`. `undefined` when it holds a
 * value JSON cannot keep (bytes, a double that is not finite), so that text is not stored.
 *
 * @internal
 */
export function encodeParsed(expr: unknown): unknown {
  if (typeof expr === "bigint") return { $bigint: String(expr) };
  if (typeof expr === "number") return Number.isFinite(expr) && !Object.is(expr, -0) ? expr : undefined;
  if (expr === null || typeof expr !== "object") return expr;
  if (Array.isArray(expr)) {
    const items = expr.map(encodeParsed);
    return items.includes(undefined) ? undefined : items;
  }
  if (Object.getPrototypeOf(expr) !== Object.prototype && Object.getPrototypeOf(expr) !== null) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(expr)) {
    if (value === undefined) continue;
    const encoded = encodeParsed(value);
    if (encoded === undefined) return undefined;
    out[key] = encoded;
  }
  return out;
}

function decode(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(decode);
  const record = value as Record<string, unknown>;
  if (typeof record.$bigint === "string") return BigInt(record.$bigint);
  const out: Record<string, unknown> = {};
  for (const key in record) out[key] = decode(record[key]);
  return out;
}
