import type { ArrayNode, SchemaNode } from "../ir.js";
import { childContext, unsupported, type RawSchema, type TransformContext } from "./context.js";

const LIST_TYPES = ["atomic", "set", "map"] as const;

/**
 * `x-kubernetes-list-type` and `x-kubernetes-list-map-keys`: how the API server merges the
 * list, and which items count as duplicates (the same keys in a `map` list, the same value in a `set`).
 */
export function readListType(
  raw: RawSchema,
  items: SchemaNode,
  ctx: TransformContext,
): Pick<ArrayNode, "listType" | "mapKeys"> {
  const listType = raw["x-kubernetes-list-type"];
  const keys = raw["x-kubernetes-list-map-keys"];
  if (listType === undefined) {
    if (keys !== undefined) unsupported(ctx, "x-kubernetes-list-map-keys without x-kubernetes-list-type: map");
    return {};
  }
  if (!LIST_TYPES.includes(listType as (typeof LIST_TYPES)[number])) {
    unsupported(childContext(ctx, ["x-kubernetes-list-type"]), `x-kubernetes-list-type ${JSON.stringify(listType)}`);
  }
  if (listType !== "map") return { listType: listType as ArrayNode["listType"] };
  if (!Array.isArray(keys) || keys.length === 0 || keys.some((k) => typeof k !== "string")) {
    unsupported(ctx, "x-kubernetes-list-type: map needs x-kubernetes-list-map-keys");
  }
  if (items.type === "object") {
    const missing = keys.filter((k) => !items.fields.some((f) => f.name === k));
    if (missing.length > 0) unsupported(ctx, `list map keys ${missing.join(", ")} are not item properties`);
  }
  const defaults = keyDefaults(items, keys as string[], ctx);
  return { listType: "map", mapKeys: keys as string[], ...(Object.keys(defaults).length > 0 ? { mapKeyDefaults: defaults } : {}) };
}

/** The schema defaults of the map keys, from the item object or the definition it refers to. */
function keyDefaults(items: SchemaNode, keys: readonly string[], ctx: TransformContext): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  if (items.type === "object") {
    for (const field of items.fields) {
      if (keys.includes(field.name) && field.schema.doc.default !== undefined) defaults[field.name] = field.schema.doc.default;
    }
  } else if (items.type === "ref") {
    const properties = (ctx.definitions?.[items.target]?.properties ?? {}) as Record<string, RawSchema>;
    for (const key of keys) {
      if (properties[key]?.default !== undefined) defaults[key] = properties[key].default;
    }
  }
  return defaults;
}
