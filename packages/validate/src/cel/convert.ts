/**
 * JSON values as CEL sees them: a whole number is an `int` (a bigint for the evaluator), any
 * other number a `double`; objects are maps and arrays lists. A value is converted only when a
 * rule needs the CEL evaluator for it (see `evaluate.ts`).
 */
import type { CelValue } from "@bufbuild/cel";
import { celRuntime } from "./runtime.js";
import { isRecord } from "../value.js";

/** `value` as a CEL value: whole numbers as bigints, objects as CEL maps, arrays as CEL lists. */
export function toCelValue(value: unknown): CelValue {
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return celRuntime().celList(value.map(toCelValue));
  if (isRecord(value)) {
    const entries = new Map<string, CelValue>();
    for (const key in value) entries.set(key, toCelValue(value[key]));
    return celRuntime().celMap(entries);
  }
  return value as CelValue;
}

/** The JSON type of a CEL value in the API server's words: `object`, `array`, `string`, `integer`, `number`, `boolean`. */
export function celTypeName(value: unknown): string {
  if (value !== null && typeof value === "object" && celRuntime().isCelMap(value)) return "object";
  if (value !== null && typeof value === "object" && celRuntime().isCelList(value)) return "array";
  if (typeof value === "bigint") return "integer";
  return value === null ? "null" : typeof value;
}
