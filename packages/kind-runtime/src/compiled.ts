import { z } from "zod";

/** What this module reads of a zod schema: its definition, and the built schema of a lazy one. */
interface SchemaNode {
  readonly _zod: { readonly def: Readonly<Record<string, unknown>>; readonly innerType?: unknown };
}

const compiled = new WeakMap<object, unknown>();
const uses = new WeakMap<object, number>();

/** Values a schema checks through zod's runtime parser before {@link schemaForChecking} compiles it. */
const COMPILE_AFTER = 1000;

/**
 * Values a caller says it is about to check with a schema from which {@link schemaForChecking}
 * compiles it at once: the runtime parser's first values of a kind cost far more than its later
 * ones (it builds every lazy schema it meets, and V8 has not optimised it yet), so a caller that
 * knows that many values are coming saves that start as well.
 */
const COMPILE_FOR = 500;

/**
 * The schema to check one more value with: `schema` itself while it has checked few values in this
 * process, then its {@link compiledSchema}. Compiling a large kind costs about as much as checking a
 * few thousand of its resources at the runtime parser's speed, so a small mesh never pays for it
 * and a large one pays once. A caller that knows how many values it is about to check with the
 * schema (this one included) says so in `upcoming`: from 500 on, the compiled schema is used from
 * the first of them. Either way the result is the same.
 *
 * @example
 * ```ts
 * for (const route of routes) issues.push(...(schemaForChecking(HTTPRouteSchema, routes.length).safeParse(route).error?.issues ?? []));
 * ```
 */
export function schemaForChecking<T>(schema: z.ZodType<T, T>, upcoming = 1): z.ZodType<T, T> {
  const fast = compiled.get(schema) as z.ZodType<T, T> | undefined;
  if (fast !== undefined) return fast;
  if (upcoming >= COMPILE_FOR) return compiledSchema(schema);
  const count = (uses.get(schema) ?? 0) + 1;
  uses.set(schema, count);
  return count > COMPILE_AFTER ? compiledSchema(schema) : schema;
}

/**
 * `schema` with zod's compiled fast path (`z.compile`), made once per schema and kept.
 *
 * The generated schemas are {@link lazy}, and zod's generated code runs a lazy schema through
 * its runtime parser, which would cost more than it saves. So the tree is first copied with every
 * lazy schema replaced by the schema it builds (a schema that refers back to itself keeps its
 * lazy reference), and the copy is compiled into one generated function. A value the fast path
 * accepts is valid; one it rejects is parsed again by zod's runtime parser, so issues read
 * exactly as they would without it. A schema zod cannot compile (a recursive one) keeps the
 * runtime parser. Checking a mesh's resources this way is several times as fast.
 *
 * @example
 * ```ts
 * const result = compiledSchema(HTTPRouteSchema).safeParse(route);
 * ```
 */
export function compiledSchema<T>(schema: z.ZodType<T, T>): z.ZodType<T, T> {
  let fast = compiled.get(schema) as z.ZodType<T, T> | undefined;
  if (fast === undefined) {
    fast = z.compile(withoutLazies(schema, new Map(), new Set()) as z.ZodType<T, T>);
    compiled.set(schema, fast);
  }
  return fast;
}

// --- internal ---

function isSchema(value: unknown): value is SchemaNode {
  return typeof value === "object" && value !== null && "_zod" in value && typeof (value as SchemaNode)._zod?.def === "object";
}

/**
 * `schema` with every lazy schema under it replaced by the schema it builds: the schemas its
 * definition holds (alone, in a list, or as an object's shape) are replaced, and a schema whose
 * definition changed is cloned with the new one. `done` shares a copy between the places a schema
 * is used; `open` holds the schemas being copied, so a reference back to one of them is kept as is.
 */
function withoutLazies(schema: unknown, done: Map<unknown, unknown>, open: Set<unknown>): unknown {
  if (!isSchema(schema)) return schema;
  if (done.has(schema)) return done.get(schema);
  if (open.has(schema)) return schema;
  open.add(schema);
  const { def } = schema._zod;
  let copy: unknown = schema;
  if (def.type === "lazy") {
    copy = withoutLazies(schema._zod.innerType, done, open);
  } else {
    const next: Record<string, unknown> = {};
    let changed = false;
    for (const key of Object.keys(def)) {
      const value = def[key];
      let replaced = value;
      // A schema is compared by identity: comparing its own keys would read every method and
      // getter a zod schema carries, for thousands of schemas.
      if (key === "checks") replaced = value;
      else if (isSchema(value)) replaced = withoutLazies(value, done, open);
      else if (Array.isArray(value)) replaced = value.map((item) => withoutLazies(item, done, open));
      else if (key === "shape" && typeof value === "object" && value !== null) replaced = mapValues(value as Record<string, unknown>, (child) => withoutLazies(child, done, open));
      if (replaced !== value && (isSchema(value) || !sameValue(value, replaced))) changed = true;
      next[key] = replaced;
    }
    if (changed) copy = z.clone(schema as unknown as z.ZodType, next as unknown as z.ZodType["_zod"]["def"]);
  }
  open.delete(schema);
  done.set(schema, copy);
  return copy;
}

function mapValues(record: Readonly<Record<string, unknown>>, map: (value: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) out[key] = map(record[key]);
  return out;
}

/** Whether a replaced definition value is the original: the same value, or a list or shape of the same values. */
function sameValue(before: unknown, after: unknown): boolean {
  if (before === after) return true;
  if (Array.isArray(before) && Array.isArray(after)) return before.length === after.length && before.every((item, i) => item === after[i]);
  if (typeof before !== "object" || before === null || typeof after !== "object" || after === null) return false;
  const keys = Object.keys(before);
  return keys.every((key) => (before as Record<string, unknown>)[key] === (after as Record<string, unknown>)[key]);
}
