import { childContext, unsupported, type RawSchema, type TransformContext } from "./context.js";

/** `enum` on a string or number schema: the allowed literals, in the order the schema gives. */
export function readEnum<T extends "string" | "number">(
  raw: RawSchema,
  kind: T,
  ctx: TransformContext,
): (T extends "string" ? string : number)[] | undefined {
  const values = raw.enum;
  if (values === undefined) return undefined;
  const at = childContext(ctx, ["enum"]);
  if (!Array.isArray(values) || values.length === 0) unsupported(at, "enum that is not a non-empty list");
  const literals = values.filter((v) => v !== null);
  if (literals.some((v) => typeof v !== kind)) unsupported(at, `enum values that are not all ${kind}s: ${JSON.stringify(values)}`);
  return literals as (T extends "string" ? string : number)[];
}
