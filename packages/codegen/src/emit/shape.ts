import type { FieldNode, ObjectNode, SchemaNode } from "../ir.js";
import { SpecError, type SpecLocation } from "../errors.js";
import { docComment, docText, literal, propertyKey, quote, regexLiteral } from "./ts-text.js";

/** What the emitter needs from the module it writes into. */
export interface EmitContext {
  /** Resolves a `$ref` target to the local name of its declaration, recording any import. */
  resolveRef(target: string): string;
  /** Extra TSDoc lines for a field, such as the release that introduced it. */
  fieldNotes(field: FieldNode): readonly string[];
  /** The runtime helpers the module uses, collected for its import line. */
  readonly runtime: Set<string>;
  /** Declarations whose schema constant is already emitted (a later one needs `z.lazy`). */
  readonly emitted: Set<string>;
  /** Where the module's schemas came from, for errors. */
  readonly location: SpecLocation;
  /** Records a reference to a named object declaration (to import it when it lives elsewhere). */
  objectRef?(name: string): void;
  /**
   * Declares schemas only, typed `z.ZodType<unknown, unknown>` and checked against their field
   * names, not interfaces (the older releases' modules).
   */
  readonly loose?: boolean;
}

/** Every object node under `root`, parents before children. */
export function collectObjects(root: SchemaNode, out: ObjectNode[] = []): ObjectNode[] {
  switch (root.type) {
    case "object":
      out.push(root);
      for (const field of root.fields) collectObjects(field.schema, out);
      break;
    case "map":
      collectObjects(root.values, out);
      break;
    case "array":
      collectObjects(root.items, out);
      break;
    case "union":
      for (const member of root.members) collectObjects(member, out);
      break;
    default:
      break;
  }
  return out;
}

/** The name of an object's field interface: the declaration itself, or `XFields` when it has exclusive groups. */
function fieldsName(node: ObjectNode): string {
  return node.exclusive.length > 0 ? `${node.declName}Fields` : node.declName;
}

/** The TypeScript type of a node. */
export function typeOf(node: SchemaNode, ctx: EmitContext): string {
  const base = baseTypeOf(node, ctx);
  return node.nullable ? `${base} | null` : base;
}

function baseTypeOf(node: SchemaNode, ctx: EmitContext): string {
  switch (node.type) {
    case "object":
      ctx.objectRef?.(node.declName);
      return node.declName;
    case "ref":
      return ctx.resolveRef(node.target);
    case "map":
      return `{ [key: string]: ${typeOf(node.values, ctx)} }`;
    case "array": {
      const item = typeOf(node.items, ctx);
      return /[|&]/.test(item) ? `(${item})[]` : `${item}[]`;
    }
    case "string":
      return node.enum ? node.enum.map(quote).join(" | ") : "string";
    case "number":
    case "integer":
      return node.enum ? node.enum.map(String).join(" | ") : "number";
    case "boolean":
      return "boolean";
    case "int-or-string":
      return "number | string";
    case "unknown":
      return "unknown";
    case "union":
      return [...new Set(node.members.map((m) => typeOf(m, ctx)))].join(" | ");
  }
}

function regex(pattern: string, ctx: EmitContext): string {
  const re = regexLiteral(pattern);
  if (re === undefined) {
    throw new SpecError("SPEC_UNSUPPORTED", ctx.location, `pattern ${quote(pattern)} has no JavaScript equivalent`);
  }
  return re;
}

function stringChecks(node: { pattern?: string; minLength?: number; maxLength?: number }, ctx: EmitContext): string {
  let out = "";
  if (node.minLength !== undefined) out += `.min(${node.minLength})`;
  if (node.maxLength !== undefined) out += `.max(${node.maxLength})`;
  if (node.pattern !== undefined) out += `.regex(${regex(node.pattern, ctx)})`;
  return out;
}

