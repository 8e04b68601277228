/**
 * JSON values as CEL sees them: a whole number is an `int` (a bigint for the evaluator), any
 * other number a `double`; objects are maps and arrays lists. The whole resource is converted
 * once, so no rule pays for converting the values it reads. At the root, `metadata` holds only
 * `name` and `generateName`, as the API server exposes it to rules.
 */
import { celList, celMap, isCelList, isCelMap, type CelValue } from "@bufbuild/cel";
import { isRecord } from "../value.js";

/** `value` as a CEL value: whole numbers as bigints, objects as CEL maps, arrays as CEL lists. */
export function toCelValue(value: unknown): CelValue {
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return celList(value.map(toCelValue));
  if (isRecord(value)) {
    const entries = new Map<string, CelValue>();
    for (const key in value) entries.set(key, toCelValue(value[key]));
    return celMap(entries);
  }
  return value as CelValue;
}

/** The resource as the root `self` of its rules: converted, with `metadata` cut to `name` and `generateName`. */
export function toCelRoot(resource: Record<string, unknown>): CelValue {
  const metadata = isRecord(resource.metadata) ? resource.metadata : undefined;
  if (metadata === undefined) return toCelValue(resource);
  const { name, generateName } = metadata;
  const cut = Object.fromEntries(Object.entries({ name, generateName }).filter(([, v]) => v !== undefined));
  return toCelValue({ ...resource, metadata: cut });
}

/** The JSON type of a CEL value in the API server's words: `object`, `array`, `string`, `integer`, `number`, `boolean`. */
export function celTypeName(value: unknown): string {
  if (isCelMap(value)) return "object";
  if (isCelList(value)) return "array";
  if (typeof value === "bigint") return "integer";
  return value === null ? "null" : typeof value;
}
