import type { FieldNode } from "../ir.js";
import type { KindSource, KindVersionSource } from "../sources/kind-source.js";
import { NameRegistry } from "../transform/context.js";
import { OBJECT_META, transformRoot } from "../transform/root.js";
import { SpecError } from "../errors.js";
import { collectRules, walkFields } from "../walk.js";
import { emitModule, rulesName, type ModuleContent } from "../emit/module.js";
import { fieldsRecordName, kindDescription, type KindVersionEmit } from "../emit/kind.js";
import { kebabCase } from "../emit/ts-text.js";
import type { Availability } from "./availability.js";
import type { GeneratedFile, GenerateKindsOptions, PlannedKind } from "./types.js";

/** The served versions of a kind grouped by identical schema: one shape per group. */
function groupShapes(source: KindSource): KindVersionSource[][] {
  const groups = new Map<string, KindVersionSource[]>();
  for (const version of source.versions) {
    if (!version.served) continue;
    const key = JSON.stringify(version.schema);
    groups.set(key, [...(groups.get(key) ?? []), version]);
  }
  return [...groups.values()];
}

/** What the doc comment of a field says about its availability. */
function availabilityNotes(
  options: GenerateKindsOptions,
  availability: Availability,
  kindKey: string,
): (field: FieldNode, path: string) => string[] {
  const oldest = options.releases[0]?.release;
  const since = availability.kindFields.get(kindKey);
  const kindSince = availability.kindSince.get(kindKey);
  return (_field, path) => {
    const first = since?.get(path);
    if (first === undefined || first === kindSince || oldest === undefined) return [];
    return ["", `Not in ${options.product} ${oldest}; first in ${first}.`];
  };
}

/** Plans and renders the shape modules and version modules of CRD kinds. */
export function planCrdKinds(
  sources: readonly KindSource[],
  options: GenerateKindsOptions,
  availability: Availability,
  release: string,
): { files: GeneratedFile[]; kinds: PlannedKind[] } {
  const files: GeneratedFile[] = [];
  type VersionModule = { kinds: KindVersionEmit[]; shapes: Map<string, string[]>; sources: Set<string> };
  const versionModules = new Map<string, VersionModule>();
  const planned: PlannedKind[] = [];
  const metaSpecifier = options.objectMetaSpecifier ?? "@meshform/k8s/meta/v1";
  for (const source of [...sources].sort((a, b) => (a.kind < b.kind ? -1 : 1))) {
    const shapes = groupShapes(source);
    const kindKey = `${source.group}/${source.kind}`;
    const notesAt = availabilityNotes(options, availability, kindKey);
    const file = options.displayPath(source.file);
    for (const versions of shapes) {
      const first = versions[0]!;
      const shapePath = `${source.group}/${kebabCase(source.kind)}${shapes.length > 1 ? `.${first.name}` : ""}.ts`;
      const root = transformRoot(first.schema, source.kind, { location: first.location, namePath: [source.kind], names: new NameRegistry() });
      const paths = new Map<FieldNode, string>();
      walkFields(root, (field, path) => paths.set(field, path));
      const content: ModuleContent = {
        path: shapePath,
        sources: [`${file} (${options.product} ${release})`],
        generator: options.generator,
        location: first.location,
        definitions: [],
        roots: [{ kind: source.kind, node: root, rules: collectRules(root) }],
        kinds: [],
        reexports: [],
        imports: new Map(),
        resolveRef(target) {
          if (target !== OBJECT_META) throw new SpecError("SPEC_UNRESOLVED_REF", first.location, `unresolvable $ref ${target}`);
          return { from: metaSpecifier, name: "ObjectMeta" };
        },
        fieldNotes: (field) => notesAt(field, paths.get(field) ?? ""),
        runtimeSpecifier: options.runtimeSpecifier,
      };
      files.push({ path: shapePath, content: emitModule(content) });
      for (const version of versions) {
        const modulePath = `${source.group}/${version.name}.ts`;
        const module: VersionModule = versionModules.get(modulePath) ?? { kinds: [], shapes: new Map<string, string[]>(), sources: new Set<string>() };
        versionModules.set(modulePath, module);
        module.sources.add(`${file} (${options.product} ${release})`);
        module.shapes.set(shapePath, [`type ${root.declName}`, fieldsRecordName(source.kind), rulesName(source.kind)]);
        const description = kindDescription(version.schema);
        module.kinds.push({
          group: source.group,
          version: version.name,
          kind: source.kind,
          plural: source.plural,
          scope: source.scope,
          served: version.served,
          storage: version.storage,
          deprecated: version.deprecated,
          ...(version.deprecationWarning !== undefined ? { deprecationWarning: version.deprecationWarning } : {}),
          ...(description !== undefined ? { description } : {}),
          fieldsName: root.declName,
          rulesName: rulesName(source.kind),
          source: { file, release },
          notes: kindNotes(options, availability, source, version.name),
        });
        planned.push({ group: source.group, version: version.name, kind: source.kind, module: modulePath });
      }
    }
  }
  for (const [path, module] of [...versionModules].sort(([a], [b]) => (a < b ? -1 : 1))) {
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
    files.push({ path, content: emitModule(content) });
  }
  return { files, kinds: planned };
}

function kindNotes(options: GenerateKindsOptions, availability: Availability, source: KindSource, version: string): string[] {
  const key = `${source.group === "" ? "" : `${source.group}/`}${version}/${source.kind}`;
  const since = availability.index.kinds[key]?.since;
  const oldest = options.releases[0]?.release;
  if (since === undefined || since === oldest) return [];
  return ["", `Not in ${options.product} ${oldest}; first in ${since}.`];
}
