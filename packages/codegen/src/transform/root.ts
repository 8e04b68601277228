import type { FieldNode, ObjectNode, SchemaNode } from "../ir.js";
import { childContext, pascalCase, unsupported, type RawSchema, type TransformContext } from "./context.js";
import { transformSchema } from "./index.js";
import { transformValidations } from "./validations.js";

/** The definition every kind's `metadata` points at. */
export const OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

/**
 * The root of a kind: its fields but `apiVersion` and `kind` (the emitted resource type fixes
 * those), with `metadata` typed as Kubernetes' `ObjectMeta` and always required, since every
 * object needs a name. The declaration is named `<Kind>Fields`.
 */
export function transformRoot(raw: RawSchema, kind: string, ctx: TransformContext): ObjectNode {
  if (raw.oneOf !== undefined || raw.allOf !== undefined || raw.additionalProperties !== undefined) {
    unsupported(ctx, "oneOf, allOf or additionalProperties on a kind's root schema");
  }
  const properties = (raw.properties ?? {}) as Record<string, RawSchema>;
  const required = new Set((raw.required ?? []) as string[]);
  const metadata: SchemaNode = {
    type: "ref",
    doc: { description: "Standard object metadata: name, namespace, labels, annotations." },
    nullable: false,
    rules: [],
    target: OBJECT_META,
  };
  const fields: FieldNode[] = [{ name: "metadata", required: true, schema: metadata }];
  for (const [name, sub] of Object.entries(properties)) {
    if (name === "apiVersion" || name === "kind" || name === "metadata") continue;
    const schema = transformSchema(sub, childContext({ ...ctx, namePath: [kind] }, ["properties", name], pascalCase(name)));
    fields.push({ name, required: required.has(name), schema });
  }
  const description = typeof raw.description === "string" ? raw.description : undefined;
  return {
    type: "object",
    doc: description !== undefined ? { description } : {},
    nullable: false,
    rules: transformValidations(raw, ctx),
    declName: ctx.names.claim(`${kind}Fields`),
    fields,
    exclusive: [],
    openEnded: raw["x-kubernetes-preserve-unknown-fields"] === true,
  };
}
