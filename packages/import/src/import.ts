/**
 * `importManifests`: manifests in, the text of a mesh.config.ts and a report out. The steps:
 * read the resources, check them (`@meshform/validate`), recognise intents, lay the statements
 * out (namespaces grouped, declarations before use), run them against the DSL and compile, and
 * compare each generated resource with the input. A resource an intent did not give back exactly
 * is written raw instead and the round trip runs again; what still differs is reported.
 */
import { compile, type MeshDefinition, type MeshOptions, type Resource } from "@meshform/dsl";
import { kinds as gatewayKinds } from "@meshform/gateway-api";
import { kinds as experimentalKinds } from "@meshform/gateway-api/experimental";
import { kinds as istioKinds } from "@meshform/istio";
import { kinds as k8sKinds } from "@meshform/k8s";
import type { KindEntry } from "@meshform/kind-runtime";
import { createValidator, type PendingValidation } from "@meshform/validate";
import { printExpr, resolved, type Expr, type VarHandle } from "./code.js";
import { differences, normalize, sameApartFromIdentity, type FieldDifference } from "./compare.js";
import { describe, groupOf, keyOf, readDocs, type Doc, type Obj } from "./input.js";
import { NameAllocator } from "./names.js";
import { Planner, Rank, sourceComment, type FactoryImport, type Statement } from "./plan.js";
import { recognize } from "./recognize.js";
import { replay } from "./replay.js";
import { recognizeApplicationSet } from "./argocd.js";
import type { ImportDocument, ImportedResource, ImportIssue, ImportOptions, ImportResult } from "./types.js";

/** The most rounds of the round trip: each puts back as raw what an intent did not give back. */
const MAX_ROUNDS = 4;

const ARGOCD_SYNC = "argocd.argoproj.io/sync-options";

/**
 * A text that sorts names in the order people count them (`svc-2` before `svc-10`) by plain
 * comparison: each run of digits is prefixed with its length.
 */
function naturalKey(text: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) {
      i += 1;
      continue;
    }
    let end = i + 1;
    while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end += 1;
    out += `${text.slice(from, i)}${String(end - i).padStart(3, "0")}${text.slice(i, end)}`;
    from = end;
    i = end;
  }
  return from === 0 ? text : out + text.slice(from);
}


function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Turns parsed manifests into the text of a mesh.config.ts whose `meshform generate` gives them
 * back, and reports how each resource was written and every difference. Pure: reads and writes
 * nothing.
 *
 * @example
 * ```ts
 * const { source, report } = importManifests(parseManifests(text, "mesh.yaml").documents);
 * ```
 */
