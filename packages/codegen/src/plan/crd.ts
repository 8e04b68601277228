import type { FieldNode, ObjectNode, SchemaNode } from "../ir.js";
import type { KindSource, KindVersionSource } from "../sources/kind-source.js";
import { NameRegistry, pascalCase } from "../transform/context.js";
import { OBJECT_META, transformRoot } from "../transform/root.js";
import { SpecError } from "../errors.js";
import { collectDefaults, collectRules, walkFields } from "../walk.js";
import { emitModule, type ModuleContent, type RecordDecl } from "../emit/module.js";
import { apiVersionOf, kindInfoText, renderDefaults, renderRules, type KindVersionEmit } from "../emit/kind.js";
import { looseInput } from "../emit/shape.js";
import { camelCase, docComment, kebabCase, quote } from "../emit/ts-text.js";
import type { Availability } from "./availability.js";
import { toKindVersionEmit } from "./kind-version.js";
import { TreeNames, documentedName, kindsFieldName, sharedFieldName, shapeKey, upstreamName, visitShapes, type KeyMemo, type ShapeUse } from "./shapes.js";
import type { GeneratedFile, GenerateKindsOptions, PlannedKind, ReleaseKinds } from "./types.js";

/** The module of the shapes that several kinds of the newest release use. */
export const SHARED_MODULE = "shapes.ts";

/** The module of an older release: its own shapes (schemas only), metadata and kind entries. */
export function releaseModule(release: string): string {
  return `releases/${release}.ts`;
}

/** A release as a name part: `1.24.6` → `1_24_6`, `v1.2.1` → `v1_2_1`. */
function releaseTag(release: string): string {
  return release.replace(/[^A-Za-z0-9]+/g, "_");
}

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

/** One kind's versions of one schema, in one release. */
interface RootPlan {
  /** Index into the releases, oldest first. */
  readonly release: number;
  readonly releaseName: string;
  readonly source: KindSource;
  readonly versions: readonly KindVersionSource[];
  readonly root: ObjectNode;
  readonly rootKey: string;
  /** The module of the kind: its shape module (newest release) or its release's module. */
  readonly module: string;
  /** The interface name of the root (newest release only). */
  readonly rootName: string;
  /** The stem of its constants: `<stem>Fields`, `<stem>Rules`, `<stem>Defaults`. */
  readonly stem: string;
  /** What a name taken elsewhere gets appended. */
  readonly tag: string;
  /** The shapes under the root, by key. */
  readonly keys: Set<string>;
}

/** One distinct object structure of the product. */
interface Shape {
  readonly key: string;
  /** The node first met: the newest release's where it has one. */
  readonly node: ObjectNode;
  /** The newest release (index) that has it: where it is declared. */
  readonly home: number;
  /** The newest release's kind modules that use it. */
  readonly modules: Set<string>;
  /** The uses in the home release. */
  readonly uses: ShapeUse[];
  /** The type names the descriptions of its places in the home release start with. */
  readonly docs: { readonly name: string; readonly item: boolean }[];
  name?: string;
  /** The name part its children's path names start with. */
  base?: string;
  /** The module it is declared in. */
  module?: string;
}

/** Where a constant lives. */
interface Placed {
  readonly module: string;
  readonly name: string;
}

/** The availability note of each field of the newest release that the oldest compared release lacks. */
function fieldNotes(options: GenerateKindsOptions, availability: Availability, source: KindSource, root: ObjectNode, notes: Map<FieldNode, string[]>): void {
  const kindKey = `${source.group}/${source.kind}`;
  const oldest = options.releases[0]?.release;
  const since = availability.kindFields.get(kindKey);
  const kindSince = availability.kindSince.get(kindKey);
  walkFields(root, (field, path) => {
    const first = since?.get(path);
    if (first === undefined || first === kindSince || oldest === undefined) return;
    notes.set(field, ["", `Not in ${options.product} ${oldest}; first in ${first}.`]);
  });
}

