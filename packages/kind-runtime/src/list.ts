import type { z } from "zod";

/** The key values of a list-map item, with the keys' defaults filled in as the API server does. */
function keyValues(item: unknown, keys: readonly string[], defaults: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const record = (item ?? {}) as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  for (const key of keys) {
    const value = record[key] ?? defaults[key];
    if (value !== undefined) values[key] = value;
  }
  return values;
}

/**
 * `x-kubernetes-list-type: map`: no two items may share the values of the map keys. The API
 * server defaults first (a Service port without `protocol` is `TCP`), then rejects a duplicate
 * with `Duplicate value`; so does this check.
 *
 * @param keys - `x-kubernetes-list-map-keys`
 * @param defaults - the schema defaults of those keys
 */
export function uniqueListKeys<T extends readonly unknown[]>(
  schema: z.ZodType<T, T>,
  keys: readonly string[],
  defaults: Readonly<Record<string, unknown>> = {},
): z.ZodType<T, T> {
  return schema.superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const values = keyValues(item, keys, defaults);
      const key = JSON.stringify(values);
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: [index], message: `Duplicate value: ${key}` });
      seen.add(key);
    });
  });
}

/** `x-kubernetes-list-type: set`: items must be unique. */
export function uniqueSet<T extends readonly unknown[]>(schema: z.ZodType<T, T>): z.ZodType<T, T> {
  return schema.superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: [index], message: `Duplicate value: ${key}` });
      seen.add(key);
    });
  });
}
