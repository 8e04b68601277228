import type { IntOrStringNode } from "../ir.js";
import { numberKeyword, type RawSchema, type TransformContext } from "./context.js";
import { checkKeywords, type NodeCommon } from "./common.js";

/** `x-kubernetes-int-or-string: true`, or OpenAPI's `format: int-or-string`. */
export function isIntOrString(raw: RawSchema): boolean {
  return raw["x-kubernetes-int-or-string"] === true || raw.format === "int-or-string";
}

/** An integer or a string: `number | string` in TypeScript. */
export function transformIntOrString(raw: RawSchema, common: NodeCommon, ctx: TransformContext): IntOrStringNode {
  checkKeywords(raw, ["x-kubernetes-int-or-string", "anyOf", "oneOf", "format", "pattern", "minLength", "maxLength", "minimum", "maximum", "type"], ctx);
  const pattern = typeof raw.pattern === "string" ? raw.pattern : undefined;
  const bounds = {
    minLength: numberKeyword(raw, "minLength", ctx),
    maxLength: numberKeyword(raw, "maxLength", ctx),
    minimum: numberKeyword(raw, "minimum", ctx),
    maximum: numberKeyword(raw, "maximum", ctx),
  };
  return {
    type: "int-or-string",
    ...common,
    ...(pattern !== undefined ? { pattern } : {}),
    ...Object.fromEntries(Object.entries(bounds).filter(([, v]) => v !== undefined)),
  };
}