/** The root plans of every release, newest release first, kinds in name order. */
function planRoots(releases: readonly ReleaseKinds[], memo: KeyMemo): RootPlan[] {
  const plans: RootPlan[] = [];
  const newest = releases.length - 1;
  for (let index = newest; index >= 0; index -= 1) {
    const { release, kinds } = releases[index]!;
    for (const source of [...kinds].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0))) {
      const groups = groupShapes(source);
      groups.forEach((versions, at) => {
        const first = versions[0]!;
        const root = transformRoot(first.schema, source.kind, { location: first.location, namePath: [source.kind], names: new NameRegistry() });
        const variant = at === 0 ? "" : pascalCase(first.name);
        plans.push({
          release: index,
          releaseName: release,
          source,
          versions,
          root,
          rootKey: `root:${source.kind}:${shapeKey(root, memo)}`,
          module: index === newest ? `${source.group}/${kebabCase(source.kind)}${groups.length > 1 ? `.${first.name}` : ""}.ts` : releaseModule(release),
          rootName: `${source.kind}Fields`,
          stem: `${camelCase(source.kind)}${variant}`,
          tag: index === newest ? variant : `_${releaseTag(release)}`,
          keys: new Set<string>(),
        });
      });
    }
  }
  return plans;
}

/** Names every shape, parents before children, newest release first. */
function nameShapes(plans: readonly RootPlan[], shapes: Map<string, Shape>, memo: KeyMemo, names: TreeNames): void {
  // A name that two different shapes of one release would take names neither (`tls` is a
  // client's TLS settings in a DestinationRule and a server's in a Gateway).
  const kindOf = new Map(plans.map((p) => [p.rootKey, p.source.kind]));
  const wanted = new Map<string, Set<string>>();
  const chosen = new Map<string, string[]>();
  for (const shape of shapes.values()) {
    const names = [documentedName(shape.docs), sharedFieldName(shape.uses), kindsFieldName(shape.uses, (parent) => kindOf.get(parent))].filter((c): c is string => c !== undefined);
    chosen.set(shape.key, names);
    for (const name of new Set(names)) {
      const key = `${shape.home}\u0000${name}`;
      wanted.set(key, (wanted.get(key) ?? new Set<string>()).add(shape.key));
    }
  }
  for (const plan of plans) {
    visitShapes(plan.root, plan.rootKey, memo, (node, key, use) => {
      const shape = shapes.get(key)!;
      if (shape.name !== undefined) return false;
      const parentBase = use.parent === plan.rootKey ? plan.source.kind : shapes.get(use.parent)!.base!;
      const own = chosen.get(key)!.filter((c) => wanted.get(`${shape.home}\u0000${c}`)!.size === 1);
      // A kind's own field (WorkloadEntry's `spec`, also a ServiceEntry's endpoint) is named from that kind.
      const top = shape.uses.find((u) => kindOf.has(u.parent));
      const rooted = top !== undefined ? [`${kindOf.get(top.parent)!}${top.segment}`] : [];
      const candidates = [...own, ...rooted, `${parentBase}${use.segment}`];
      let name = names.claim(candidates, plan.tag);
      while (node.exclusive.length > 0 && names.has(`${name}Fields`)) name = names.claim(candidates, plan.tag);
      if (node.exclusive.length > 0) names.reserve(`${name}Fields`);
      shape.name = name;
      shape.base = candidates.find((c) => name === c || name === `${c}${plan.tag}`) ?? candidates[0]!;
      return true;
    }, true);
  }
}

/** A copy of a shape's node for declaring it: its own name, each object below it named by its shape. */
function declaration(node: ObjectNode, declName: string, memo: KeyMemo, shapes: ReadonlyMap<string, Shape>, origin: Map<FieldNode, FieldNode>): ObjectNode {
  const ref = (schema: SchemaNode): SchemaNode => {
    switch (schema.type) {
      case "object":
        return { ...schema, declName: shapes.get(shapeKey(schema, memo))!.name! };
      case "array":
        return { ...schema, items: ref(schema.items) };
      case "map":
        return { ...schema, values: ref(schema.values) };
      case "union":
        return { ...schema, members: schema.members.map(ref) };
      default:
        return schema;
    }
  };
  const fields = node.fields.map((field) => {
    const copy: FieldNode = { ...field, schema: ref(field.schema) };
    origin.set(copy, field);
    return copy;
  });
  return { ...node, declName, fields };
}

