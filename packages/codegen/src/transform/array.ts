import type { ArrayNode } from "../ir.js";
import { childContext, numberKeyword, unsupported, type RawSchema, type TransformContext } from "./context.js";
import { checkKeywords, type NodeCommon, type TransformSchema } from "./common.js";
import { readListType } from "./list-type.js";

/** A list: item schema, size bounds, and the Kubernetes list type (atomic, set, map with keys). */
export function transformArray(
  raw: RawSchema,
  common: NodeCommon,
  ctx: TransformContext,
  transform: TransformSchema,
): ArrayNode {
  checkKeywords(raw, ["type", "items", "minItems", "maxItems", "x-kubernetes-list-type", "x-kubernetes-list-map-keys"], ctx);
  if (typeof raw.items !== "object" || raw.items === null || Array.isArray(raw.items)) {
    unsupported(ctx, "an array without a single items schema");
  }
  const items = transform(raw.items, childContext(ctx, ["items"]));
  const minItems = numberKeyword(raw, "minItems", ctx);
  const maxItems = numberKeyword(raw, "maxItems", ctx);
  return {
    type: "array",
    ...common,
    items,
    ...(minItems !== undefined ? { minItems } : {}),
    ...(maxItems !== undefined ? { maxItems } : {}),
    ...readListType(raw, items, ctx),
  };
}
