import { z } from "zod";

/** What {@link strictObject} needs to know of a field's schema: the value it parses to. */
export interface SchemaOf<T> {
  readonly _zod: { readonly output: T; readonly input: T };
}

/** Only the declared keys of `T`, without an index signature. */
export type KnownFields<T> = { [K in keyof T as string extends K ? never : K]: T[K] };

/**
 * What {@link strictObject} needs of an optional field's schema: zod must treat the key as
 * optional too (`.optional()` does), or the schema would require a field the interface does not.
 */
export interface OptionalSchemaOf<T> {
  readonly _zod: { readonly output: T; readonly input: T; readonly optout: "optional" };
}

/**
 * One schema per field of `T`: a required field needs a schema that never yields `undefined`,
 * an optional one an optional schema.
 */
export type ShapeOf<T> = {
  [K in keyof KnownFields<T>]-?: {} extends Pick<KnownFields<T>, K> ? OptionalSchemaOf<KnownFields<T>[K]> : SchemaOf<KnownFields<T>[K]>;
};

/**
 * `z.strictObject` typed by the interface it checks. The compiler compares each field's schema
 * with the interface's field, which is what makes a mismatch between an emitted interface and
 * its schema a compile error, at a fraction of the cost of inferring the whole object type.
 * Unknown keys fail, as with `kubectl apply --validate=strict`.
 */
export function strictObject<T>(shape: ShapeOf<T>): z.ZodType<T, T> {
  return z.strictObject(shape as unknown as z.ZodRawShape) as unknown as z.ZodType<T, T>;
}

/**
 * Like {@link strictObject}, for objects that keep unknown fields
 * (`x-kubernetes-preserve-unknown-fields` alongside properties).
 */
export function looseObject<T>(shape: ShapeOf<T>): z.ZodType<T, T> {
  return z.looseObject(shape as unknown as z.ZodRawShape) as unknown as z.ZodType<T, T>;
}

/**
 * A schema built the first time it checks something. Generated modules declare every schema
 * this way, so importing a kinds module (every kind of a release) builds none of them: a
 * program pays only for the schemas it uses. Parsing through it costs one call more.
 *
 * @example
 * ```ts
 * export const PortSchema: z.ZodType<Port, Port> = lazy(() => strictObject<Port>({ port: z.number() }));
 * ```
 */
export function lazy<T>(build: () => z.ZodType<T, T>): z.ZodType<T, T> {
  return z.lazy(build) as unknown as z.ZodType<T, T>;
}
