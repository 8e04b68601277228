import type { FieldNode, ObjectNode, SchemaNode } from "../ir.js";
import { SpecError } from "../errors.js";
import { childContext, numberKeyword, pascalCase, unsupported, type RawSchema, type TransformContext } from "./context.js";
import { checkKeywords, type NodeCommon, type TransformSchema } from "./common.js";
import { readConditional, readExclusiveGroup } from "./one-of.js";

const KNOWN = [
  "type",
  "properties",
  "required",
  "oneOf",
  "allOf",
  "x-kubernetes-preserve-unknown-fields",
  "minProperties",
  "maxProperties",
  "additionalProperties",
];

function readRequired(raw: RawSchema, ctx: TransformContext): Set<string> {
  const required = raw.required ?? [];
  if (!Array.isArray(required) || required.some((r) => typeof r !== "string")) {
    throw new SpecError("SPEC_INVALID_CRD", childContext(ctx, ["required"]).location, "required must be a list of property names");
  }
  return new Set(required as string[]);
}

/** The exclusive groups and conditional branches of `oneOf`, or of each `oneOf` inside `allOf`. */
function readOneOfs(raw: RawSchema, ctx: TransformContext): Pick<ObjectNode, "exclusive" | "conditional"> {
  const oneOfs: { list: unknown[]; at: TransformContext }[] = [];
  if (Array.isArray(raw.oneOf)) oneOfs.push({ list: raw.oneOf, at: ctx });
  if (raw.allOf !== undefined) {
    if (!Array.isArray(raw.allOf)) unsupported(ctx, "allOf that is not a list");
    raw.allOf.forEach((part: unknown, i) => {
      const at = childContext(ctx, ["allOf", String(i)]);
      const entry = part as RawSchema;
      if (Object.keys(entry ?? {}).join() !== "oneOf" || !Array.isArray(entry.oneOf)) unsupported(at, "allOf entries other than oneOf");
      oneOfs.push({ list: entry.oneOf, at });
    });
  }
  const exclusive: string[][] = [];
  let conditional: ObjectNode["conditional"];
  for (const { list, at } of oneOfs) {
    const group = readExclusiveGroup(list);
    if (group !== undefined) exclusive.push(group);
    else if (conditional === undefined) {
      const defaults = Object.fromEntries(
        Object.entries((raw.properties ?? {}) as Record<string, RawSchema>)
          .filter(([, p]) => p.default !== undefined)
          .map(([k, p]) => [k, p.default]),
      );
      conditional = { branches: readConditional(list, at), defaults };
    } else unsupported(at, "more than one conditional oneOf on one object");
  }
  return { exclusive, ...(conditional !== undefined ? { conditional } : {}) };
}

/**
 * An object with properties: one field per property, required where the schema says, with
 * exclusive groups from `oneOf`, and open-ended when `x-kubernetes-preserve-unknown-fields` is set.
 */
export function transformObject(
  raw: RawSchema,
  common: NodeCommon,
  ctx: TransformContext,
  transform: TransformSchema,
): ObjectNode {
  checkKeywords(raw, KNOWN, ctx);
  if (raw.additionalProperties !== undefined && raw.additionalProperties !== false) {
    unsupported(ctx, "an object with both properties and additionalProperties");
  }
  const properties = (raw.properties ?? {}) as Record<string, unknown>;
  if (typeof properties !== "object" || Array.isArray(properties)) unsupported(ctx, "properties that is not a map");
  const required = readRequired(raw, ctx);
  const declName = ctx.names.claim(ctx.namePath.join(""));
  const fields: FieldNode[] = Object.entries(properties).map(([name, sub]) => {
    const schema: SchemaNode = transform(sub, childContext(ctx, ["properties", name], pascalCase(name)));
    return { name, required: required.has(name), schema };
  });
  for (const name of required) {
    if (!(name in properties)) unsupported(childContext(ctx, ["required"]), `required property ${JSON.stringify(name)} is not declared`);
  }
  const { exclusive, conditional } = readOneOfs(raw, ctx);
  for (const group of exclusive) {
    const missing = group.filter((f) => !(f in properties));
    if (missing.length > 0) unsupported(ctx, `oneOf names undeclared properties ${missing.join(", ")}`);
  }
  const minProperties = numberKeyword(raw, "minProperties", ctx);
  const maxProperties = numberKeyword(raw, "maxProperties", ctx);
  return {
    type: "object",
    ...common,
    declName,
    fields,
    exclusive,
    ...(conditional !== undefined ? { conditional } : {}),
    openEnded: raw["x-kubernetes-preserve-unknown-fields"] === true,
    ...(minProperties !== undefined ? { minProperties } : {}),
    ...(maxProperties !== undefined ? { maxProperties } : {}),
  };
}