export function importManifests(documents: readonly ImportDocument[], options: ImportOptions = {}): ImportResult {
  const rootNamespace = options.rootNamespace ?? "istio-system";
  const fileName = options.fileName ?? ((file: string) => file);
  let clock = performance.now();
  const stage = (name: Parameters<NonNullable<ImportOptions["onStage"]>>[0]): void => {
    const now = performance.now();
    options.onStage?.(name, now - clock);
    clock = now;
  };
  const catalog = kindCatalog();
  const { docs: all, issues: readIssues } = readDocs(documents, catalog.namespaced, "default");
  // The ApplicationSet meshform writes is the config's `output.argocd`, not a resource of it.
  const applicationSet = recognizeApplicationSet(all);
  const docs = applicationSet === undefined ? all : all.filter((d) => d !== applicationSet.doc);
  const meshOptions: MeshOptions = {
    ...(rootNamespace === "istio-system" ? {} : { rootNamespace }),
    ...(applicationSet === undefined ? {} : { output: { argocd: applicationSet.argocd } }),
  };
  const issues: ImportIssue[] = [...readIssues];
  const channel = gatewayApiChannelOf(docs);
  // Sent now, checked on the thread while the config is planned and replayed here.
  const pending = options.validate !== false ? options.validationThread?.check({ gatewayApiChannel: channel, schemaChecked: true }, docs.map((d) => d.object)) : undefined;
  stage("read");

  const forced = new Set<string>();
  let round: Round | undefined;
  for (let attempt = 0; attempt < MAX_ROUNDS; attempt += 1) {
    round = plan(docs, meshOptions, rootNamespace, forced, catalog, fileName);
    stage("plan");
    if (options.roundTrip === false) break;
    const check = roundTrip(round, docs, catalog, stage);
    round.check = check;
    const retry = check.failed.filter((key) => !forced.has(key));
    if (retry.length === 0) break;
    for (const key of retry) forced.add(key);
  }
  let final = round!;
  const byKey = new Map(docs.map((d) => [d.key, d]));
  // Checked after the round trip: a resource an intent gave back exactly was checked against its
  // schema by compile, so only its CEL and admission rules are left to check.
  if (options.validate !== false) {
    const found = validateDocs(docs, channel, final.check?.exact ?? new Set(), pending);
    issues.unshift(...found.issues);
    // A raw resource that fails its kind's schema would not type-check through its factory.
    const untyped = new Set([...found.invalid].filter((key) => final.placement.get(byKey.get(key)!)?.as === "resource"));
    if (untyped.size > 0) {
      const check = final.check;
      final = plan(docs, meshOptions, rootNamespace, forced, catalog, fileName, untyped);
      if (check !== undefined) final.check = check;
    }
  }
  stage("validate");
  let definition = final.check?.definition;
  if (definition === undefined && final.check === undefined) {
    try {
      definition = replay(final.options, final.ordered, final.factories, final.planner.handles.length);
    } catch {
      definition = undefined;
    }
  }
  issues.push(...correctionIssues(final), ...final.planner.issues, ...(final.check?.issues ?? []));
  const resources: ImportedResource[] = all.map((doc) => {
    const placed = doc === applicationSet?.doc ? { as: "output.argocd", line: undefined } : final.placement.get(doc);
    // Built field by field rather than by spreads (one object per resource, not three), in the
    // same order of keys: the report prints them as JSON.
    const entry: { resource: string; file: string; line?: number; as?: string; configLine?: number } = { resource: describe(doc), file: doc.file };
    if (doc.line !== undefined) entry.line = doc.line;
    entry.as = placed?.as ?? "resource";
    if (placed?.line !== undefined) entry.configLine = placed.line;
    return entry as ImportedResource;
  });
  const raw = resources.filter((r) => r.as === "resource").length;
  return { source: final.source, report: { resources, intents: resources.length - raw, raw, issues }, ...(definition === undefined ? {} : { definition }) };
}

// --- internal ---

/** The kinds meshform knows, with their factories. */
interface Catalog {
  readonly namespaced: (apiVersion: string, kind: string) => boolean;
  readonly factoryOf: (apiVersion: string, kind: string) => FactoryImport | undefined;
  readonly entryOf: (apiVersion: string, kind: string) => KindEntry | undefined;
}

let cachedCatalog: Catalog | undefined;

/** `HTTPRoute` → `httpRoute`, `ConfigMap` → `configMap`: the factory's name. */
export function factoryName(kind: string): string {
  const leading = /^[A-Z]+/.exec(kind)?.[0] ?? "";
  if (leading.length <= 1 || leading.length === kind.length) return kind.charAt(0).toLowerCase() + kind.slice(1);
  return leading.slice(0, -1).toLowerCase() + kind.slice(leading.length - 1);
}

