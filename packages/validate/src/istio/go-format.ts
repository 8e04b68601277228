/**
 * Go's formatting of the values Istio puts in its messages (`%q`, `%v` of a float, `%f`), so the
 * messages read exactly as the webhook's do.
 */

/** Go's `%q` of a string: double-quoted, with Go's escapes for control characters. */
export function quote(text: string): string {
  return JSON.stringify(text).replace(/\\u00([0-9a-f]{2})/g, "\\x$1");
}

/** Go's `%v` of a float64: the shortest form, with an exponent below 1e-4 or from 1e+06 on. */
export function formatFloat(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const [mantissa = "", exponentText = "0"] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return String(value);
}

/** Go's `%f` of a float64: six decimals. */
export function formatFixed(value: number): string {
  return value.toFixed(6);
}

/** Go's `%v` of a string slice: `[a b c]`. */
export function formatList(values: readonly string[]): string {
  return `[${values.join(" ")}]`;
}