function numberChecks(node: { minimum?: number; maximum?: number; exclusiveMinimum?: boolean; exclusiveMaximum?: boolean; multipleOf?: number }): string {
  let out = "";
  if (node.minimum !== undefined) out += node.exclusiveMinimum ? `.gt(${node.minimum})` : `.gte(${node.minimum})`;
  if (node.maximum !== undefined) out += node.exclusiveMaximum ? `.lt(${node.maximum})` : `.lte(${node.maximum})`;
  if (node.multipleOf !== undefined) out += `.multipleOf(${node.multipleOf})`;
  return out;
}

/** The zod schema expression of a node. */
export function zodOf(node: SchemaNode, ctx: EmitContext): string {
  const base = baseZodOf(node, ctx);
  return node.nullable ? `${base}.nullable()` : base;
}

function schemaRef(name: string, ctx: EmitContext): string {
  return ctx.emitted.has(name) ? `${name}Schema` : `z.lazy(() => ${name}Schema)`;
}

function baseZodOf(node: SchemaNode, ctx: EmitContext): string {
  switch (node.type) {
    case "object":
      ctx.objectRef?.(node.declName);
      return schemaRef(node.declName, ctx);
    case "ref":
      return schemaRef(ctx.resolveRef(node.target), ctx);
    case "map": {
      const record = `z.record(z.string(), ${zodOf(node.values, ctx)})`;
      if (node.minProperties === undefined && node.maxProperties === undefined) return record;
      ctx.runtime.add("propertyCount");
      return `propertyCount(${record}, ${literal({ min: node.minProperties, max: node.maxProperties })})`;
    }
    case "array": {
      let list = `z.array(${zodOf(node.items, ctx)})`;
      if (node.minItems !== undefined) list += `.min(${node.minItems})`;
      if (node.maxItems !== undefined) list += `.max(${node.maxItems})`;
      if (node.listType === "map" && node.mapKeys) {
        ctx.runtime.add("uniqueListKeys");
        const defaults = node.mapKeyDefaults && Object.keys(node.mapKeyDefaults).length > 0 ? `, ${literal(node.mapKeyDefaults)}` : "";
        return `uniqueListKeys(${list}, ${literal(node.mapKeys)}${defaults})`;
      }
      if (node.listType === "set") {
        ctx.runtime.add("uniqueSet");
        return `uniqueSet(${list})`;
      }
      return list;
    }
    case "string": {
      if (node.enum) return `z.enum(${literal(node.enum)})`;
      let text = `z.string()${stringChecks(node, ctx)}`;
      if (node.format !== undefined && node.format !== "int-or-string") {
        ctx.runtime.add("checkFormat");
        text += `.superRefine(checkFormat(${quote(node.format)}))`;
      }
      return text;
    }
    case "number":
    case "integer": {
      if (node.enum) return `z.literal(${literal(node.enum)})`;
      return `z.number()${node.type === "integer" ? ".int()" : ""}${numberChecks(node)}`;
    }
    case "boolean":
      return "z.boolean()";
    case "int-or-string": {
      const checks = stringChecks(node, ctx);
      const numbers = numberChecks(node);
      if (checks === "" && numbers === "") {
        ctx.runtime.add("intOrString");
        return "intOrString";
      }
      return `z.union([z.number().int()${numbers}, z.string()${checks}])`;
    }
    case "unknown":
      return "z.unknown()";
    case "union":
      return `z.union([${node.members.map((m) => zodOf(m, ctx)).join(", ")}])`;
  }
}

function fieldDoc(field: FieldNode, ctx: EmitContext): string[] {
  const doc = field.schema.doc;
  const lines: string[] = [];
  if (doc.description) lines.push(docText(doc.description));
  lines.push(...ctx.fieldNotes(field));
  if (doc.default !== undefined) lines.push("", `@defaultValue ${JSON.stringify(doc.default)}`);
  if (doc.deprecated) lines.push("", "@deprecated See the description.");
  return lines;
}