function kindCatalog(): Catalog {
  if (cachedCatalog !== undefined) return cachedCatalog;
  // By apiVersion, then kind: asked for every resource, so no key text is made per question.
  const byVersion = new Map<string, Map<string, { readonly entry: KindEntry; readonly factory: FactoryImport }>>();
  const add = (list: readonly KindEntry[], module: (info: KindEntry["info"]) => string): void => {
    for (const entry of list) {
      let kinds = byVersion.get(entry.info.apiVersion);
      if (kinds === undefined) byVersion.set(entry.info.apiVersion, (kinds = new Map()));
      if (!kinds.has(entry.info.kind)) kinds.set(entry.info.kind, { entry, factory: { module: module(entry.info), name: factoryName(entry.info.kind), apiVersion: entry.info.apiVersion, kind: entry.info.kind } });
    }
  };
  // Through @meshform/dsl's re-exports of the kinds packages, so the config depends on @meshform/dsl alone.
  add(k8sKinds, (info) => `@meshform/dsl/k8s/${info.group === "" ? "core" : info.group}/${info.version}`);
  add(istioKinds, (info) => `@meshform/dsl/istio/${info.group}/${info.version}`);
  add(gatewayKinds, (info) => `@meshform/dsl/gateway-api/${info.group}/${info.version}`);
  add(experimentalKinds, (info) => `@meshform/dsl/gateway-api/experimental/${info.group}/${info.version}`);
  const find = (apiVersion: string, kind: string) => byVersion.get(apiVersion)?.get(kind);
  cachedCatalog = {
    namespaced: (apiVersion, kind) => find(apiVersion, kind)?.entry.info.scope !== "Cluster",
    factoryOf: (apiVersion, kind) => find(apiVersion, kind)?.factory,
    entryOf: (apiVersion, kind) => find(apiVersion, kind)?.entry,
  };
  return cachedCatalog;
}

/** The Gateway API channel the input is checked against: experimental when it holds a kind only that channel has. */
function gatewayApiChannelOf(docs: readonly Doc[]): "standard" | "experimental" {
  const standard = new Set(gatewayKinds.map((e) => `${e.info.apiVersion}/${e.info.kind}`));
  return docs.some((d) => d.group.endsWith("x-k8s.io") || (d.group === "gateway.networking.k8s.io" && !standard.has(`${d.apiVersion}/${d.kind}`))) ? "experimental" : "standard";
}

/**
 * The input's issues, each resource checked as the API server checks a create, or only against
 * its CEL and admission rules where the round trip's compile checked its schema already. With
 * `pending` (the validation thread's check of every resource against those rules), such a
 * resource is checked here only when the thread found an issue on it.
 */
function validateDocs(docs: readonly Doc[], channel: "standard" | "experimental", schemaChecked: ReadonlySet<Doc>, pending: PendingValidation | undefined): { issues: ImportIssue[]; invalid: Set<string> } {
  const flagged = pending?.wait();
  const full = createValidator({ gatewayApiChannel: channel });
  const rulesOnly = createValidator({ gatewayApiChannel: channel, schemaChecked: true });
  const out: ImportIssue[] = [];
  const invalid = new Set<string>();
  docs.forEach((doc, index) => {
    const checked = schemaChecked.has(doc);
    if (checked && flagged !== undefined && !flagged.has(index)) return;
    const validator = checked ? rulesOnly : full;
    for (const issue of validator.validate(doc.object, { file: doc.file, lineOf: doc.lineOf })) {
      if (issue.code === "SCHEMA_INVALID" || issue.code === "UNKNOWN_FIELD") invalid.add(doc.key);
      out.push(issue.severity !== "error" ? issue : { ...issue, message: `${describe(doc)}: ${issue.message}` });
    }
  });
  return { issues: out, invalid };
}

/** One planned config: its statements laid out, its text, and where each resource went. */
interface Round {
  readonly planner: Planner;
  readonly ordered: readonly Statement[];
  readonly source: string;
  readonly placement: ReadonlyMap<Doc, { readonly as: string; readonly line: number | undefined }>;
  readonly options: MeshOptions;
  readonly factories: ReadonlyMap<VarHandle, FactoryImport>;
  check?: RoundTrip;
}

