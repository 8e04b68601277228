import type { CelRule, SchemaDefault } from "@meshform/kind-runtime";
import type { FieldNode, ObjectNode, SchemaNode } from "../ir.js";
import type { SpecLocation } from "../errors.js";
import { collectObjects, renderSchemaDecl, renderTypeDecl, typeOf, zodOf, type EmitContext } from "./shape.js";
import { fieldsRecordName, renderDefaults, renderKind, renderRules, type KindVersionEmit } from "./kind.js";
import { renderHeader, renderModule } from "./template.js";
import { docComment, docText, propertyKey } from "./ts-text.js";

/** A named declaration that is not an object (`type Time = string`). */
export interface AliasDecl {
  readonly name: string;
  readonly node: SchemaNode;
}

/** A kind's root in a module: its `<Kind>Fields` interface, fields record and rules. */
export interface RootDecl {
  readonly kind: string;
  readonly node: ObjectNode;
  readonly rules: readonly CelRule[];
  /** The schema defaults, for the API server's defaulting before validation. */
  readonly defaults: readonly SchemaDefault[];
  /**
   * The stem of the root's constants (`<stem>Fields`, `<stem>Rules`, `<stem>Defaults`).
   * @defaultValue the kind in camel case
   */
  readonly stem?: string;
}

/** A fields record of a root declared without interface: `name` holds `node`'s field schemas. */
export interface RecordDecl {
  readonly name: string;
  readonly node: ObjectNode;
}

/** Everything one emitted module holds. */
export interface ModuleContent {
  /** The module's path inside the output folder, e.g. `networking.istio.io/v1.ts`. */
  readonly path: string;
  readonly sources: readonly string[];
  readonly generator: string;
  readonly location: SpecLocation;
  /** Named definitions of an OpenAPI document, in the order to emit them. */
  readonly definitions: readonly (ObjectNode | AliasDecl)[];
  readonly roots: readonly RootDecl[];
  readonly kinds: readonly KindVersionEmit[];
  /** Modules re-exported whole (`export * from`), as paths inside the output folder. */
  readonly reexports: readonly string[];
  /** Names imported from other modules, per module path or package specifier. */
  readonly imports: ReadonlyMap<string, readonly string[]>;
  /** Where a `$ref` target is: the module path or package specifier, and the local name. */
  resolveRef(target: string): { readonly from: string; readonly name: string };
  /** Notes for fields (availability). */
  fieldNotes(field: FieldNode): readonly string[];
  readonly runtimeSpecifier: string;
  /**
   * Object declarations of this module, children before parents. When given, the roots'
   * nested objects are not declared with them: every object is a shape declared once in the
   * module {@link ModuleContent.homeOf} names.
   */
  readonly shapes?: readonly ObjectNode[];
  /** The module a shape is declared in, by name. */
  homeOf?(name: string): string | undefined;
  /** Declares schemas without interfaces (see `EmitContext.loose`). */
  readonly loose?: boolean;
  /** Fields records declared without interface. */
  readonly records?: readonly RecordDecl[];
  /** Sections rendered by the planner, after the kinds. */
  readonly extra?: readonly string[];
  /** Names re-exported from other modules, per module path. */
  readonly exportsFrom?: ReadonlyMap<string, readonly string[]>;
}

/** A relative import specifier from one module path to another, or the specifier as it is. */
export function importSpecifier(fromPath: string, to: string): string {
  if (!to.endsWith(".ts")) return to;
  const from = fromPath.split("/").slice(0, -1);
  const target = to.split("/");
  let common = 0;
  while (common < from.length && common < target.length - 1 && from[common] === target[common]) common += 1;
  const up = from.length - common;
  const rest = target.slice(common).join("/").replace(/\.ts$/, ".js");
  return up === 0 ? `./${rest}` : `${"../".repeat(up)}${rest}`;
}

function isAlias(decl: ObjectNode | AliasDecl): decl is AliasDecl {
  return !("type" in decl && decl.type === "object");
}

function renderAliasType(decl: AliasDecl, ctx: EmitContext): string {
  return `${docComment([docText(decl.node.doc.description ?? "")], "")}export type ${decl.name} = ${typeOf(decl.node, ctx)};`;
}

function renderAliasSchema(decl: AliasDecl, ctx: EmitContext): string {
  ctx.runtime.add("lazy");
  const text = `/** Checks a {@link ${decl.name}}. */\nexport const ${decl.name}Schema: z.ZodType<${decl.name}, ${decl.name}> = lazy(() =>\n  ${zodOf(decl.node, ctx).replace(/\n/g, "\n  ")},\n);`;
  ctx.emitted.add(decl.name);
  return text;
}

function renderFieldsRecord(root: RootDecl, ctx: EmitContext): string {
  const fields = root.node.fields.map((f: FieldNode) => `  ${propertyKey(f.name)}: ${zodOf(f.schema, ctx)}${f.required ? "" : ".optional()"},`);
  const name = root.stem !== undefined ? `${root.stem}Fields` : fieldsRecordName(root.kind);
  return `/** The zod schemas of {@link ${root.node.declName}}, spread into each version's strict object. */\nexport const ${name} = {\n${fields.join("\n")}\n};`;
}

