// A small block-style YAML emitter for plain JSON data, written for speed: one pass appending to
// one string, no intermediate document, no path bookkeeping unless a value turns out not to be
// JSON. Scalars are formatted by yaml-scalar.ts; the starts of key lines, and repeated
// `key: scalar` lines, come ready-made from yaml-lines.ts.
import { RenderError } from "./errors.js";
import { TOP_LEVEL, type LineStart } from "./yaml-lines.js";
import { formatNumber, formatString } from "./yaml-scalar.js";

/** A plain JSON value: what {@link formatYaml} writes. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Thrown inside the emitter for a value that is not JSON; turned into a RenderError with a path. */
class Unsupported {}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** What is wrong with a value that is not plain JSON; `undefined` when it is fine at its level. */
function describeUnsupported(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : String(value);
    case "object":
      if (value === null || Array.isArray(value) || isPlainObject(value)) return undefined;
      return `a ${(value.constructor as { name?: string } | undefined)?.name ?? "non-plain"} object`;
    default:
      return typeof value === "undefined" ? "undefined" : `a ${typeof value}`;
  }
}

/** Finds the first value that is not JSON, with its path (`spec.rules[0].weight`). */
function findUnsupported(value: unknown, path: string): { path: string; what: string } | undefined {
  const what = describeUnsupported(value);
  if (what !== undefined) return { path, what };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsupported(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const found = child === undefined ? undefined : findUnsupported(child, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

/** Runs the emitter; a value that is not JSON becomes a RenderError naming its path in `root`. */
function withPaths(root: unknown, emit: () => string): string {
  try {
    return emit();
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    const found = findUnsupported(root, "") ?? { path: "", what: "a value" };
    const message = `${found.path || "(root)"}: ${found.what} is not plain JSON data and cannot be written as YAML`;
    throw new RenderError("RENDER_UNSUPPORTED_VALUE", message);
  }
}

/** Formats a scalar or an empty collection on one line; `undefined` for a non-empty collection. */
function formatInline(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return formatString(value);
    case "number":
      if (!Number.isFinite(value)) throw new Unsupported();
      return formatNumber(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (Array.isArray(value)) return value.length === 0 ? "[]" : undefined;
      if (!isPlainObject(value)) throw new Unsupported();
      for (const key in value) if ((value as Record<string, unknown>)[key] !== undefined) return undefined;
      return "{}";
    default:
      throw new Unsupported();
  }
}

/**
 * Appends the entries of `object` in the given key order to `out` as block lines at `start`; the
 * first line starts at `first` instead (after `- ` marks, for an item of a list).
 */
function formatEntries(
  out: string,
  object: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  start: LineStart,
  first: LineStart,
): string {
  let lines = first;
  for (const key of keys) {
    const value = object[key];
    if (value === undefined) continue;
    const entry = lines.keyLine(key);
    const line = entry.lineOf(value);
    if (line !== undefined) {
      out += line;
    } else {
      const inline = formatInline(value);
      if (inline === undefined) out = formatBlock(out + entry.blockLine, value, start.nested(), start.nested());
      else out += entry.lineWith(value, inline);
    }
    lines = start;
  }
  return out;
}

/** Appends the items of a list to `out` as block lines at `start`, the first line at `first`. */
function formatItems(out: string, items: readonly unknown[], start: LineStart, first: LineStart): string {
  let lines = first;
  for (const item of items) {
    const inline = formatInline(item);
    out = inline === undefined ? formatBlock(out, item, start.nested(), lines.item()) : `${out}${lines.itemMark}${inline}\n`;
    lines = start;
  }
  return out;
}

/** Appends a non-empty object or array to `out` as block lines at `start` (the first at `first`). */
function formatBlock(out: string, value: unknown, start: LineStart, first: LineStart): string {
  if (Array.isArray(value)) return formatItems(out, value, start, first);
  const object = value as Record<string, unknown>;
  return formatEntries(out, object, Object.keys(object), start, first);
}

/**
 * Formats an object as a top-level YAML mapping with its keys in the given order (keys not given
 * are left out), ending with a newline.
 *
 * @throws {@link RenderError} `RENDER_UNSUPPORTED_VALUE`, as {@link formatYaml}.
 */
export function formatMapping(object: Readonly<Record<string, unknown>>, keys: readonly string[]): string {
  return appendMapping("", object, keys);
}

/**
 * {@link formatMapping} appended to `out`: a file's text is built as one string from its first
 * line on.
 *
 * @internal
 */
export function appendMapping(out: string, object: Readonly<Record<string, unknown>>, keys: readonly string[]): string {
  return withPaths(object, () => formatEntries(out, object, keys, TOP_LEVEL, TOP_LEVEL));
}

/**
 * Formats plain JSON data as a YAML document body (no `---`, no header), ending with a newline.
 * Object keys keep their insertion order; `undefined` properties are left out, as JSON.stringify
 * does. Strings are plain where every YAML 1.1 and 1.2 reader reads them back as the same string,
 * double-quoted otherwise (see {@link isPlainSafe}).
 *
 * @throws {@link RenderError} `RENDER_UNSUPPORTED_VALUE` for `NaN`, infinities, functions,
 * symbols, bigints, `undefined` array items and objects that are not plain (a `Date`, a `Map`),
 * naming the value's path.
 */
export function formatYaml(value: unknown): string {
  return withPaths(value, () => {
    const inline = formatInline(value);
    return inline === undefined ? formatBlock("", value, TOP_LEVEL, TOP_LEVEL) : `${inline}\n`;
  });
}
