import type { NodeDoc, SchemaNode } from "../ir.js";
import { unsupported, type RawSchema, type TransformContext } from "./context.js";

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

/** The signature of `transformSchema`, handed to constructs that recurse. */
export type TransformSchema = (raw: unknown, ctx: TransformContext) => SchemaNode;

/** Rejects keywords that neither the construct nor {@link DOC_ONLY} knows, so nothing is silently dropped. */
export function checkKeywords(raw: RawSchema, known: readonly string[], ctx: TransformContext): void {
  const extra = Object.keys(raw).filter((key) => !DOC_ONLY.has(key) && !known.includes(key));
  if (extra.length === 0) return;
  const type = String(raw.type ?? "untyped");
  unsupported(ctx, `keyword${extra.length > 1 ? "s" : ""} ${extra.join(", ")} on ${/^[aeiou]/.test(type) ? "an" : "a"} ${type} schema`);
}
