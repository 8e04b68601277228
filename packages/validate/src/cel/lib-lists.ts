/**
 * The Kubernetes list library: `isSorted()`, `sum()`, `min()`, `max()`, `indexOf(x)` and
 * `lastIndexOf(x)` on lists of comparable values (numbers, strings, booleans).
 */
import type { CelFunc, CelList, CelValue } from "@bufbuild/cel";
import { celRuntime } from "./runtime.js";

/** The list functions, for the CEL environment. */
export function listFunctions(): readonly CelFunc[] {
  const { CelScalar, celMethod, listType } = celRuntime();
  const LIST = listType(CelScalar.DYN);
  return [
  celMethod("isSorted", LIST, [], CelScalar.BOOL, function () {
    const items = [...this];
    return items.every((item, i) => i === 0 || compare(items[i - 1], item) <= 0);
  }),
  celMethod("sum", LIST, [], CelScalar.DYN, function () {
    const items = [...this] as (bigint | number)[];
    if (items.length === 0) return 0n;
    return items.reduce((a, b) => (typeof a === "bigint" && typeof b === "bigint" ? a + b : Number(a) + Number(b))) as never;
  }),
  celMethod("min", LIST, [], CelScalar.DYN, function () {
    return extreme(this, -1);
  }),
  celMethod("max", LIST, [], CelScalar.DYN, function () {
    return extreme(this, 1);
  }),
  celMethod("indexOf", LIST, [CelScalar.DYN], CelScalar.INT, function (value) {
    return BigInt([...this].findIndex((item) => compare(item, value) === 0));
  }),
  celMethod("lastIndexOf", LIST, [CelScalar.DYN], CelScalar.INT, function (value) {
    return BigInt([...this].findLastIndex((item) => compare(item, value) === 0));
  }),
  ];
}

// --- internal ---

function compare(a: CelValue | undefined, b: CelValue | undefined): number {
  const numeric = (v: unknown): v is bigint | number => typeof v === "bigint" || typeof v === "number";
  if (numeric(a) && numeric(b)) return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === typeof b && (typeof a === "string" || typeof a === "boolean")) return a! < b! ? -1 : a! > b! ? 1 : 0;
  throw new Error("no such overload: list items are not comparable");
}

function extreme(list: CelList, direction: 1 | -1): CelValue {
  const items = [...list];
  if (items.length === 0) throw new Error(`${direction > 0 ? "max" : "min"} called on empty list`);
  return items.reduce((best, item) => (compare(item, best) * direction > 0 ? item : best));
}
