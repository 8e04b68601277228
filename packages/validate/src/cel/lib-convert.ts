/**
 * `int(string)` and `uint(string)` as cel-go converts them: Go's `strconv.ParseInt` and
 * `ParseUint` in base 10 (an optional sign for `int`, then decimal digits only, within 64 bits),
 * and any other text is the error cel-go gives, `type conversion error from 'string' to 'int'`.
 * The evaluator's own conversion reads the text with JavaScript's `BigInt`, which takes `0x1F`,
 * surrounding spaces and an empty string, and otherwise fails with a JavaScript message
 * ("Cannot convert acd to a BigInt") where the API server prints cel-go's.
 */
import type { CelError, CelFunc } from "@bufbuild/cel";
import { celRuntime } from "./runtime.js";

const MAX_INT = 9223372036854775807n;
const MIN_INT = -9223372036854775808n;
const MAX_UINT = 18446744073709551615n;

/** The conversions that replace the evaluator's `int(string)` and `uint(string)`. */
export function conversionFunctions(): readonly CelFunc[] {
  const { CelScalar, celFunc, celUint } = celRuntime();
  return [
  celFunc("int", [CelScalar.STRING], CelScalar.INT, (text) => {
    const value = /^[+-]?[0-9]+$/.test(text) ? BigInt(text) : undefined;
    if (value === undefined || value < MIN_INT || value > MAX_INT) throw conversionError("int");
    return value;
  }),
  celFunc("uint", [CelScalar.STRING], CelScalar.UINT, (text) => {
    const value = /^[0-9]+$/.test(text) ? BigInt(text) : undefined;
    if (value === undefined || value > MAX_UINT) throw conversionError("uint");
    return celUint(value);
  }),
  ];
}

function conversionError(type: string): CelError {
  return celRuntime().celError(`type conversion error from 'string' to '${type}'`);
}
