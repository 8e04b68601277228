/**
 * The Kubernetes quantity library: `isQuantity`, `quantity`, and the methods `sign`,
 * `isInteger`, `asInteger`, `asApproximateFloat`, `add`, `sub`, `compareTo`, `isGreaterThan`,
 * `isLessThan`. A quantity is kept exactly, in billionths (the API server's smallest unit `n`).
 */
import type { CelFunc, CelMap } from "@bufbuild/cel";
import { celRuntime } from "./runtime.js";
import { fieldsOf, opaque, opaqueType } from "./opaque.js";

const NANO = 1_000_000_000n;
const BINARY: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const INT64_MAX = (1n << 63n) - 1n;

/** Parses a quantity (`500m`, `1.5Gi`, `2e3`) into billionths, or `undefined`. */
export function parseQuantity(text: string): bigint | undefined {
  const match = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(.*)$/.exec(text);
  if (match === null) return undefined;
  const [, sign, number, suffix] = match as unknown as [string, string, string, string];
  const [whole, fraction = ""] = number.split(".");
  let numerator = BigInt(`${whole || "0"}${fraction}`) * NANO;
  let denominator = 10n ** BigInt(fraction.length);
  const exponent = /^[eE]([+-]?\d+)$/.exec(suffix);
  if (BINARY[suffix] !== undefined) numerator *= 1024n ** BigInt(BINARY[suffix]);
  else if (DECIMAL[suffix] !== undefined || exponent !== null) {
    const power = exponent !== null ? Number(exponent[1]) : DECIMAL[suffix]!;
    if (power >= 0) numerator *= 10n ** BigInt(power);
    else denominator *= 10n ** BigInt(-power);
  } else return undefined;
  const nanos = (numerator + denominator - 1n) / denominator;
  return sign === "-" ? -nanos : nanos;
}

/** The quantity functions, for the CEL environment. */
export function quantityFunctions(): readonly CelFunc[] {
  const { CelScalar, celFunc, celMethod } = celRuntime();
  const OPAQUE = opaqueType();
  return [
  celFunc("isQuantity", [CelScalar.STRING], CelScalar.BOOL, (text) => parseQuantity(text) !== undefined),
  celFunc("quantity", [CelScalar.STRING], OPAQUE, (text) => {
    const nanos = parseQuantity(text);
    if (nanos === undefined) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${JSON.stringify(text)}`);
    return quantityValue(nanos);
  }),
  celMethod("sign", OPAQUE, [], CelScalar.INT, function () {
    const n = nanosOf(this);
    return n > 0n ? 1n : n < 0n ? -1n : 0n;
  }),
  celMethod("isInteger", OPAQUE, [], CelScalar.BOOL, function () {
    return nanosOf(this) % NANO === 0n;
  }),
  celMethod("asInteger", OPAQUE, [], CelScalar.INT, function () {
    const n = nanosOf(this);
    if (n % NANO !== 0n || n / NANO > INT64_MAX || n / NANO < -INT64_MAX - 1n) throw new Error("cannot convert value to integer");
    return n / NANO;
  }),
  celMethod("asApproximateFloat", OPAQUE, [], CelScalar.DOUBLE, function () {
    return Number(nanosOf(this)) / 1e9;
  }),
  ...arithmetic("add", (a, b) => a + b),
  ...arithmetic("sub", (a, b) => a - b),
  celMethod("compareTo", OPAQUE, [OPAQUE], CelScalar.INT, function (other) {
    const [a, b] = [nanosOf(this), nanosOf(other)];
    return a > b ? 1n : a < b ? -1n : 0n;
  }),
  celMethod("isGreaterThan", OPAQUE, [OPAQUE], CelScalar.BOOL, function (other) {
    return nanosOf(this) > nanosOf(other);
  }),
  celMethod("isLessThan", OPAQUE, [OPAQUE], CelScalar.BOOL, function (other) {
    return nanosOf(this) < nanosOf(other);
  }),
  ];
}

// --- internal ---

function quantityValue(nanos: bigint): CelMap {
  return opaque("Quantity", { nanos });
}

function nanosOf(value: unknown): bigint {
  return fieldsOf(value, "Quantity").get("nanos") as bigint;
}

function arithmetic(name: string, op: (a: bigint, b: bigint) => bigint): CelFunc[] {
  const { CelScalar, celMethod } = celRuntime();
  const OPAQUE = opaqueType();
  return [
    celMethod(name, OPAQUE, [OPAQUE], OPAQUE, function (other) {
      return quantityValue(op(nanosOf(this), nanosOf(other)));
    }),
    celMethod(name, OPAQUE, [CelScalar.INT], OPAQUE, function (other) {
      return quantityValue(op(nanosOf(this), other * NANO));
    }),
  ];
}
