import type { NodeDoc, SchemaNode } from "../ir.js";
import { SpecError } from "../errors.js";
import { unsupported, type RawSchema, type TransformContext } from "./context.js";
import type { NodeCommon } from "./common.js";
import { transformArray } from "./array.js";
import { transformIntOrString, isIntOrString } from "./int-or-string.js";
import { transformMap } from "./map.js";
import { transformObject } from "./object.js";
import { transformPreserveUnknown, isPreserveUnknown } from "./preserve-unknown.js";
import { transformRef, refTarget } from "./ref.js";
import { transformScalar } from "./scalar.js";
import { transformTypeUnion, isTypeUnion } from "./one-of.js";
import { transformValidations } from "./validations.js";

function readDoc(raw: RawSchema): NodeDoc {
  const description = typeof raw.description === "string" ? raw.description : undefined;
  const deprecated = description !== undefined && /(^|\n|\. )Deprecated[:.]/.test(description);
  return {
    ...(description !== undefined ? { description } : {}),
    ...(raw.default !== undefined ? { default: raw.default } : {}),
    ...(deprecated ? { deprecated: true } : {}),
  };
}

/**
 * Turns one raw OpenAPI v3 schema node into its intermediate form, dispatching on the construct.
 * Every construct lives in its own module; this function only picks one.
 *
 * @throws SpecError for a malformed node or a construct the generator does not support
 */
export function transformSchema(raw: unknown, ctx: TransformContext): SchemaNode {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new SpecError("SPEC_INVALID_CRD", ctx.location, `a schema must be an object, got ${JSON.stringify(raw)}`);
  }
  const schema = raw as RawSchema;
  const common: NodeCommon = {
    doc: readDoc(schema),
    nullable: schema.nullable === true,
    rules: transformValidations(schema, ctx),
  };
  if (refTarget(schema) !== undefined) return transformRef(schema, common, ctx);
  if (isIntOrString(schema)) return transformIntOrString(schema, common, ctx);
  if (isTypeUnion(schema)) return transformTypeUnion(schema, common, ctx, transformSchema);
  if (isPreserveUnknown(schema)) return transformPreserveUnknown(schema, common, ctx, transformSchema);
  switch (schema.type) {
    case "object":
      if (ctx.emptyObjects === "open" && schema.properties === undefined && schema.additionalProperties === undefined) {
        return transformPreserveUnknown(schema, common, ctx, transformSchema);
      }
      return schema.properties === undefined && schema.additionalProperties !== undefined
        ? transformMap(schema, common, ctx, transformSchema)
        : transformObject(schema, common, ctx, transformSchema);
    case "array":
      return transformArray(schema, common, ctx, transformSchema);
    case "string":
    case "integer":
    case "number":
    case "boolean":
      return transformScalar(schema, common, ctx);
    case undefined:
      if (schema.properties !== undefined) return transformObject(schema, common, ctx, transformSchema);
      return unsupported(ctx, `a schema without a type (keys: ${Object.keys(schema).join(", ") || "none"})`);
    default:
      return unsupported(ctx, `type ${JSON.stringify(schema.type)}`);
  }
}

export { checkKeywords, type NodeCommon, type TransformSchema } from "./common.js";
