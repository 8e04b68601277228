import type { MapNode } from "../ir.js";
import { childContext, numberKeyword, unsupported, type RawSchema, type TransformContext } from "./context.js";
import { checkKeywords, type NodeCommon, type TransformSchema } from "./common.js";

/** `additionalProperties`: a map from string keys to one value schema (`Record<string, V>`). */
export function transformMap(
  raw: RawSchema,
  common: NodeCommon,
  ctx: TransformContext,
  transform: TransformSchema,
): MapNode {
  checkKeywords(raw, ["type", "additionalProperties", "minProperties", "maxProperties"], ctx);
  const additional = raw.additionalProperties;
  if (additional === true || additional === false || typeof additional !== "object" || additional === null) {
    unsupported(ctx, `additionalProperties: ${JSON.stringify(additional)} (a schema is expected)`);
  }
  const values = transform(additional, childContext(ctx, ["additionalProperties"], "Value"));
  const minProperties = numberKeyword(raw, "minProperties", ctx);
  const maxProperties = numberKeyword(raw, "maxProperties", ctx);
  return {
    type: "map",
    ...common,
    values,
    ...(minProperties !== undefined ? { minProperties } : {}),
    ...(maxProperties !== undefined ? { maxProperties } : {}),
  };
}
