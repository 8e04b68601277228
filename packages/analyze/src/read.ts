/**
 * Reading plain objects that may not be what their types say: analysis also runs on YAML
 * written by hand that validation may reject, and must never throw on it. Each resource's
 * `spec` is read through the generated kind types, with these guards where a wrong shape would
 * throw (lists whose items are not objects, maps that are not maps).
 */

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a plain JSON object (not a list, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The string, or `undefined` for anything else. */
export function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The items of a list that are objects, each with its index in the list (for field paths). */
export function itemsOf<T>(value: readonly T[] | null | undefined): (readonly [number, T])[] {
  if (!Array.isArray(value)) return [];
  const out: (readonly [number, T])[] = [];
  value.forEach((item: unknown, i) => {
    if (isObject(item)) out.push([i, item as T]);
  });
  return out;
}

/** The items of a list that are strings, each with its index in the list. */
export function stringsOf(value: readonly unknown[] | null | undefined): (readonly [number, string])[] {
  if (!Array.isArray(value)) return [];
  const out: (readonly [number, string])[] = [];
  value.forEach((item: unknown, i) => {
    if (typeof item === "string") out.push([i, item]);
  });
  return out;
}

/**
 * The string-valued entries of a map (labels, annotations, matchLabels); a `__proto__` key is a key
 * like any other. A plain map whose values are all strings (labels almost always) is returned as
 * it is rather than copied; a missing map is one shared empty object.
 */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  if (!isObject(value)) return NO_STRINGS;
  if (Object.getPrototypeOf(value) === Object.prototype && holdsOnlyStrings(value)) return value as Readonly<Record<string, string>>;
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/**
 * The map of a resource without labels (or annotations, or a selector): one frozen object shared
 * by every such resource, rather than an empty object each (two per resource of a large set).
 */
const NO_STRINGS: Readonly<Record<string, string>> = Object.freeze({});

function holdsOnlyStrings(value: JsonObject): boolean {
  for (const key in value) if (typeof value[key] !== "string") return false;
  return true;
}

/** Whether a map has at least one key. */
export function hasKeys(value: unknown): boolean {
  return isObject(value) && Object.keys(value).length > 0;
}

/** Whether every label of `selector` is on `labels` (an empty selector selects everything). */
export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** `a`, `a and b`, `a, b and c`. */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
