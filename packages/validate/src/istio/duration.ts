/**
 * Durations as Istio reads them (Go's `time.ParseDuration` syntax: `1.5s`, `300ms`, `1h2m`), and
 * the webhook's rule for every timeout-like field: at least 1ms, in whole milliseconds.
 */
import { quote } from "./go-format.js";

const unitNanos: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  "\u00b5s": 1_000n,
  "\u03bcs": 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const maxNanos = 9_223_372_036_854_775_807n;
const millisecond = 1_000_000n;

/** Durations parsed so far: a mesh repeats a few (`10s`, `30s`) in thousands of resources. */
const parsed = new Map<string, bigint | string>();
const MAX_PARSED = 10_000;

/** Parses a Go duration into nanoseconds; a string result is Go's error message. */
export function parseDuration(text: string): bigint | string {
  let result = parsed.get(text);
  if (result === undefined) {
    result = parseUncached(text);
    if (parsed.size < MAX_PARSED) parsed.set(text, result);
  }
  return result;
}

function parseUncached(text: string): bigint | string {
  const invalid = `time: invalid duration ${quote(text)}`;
  let rest = text;
  const negative = rest.startsWith("-");
  if (rest.startsWith("-") || rest.startsWith("+")) rest = rest.slice(1);
  if (rest === "0") return 0n;
  if (rest === "") return invalid;
  let total = 0n;
  while (rest !== "") {
    const number = /^([0-9]*)(?:\.([0-9]*))?/.exec(rest);
    const whole = number?.[1] ?? "";
    const fraction = number?.[2] ?? "";
    if (whole === "" && fraction === "") return invalid;
    rest = rest.slice(number?.[0].length ?? 0);
    const unit = /^[^0-9.]*/.exec(rest)?.[0] ?? "";
    if (unit === "") return `time: missing unit in duration ${quote(text)}`;
    const scale = unitNanos[unit];
    if (scale === undefined) return `time: unknown unit ${quote(unit)} in duration ${quote(text)}`;
    rest = rest.slice(unit.length);
    const fractionNanos = fraction === "" ? 0n : (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length);
    total += BigInt(whole === "" ? "0" : whole) * scale + fractionNanos;
    if (total > maxNanos) return invalid;
  }
  return negative ? -total : total;
}

/** Istio's `ValidateDuration`: the message for a duration below 1ms or finer than 1ms, else `undefined`. */
export function validateDuration(text: string): string | undefined {
  const nanos = parseDuration(text);
  if (typeof nanos === "string") return nanos;
  if (nanos < millisecond) return "duration must be greater than 1ms";
  if (nanos % millisecond !== 0n) return "only durations to ms precision are supported";
  return undefined;
}

/** Whether a (valid) duration has a part below one second. */
export function hasSubSecondPart(text: string): boolean {
  const nanos = parseDuration(text);
  return typeof nanos !== "string" && nanos % 1_000_000_000n !== 0n;
}

/** Whether a (valid) duration is exactly zero. */
export function isZeroDuration(text: string): boolean {
  return parseDuration(text) === 0n;
}