function renderRecord(record: RecordDecl, ctx: EmitContext): string {
  const fields = record.node.fields.map((f: FieldNode) => `  ${propertyKey(f.name)}: ${zodOf(f.schema, ctx)}${f.required ? "" : ".optional()"},`);
  return `/** The zod schemas of a kind's fields, spread into each version's strict object. */\nexport const ${record.name} = {\n${fields.join("\n")}\n};`;
}

/** Renders one module: header, imports, type declarations, schema constants, kinds. */
export function emitModule(content: ModuleContent): string {
  const runtime = new Set<string>();
  const external = new Map<string, Set<string>>();
  for (const [from, names] of content.imports) external.set(from, new Set(names));
  const ctx: EmitContext = {
    runtime,
    emitted: new Set<string>(),
    location: content.location,
    ...(content.loose === true ? { loose: true } : {}),
    objectRef(name) {
      const from = content.homeOf?.(name);
      if (from === undefined || from === content.path) return;
      const names = external.get(from) ?? new Set<string>();
      if (content.loose !== true) names.add(`type ${name}`);
      names.add(`${name}Schema`);
      external.set(from, names);
      ctx.emitted.add(name);
    },
    fieldNotes: (field) => content.fieldNotes(field),
    resolveRef(target) {
      const { from, name } = content.resolveRef(target);
      if (from !== content.path) {
        const names = external.get(from) ?? new Set<string>();
        names.add(`type ${name}`).add(`${name}Schema`);
        external.set(from, names);
        // An imported schema is initialised before this module runs: no `z.lazy` needed.
        ctx.emitted.add(name);
      }
      return name;
    },
  };
  const types: string[] = [];
  const schemas: string[] = [];
  const shapes = content.shapes;
  const trees = [...content.definitions, ...content.roots.map((r) => r.node)];
  for (const decl of trees) {
    if (isAlias(decl)) {
      types.push(renderAliasType(decl, ctx));
      continue;
    }
    const nodes = shapes !== undefined ? [decl] : collectObjects(decl);
    for (const node of nodes) types.push(renderTypeDecl(node, ctx).trimEnd());
  }
  if (shapes !== undefined && content.loose !== true) {
    for (const node of [...shapes].reverse()) types.push(renderTypeDecl(node, ctx).trimEnd());
  }
  for (const decl of content.definitions) {
    if (isAlias(decl)) schemas.push(renderAliasSchema(decl, ctx));
    else for (const node of collectObjects(decl).reverse()) schemas.push(renderSchemaDecl(node, ctx).trimEnd());
  }
  for (const node of shapes ?? []) schemas.push(renderSchemaDecl(node, ctx).trimEnd());
  for (const root of content.roots) {
    if (shapes === undefined) {
      const nested = collectObjects(root.node).slice(1).reverse();
      for (const node of nested) schemas.push(renderSchemaDecl(node, ctx).trimEnd());
    }
    schemas.push(renderFieldsRecord(root, ctx));
    schemas.push(renderRules(root.stem !== undefined ? `${root.stem}Rules` : rulesName(root.kind), root.kind, root.rules));
    schemas.push(renderDefaults(root.stem !== undefined ? `${root.stem}Defaults` : defaultsName(root.kind), root.kind, root.defaults));
  }
  for (const record of content.records ?? []) schemas.push(renderRecord(record, ctx));
  const kinds = [...content.kinds.map(renderKind), ...(content.extra ?? [])];
  const needsZod = schemas.length > 0 || kinds.length > 0;
  if (content.roots.length > 0) runtime.add("type CelRule").add("type SchemaDefault");
  if (content.kinds.length > 0) runtime.add("type KindInfo").add("strictObject").add("lazy");
  for (const name of external.get(content.runtimeSpecifier) ?? []) runtime.add(name);
  external.delete(content.runtimeSpecifier);
  const imports: string[] = [];
  if (needsZod) imports.push(`import { z } from "zod";`);
  if (runtime.size > 0) imports.push(`import { ${[...runtime].sort(byName).join(", ")} } from "${content.runtimeSpecifier}";`);
  for (const [from, names] of [...external].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    imports.push(`import { ${[...names].sort(byName).join(", ")} } from "${importSpecifier(content.path, from)}";`);
  }
  const reexports = content.reexports.map((r) => `export * from "${importSpecifier(content.path, r)}";`);
  for (const [from, names] of [...(content.exportsFrom ?? new Map<string, readonly string[]>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    reexports.push(`export { ${[...names].sort(byName).join(", ")} } from "${importSpecifier(content.path, from)}";`);
  }
  return renderModule({
    header: renderHeader(content.sources, content.generator),
    imports,
    reexports,
    types,
    schemas,
    kinds,
  });
}

function byName(a: string, b: string): number {
  const x = a.replace(/^type /, "");
  const y = b.replace(/^type /, "");
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The name of a shape's rules constant: `httpRouteRules`. */
export function rulesName(kind: string): string {
  return fieldsRecordName(kind).replace(/Fields$/, "Rules");
}

/** The name of a shape's defaults constant: `httpRouteDefaults`. */
export function defaultsName(kind: string): string {
  return fieldsRecordName(kind).replace(/Fields$/, "Defaults");
}