function plan(docs: readonly Doc[], options: MeshOptions, rootNamespace: string, forced: ReadonlySet<string>, catalog: Catalog, fileName: (file: string) => string, untyped?: ReadonlySet<string>): Round {
  const planner = new Planner({ rootNamespace, docs, forcedRaw: forced, ...(untyped ? { untyped } : {}), factoryOf: catalog.factoryOf, namespaced: catalog.namespaced });
  recognize(planner, docs);
  for (const doc of docs) if (!planner.claimed.has(doc)) planner.addRaw(doc);
  const statements = [...planner.declarations(), ...planner.statements];
  const { uses, used } = handlesOf(statements, planner.handles.length);
  const ordered = order(statements, uses, planner.handles.length, rootNamespace).map((i) => statements[i]!);

  // Names: imported functions first, then variables in the order they are written.
  const factoryHandles = new Map<VarHandle, FactoryImport>();
  const byName = new Map<string, FactoryImport[]>();
  for (const { factory } of planner.factories.values()) byName.set(factory.name, [...(byName.get(factory.name) ?? []), factory]);
  for (const { factory, handle } of planner.factories.values()) {
    const clash = byName.get(factory.name)!.length > 1;
    handle.name = clash ? `${factory.name}${pascal(factory.module.split("/").slice(2).join("-"))}` : factory.name;
    factoryHandles.set(handle, factory);
  }
  const allocator = new NameAllocator([...[...factoryHandles.keys()].map((h) => h.name!), ...planner.helpers]);
  for (const statement of ordered) if (statement.bind !== undefined && used[statement.bind.id] === 1) allocator.name(statement.bind);

  const { source, lines } = writeSource(ordered, planner, factoryHandles, used, options, fileName);
  const placement = new Map<Doc, { as: string; line: number | undefined }>();
  ordered.forEach((statement, i) => {
    for (const doc of statement.docs) placement.set(doc, { as: statement.as, line: lines[i] });
  });
  return { planner, ordered, source, placement, options, factories: factoryHandles };
}

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}

/** The variables an expression uses, in the order it uses them (a variable used twice is listed twice), added to `into`. */
function collectHandles(given: Expr, into: VarHandle[]): void {
  const expr = resolved(given);
  switch (expr.t) {
    case "var":
      into.push(expr.handle);
      return;
    // Indexed loops: this visits every node of every statement, often before it is optimised,
    // when each step of an iterator costs an object.
    case "call":
      collectHandles(expr.callee, into);
      for (let i = 0; i < expr.args.length; i += 1) collectHandles(expr.args[i]!, into);
      return;
    case "member":
      collectHandles(expr.object, into);
      return;
    case "object":
      for (let i = 0; i < expr.entries.length; i += 1) collectHandles(expr.entries[i]![1], into);
      return;
    case "array":
      for (let i = 0; i < expr.items.length; i += 1) collectHandles(expr.items[i]!, into);
      return;
    case "arrow":
      collectHandles(expr.body, into);
      return;
    default:
      return;
  }
}

/**
 * The variables each statement uses, by the statement's position, and whether any statement uses
 * each variable, by its id (`variables` is how many there are). Asked once every statement is in:
 * the lazy expressions they hold are decided then.
 */
function handlesOf(statements: readonly Statement[], variables: number): { readonly uses: readonly (readonly VarHandle[])[]; readonly used: Uint8Array } {
  const uses: VarHandle[][] = [];
  const used = new Uint8Array(variables);
  for (const statement of statements) {
    const found: VarHandle[] = [];
    collectHandles(statement.expr, found);
    for (const handle of found) used[handle.id] = 1;
    uses.push(found);
  }
  return { uses, used };
}

/** The statements' sections: the namespaces' declarations first, then the mesh-wide statements, the root namespace's and each other namespace's, in natural name order. */
function sectionsOf(statements: readonly Statement[], rootNamespace: string): Map<string, number> {
  const names = new Set<string>();
  for (const s of statements) if (s.namespace !== undefined) names.add(s.namespace);
  const keyed = [...names].map((name) => ({ name, key: naturalKey(name) }));
  keyed.sort((a, b) => (a.name === rootNamespace ? -1 : b.name === rootNamespace ? 1 : compareText(a.key, b.key)));
  return new Map(keyed.map(({ name }, i) => [name, i + 1]));
}

/**
 * The statements in the order they are written, as positions in `statements`: namespaces first,
 * then the mesh-wide ones, the root namespace's and each other namespace's in name order, each by
 * rank then kind and name (so the order of the input does not matter); a statement whose
 * variable another needs earlier moves up to just before it. `uses` are the variables each
 * statement uses.
 */