/** The interface (and, with exclusive groups, the type) declaring an object node. */
export function renderTypeDecl(node: ObjectNode, ctx: EmitContext): string {
  const name = fieldsName(node);
  const fields = node.fields.map((field) => {
    const doc = docComment(fieldDoc(field, ctx), "  ");
    return `${doc}  ${propertyKey(field.name)}${field.required ? "" : "?"}: ${typeOf(field.schema, ctx)};\n`;
  });
  if (node.openEnded) fields.push("  /** Fields this schema keeps without checking them. */\n  [key: string]: unknown;\n");
  const summary = node.exclusive.length > 0 ? [`The fields of {@link ${node.declName}}, none exclusive.`] : [docText(node.doc.description ?? "")];
  let text = `${docComment(summary, "")}export interface ${name} {${fields.length === 0 ? "" : `\n${fields.join("")}`}}\n`;
  if (node.exclusive.length > 0) {
    ctx.runtime.add("type OneOf");
    const all = node.exclusive.flat().map(quote).join(" | ");
    const groups = node.exclusive.map((g) => `OneOf<Pick<${name}, ${g.map(quote).join(" | ")}>>`);
    const lines = [docText(node.doc.description ?? ""), "", ...node.exclusive.map((g) => `At most one of ${g.map((f) => `\`${f}\``).join(", ")} may be set.`)];
    text += `\n${docComment(lines, "")}export type ${node.declName} = Omit<${name}, ${all}> &\n  ${groups.join(" &\n  ")};\n`;
  }
  return text;
}

/** The field names of an object as a type whose values are all `unknown`, for a schema without interface. */
export function looseInput(node: ObjectNode): string {
  if (node.fields.length === 0) return "{}";
  return `{ ${node.fields.map((f) => `${propertyKey(f.name)}${f.required ? "" : "?"}: unknown;`).join(" ")} }`;
}

/** Indents every line but the first by two spaces, for an expression passed as an argument. */
function indent(expr: string): string {
  return expr.replace(/\n/g, "\n  ");
}

/** The zod schema constant of an object node. Children must be emitted first. */
export function renderSchemaDecl(node: ObjectNode, ctx: EmitContext): string {
  const fields = node.fields.map((field) => {
    const schema = zodOf(field.schema, ctx);
    return `  ${propertyKey(field.name)}: ${schema}${field.required ? "" : ".optional()"},\n`;
  });
  const maker = node.openEnded ? "looseObject" : "strictObject";
  ctx.runtime.add(maker);
  const input = ctx.loose ? looseInput(node) : fieldsName(node);
  let expr = fields.length === 0 ? `${maker}<${input}>({})` : `${maker}<${input}>({\n${fields.join("")}})`;
  if (node.minProperties !== undefined || node.maxProperties !== undefined) {
    ctx.runtime.add("propertyCount");
    expr = `propertyCount<${input}>(${expr}, ${literal({ min: node.minProperties, max: node.maxProperties })})`;
  }
  if (node.conditional) {
    ctx.runtime.add("conditional");
    expr = `conditional<${input}>(\n  ${indent(expr)},\n  ${literal(node.conditional.branches)},\n  ${literal(node.conditional.defaults)},\n)`;
  }
  if (node.exclusive.length > 0) {
    ctx.runtime.add("exclusive");
    expr = `exclusive<${ctx.loose ? "unknown" : node.declName}, ${input}>(\n  ${indent(expr)},\n  ${literal(node.exclusive)},\n)`;
  }
  ctx.emitted.add(node.declName);
  ctx.runtime.add("lazy");
  if (ctx.loose) {
    return `/** Checks a \`${node.declName}\`. */\nexport const ${node.declName}Schema: z.ZodType<unknown, unknown> = lazy(() =>\n  ${indent(expr)},\n);\n`;
  }
  return `/** Checks a {@link ${node.declName}}. */\nexport const ${node.declName}Schema: z.ZodType<${node.declName}, ${node.declName}> = lazy(() =>\n  ${indent(expr)},\n);\n`;
}
