import type { z } from "zod";

function keyOf(item: unknown, keys: readonly string[]): string {
  const record = (item ?? {}) as Record<string, unknown>;
  return JSON.stringify(keys.map((k) => record[k] ?? null));
}

/**
 * `x-kubernetes-list-type: map`: no two items may share the values of the map keys.
 * The API server rejects a duplicate with `Duplicate value`.
 */
export function uniqueListKeys<T extends readonly unknown[]>(
  schema: z.ZodType<T, T>,
  keys: readonly string[],
): z.ZodType<T, T> {
  return schema.superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const key = keyOf(item, keys);
      if (seen.has(key)) {
        const shown = keys.map((k) => `${k}=${JSON.stringify((item as Record<string, unknown>)[k])}`);
        ctx.addIssue({ code: "custom", path: [index], message: `Duplicate value: ${shown.join(", ")}` });
      }
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
