import type { z } from "zod";
import { matchesSchema, type BranchSchema } from "./branch.js";

/**
 * At most one of `U`'s keys is set: a union with one member per key, where every other key
 * is `never`. `OneOf<{ exact?: string; prefix?: string }>` accepts `{ exact }`, `{ prefix }`
 * and `{}`, and rejects `{ exact, prefix }` at compile time. When `U`'s keys are required,
 * exactly one must be set.
 */
export type OneOf<U> = {
  [P in keyof U]: Pick<U, P> & { [Q in Exclude<keyof U, P>]?: never };
}[keyof U];

/** `T` with the fields `K` mutually exclusive (the CRD's `oneOf` of `required` branches). */
export type Exclusive<T, K extends keyof T> = Omit<T, K> & OneOf<Pick<T, K>>;

/**
 * Enforces at run time what {@link OneOf} says at compile time: in each group, at most one
 * field is set. The schema's type becomes `Out`, the exclusive form of `Fields`.
 *
 * @param schema - the object schema with every field of the groups optional
 * @param groups - the groups of mutually exclusive field names
 */
export function exclusive<Out, Fields>(
  schema: z.ZodType<Fields, Fields>,
  groups: readonly (readonly string[])[],
): z.ZodType<Out, Out> {
  const checked = schema.superRefine((value, ctx) => {
    const record = value as Record<string, unknown>;
    for (const group of groups) {
      const set = group.filter((key) => record[key] !== undefined);
      if (set.length > 1) {
        ctx.addIssue({
          code: "custom",
          message: `only one of ${group.join(", ")} may be set, found ${set.slice(0, -1).join(", ")} and ${set.at(-1)}`,
        });
      }
    }
  });
  // The refinement above is exactly the difference between `Fields` and `Out`.
  return checked as unknown as z.ZodType<Out, Out>;
}

/** One branch of a {@link conditional} `oneOf`: the JSON Schema subset the branch uses. */
export type ConditionalBranch = BranchSchema;

/**
 * The CRD `oneOf` whose branches constrain property values rather than presence (Gateway's
 * `addresses`: an `IPAddress` value must be an IP). Exactly one branch must match, after the
 * given defaults are applied to absent properties, as the API server defaults before it validates.
 */
export function conditional<T>(
  schema: z.ZodType<T, T>,
  branches: readonly ConditionalBranch[],
  defaults: Readonly<Record<string, unknown>>,
): z.ZodType<T, T> {
  return schema.superRefine((value, ctx) => {
    const withDefaults = { ...defaults, ...(value as Record<string, unknown>) };
    const failures: string[] = [];
    let matched = 0;
    for (const branch of branches) {
      const failure = matchesSchema(withDefaults, branch);
      if (failure === undefined) matched += 1;
      else failures.push(failure);
    }
    if (matched !== 1) {
      const detail = matched === 0 ? `: ${failures.join("; or ")}` : "";
      ctx.addIssue({
        code: "custom",
        message: `must validate one and only one schema (oneOf)${detail}`,
      });
    }
  });
}
