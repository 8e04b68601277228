import type { CelRule } from "@meshform/kind-runtime";
import { SpecError } from "../errors.js";
import { childContext, type RawSchema, type TransformContext } from "./context.js";

const RULE_KEYS = new Set(["rule", "message", "messageExpression", "fieldPath", "reason", "optionalOldSelf"]);

/**
 * `x-kubernetes-validations`: the CEL rules at this node, with paths relative to it. The rules
 * are recorded as they are; `@meshform/validate` compiles and evaluates them.
 */
export function transformValidations(raw: RawSchema, ctx: TransformContext): CelRule[] {
  const list = raw["x-kubernetes-validations"];
  if (list === undefined) return [];
  const at = childContext(ctx, ["x-kubernetes-validations"]);
  if (!Array.isArray(list)) throw new SpecError("SPEC_INVALID_CRD", at.location, "x-kubernetes-validations must be a list");
  return list.map((entry: unknown, index) => {
    const here = childContext(at, [String(index)]);
    if (typeof entry !== "object" || entry === null || typeof (entry as RawSchema).rule !== "string") {
      throw new SpecError("SPEC_INVALID_CRD", here.location, "a validation rule needs a string `rule`");
    }
    const item = entry as RawSchema;
    const unknown = Object.keys(item).filter((k) => !RULE_KEYS.has(k));
    if (unknown.length > 0) throw new SpecError("SPEC_UNSUPPORTED", here.location, `unknown rule keys: ${unknown.join(", ")}`);
    const rule: { -readonly [K in keyof CelRule]: CelRule[K] } = { path: [], rule: item.rule as string };
    for (const key of ["message", "messageExpression", "fieldPath", "reason"] as const) {
      if (typeof item[key] === "string") rule[key] = item[key] as string;
    }
    if (item.optionalOldSelf === true) rule.optionalOldSelf = true;
    return rule;
  });
}
