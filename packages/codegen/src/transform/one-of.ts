import { BRANCH_KEYWORDS, type BranchSchema } from "@meshform/kind-runtime";
import type { SchemaNode, UnionNode } from "../ir.js";
import { childContext, unsupported, type RawSchema, type TransformContext } from "./context.js";
import { checkKeywords, type NodeCommon, type TransformSchema } from "./common.js";

function requiredOnly(branch: unknown): string | undefined {
  const b = branch as RawSchema;
  const req = b?.required;
  return Object.keys(b ?? {}).length === 1 && Array.isArray(req) && req.length === 1 && typeof req[0] === "string"
    ? req[0]
    : undefined;
}

/**
 * Reads the "at most one of" pattern CRD generators write:
 * `oneOf: [{not: {anyOf: [{required: [a]}, {required: [b]}]}}, {required: [a]}, {required: [b]}]`,
 * or just the `required` branches (exactly one). Returns the field names, or `undefined` when the
 * `oneOf` has another shape.
 */
export function readExclusiveGroup(oneOf: readonly unknown[]): string[] | undefined {
  const [first, ...rest] = oneOf;
  const none = (first as RawSchema)?.not as RawSchema | undefined;
  if (none !== undefined && Object.keys(first as RawSchema).length === 1 && Array.isArray(none.anyOf)) {
    const fields = rest.map(requiredOnly);
    const listed = (none.anyOf as unknown[]).map(requiredOnly);
    if (fields.every((f) => f !== undefined) && listed.join() === fields.join()) return fields as string[];
    return undefined;
  }
  const fields = oneOf.map(requiredOnly);
  return fields.every((f) => f !== undefined) ? (fields as string[]) : undefined;
}

/** A `oneOf` whose branches only constrain property values (no `required`-only branch). */
export function readConditional(oneOf: readonly unknown[], ctx: TransformContext): BranchSchema[] {
  const check = (node: unknown, here: TransformContext): void => {
    if (typeof node !== "object" || node === null) unsupported(here, "a oneOf branch that is not a schema");
    for (const [key, value] of Object.entries(node)) {
      if (!BRANCH_KEYWORDS.includes(key)) unsupported(childContext(here, [key]), `keyword ${key} inside a conditional oneOf branch`);
      if (key === "not") check(value, childContext(here, [key]));
      if (key === "anyOf" || key === "allOf") (value as unknown[]).forEach((v, i) => check(v, childContext(here, [key, String(i)])));
      if (key === "properties") {
        for (const [p, sub] of Object.entries(value as RawSchema)) check(sub, childContext(here, [key, p]));
      }
    }
  };
  oneOf.forEach((branch, i) => check(branch, childContext(ctx, ["oneOf", String(i)])));
  return oneOf as BranchSchema[];
}

/** `oneOf`/`anyOf` whose branches are bare scalar types: `string | number`. */
export function isTypeUnion(raw: RawSchema): boolean {
  const branches = raw.oneOf ?? raw.anyOf;
  return (
    raw.type === undefined &&
    raw.properties === undefined &&
    Array.isArray(branches) &&
    branches.every((b) => typeof b === "object" && b !== null && Object.keys(b).join() === "type")
  );
}

/** A union of scalar types. */
export function transformTypeUnion(raw: RawSchema, common: NodeCommon, ctx: TransformContext, transform: TransformSchema): UnionNode {
  checkKeywords(raw, ["oneOf", "anyOf", "format"], ctx);
  const key = raw.oneOf !== undefined ? "oneOf" : "anyOf";
  const members: SchemaNode[] = (raw[key] as RawSchema[]).map((branch, i) =>
    transform(branch, childContext(ctx, [key, String(i)])),
  );
  return { type: "union", ...common, members };
}