function order(statements: readonly Statement[], uses: readonly (readonly VarHandle[])[], variables: number, rootNamespace: string): number[] {
  const sections = sectionsOf(statements, rootNamespace);
  // Sorted in buckets of one section and rank, each by kind and name: far fewer comparisons of pairs.
  // The namespaces' declarations are bucket 0, in the order of their sections.
  const buckets = new Map<number, { readonly i: number; readonly k: string }[]>();
  for (let i = 0; i < statements.length; i += 1) {
    const s = statements[i]!;
    const key = s.rank === Rank.namespace ? 0 : (1 + (s.namespace === undefined ? 0 : sections.get(s.namespace)!)) * 100 + s.rank;
    let bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, (bucket = []));
    bucket.push({ i, k: key === 0 ? "" : naturalKey(s.sortKey) });
  }
  const sorted: number[] = [];
  for (const key of [...buckets.keys()].sort((a, b) => a - b)) {
    const bucket = buckets.get(key)!;
    if (key === 0) {
      const section = (i: number): number => sections.get(statements[i]!.namespace!) ?? 0;
      bucket.sort((a, b) => section(a.i) - section(b.i) || a.i - b.i);
    } else bucket.sort((a, b) => compareText(a.k, b.k) || compareText(statements[a.i]!.sortKey, statements[b.i]!.sortKey) || a.i - b.i);
    for (const entry of bucket) sorted.push(entry.i);
  }
  // The statement that declares each variable, by the variable's id (-1: none).
  const definer = new Int32Array(variables).fill(-1);
  for (const i of sorted) {
    const bind = statements[i]!.bind;
    if (bind !== undefined) definer[bind.id] = i;
  }
  const out: number[] = [];
  // 0: not placed yet, 1: being placed (its definers first), 2: placed.
  const state = new Uint8Array(statements.length);
  const place = (i: number): void => {
    if (state[i] !== 0) return;
    state[i] = 1;
    for (const handle of uses[i]!) {
      const d = definer[handle.id]!;
      if (d >= 0 && d !== i) place(d);
    }
    state[i] = 2;
    out.push(i);
  };
  for (const i of sorted) place(i);
  return out;
}

function writeSource(
  statements: readonly Statement[],
  planner: Planner,
  factories: ReadonlyMap<VarHandle, FactoryImport>,
  used: Uint8Array,
  options: MeshOptions,
  fileName: (file: string) => string,
): { source: string; lines: (number | undefined)[] } {
  const parts: string[] = [];
  parts.push("// Written by meshform import: intents where the input matched one, typed raw resources for the rest.");
  parts.push("// Comments name the resource each statement writes and the file and line it came from.");
  const helpers = [...planner.helpers].sort();
  parts.push(`import { ${["defineMesh", ...helpers].join(", ")} } from "@meshform/dsl";`);
  const modules = new Map<string, string[]>();
  for (const [handle, factory] of factories) {
    const spec = handle.name === factory.name ? factory.name : `${factory.name} as ${handle.name}`;
    modules.set(factory.module, [...(modules.get(factory.module) ?? []), spec]);
  }
  for (const module of [...modules.keys()].sort()) parts.push(`import { ${modules.get(module)!.sort().join(", ")} } from "${module}";`);
  parts.push("");
  parts.push(`export default defineMesh(${printExpr({ t: "value", v: options as never })}, (mesh) => {`);
  let line = parts.join("\n").split("\n").length;
  const lines: (number | undefined)[] = [];
  let section: string | undefined | null = null;
  const body: string[] = [];
  const push = (text: string): void => {
    body.push(text);
    line += 1;
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) line += 1;
  };
  for (const statement of statements) {
    if (statement.rank !== Rank.namespace && statement.namespace !== section) {
      section = statement.namespace;
      push("");
      push(`  // ${section === undefined ? "Mesh-wide" : `Namespace ${section}`}`);
    }
    for (const doc of statement.docs) push(`  // ${sourceComment(doc, fileName)}`);
    for (const note of statement.notes) push(`  // ${note}`);
    const declare = statement.bind !== undefined && used[statement.bind.id] === 1 ? `const ${statement.bind.name} = ` : "";
    lines.push(line + 1);
    push(`  ${declare}${printExpr(statement.expr, 2, 2 + declare.length)};`);
  }
  return { source: `${parts.join("\n")}\n${body.join("\n")}\n});\n`, lines };
}

