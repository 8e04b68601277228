import type { z } from "zod";

/** `minProperties` / `maxProperties` on a map or object. */
export function propertyCount<T extends object>(
  schema: z.ZodType<T, T>,
  bounds: { readonly min?: number; readonly max?: number },
): z.ZodType<T, T> {
  return schema.superRefine((value, ctx) => {
    const count = Object.keys(value).length;
    if (bounds.min !== undefined && count < bounds.min) {
      ctx.addIssue({ code: "custom", message: `must have at least ${properties(bounds.min)}` });
    }
    if (bounds.max !== undefined && count > bounds.max) {
      ctx.addIssue({ code: "custom", message: `must have at most ${properties(bounds.max)}` });
    }
  });
}

function properties(count: number): string {
  return `${count} ${count === 1 ? "property" : "properties"}`;
}