/** Adds `names` to the imports from `from`. */
function addImport(imports: Map<string, string[]>, from: string, ...names: string[]): void {
  const list = imports.get(from) ?? [];
  for (const name of names) if (!list.includes(name)) list.push(name);
  imports.set(from, list);
}

/** The result of planning the CRD kinds of every release. */
export interface PlannedCrds {
  readonly files: GeneratedFile[];
  /** The newest release's kind versions. */
  readonly kinds: PlannedKind[];
  /** Each older release and the module whose `releaseKinds()` gives its kind entries, oldest first. */
  readonly releaseModules: readonly { readonly release: string; readonly module: string }[];
}

/**
 * Plans and renders the CRD kinds of every release: the newest release's shape modules, the
 * shared shapes module and the version modules (types, schemas, metadata, factories), and one
 * module per older release (schemas and metadata only), each shape declared once in the newest
 * release that has it and imported by the others.
 */
export function planCrdKinds(releases: readonly ReleaseKinds[], options: GenerateKindsOptions, availability: Availability): PlannedCrds {
  const memo: KeyMemo = new Map();
  const newest = releases.length - 1;
  const plans = planRoots(releases, memo);
  // Every shape and its uses.
  const shapes = new Map<string, Shape>();
  for (const plan of plans) {
    visitShapes(plan.root, plan.rootKey, memo, (node, key, use) => {
      let shape = shapes.get(key);
      if (shape === undefined) {
        shape = { key, node, home: plan.release, modules: new Set(), uses: [], docs: [] };
        shapes.set(key, shape);
      }
      if (plan.release === newest) shape.modules.add(plan.module);
      if (plan.release === shape.home) {
        shape.uses.push(use);
        const name = upstreamName(node.doc.description);
        if (name !== undefined) shape.docs.push({ name, item: use.item });
      }
      plan.keys.add(key);
      return true;
    });
  }
  for (const shape of shapes.values()) {
    shape.module = shape.home !== newest ? releaseModule(releases[shape.home]!.release) : shape.modules.size === 1 ? [...shape.modules][0]! : SHARED_MODULE;
  }
  // Names, unique across the tree: kinds and root interfaces first.
  const names = new TreeNames();
  for (const plan of plans) {
    if (!names.has(plan.source.kind)) names.reserve(plan.source.kind);
    if (!names.has(plan.rootName)) names.reserve(plan.rootName);
  }
  nameShapes(plans, shapes, memo, names);
  const homes = new Map<string, string>();
  for (const shape of shapes.values()) homes.set(shape.name!, shape.module!);
  // Declarations, children before parents, in the order first met.
  const origin = new Map<FieldNode, FieldNode>();
  const declared = new Map<string, ObjectNode[]>();
  const done = new Set<string>();
  const declare = (node: SchemaNode): void => {
    switch (node.type) {
      case "object": {
        const key = shapeKey(node, memo);
        if (done.has(key)) return;
        done.add(key);
        const shape = shapes.get(key)!;
        for (const field of shape.node.fields) declare(field.schema);
        const list = declared.get(shape.module!) ?? [];
        list.push(declaration(shape.node, shape.name!, memo, shapes, origin));
        declared.set(shape.module!, list);
        return;
      }
      case "array":
        return declare(node.items);
      case "map":
        return declare(node.values);
      case "union":
        return node.members.forEach(declare);
      default:
        return;
    }
  };
  for (const plan of plans) for (const field of plan.root.fields) declare(field.schema);

  const notes = new Map<FieldNode, string[]>();
  for (const plan of plans) if (plan.release === newest) fieldNotes(options, availability, plan.source, plan.root, notes);
  const notesOf = (field: FieldNode): string[] => notes.get(origin.get(field) ?? field) ?? [];
  const metaSpecifier = options.objectMetaSpecifier ?? "@meshform/k8s/meta/v1";
  const resolveRef = (at: KindVersionSource) => (target: string) => {
    if (target !== OBJECT_META) throw new SpecError("SPEC_UNRESOLVED_REF", at.location, `unresolvable $ref ${target}`);
    return { from: metaSpecifier, name: "ObjectMeta" };
  };
  const sourceLine = (plan: RootPlan): string => `${options.displayPath(plan.source.file)} (${options.product} ${plan.releaseName})`;

  // The newest release: shape modules, the shared module, version modules.
  const files: GeneratedFile[] = [];
  const planned: PlannedKind[] = [];
  const versionModules = new Map<string, VersionModule>();
  const records = new Map<string, Placed>();
  const data = new Map<string, Placed>();
  const constants = new TreeNames();
  const newestSources = new Set<string>();
  for (const plan of plans.filter((p) => p.release === newest)) {
    const { source, versions, root } = plan;
    const first = versions[0]!;
    const rootDecl = declaration(root, plan.rootName, memo, shapes, origin);
    const rules = collectRules(root);
    const defaults = collectDefaults(root);
    for (const suffix of ["Fields", "Rules", "Defaults"]) constants.reserve(`${plan.stem}${suffix}`);
    records.set(plan.rootKey, { module: plan.module, name: `${plan.stem}Fields` });
    data.set(`rules:${source.kind}:${JSON.stringify(rules)}`, { module: plan.module, name: `${plan.stem}Rules` });
    data.set(`defaults:${source.kind}:${JSON.stringify(defaults)}`, { module: plan.module, name: `${plan.stem}Defaults` });
    const shared = new Map<string, string[]>();
    for (const key of [...plan.keys].sort()) {
      const shape = shapes.get(key)!;
      if (shape.module !== plan.module) addImport(shared, shape.module!, `type ${shape.name!}`, `${shape.name!}Schema`);
    }
    newestSources.add(sourceLine(plan));
    const content: ModuleContent = {
      path: plan.module,
      sources: [sourceLine(plan)],
      generator: options.generator,
      location: first.location,
      definitions: [],
      roots: [{ kind: source.kind, node: rootDecl, rules, defaults, stem: plan.stem }],
      kinds: [],
      reexports: [],
      imports: new Map(),
      resolveRef: resolveRef(first),
      fieldNotes: notesOf,
      runtimeSpecifier: options.runtimeSpecifier,
      shapes: declared.get(plan.module) ?? [],
      homeOf: (name) => homes.get(name),
      exportsFrom: shared,
    };
    files.push({ path: plan.module, content: emitModule(content) });
    for (const version of versions) {
      const modulePath = `${source.group}/${version.name}.ts`;
      const module: VersionModule = versionModules.get(modulePath) ?? { kinds: [], shapes: new Map(), sources: new Set() };
      versionModules.set(modulePath, module);
      module.sources.add(sourceLine(plan));
      module.shapes.set(plan.module, [`type ${plan.rootName}`, `${plan.stem}Fields`, `${plan.stem}Rules`, `${plan.stem}Defaults`]);
      module.kinds.push({
        ...toKindVersionEmit(source, version, rootDecl, options, plan.releaseName, availability),
        rulesName: `${plan.stem}Rules`,
        defaultsName: `${plan.stem}Defaults`,
        fieldsRecord: `${plan.stem}Fields`,
      });
      planned.push({ group: source.group, version: version.name, kind: source.kind, module: modulePath });
    }
  }
  const sharedShapes = declared.get(SHARED_MODULE) ?? [];
  if (sharedShapes.length > 0) {
    files.push({
      path: SHARED_MODULE,
      content: emitModule({
        path: SHARED_MODULE,
        sources: [...newestSources].sort(),
        generator: options.generator,
        location: { file: SHARED_MODULE },
        definitions: [],
        roots: [],
        kinds: [],
        reexports: [],
        imports: new Map(),
        resolveRef: (target) => {
          throw new SpecError("SPEC_UNRESOLVED_REF", { file: SHARED_MODULE }, `unresolvable $ref ${target}`);
        },
        fieldNotes: notesOf,
        runtimeSpecifier: options.runtimeSpecifier,
        shapes: sharedShapes,
        homeOf: (name) => homes.get(name),
      }),
    });
  }
  for (const [path, module] of [...versionModules].sort(([a], [b]) => (a < b ? -1 : 1))) {
    files.push(renderVersionModule(path, module, options));
  }

  // The older releases, newest first (a release imports only from newer ones).
  const releaseModules: { release: string; module: string }[] = [];
  for (let index = newest - 1; index >= 0; index -= 1) {
    const release = releases[index]!.release;
    const path = releaseModule(release);
    const imports = new Map<string, string[]>();
    const own: RecordDecl[] = [];
    const extra: string[] = [];
    const entries: string[] = [];
    const sources = new Set<string>();
    const place = (key: string, stem: string, tag: string, render: (name: string) => string): string => {
      const known = data.get(key);
      if (known !== undefined) {
        if (known.module !== path) addImport(imports, known.module, known.name);
        return known.name;
      }
      const name = constants.claim([stem], tag);
      extra.push(render(name));
      data.set(key, { module: path, name });
      return name;
    };
    for (const plan of plans.filter((p) => p.release === index)) {
      const { source, versions, root } = plan;
      sources.add(sourceLine(plan));
      let record = records.get(plan.rootKey);
      if (record === undefined) {
        record = { module: path, name: constants.claim([`${plan.stem}Fields`], plan.tag) };
        own.push({ name: record.name, node: declaration(root, `${source.kind}Fields`, memo, shapes, origin) });
        records.set(plan.rootKey, record);
      } else if (record.module !== path) addImport(imports, record.module, record.name);
      const rules = collectRules(root);
      const defaults = collectDefaults(root);
      const rulesName = place(`rules:${source.kind}:${JSON.stringify(rules)}`, `${plan.stem}Rules`, plan.tag, (name) => renderRules(name, source.kind, rules));
      const defaultsName = place(`defaults:${source.kind}:${JSON.stringify(defaults)}`, `${plan.stem}Defaults`, plan.tag, (name) => renderDefaults(name, source.kind, defaults));
      const input = `{ apiVersion: unknown; kind: unknown; ${looseInput(root).slice(2)}`;
      for (const version of versions) {
        const k = { ...toKindVersionEmit(source, version, root, options, release), rulesName, defaultsName };
        const apiVersion = apiVersionOf(source.group, version.name);
        const schema = `lazy(() => strictObject<${input}>({ apiVersion: z.literal(${quote(apiVersion)}), kind: z.literal(${quote(source.kind)}), ...${record.name} }))`;
        entries.push(`    { info: ${kindInfoText(k)}, schema: ${schema} },`);
      }
    }
    addImport(imports, options.runtimeSpecifier, "type KindEntry", "type CelRule", "type SchemaDefault", "lazy", "strictObject");
    const doc = docComment([`Every kind version of ${options.product} ${release}: its metadata, with that release's CEL rules and defaults, and the schema that checks it. Built on the first call; each schema is built the first time it checks something.`], "");
    extra.push(`let cached: readonly KindEntry[] | undefined;\n\n${doc}export function releaseKinds(): readonly KindEntry[] {\n  cached ??= [\n${entries.join("\n")}\n  ];\n  return cached;\n}`);
    const first = plans.find((p) => p.release === index)?.versions[0];
    files.push({
      path,
      content: emitModule({
        path,
        sources: [...sources].sort(),
        generator: options.generator,
        location: first?.location ?? { file: path },
        definitions: [],
        roots: [],
        kinds: [],
        reexports: [],
        imports,
        resolveRef: (target) => {
          if (target !== OBJECT_META) throw new SpecError("SPEC_UNRESOLVED_REF", { file: path }, `unresolvable $ref ${target}`);
          return { from: metaSpecifier, name: "ObjectMeta" };
        },
        fieldNotes: () => [],
        runtimeSpecifier: options.runtimeSpecifier,
        shapes: declared.get(path) ?? [],
        homeOf: (name) => homes.get(name),
        loose: true,
        records: own,
        extra,
      }),
    });
    releaseModules.unshift({ release, module: path });
  }
  return { files, kinds: planned, releaseModules };
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