/** What the round trip found. */
interface RoundTrip {
  /** Keys of the input resources an intent did not give back exactly. */
  readonly failed: readonly string[];
  readonly issues: readonly ImportIssue[];
  /** The mesh the statements defined, when they ran. */
  readonly definition?: MeshDefinition;
  /** The input resources an intent gave back exactly (compile checked their schema). */
  readonly exact?: ReadonlySet<Doc>;
}

function roundTrip(round: Round, docs: readonly Doc[], catalog: Catalog, stage: (name: "compile" | "compare") => void): RoundTrip {
  const issues: ImportIssue[] = [];
  const failed: string[] = [];
  let resources: readonly Resource[];
  let definition: MeshDefinition;
  const intentOf = (doc: Doc): string | undefined => round.placement.get(doc)?.as;
  try {
    definition = replay(round.options, round.ordered, round.factories, round.planner.handles.length);
    const result = compile(definition.model);
    resources = result.resources;
    // The input resource each generated one stands for, by the generated one's key: wanted only for a finding.
    let byOutputKey: Map<string, Doc> | undefined;
    for (const issue of result.issues) {
      if (issue.severity === "info") continue;
      byOutputKey ??= new Map(docs.map((doc) => [round.planner.movedTo.get(doc) ?? doc.key, doc]));
      const doc = issue.resource === undefined ? undefined : byOutputKey.get(keyOf(groupOf(issue.resource.apiVersion), issue.resource.kind, issue.resource.namespace, issue.resource.name));
      // A raw resource's own mistakes are the input's: validation reports them at the input's lines.
      if (doc !== undefined && intentOf(doc) === "resource") continue;
      if (doc !== undefined && issue.severity === "error") failed.push(doc.key);
      else issues.push({ ...issue, code: "CONFIG_ISSUE", message: `the written config: ${issue.message}`, source: doc ? sourceOf(doc) : { file: "mesh.config.ts" } });
    }
  } catch (error) {
    // A statement the DSL refused outright: every intent is written raw in the next round.
    for (const [doc, { as }] of round.placement) if (as !== "resource") failed.push(doc.key);
    issues.push({ code: "CONFIG_ISSUE", severity: "error", message: `the written config does not run: ${error instanceof Error ? error.message : String(error)}`, source: { file: "mesh.config.ts" } });
    return { failed, issues };
  }
  stage("compile");
  const outputs = new Map<string, Resource>();
  for (const r of resources) outputs.set(keyOf(groupOf(r.apiVersion), r.kind, r.metadata.namespace, r.metadata.name), r);
  const corrected = new Set(round.planner.corrections.filter((c) => c.sameMeaning !== true).map((c) => c.doc));
  // A rewriting that keeps the meaning explains a difference at its own field only.
  const rewritten = (doc: Doc, path: readonly (string | number)[]): boolean => round.planner.corrections.some((c) => c.sameMeaning === true && c.doc === doc && c.path.every((p, i) => path[i] === p));
  const matched = new Set<string>();
  const exact = new Set<Doc>();
  for (const doc of docs) {
    const key = round.planner.movedTo.get(doc) ?? doc.key;
    const output = outputs.get(key);
    const as = intentOf(doc) ?? "resource";
    if (output === undefined) {
      if (as !== "resource") failed.push(doc.key);
      else issues.push({ code: "ROUND_TRIP_MISSING", severity: "error", message: `${describe(doc)} is not generated by the written config`, source: sourceOf(doc) });
      continue;
    }
    matched.add(key);
    const diffs = compareOne(doc, output, catalog);
    const fieldDiffs = diffs.filter((d) => !(d.path.length === 1 && d.path[0] === "apiVersion") && !isMeshformDefault(d, doc) && !rewritten(doc, d.path));
    if (fieldDiffs.length > 0 && as !== "resource" && !corrected.has(doc)) {
      failed.push(doc.key);
      continue;
    }
    if (fieldDiffs.length === 0 && !corrected.has(doc) && as !== "resource") exact.add(doc);
    for (const d of diffs) {
      const expected = (d.path.length === 1 && d.path[0] === "apiVersion") || isMeshformDefault(d, doc) || corrected.has(doc) || rewritten(doc, d.path);
      issues.push({
        code: "ROUND_TRIP_DIFFERENCE",
        severity: expected ? "info" : "warning",
        message: `${valueText(d.input)} in the input, ${valueText(d.output)} generated${reasonOf(d, doc, corrected.has(doc) || rewritten(doc, d.path))}`,
        path: d.path,
        resource: { apiVersion: doc.apiVersion, kind: doc.kind, name: doc.name, ...(doc.namespace === undefined ? {} : { namespace: doc.namespace }) },
        source: sourceOf(doc, d.path),
      });
    }
  }
  for (const [key, r] of outputs) {
    if (matched.has(key)) continue;
    issues.push({
      code: "ROUND_TRIP_MISSING",
      severity: "info",
      message: `${describe({ kind: r.kind, namespace: r.metadata.namespace, name: r.metadata.name })} is generated by the config and not in the input${r.kind === "Namespace" ? "" : ": an intent writes it with a resource of the input (see the corrections)"}`,
      resource: { apiVersion: r.apiVersion, kind: r.kind, name: r.metadata.name, ...(r.metadata.namespace === undefined ? {} : { namespace: r.metadata.namespace }) },
      source: { file: "mesh.config.ts" },
    });
  }
  stage("compare");
  return { failed: [...new Set(failed)], issues, definition, exact };
}

