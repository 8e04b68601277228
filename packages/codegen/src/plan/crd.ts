import type { FieldNode, ObjectNode } from "../ir.js";
import type { KindSource, KindVersionSource } from "../sources/kind-source.js";
import { NameRegistry } from "../transform/context.js";
import { OBJECT_META, transformRoot } from "../transform/root.js";
import { SpecError } from "../errors.js";
import { collectDefaults, collectRules, walkFields } from "../walk.js";
import { defaultsName, emitModule, rulesName, type ModuleContent } from "../emit/module.js";
import { fieldsRecordName, type KindVersionEmit } from "../emit/kind.js";
import { kebabCase } from "../emit/ts-text.js";
import type { Availability } from "./availability.js";
import { toKindVersionEmit } from "./kind-version.js";
import type { GeneratedFile, GenerateKindsOptions, PlannedKind } from "./types.js";

/** A version module being planned: its kinds, the shapes it re-exports, its source files. */
interface VersionModule {
  readonly kinds: KindVersionEmit[];
  /** Shape module path → the names imported from it. */
  readonly shapes: Map<string, string[]>;
  readonly sources: Set<string>;
}

/** A schema without its `description`s: what decides whether two versions share a shape. */
function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== "description").map(([key, v]) => [key, withoutDescriptions(v)]));
}

/**
 * The served versions of a kind grouped by schema: one shape per group. Versions whose schemas
 * differ only in descriptions (Gateway API's v1 and v1beta1) share a shape, documented from the
 * storage version, which is listed first.
 */
function groupShapes(source: KindSource): KindVersionSource[][] {
  const groups = new Map<string, KindVersionSource[]>();
  for (const version of source.versions) {
    if (!version.served) continue;
    const key = JSON.stringify(withoutDescriptions(version.schema));
    const group = groups.get(key) ?? [];
    groups.set(key, version.storage ? [version, ...group] : [...group, version]);
  }
  return [...groups.values()];
}

/** The TSDoc note of a field that the oldest compared release lacks. */
function fieldNotes(options: GenerateKindsOptions, availability: Availability, source: KindSource, root: ObjectNode): (field: FieldNode) => string[] {
  const kindKey = `${source.group}/${source.kind}`;
  const oldest = options.releases[0]?.release;
  const since = availability.kindFields.get(kindKey);
  const kindSince = availability.kindSince.get(kindKey);
  const paths = new Map<FieldNode, string>();
  walkFields(root, (field, path) => paths.set(field, path));
  return (field) => {
    const first = since?.get(paths.get(field) ?? "");
    if (first === undefined || first === kindSince || oldest === undefined) return [];
    return ["", `Not in ${options.product} ${oldest}; first in ${first}.`];
  };
}

/** The module shared by versions with one schema: the nested types, zod schemas and CEL rules. */
function renderShape(source: KindSource, first: KindVersionSource, path: string, root: ObjectNode, options: GenerateKindsOptions, availability: Availability, release: string): GeneratedFile {
  const metaSpecifier = options.objectMetaSpecifier ?? "@meshform/k8s/meta/v1";
  const content: ModuleContent = {
    path,
    sources: [`${options.displayPath(source.file)} (${options.product} ${release})`],
    generator: options.generator,
    location: first.location,
    definitions: [],
    roots: [{ kind: source.kind, node: root, rules: collectRules(root), defaults: collectDefaults(root) }],
    kinds: [],
    reexports: [],
    imports: new Map(),
    resolveRef(target) {
      if (target !== OBJECT_META) throw new SpecError("SPEC_UNRESOLVED_REF", first.location, `unresolvable $ref ${target}`);
      return { from: metaSpecifier, name: "ObjectMeta" };
    },
    fieldNotes: fieldNotes(options, availability, source, root),
    runtimeSpecifier: options.runtimeSpecifier,
  };
  return { path, content: emitModule(content) };
}

/** A group version module: re-exports its kinds' shapes and declares each kind over its shape. */
function renderVersionModule(path: string, module: VersionModule, options: GenerateKindsOptions): GeneratedFile {
  const content: ModuleContent = {
    path,
    sources: [...module.sources].sort(),
    generator: options.generator,
    location: { file: path },
    definitions: [],
    roots: [],
    kinds: module.kinds,
    reexports: [...module.shapes.keys()].sort(),
    imports: module.shapes,
    resolveRef: (target) => {
      throw new SpecError("SPEC_UNRESOLVED_REF", { file: path }, `unresolvable $ref ${target}`);
    },
    fieldNotes: () => [],
    runtimeSpecifier: options.runtimeSpecifier,
  };
  return { path, content: emitModule(content) };
}

/** Plans and renders the shape modules and version modules of CRD kinds. */
export function planCrdKinds(
  sources: readonly KindSource[],
  options: GenerateKindsOptions,
  availability: Availability,
  release: string,
): { files: GeneratedFile[]; kinds: PlannedKind[] } {
  const files: GeneratedFile[] = [];
  const versionModules = new Map<string, VersionModule>();
  const planned: PlannedKind[] = [];
  for (const source of [...sources].sort((a, b) => (a.kind < b.kind ? -1 : 1))) {
    const shapes = groupShapes(source);
    for (const versions of shapes) {
      const first = versions[0]!;
      const shapePath = `${source.group}/${kebabCase(source.kind)}${shapes.length > 1 ? `.${first.name}` : ""}.ts`;
      const root = transformRoot(first.schema, source.kind, { location: first.location, namePath: [source.kind], names: new NameRegistry() });
      files.push(renderShape(source, first, shapePath, root, options, availability, release));
      for (const version of versions) {
        const modulePath = `${source.group}/${version.name}.ts`;
        const module: VersionModule = versionModules.get(modulePath) ?? { kinds: [], shapes: new Map(), sources: new Set() };
        versionModules.set(modulePath, module);
        module.sources.add(`${options.displayPath(source.file)} (${options.product} ${release})`);
        module.shapes.set(shapePath, [`type ${root.declName}`, fieldsRecordName(source.kind), rulesName(source.kind), defaultsName(source.kind)]);
        module.kinds.push(toKindVersionEmit(source, version, root, options, release, availability));
        planned.push({ group: source.group, version: version.name, kind: source.kind, module: modulePath });
      }
    }
  }
  for (const [path, module] of [...versionModules].sort(([a], [b]) => (a < b ? -1 : 1))) {
    files.push(renderVersionModule(path, module, options));
  }
  return { files, kinds: planned };
}
