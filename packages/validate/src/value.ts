/** Small helpers over plain JSON values: reading at a path, and printing values as the API server does. */

/** A field path inside a resource: property names and list indexes. */
export type FieldPath = readonly (string | number)[];

/** The value at `path` in `root`, or `undefined` when any step is missing. */
export function valueAt(root: unknown, path: FieldPath): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** The JSON type of a value in the API server's words: `object`, `array`, `string`, `integer`, `number`, `boolean`, `null`. */
export function typeNameOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" || typeof value === "bigint") return Number.isInteger(Number(value)) ? "integer" : "number";
  return typeof value;
}

/**
 * A value as the API server prints it after `Invalid value:`: a string quoted, a number or
 * boolean bare, an object or list by its type (`"object"`, `"array"`).
 */
export function renderValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === undefined) return '"undefined"';
  return JSON.stringify(typeNameOf(value));
}

/**
 * A field path as kube-openapi names it inside its messages (`spec.rules[0].matches` and, for a
 * map value, `spec.portLevelMtls.8080`): what follows the path in `<name> in body should match …`.
 */
export function openApiName(path: FieldPath): string {
  let name = "";
  for (const segment of path) name += typeof segment === "number" ? `[${segment}]` : name === "" ? segment : `.${segment}`;
  return name;
}

/**
 * A number as Go's `%v` prints a float64, as kube-openapi prints a schema's `minimum` and
 * `maximum`: shortest digits, and the exponent form from 1e+06 on or below 1e-04
 * (`65535`, `4.294967295e+09`).
 */
export function goFloat(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : value < 0 ? "-Inf" : "NaN";
  if (value === 0) return "0";
  const [mantissa, exponentText] = value.toExponential().split("e") as [string, string];
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 6) return String(value);
  const digits = Math.abs(exponent) < 10 ? `0${Math.abs(exponent)}` : String(Math.abs(exponent));
  return `${mantissa}e${exponent < 0 ? "-" : "+"}${digits}`;
}

/** Whether a value is a plain JSON object (not a list, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A deep copy without object properties whose value is null (the API server drops them before it
 * validates) or undefined. A `__proto__` key stays an ordinary field, as it is in JSON.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (value[key] === null || value[key] === undefined) continue;
    setField(out, key, withoutNulls(value[key]));
  }
  return out;
}

/**
 * Whether `value` is already what {@link withoutNulls} would copy it to: plain objects and lists
 * all the way down, and no object property that is null or undefined. Then the copy is not needed.
 */
export function isWithoutNulls(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === "object" && item !== null && !isWithoutNulls(item)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const field = record[key];
    if (field === null || field === undefined) return false;
    if (typeof field === "object" && !isWithoutNulls(field)) return false;
  }
  return true;
}

/**
 * A shallow copy of a record that fields can then be added to quickly (`Object.assign` makes an
 * ordinary object; a spread copy gets slow when fields are added to it). A `__proto__` key stays
 * an ordinary field, as it is in JSON.
 */
export function copyRecord(record: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(record, "__proto__")) return Object.assign({}, record);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) setField(copy, key, record[key]);
  return copy;
}

/**
 * Sets a field of `record`, and gives `record`; a `__proto__` key stays an ordinary field, as it
 * is in JSON, instead of replacing the object's prototype.
 */
export function setField(record: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  if (key === "__proto__") Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
  return record;
}
