import type { ObjectNode } from "../ir.js";
import type { KindSource } from "../sources/kind-source.js";
import { NameRegistry, type RawSchema, type TransformContext } from "../transform/context.js";
import { transformSchema } from "../transform/index.js";
import { refTarget } from "../transform/ref.js";
import { OBJECT_META, transformRoot } from "../transform/root.js";
import { SpecError } from "../errors.js";
import { collectRules } from "../walk.js";
import { emitModule, type AliasDecl, type ModuleContent, type RootDecl } from "../emit/module.js";
import type { KindVersionEmit } from "../emit/kind.js";
import { toKindVersionEmit } from "./kind-version.js";
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

/**
 * The declaration name of a definition in its module. A definition that is also a selected kind
 * and that another kind embeds (StatefulSet's `volumeClaimTemplates` are PersistentVolumeClaims)
 * is declared twice: as the kind (`PersistentVolumeClaim`: `apiVersion`, `kind` and `metadata`
 * required) and, for where it is embedded, as the definition says it
 * (`EmbeddedPersistentVolumeClaim`: all three optional).
 */
function declarationName(name: string, kinds: ReadonlySet<string>): string {
  return kinds.has(name) ? `Embedded${definitionName(name)}` : definitionName(name);
}

const PREFIX = "#/components/schemas/";

/** What {@link reachable} carries down: the definitions, the file they are in, and what it found. */
interface ReachableWalk {
  readonly definitions: Readonly<Record<string, RawSchema>>;
  readonly file: string;
  readonly out: string[];
  readonly seen: Set<string>;
}

/**
 * Every definition reachable from `schema`, each after the ones it refers to (post-order).
 * `at` is the JSON pointer of `schema`, so that an unresolvable `$ref` is reported where it is.
 */
function reachable(schema: unknown, at: string | undefined, walk: ReachableWalk): void {
  if (typeof schema !== "object" || schema === null) return;
  const child = (key: string): string | undefined => (at === undefined ? undefined : `${at}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
  if (Array.isArray(schema)) {
    schema.forEach((item, i) => reachable(item, child(String(i)), walk));
    return;
  }
  const ref = refTarget(schema as RawSchema);
  if (ref !== undefined && ref.startsWith(PREFIX)) {
    const name = ref.slice(PREFIX.length);
    if (walk.definitions[name] === undefined) {
      throw new SpecError("SPEC_UNRESOLVED_REF", { file: walk.file, ...(at !== undefined ? { pointer: at } : {}) }, `unresolvable $ref ${ref}`);
    }
    if (!walk.seen.has(name)) {
      walk.seen.add(name);
      reachable(walk.definitions[name], `/components/schemas/${name}`, walk);
      walk.out.push(name);
    }
    return;
  }
  for (const [key, value] of Object.entries(schema)) reachable(value, child(key), walk);
}

/** A definitions module being planned. */
interface DefinitionsModule {
  readonly defs: (ObjectNode | AliasDecl)[];
  readonly roots: RootDecl[];
  readonly kinds: KindVersionEmit[];
  readonly names: NameRegistry;
  readonly files: Set<string>;
}

/** Transforms every definition in `order` into the module its name belongs to. */
function planDefinitions(order: readonly string[], definitions: Readonly<Record<string, RawSchema>>, file: string, kinds: ReadonlySet<string>, moduleOf: (path: string) => DefinitionsModule): void {
  for (const name of order) {
    const raw = definitions[name];
    const location = { file, pointer: `/components/schemas/${name}` };
    if (raw === undefined) throw new SpecError("SPEC_UNRESOLVED_REF", location, `unresolvable $ref ${PREFIX}${name}`);
    const module = moduleOf(definitionModule(name));
    const declName = declarationName(name, kinds);
    const ctx: TransformContext = { location, namePath: [declName], names: module.names, emptyObjects: "open", definitions };
    const node = transformSchema(raw, ctx);
    module.defs.push(node.type === "object" ? node : { name: module.names.claim(declName), node });
  }
}

function renderDefinitionsModule(path: string, module: DefinitionsModule, definitions: Readonly<Record<string, RawSchema>>, file: string, kinds: ReadonlySet<string>, options: GenerateKindsOptions, release: string): GeneratedFile {
  const content: ModuleContent = {
    path,
    sources: module.files.size > 0 ? [...module.files].sort() : [`${file} (${options.product} ${release})`],
    generator: options.generator,
    location: { file },
    definitions: module.defs,
    roots: module.roots,
    kinds: module.kinds,
    reexports: [],
    imports: new Map(),
    resolveRef: (target) => {
      if (definitions[target] === undefined) throw new SpecError("SPEC_UNRESOLVED_REF", { file }, `unresolvable $ref ${PREFIX}${target}`);
      return { from: definitionModule(target), name: declarationName(target, kinds) };
    },
    fieldNotes: () => [],
    runtimeSpecifier: options.runtimeSpecifier,
  };
  return { path, content: emitModule(content) };
}

/** Plans and renders the modules of kinds taken from OpenAPI documents, with their definitions. */
export function planOpenApiKinds(
  sources: readonly KindSource[],
  options: GenerateKindsOptions,
  release: string,
): { files: GeneratedFile[]; kinds: PlannedKind[] } {
  if (sources.length === 0) return { files: [], kinds: [] };
  const definitions = sources[0]!.definitions as Readonly<Record<string, RawSchema>>;
  const file = options.displayPath(sources[0]!.file);
  // The definitions that are selected kinds: where another kind embeds one, it is renamed.
  const kindDefinitions = new Set(sources.map((source) => source.versions[0]!.location.pointer!.slice("/components/schemas/".length)));
  const order: string[] = [];
  const walk: ReachableWalk = { definitions, file, out: order, seen: new Set<string>() };
  reachable({ $ref: `${PREFIX}${OBJECT_META}` }, undefined, walk);
  for (const source of sources) reachable(source.versions[0]!.schema, source.versions[0]!.location.pointer, walk);
  const modules = new Map<string, DefinitionsModule>();
  const moduleOf = (path: string): DefinitionsModule => {
    const module = modules.get(path) ?? { defs: [], roots: [], kinds: [], names: new NameRegistry(), files: new Set<string>() };
    modules.set(path, module);
    return module;
  };
  planDefinitions(order, definitions, file, kindDefinitions, moduleOf);
  const planned: PlannedKind[] = [];
  for (const source of [...sources].sort((a, b) => (a.kind < b.kind ? -1 : 1))) {
    const version = source.versions[0]!;
    const path = definitionModule(version.location.pointer!.slice("/components/schemas/".length));
    const module = moduleOf(path);
    module.files.add(`${options.displayPath(source.file)} (${options.product} ${release})`);
    const root = transformRoot(version.schema, source.kind, { location: version.location, namePath: [source.kind], names: module.names, emptyObjects: "open", definitions });
    // Kubernetes' own kinds are defaulted by Go code, not by their OpenAPI `default`s.
    module.roots.push({ kind: source.kind, node: root, rules: collectRules(root), defaults: [] });
    module.kinds.push(toKindVersionEmit(source, version, root, options, release));
    planned.push({ group: source.group, version: version.name, kind: source.kind, module: path });
  }
  const files = [...modules]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, module]) => renderDefinitionsModule(path, module, definitions, file, kindDefinitions, options, release));
  return { files, kinds: planned };
}
