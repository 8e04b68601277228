import type { MapNode, SchemaNode, UnknownNode } from "../ir.js";
import type { RawSchema, TransformContext } from "./context.js";
import { checkKeywords, type NodeCommon, type TransformSchema } from "./common.js";

/**
 * `x-kubernetes-preserve-unknown-fields: true` with no properties: the value is kept as it is.
 * (With properties, the object construct handles it as an open-ended object.)
 */
export function isPreserveUnknown(raw: RawSchema): boolean {
  return raw["x-kubernetes-preserve-unknown-fields"] === true && raw.properties === undefined;
}

/** An open object (`{ [key: string]: unknown }`) when typed `object`, else any JSON value (`unknown`). */
export function transformPreserveUnknown(
  raw: RawSchema,
  common: NodeCommon,
  ctx: TransformContext,
  _transform: TransformSchema,
): MapNode | UnknownNode {
  checkKeywords(raw, ["x-kubernetes-preserve-unknown-fields", "type"], ctx);
  if (raw.type === "object" || raw["x-kubernetes-preserve-unknown-fields"] !== true) {
    const values: SchemaNode = { type: "unknown", doc: {}, nullable: false, rules: [] };
    return { type: "map", ...common, values };
  }
  return { type: "unknown", ...common };
}
