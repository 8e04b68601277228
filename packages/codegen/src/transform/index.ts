import type { NodeDoc, SchemaNode } from "../ir.js";
import { SpecError } from "../errors.js";
import { unsupported, type RawSchema, type TransformContext } from "./context.js";
import { transformArray } from "./array.js";
import { transformIntOrString, isIntOrString } from "./int-or-string.js";
import { transformMap } from "./map.js";
import { transformObject } from "./object.js";
import { transformPreserveUnknown, isPreserveUnknown } from "./preserve-unknown.js";
import { transformRef, refTarget } from "./ref.js";
import { transformScalar } from "./scalar.js";
import { transformTypeUnion, isTypeUnion } from "./one-of.js";
import { transformValidations } from "./validations.js";

/** Keywords that only document or steer other tools; they never change the emitted shape. */
const DOC_ONLY = new Set([
  "description",
  "title",
  "example",
  "externalDocs",
  "default",
  "x-kubernetes-patch-merge-key",
  "x-kubernetes-patch-strategy",
  "x-kubernetes-map-type",
  "x-kubernetes-group-version-kind",
  "x-kubernetes-unions",
  "x-kubernetes-validations",
  "nullable",
]);

/** The common part of every node: documentation, nullability, CEL rules. */
export interface NodeCommon {
  readonly doc: NodeDoc;
  readonly nullable: boolean;
  readonly rules: SchemaNode["rules"];
}

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
  if (isTypeUnion(schema)) return transformTypeUnion(schema, common, ctx);
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

/** The signature of {@link transformSchema}, handed to constructs that recurse. */
export type TransformSchema = typeof transformSchema;

/** Rejects keywords that neither the construct nor {@link DOC_ONLY} knows, so nothing is silently dropped. */
export function checkKeywords(raw: RawSchema, known: readonly string[], ctx: TransformContext): void {
  const extra = Object.keys(raw).filter((key) => !DOC_ONLY.has(key) && !known.includes(key));
  if (extra.length === 0) return;
  const type = String(raw.type ?? "untyped");
  unsupported(ctx, `keyword${extra.length > 1 ? "s" : ""} ${extra.join(", ")} on ${/^[aeiou]/.test(type) ? "an" : "a"} ${type} schema`);
}
