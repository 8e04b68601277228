import type { BooleanNode, NumberNode, StringNode } from "../ir.js";
import { numberKeyword, type RawSchema, type TransformContext } from "./context.js";
import { readEnum } from "./enum.js";
import { checkKeywords, type NodeCommon } from "./common.js";

function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A string, number, integer or boolean, with its enum, pattern, format and bounds. */
export function transformScalar(
  raw: RawSchema,
  common: NodeCommon,
  ctx: TransformContext,
): StringNode | NumberNode | BooleanNode {
  if (raw.type === "boolean") {
    checkKeywords(raw, ["type", "enum"], ctx);
    return { type: "boolean", ...common };
  }
  if (raw.type === "string") {
    checkKeywords(raw, ["type", "enum", "pattern", "minLength", "maxLength", "format"], ctx);
    return {
      type: "string",
      ...common,
      ...defined({
        enum: readEnum(raw, "string", ctx),
        pattern: typeof raw.pattern === "string" ? raw.pattern : undefined,
        minLength: numberKeyword(raw, "minLength", ctx),
        maxLength: numberKeyword(raw, "maxLength", ctx),
        format: typeof raw.format === "string" ? raw.format : undefined,
      }),
    };
  }
  checkKeywords(raw, ["type", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "format"], ctx);
  return {
    type: raw.type as "number" | "integer",
    ...common,
    ...defined({
      enum: readEnum(raw, "number", ctx),
      minimum: numberKeyword(raw, "minimum", ctx),
      maximum: numberKeyword(raw, "maximum", ctx),
      exclusiveMinimum: raw.exclusiveMinimum === true ? true : undefined,
      exclusiveMaximum: raw.exclusiveMaximum === true ? true : undefined,
      multipleOf: numberKeyword(raw, "multipleOf", ctx),
      format: typeof raw.format === "string" ? raw.format : undefined,
    }),
  };
}