function compareOne(doc: Doc, output: Resource, catalog: Catalog): FieldDifference[] {
  const inputEntry = catalog.entryOf(doc.apiVersion, doc.kind);
  const outputEntry = catalog.entryOf(output.apiVersion, output.kind);
  // The common case first: the same version, nothing different, and no copies made to see it.
  if (doc.apiVersion === output.apiVersion && sameApartFromIdentity(doc.object, output as unknown as Obj, inputEntry?.info.defaults ?? [])) return [];
  const a = normalize({ ...doc.object, metadata: { ...(doc.object.metadata as object), namespace: undefined, name: undefined } }, inputEntry?.info.defaults ?? []);
  const b = normalize({ ...output, metadata: { ...output.metadata, namespace: undefined, name: undefined } }, outputEntry?.info.defaults ?? []);
  return differences(a, b);
}

/** Argo CD's sync options that meshform puts on every Namespace it writes, unless the config opts out. */
function isMeshformDefault(d: FieldDifference, doc: Doc): boolean {
  if (doc.kind !== "Namespace") return false;
  const text = d.path.join(".");
  if (text === `metadata.annotations.${ARGOCD_SYNC}` && d.input === undefined) return true;
  return text === "metadata.annotations" && d.input === undefined && JSON.stringify(d.output) === JSON.stringify({ [ARGOCD_SYNC]: "Delete=false,Prune=false" });
}

function reasonOf(d: FieldDifference, doc: Doc, corrected: boolean): string {
  if (d.path.length === 1 && d.path[0] === "apiVersion") return " (the version the targets prefer)";
  if (isMeshformDefault(d, doc)) return " (meshform keeps Argo CD from pruning or deleting a Namespace unless the config says allowDeletion)";
  return corrected ? " (corrected)" : "";
}

function sourceOf(doc: Doc, path: readonly (string | number)[] = []): { file: string; line?: number } {
  const line = path.length > 0 ? (doc.lineOf(path) ?? doc.line) : doc.line;
  return line === undefined ? { file: doc.file } : { file: doc.file, line };
}

function valueText(v: unknown): string {
  if (v === undefined) return "absent";
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function correctionIssues(round: Round): ImportIssue[] {
  const lineOf = new Map<Doc, number | undefined>();
  for (const [doc, p] of round.placement) lineOf.set(doc, p.line);
  return round.planner.corrections.map((c) => ({
    code: "INPUT_CORRECTED",
    severity: c.sameMeaning === true ? "info" : "warning",
    message: `${describe(c.doc)}: ${c.message}${lineOf.get(c.doc) === undefined ? "" : ` (mesh.config.ts:${lineOf.get(c.doc)})`}`,
    path: c.path,
    source: sourceOf(c.doc, c.path),
  }));
}
