import type { ObjectNode } from "../ir.js";
import type { KindSource } from "../sources/kind-source.js";
import { NameRegistry, type RawSchema, type TransformContext } from "../transform/context.js";
import { transformSchema } from "../transform/index.js";
import { refTarget } from "../transform/ref.js";
import { OBJECT_META, transformRoot } from "../transform/root.js";
import { SpecError } from "../errors.js";
import { collectRules } from "../walk.js";
import { emitModule, rulesName, type AliasDecl, type ModuleContent, type RootDecl } from "../emit/module.js";
import { kindDescription, type KindVersionEmit } from "../emit/kind.js";
import type { GeneratedFile, GenerateKindsOptions, PlannedKind } from "./types.js";

const PREFIXES = ["io.k8s.api.", "io.k8s.apimachinery.pkg.apis.", "io.k8s.apimachinery.pkg.", "io.k8s."];

/** The module a definition belongs in: `io.k8s.api.core.v1.PodSpec` → `core/v1.ts`. */
export function definitionModule(name: string): string {
  const prefix = PREFIXES.find((p) => name.startsWith(p)) ?? "";
  const parts = name.slice(prefix.length).split(".");
  return `${parts.slice(0, -1).join("/") || "definitions"}.ts`;
}

/** The local name of a definition: its last segment. */
export function definitionName(name: string): string {
  return name.split(".").pop()!;
}

const PREFIX = "#/components/schemas/";

/** Every definition reachable from `schema`, each after the ones it refers to (post-order). */
function reachable(schema: unknown, definitions: Readonly<Record<string, RawSchema>>, out: string[], seen: Set<string>): void {
  if (typeof schema !== "object" || schema === null) return;
  if (Array.isArray(schema)) {
    for (const item of schema) reachable(item, definitions, out, seen);
    return;
  }
  const ref = refTarget(schema as RawSchema);
  if (ref !== undefined && ref.startsWith(PREFIX)) {
    const name = ref.slice(PREFIX.length);
    if (!seen.has(name)) {
      seen.add(name);
      reachable(definitions[name], definitions, out, seen);
      out.push(name);
    }
    return;
  }
  for (const value of Object.values(schema)) reachable(value, definitions, out, seen);
}

/** Plans and renders the modules of kinds taken from OpenAPI documents, with their definitions. */
export function planOpenApiKinds(
  sources: readonly KindSource[],
  options: GenerateKindsOptions,
  release: string,
): { files: GeneratedFile[]; kinds: PlannedKind[] } {
  if (sources.length === 0) return { files: [], kinds: [] };
  const definitions = sources[0]!.definitions as Readonly<Record<string, RawSchema>>;
  const order: string[] = [];
  const seen = new Set<string>();
  reachable({ $ref: `${PREFIX}${OBJECT_META}` }, definitions, order, seen);
  for (const source of sources) reachable(source.versions[0]!.schema, definitions, order, seen);
  const modules = new Map<string, { defs: (ObjectNode | AliasDecl)[]; roots: RootDecl[]; kinds: KindVersionEmit[]; names: NameRegistry; files: Set<string> }>();
  const moduleOf = (path: string) => {
    const m = modules.get(path) ?? { defs: [], roots: [], kinds: [], names: new NameRegistry(), files: new Set<string>() };
    modules.set(path, m);
    return m;
  };
  const fileOf = sources[0]!.file;
  for (const name of order) {
    const raw = definitions[name];
    const location = { file: options.displayPath(fileOf), pointer: `/components/schemas/${name}` };
    if (raw === undefined) throw new SpecError("SPEC_UNRESOLVED_REF", location, `unresolvable $ref ${PREFIX}${name}`);
    const module = moduleOf(definitionModule(name));
    const ctx: TransformContext = { location, namePath: [definitionName(name)], names: module.names, emptyObjects: "open" };
    const node = transformSchema(raw, ctx);
    module.defs.push(node.type === "object" ? node : { name: module.names.claim(definitionName(name)), node });
  }
  const planned: PlannedKind[] = [];
  for (const source of [...sources].sort((a, b) => (a.kind < b.kind ? -1 : 1))) {
    const version = source.versions[0]!;
    const path = definitionModule(version.location.pointer!.slice("/components/schemas/".length));
    const module = moduleOf(path);
    const file = options.displayPath(source.file);
    module.files.add(`${file} (${options.product} ${release})`);
    const root = transformRoot(version.schema, source.kind, { location: version.location, namePath: [source.kind], names: module.names, emptyObjects: "open" });
    module.roots.push({ kind: source.kind, node: root, rules: collectRules(root) });
    const description = kindDescription(version.schema);
    module.kinds.push({
      group: source.group,
      version: version.name,
      kind: source.kind,
      plural: source.plural,
      scope: source.scope,
      served: true,
      storage: true,
      deprecated: false,
      ...(description !== undefined ? { description } : {}),
      fieldsName: root.declName,
      rulesName: rulesName(source.kind),
      source: { file, release },
      notes: [],
    });
    planned.push({ group: source.group, version: version.name, kind: source.kind, module: path });
  }
  const files = [...modules].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, module]): GeneratedFile => {
    const content: ModuleContent = {
      path,
      sources: module.files.size > 0 ? [...module.files].sort() : [`${options.displayPath(fileOf)} (${options.product} ${release})`],
      generator: options.generator,
      location: { file: options.displayPath(fileOf) },
      definitions: module.defs,
      roots: module.roots,
      kinds: module.kinds,
      reexports: [],
      imports: new Map(),
      resolveRef: (target) => {
        if (definitions[target] === undefined) {
          throw new SpecError("SPEC_UNRESOLVED_REF", { file: options.displayPath(fileOf) }, `unresolvable $ref ${PREFIX}${target}`);
        }
        return { from: definitionModule(target), name: definitionName(target) };
      },
      fieldNotes: () => [],
      runtimeSpecifier: options.runtimeSpecifier,
    };
    return { path, content: emitModule(content) };
  });
  return { files, kinds: planned };
}
