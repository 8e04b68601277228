import type { RefNode } from "../ir.js";
import { unsupported, type RawSchema, type TransformContext } from "./context.js";
import type { NodeCommon } from "./common.js";

const PREFIX = "#/components/schemas/";

/**
 * The definition a node points at: a `$ref`, or the `allOf: [{$ref}]` wrapper Kubernetes uses
 * to attach a description or default to a reference.
 */
export function refTarget(raw: RawSchema): string | undefined {
  if (typeof raw.$ref === "string") return raw.$ref;
  const allOf = raw.allOf;
  if (Array.isArray(allOf) && allOf.length === 1) {
    const only = allOf[0] as RawSchema;
    if (typeof only?.$ref === "string" && Object.keys(only).length === 1) return only.$ref;
  }
  return undefined;
}

/** `$ref` to a named definition of the same OpenAPI document. */
export function transformRef(raw: RawSchema, common: NodeCommon, ctx: TransformContext): RefNode {
  const ref = refTarget(raw)!;
  if (!ref.startsWith(PREFIX)) unsupported(ctx, `$ref ${JSON.stringify(ref)} (only ${PREFIX}<name> is supported)`);
  return { type: "ref", ...common, target: ref.slice(PREFIX.length) };
}
