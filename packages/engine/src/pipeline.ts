// The generation pipeline: compile → validate → analyze → plan → emit, then write or check. Every
// step but the last reads and returns plain data; only writeGeneration changes the disk.
import { relative, resolve } from "node:path";
import { analyzeMesh, type AnalyzedResource } from "@meshform/analyze";
import { catalogOf, compile, type ArgoCdOptions, type CompileResult, type MeshDefinition, type MeshModel, type Resource } from "@meshform/dsl";
import type { Issue, SourceLocation } from "@meshform/diagnostics";
import {
  checkTree,
  emitTree,
  planTree,
  writeTree,
  buildEnvironmentApplicationSets,
  emitManifest,
  fileNameOf,
  type ApplicationSetOptions,
  type EnvironmentApplicationSetOptions,
  type CheckResult,
  type EmittedFile,
  type WriteSummary,
} from "@meshform/render";
import { createValidator, type ValidateIssueCode } from "@meshform/validate";
import { GenerationError } from "./errors.js";
import { environmentsOf, selectEnvironments, type EnvironmentUnit } from "./environments.js";
import { buildIdentity, cacheKeyOf, type CacheKey } from "./cache-key.js";
import { readCachedPlan, writeCachedPlan, type CachedPlan, type GenerationCacheOptions } from "./cache.js";

/** The least severe finding that stops a run before anything is written. */
export type FailOn = "error" | "warning";

/** Whether an issue stops the run: an error always, a warning with `failOn: "warning"`. */
export function failsRun(issue: Issue, failOn: FailOn = "error"): boolean {
  return issue.severity === "error" || (failOn === "warning" && issue.severity === "warning");
}

/** The stages of a generation, in order, as {@link PlanGenerationOptions.progress} is told them. */
export type GenerateStage = "compile" | "validate" | "analyze" | "render" | "write" | "check";

/** The options of {@link planGeneration}. */
export interface PlanGenerationOptions {
  /** The output folder, absolute or relative to {@link PlanGenerationOptions.cwd}. */
  readonly out: string;
  /**
   * The folder paths are shown relative to: mesh.config.ts in issues, `out`.
   * @defaultValue `process.cwd()`
   */
  readonly cwd?: string;
  /** Findings at least this severe stop the run: the plan is then {@link GenerationPlan.blocked}. @defaultValue `"error"` */
  readonly failOn?: FailOn;
  /**
   * The environments to plan, by name (`--env dev,prod`); the others' folders are outside the
   * plan: not written, not compared, not removed.
   * @defaultValue every environment the config declares
   * @throws GenerationError `ENVIRONMENT_UNKNOWN` for a name the config does not declare, or when it declares none
   */
  readonly environments?: readonly string[];
  /**
   * Whether to compare the plan with the output folder, filling {@link GenerationPlan.changes}.
   * @defaultValue true
   */
  readonly changes?: boolean;
  /** With `changes`: a unified diff of each differing file, in {@link CheckResult.diffs}. @defaultValue false */
  readonly diff?: boolean;
  /**
   * Told each stage as it starts, with the number of resources or files it works on, so a long
   * run can show progress.
   * @defaultValue nothing is told
   */
  readonly progress?: (stage: GenerateStage, count: number) => void;
  /**
   * The generation cache: a plan without a single issue is kept there under a key made of the
   * meshform build and everything the config's run built (every resource, option and target, but
   * not the lines of mesh.config.ts), and a later plan with the same key takes its files and
   * trees from there instead of compiling, validating, analyzing and rendering again (its
   * `resources` are compiled again when first read). The comparison with the output folder, and
   * any write, happen as without it. See {@link GenerationPlan.cache} for what the plan did.
   * @defaultValue no cache
   */
  readonly cache?: GenerationCacheOptions;
}

/** What a plan did with the generation cache (see {@link PlanGenerationOptions.cache}). */
export interface CacheUse {
  /**
   * `reused`: the files and trees came from the cache; `stored`: the plan was computed and
   * kept; `skipped`: computed and not kept, for the `reason` given.
   */
  readonly state: "reused" | "stored" | "skipped";
  /** Why the plan was not kept: it had issues, the mesh holds code, the cache could not be written... */
  readonly reason?: string;
}

/** One tree of the plan: an environment's (or one cluster's of it), or the whole output folder for a config without environments. */
export interface PlannedTree {
  /** The environment, absent for a config without environments. */
  readonly environment?: string;
  /** The cluster, absent for an environment without clusters. */
  readonly cluster?: string;
  /** The tree's folder relative to the output folder, with `/` separators: `prod/east`; `""` for the output folder itself. */
  readonly folder: string;
  /** The folders inside the tree, each one Argo CD Application: its namespaces' and `_cluster`. */
  readonly folders: readonly string[];
  /** The resources placed in this tree. */
  readonly resources: readonly Resource[];
  /** How many namespace folders the tree holds. */
  readonly namespaces: number;
}

/** What a config generates, computed without writing: see {@link planGeneration}. */
export interface GenerationPlan {
  /** The absolute output folder. */
  readonly out: string;
  /** Every finding of compile, validation and analysis, paths shown relative to `cwd`. */
  readonly issues: readonly Issue[];
  /** Whether an issue stops the run (see {@link PlanGenerationOptions.failOn}): then `files` is empty and nothing may be written. */
  readonly blocked: boolean;
  /**
   * Every compiled resource, over every environment planned. A plan reused from the cache (see
   * {@link GenerationPlan.cache}) compiles them again the first time this is read.
   */
  readonly resources: readonly Resource[];
  /** How many resources the plan compiled: `resources.length`, without reading `resources`. */
  readonly resourceCount: number;
  /**
   * How many namespace folders the run writes, over every tree: one per namespace of the compiled
   * resources, a namespace whose only resource is its Namespace object included.
   */
  readonly namespaces: number;
  /** Every file to write, paths relative to `out`; empty when {@link GenerationPlan.blocked}. */
  readonly files: readonly EmittedFile[];
  /** The trees the files form; empty when blocked before rendering. */
  readonly trees: readonly PlannedTree[];
  /** The environments planned, in the config's order; empty for a config without environments. */
  readonly environments: readonly string[];
  /**
   * The folders of `out` the plan covers (its environments' folders when the run is restricted to
   * some); owned files outside them are left as they are. Absent: the whole folder.
   */
  readonly scope?: readonly string[];
  /** How `out` differs from the plan, when asked for and not blocked. */
  readonly changes?: CheckResult;
  /** What the plan did with the generation cache; absent when none was given. */
  readonly cache?: CacheUse;
}

/** The options of {@link writeGeneration}. */
export interface WriteGenerationOptions {
  /**
   * Lets the write delete a whole folder (an environment's, a cluster's, a namespace's), a
   * Namespace object or a large share of the owned files; without it such a write stops before
   * writing anything (`RENDER_REMOVAL_NOT_ALLOWED`).
   * @defaultValue false
   */
  readonly allowRemoval?: boolean;
  /** Told the `write` stage as it starts. @defaultValue nothing is told */
  readonly progress?: (stage: GenerateStage, count: number) => void;
}

/** The options of {@link checkGeneration}. */
export interface CheckGenerationOptions {
  /** Whether to compute a unified diff of each differing file. @defaultValue false */
  readonly diff?: boolean;
  /** Told the `check` stage as it starts. @defaultValue nothing is told */
  readonly progress?: (stage: GenerateStage, count: number) => void;
}

/** What one {@link runGenerate} did. */
export interface GenerateRun {
  /** How many namespace folders the run writes (or, with `check`, compares), over every tree. */
  readonly namespaces: number;
  /** Every compiled resource (see {@link GenerationPlan.resources}). */
  readonly resources: readonly Resource[];
  /** How many resources the run compiled, without reading `resources`. */
  readonly resourceCount: number;
  readonly issues: readonly Issue[];
  /** Absent when errors stopped the run before writing. */
  readonly written?: WriteSummary;
  /** With `check`: how the folder differs from what would be written. */
  readonly checked?: CheckResult;
  readonly files: number;
  /** The plan the run wrote or checked. */
  readonly plan: GenerationPlan;
}

/** The options of {@link runGenerate}. */
export interface GenerateOptions {
  readonly out: string;
  /** Write nothing; compare instead. */
  readonly check: boolean;
  /** With `check`: a unified diff of each differing file. */
  readonly diff: boolean;
  /** See {@link WriteGenerationOptions.allowRemoval}. @defaultValue false */
  readonly allowRemoval?: boolean;
  /** How paths of mesh.config.ts are shown in issues. */
  readonly cwd: string;
  /** Findings at least this severe stop the run before writing. @defaultValue `"error"` */
  readonly failOn?: FailOn;
  /** See {@link PlanGenerationOptions.environments}. @defaultValue every environment */
  readonly environments?: readonly string[];
  /** See {@link PlanGenerationOptions.progress}. @defaultValue nothing is told */
  readonly progress?: (stage: GenerateStage, count: number) => void;
  /** See {@link PlanGenerationOptions.cache}. @defaultValue no cache */
  readonly cache?: GenerationCacheOptions;
}

/** The ApplicationSet options of the renderer, from the config's Argo CD settings. */
export function applicationSetOf(argocd: ArgoCdOptions): ApplicationSetOptions {
  const { repoURL, path = "generated", revision, name, namespace, project, server, automated, deleteResourcesWithApplication, applicationsSync } = argocd;
  return Object.fromEntries(
    Object.entries({ repoURL, path, revision, name, namespace, project, server, automated, deleteResourcesWithApplication, applicationsSync }).filter(([, value]) => value !== undefined),
  ) as unknown as ApplicationSetOptions;
}

/**
 * The namespaces the resources make folders for: each namespaced resource's namespace, and the
 * namespace each Namespace object creates: `planTree` writes one folder for each.
 */
function namespaceFoldersOf(resources: readonly Resource[]): number {
  const names = new Set<string>();
  for (const { apiVersion, kind, metadata } of resources) {
    if (apiVersion === "v1" && kind === "Namespace") names.add(metadata.name);
    else if (metadata.namespace !== undefined) names.add(metadata.namespace);
  }
  return names.size;
}

function relativeIssues(issues: readonly Issue[], cwd: string, environment: string | undefined): Issue[] {
  return issues.map((issue) => {
    const source = issue.source ? { ...issue.source, file: relative(cwd, issue.source.file) || issue.source.file } : undefined;
    const message = environment === undefined ? issue.message : `environment ${environment}: ${issue.message}`;
    return source === undefined && environment === undefined ? issue : { ...issue, message, ...(source ? { source } : {}) };
  });
}

/** A mesh's model and how it is checked: what {@link analyzeCompiled} and {@link validateCompiled} read. */
type ModelOf = Pick<MeshDefinition, "model">;

/**
 * Whole-mesh analysis of the compiled resources, each placed at its line of mesh.config.ts, with
 * what the config declares as living outside it (`ns.service()`, `mesh.external()`). The
 * `rejected` resources (those validation reported an error on) satisfy no reference.
 *
 * @param mesh - the mesh (or, with environments, one environment: anything with its `model`)
 */
export function analyzeCompiled(mesh: ModelOf, compiled: CompileResult, rejected: ReadonlySet<object> = new Set()): Issue[] {
  const resources = compiled.resources.map((object): AnalyzedResource => (rejected.has(object) ? { object, source: compiled.origins.get(object), rejected: true } : { object, source: compiled.origins.get(object) }));
  const suppressions = mesh.model.suppressions.map(({ code, reason, resource }) => ({ code, reason, ...(resource ? { resource } : {}) }));
  return analyzeMesh(resources, { rootNamespace: mesh.model.rootNamespace, external: mesh.model.externals, suppressions });
}

/**
 * What `validate` adds to what compile already checked (the structural schema, names, kinds and
 * fields of the target): the CEL rules, Istio's admission rules, deprecated versions.
 */
const VALIDATION_CODES: ReadonlySet<ValidateIssueCode> = new Set<ValidateIssueCode>([
  "CEL_RULE",
  "CEL_EVALUATION",
  "CEL_UNSUPPORTED",
  "ISTIO_ADMISSION",
  "ISTIO_ADMISSION_WARNING",
  "DEPRECATED_VERSION",
]);

/**
 * The API server's checks on every compiled resource, as `meshform validate` runs them against
 * the model's targets, each issue placed at the resource's line of mesh.config.ts. The line is
 * looked up only for a resource that has an issue.
 *
 * @param mesh - the mesh (or, with environments, one environment: anything with its `model`)
 */
export function validateCompiled(mesh: ModelOf, compiled: CompileResult): Issue[] {
  return validateAll(mesh.model, compiled).issues;
}

/** What validation found: the issues, in the order of the resources, and the resources it reported an error on. */
interface Validated {
  readonly issues: Issue[];
  readonly rejected: Set<object>;
}

/**
 * {@link validateCompiled}'s issues, and the resources they reject. Only a resource with an issue
 * costs more than the check itself: most have none.
 */
function validateAll(model: MeshModel, compiled: CompileResult): Validated {
  const { targets } = model;
  const validator = createValidator({ istioRelease: targets.istio, gatewayApiRelease: targets.gatewayApi.release, gatewayApiChannel: targets.gatewayApi.channel, kinds: model.kinds, schemaChecked: true });
  const issues: Issue[] = [];
  const rejected = new Set<object>();
  for (const resource of compiled.resources) {
    const origin = compiled.origins.get(resource);
    const found = validator.validate(resource, origin && new OriginSource(origin));
    if (found.length === 0) continue;
    for (const issue of found) {
      if (!VALIDATION_CODES.has(issue.code)) continue;
      issues.push(issue);
      if (issue.severity === "error") rejected.add(resource);
    }
  }
  return { issues, rejected };
}

/**
 * A resource's line of mesh.config.ts as validation reads it, looked up only for an issue. Its
 * reads are the class's own, shared by every instance: one small object per resource.
 */
class OriginSource {
  readonly #origin: SourceLocation;

  constructor(origin: SourceLocation) {
    this.#origin = origin;
  }

  get file(): string {
    return this.#origin.file;
  }

  lineOf(): number | undefined {
    return this.#origin.line;
  }
}

/** One environment (or the whole mesh) compiled and checked. */
interface CheckedUnit {
  readonly unit: EnvironmentUnit;
  readonly compiled: CompileResult;
  readonly issues: readonly Issue[];
}

/** compile → validate → analyze of one unit; validation and analysis are skipped when compile found errors. */
function checkUnit(unit: EnvironmentUnit, cwd: string, progress: (stage: GenerateStage, count: number) => void): CheckedUnit {
  const name = unit.environment?.name;
  progress("compile", unit.model.drafts.length);
  const compiled = compile(unit.model);
  const compileIssues = relativeIssues(compiled.issues, cwd, name);
  if (compileIssues.some((issue) => issue.severity === "error")) return { unit, compiled, issues: compileIssues };
  progress("validate", compiled.resources.length);
  const { issues: validated, rejected } = validateAll(unit.model, compiled);
  progress("analyze", compiled.resources.length);
  const analyzed = analyzeCompiled(unit, compiled, rejected);
  return { unit, compiled, issues: [...compileIssues, ...relativeIssues(validated, cwd, name), ...relativeIssues(analyzed, cwd, name)] };
}

/** One unit rendered: its files (paths relative to the output folder), its trees, and its environment's ApplicationSet to build. */
interface RenderedUnit {
  readonly files: EmittedFile[];
  readonly trees: PlannedTree[];
  readonly applicationSet?: EnvironmentApplicationSetOptions;
}

/** The files of one unit's trees: the whole output folder's, or one per environment and cluster. */
function renderUnit({ unit, compiled }: CheckedUnit): RenderedUnit {
  const { model } = unit;
  const { scopeOf } = catalogOf(model.targets, model.kinds);
  const readme = model.output.readmeTemplate;
  const emitOptions = readme !== undefined ? { readmeTemplate: readme } : {};
  const argocd = model.output.argocd;
  const environment = unit.environment;
  if (environment === undefined) {
    const plan = planTree(compiled.resources, { scopeOf, ...(argocd ? { applicationSet: applicationSetOf(argocd) } : {}) });
    const tree = { folder: "", folders: plan.folders.map(({ folder }) => folder), resources: compiled.resources, namespaces: namespaceFoldersOf(compiled.resources) };
    return { files: emitTree(plan, emitOptions), trees: [tree] };
  }
  const files: EmittedFile[] = [];
  const trees: PlannedTree[] = [];
  const render = (folder: string, resources: readonly Resource[], cluster?: string): PlannedTree => {
    const plan = planTree(resources, { scopeOf });
    files.push(...prefixed(folder, emitTree(plan, emitOptions)));
    const tree = { environment: environment.name, ...(cluster !== undefined ? { cluster } : {}), folder, folders: plan.folders.map((planned) => planned.folder), resources, namespaces: namespaceFoldersOf(resources) };
    trees.push(tree);
    return tree;
  };
  if (environment.clusters.length === 0) render(environment.name, compiled.resources);
  for (const cluster of environment.clusters) {
    const resources = compiled.resources.filter((resource) => compiled.placement.get(resource)?.includes(cluster.name) ?? true);
    render(`${environment.name}/${cluster.name}`, resources, cluster.name);
  }
  if (argocd === undefined) return { files, trees };
  const { destination } = environment;
  const applicationSet: EnvironmentApplicationSetOptions = {
    ...applicationSetOf(argocd),
    ...(argocd.applicationName !== undefined ? { applicationName: argocd.applicationName } : {}),
    environment: environment.name,
    ...(environment.clusters.length > 0
      ? { clusters: environment.clusters.map((cluster, index) => ({ ...cluster, folders: trees[index]?.folders ?? [] })) }
      : { folders: trees[0]?.folders ?? [], ...(destination !== undefined ? { destination } : {}) }),
  };
  return { files, trees, applicationSet };
}

/**
 * Each environment's ApplicationSet, built together so that no two share a name, nor two of their
 * Applications, at the top of the environment's folder: `<env>/applicationset_argoproj.io_<name>.yaml`,
 * beside its tree (or its clusters' trees), outside every kustomization.
 */
function environmentApplicationSetFiles(environments: readonly EnvironmentApplicationSetOptions[]): EmittedFile[] {
  if (environments.length === 0) return [];
  return buildEnvironmentApplicationSets(environments).map((resource, index) => ({
    path: `${environments[index]?.environment}/${fileNameOf("argoproj.io", resource.kind, resource.metadata.name)}`,
    content: emitManifest(resource),
  }));
}

function prefixed(folder: string, files: readonly EmittedFile[]): EmittedFile[] {
  return files.map((file) => ({ path: `${folder}/${file.path}`, content: file.content }));
}

/**
 * Plans what a mesh generates, and writes nothing: compile → validate (CEL, Istio admission) →
 * analyze → plan → emit, once per environment (each against its own targets; the whole
 * environment, over all its clusters, is one mesh for analysis), then, unless `changes: false`,
 * compares the files with the output folder. When an issue stops the run (an error, or a warning
 * with `failOn: "warning"`), the plan is {@link GenerationPlan.blocked}, with no files.
 *
 * A config without environments gives one tree at the root of `out`; with environments, each gets
 * `<out>/<env>/` (`<out>/<env>/<cluster>/` per cluster), a whole per-namespace kustomize tree.
 *
 * @throws GenerationError `ENVIRONMENT_UNKNOWN` for an environment name the config does not declare
 * @throws RenderError when the output folder cannot be read (with `changes`)
 *
 * @example
 * ```ts
 * const mesh = await loadMesh("mesh.config.ts");
 * const plan = await planGeneration(mesh, { out: "generated" });
 * if (plan.blocked) throw new Error(plan.issues.map((issue) => issue.message).join("\n"));
 * if (!plan.changes?.upToDate) await writeGeneration(plan);
 * ```
 */
export async function planGeneration(mesh: MeshDefinition, options: PlanGenerationOptions): Promise<GenerationPlan> {
  const cwd = options.cwd ?? process.cwd();
  const progress = options.progress ?? (() => undefined);
  const all = environmentsOf(mesh);
  const units = selectEnvironments(all, options.environments);
  const out = resolve(cwd, options.out);
  const environments = units.flatMap((unit) => (unit.environment ? [unit.environment.name] : []));
  const scope = options.environments !== undefined && all.some((unit) => unit.environment) ? environments : undefined;
  const { cache } = options;
  const keyed = cache === undefined ? undefined : keyOf(cache, units, scope);
  // A computed plan, with what the cache did with it when there is one.
  const remembered = (plan: GenerationPlan): GenerationPlan => (cache === undefined || keyed === undefined ? plan : { ...plan, cache: storeInCache(cache, keyed, plan) });
  if (cache !== undefined && keyed !== undefined && "key" in keyed) {
    const cached = readCachedPlan(cache.folder, keyed.key);
    if (cached !== undefined) {
      const fields = { out, issues: [], environments, ...(scope ? { scope } : {}), blocked: false, namespaces: cached.namespaces, resourceCount: cached.resourceCount, files: cached.files, cache: { state: "reused" } as const };
      const plan = reusedPlan(fields, units, cached);
      if (options.changes === false) return plan;
      return reusedPlan({ ...fields, changes: await checkGeneration(plan, { diff: options.diff ?? false, progress }) }, units, cached);
    }
  }
  const checked = units.map((unit) => checkUnit(unit, cwd, progress));
  // One unit's resources are its tree's very list, which the cache then stores as one run.
  const resources = checked.length === 1 ? checked[0]!.compiled.resources : checked.flatMap(({ compiled }) => compiled.resources);
  const issues = checked.flatMap((unit) => unit.issues);
  const blocked = issues.some((issue) => failsRun(issue, options.failOn));
  const base = { out, issues, resources, resourceCount: resources.length, environments, ...(scope ? { scope } : {}) };
  if (blocked) {
    const namespaces = checked.reduce((sum, { compiled }) => sum + namespaceFoldersOf(compiled.resources), 0);
    return remembered({ ...base, blocked, namespaces, files: [], trees: [] });
  }
  progress("render", resources.length);
  const rendered = checked.map(renderUnit);
  const files = rendered.flatMap((unit) => unit.files);
  files.push(...environmentApplicationSetFiles(rendered.flatMap((unit) => (unit.applicationSet ? [unit.applicationSet] : []))));
  const trees = rendered.flatMap((unit) => unit.trees);
  const namespaces = trees.reduce((sum, tree) => sum + tree.namespaces, 0);
  const plan = remembered({ ...base, blocked, namespaces, files, trees });
  if (options.changes === false) return plan;
  return { ...plan, changes: await checkGeneration(plan, { diff: options.diff ?? false, progress }) };
}

/**
 * A plan whose files came from the cache. Its resources, which the entry does not hold, are
 * compiled again from the units' models the first time they are read (compile gives the same
 * resources, in the same order, for the same model); the CLI never reads them.
 */
function reusedPlan(fields: Omit<GenerationPlan, "resources" | "trees">, units: readonly EnvironmentUnit[], cached: CachedPlan): GenerationPlan {
  let resources: readonly Resource[] | undefined;
  const all = (): readonly Resource[] => (resources ??= units.flatMap((unit) => compile(unit.model).resources));
  const trees = cached.trees.map(({ runs, ...tree }): PlannedTree => {
    let own: readonly Resource[] | undefined;
    return {
      ...tree,
      get resources() {
        return (own ??= runs.flatMap(([start, stop]) => all().slice(start, stop)));
      },
    };
  });
  return {
    ...fields,
    trees,
    get resources() {
      return all();
    },
  };
}

/** The cache key of the units planned, or why they have none. */
function keyOf(cache: GenerationCacheOptions, units: readonly EnvironmentUnit[], scope: readonly string[] | undefined): CacheKey {
  const build = cache.build ?? buildIdentity();
  if (build === undefined) return { uncacheable: "meshform runs from its sources, with no build to tell when its code changes" };
  return cacheKeyOf(build, units, scope);
}

/** Keeps a computed plan in the cache when it may be: only a plan without a single issue is kept, so a reused one never hides a finding. */
function storeInCache(cache: GenerationCacheOptions, keyed: CacheKey, plan: GenerationPlan): CacheUse {
  if ("uncacheable" in keyed) return { state: "skipped", reason: keyed.uncacheable };
  if (plan.issues.length > 0) return { state: "skipped", reason: "the plan has issues" };
  return writeCachedPlan(cache, keyed.key, plan) ? { state: "stored" } : { state: "skipped", reason: `the cache folder ${cache.folder} cannot be written` };
}

function refuseBlocked(plan: GenerationPlan, action: string): void {
  if (!plan.blocked) return;
  const errors = plan.issues.filter((issue) => issue.severity === "error").length;
  throw new GenerationError(
    "GENERATION_BLOCKED",
    `${plan.out}: cannot ${action} a plan its issues stop (${errors} error${errors === 1 ? "" : "s"}, ${plan.issues.length} finding${plan.issues.length === 1 ? "" : "s"} in all); fix them in the config, or suppress the findings it accepts, and plan again`,
  );
}

/**
 * Writes a plan's files into its output folder: atomically, owned, locked, as `writeTree` does,
 * over the plan's whole folder (or only its environments' folders, for a plan restricted to some).
 *
 * @throws GenerationError `GENERATION_BLOCKED` when the plan's issues stop it
 * @throws RenderError as `writeTree` does: `RENDER_REMOVAL_NOT_ALLOWED` for a removal that needs
 * `allowRemoval`, `RENDER_PATH_CONFLICT`, `RENDER_LOCKED`, `RENDER_WRITE_FAILED`...
 */
export async function writeGeneration(plan: GenerationPlan, options: WriteGenerationOptions = {}): Promise<WriteSummary> {
  refuseBlocked(plan, "write");
  options.progress?.("write", plan.files.length);
  return writeTree(plan.out, plan.files, { allowRemoval: options.allowRemoval ?? false, ...(plan.scope ? { scope: plan.scope } : {}) });
}

/**
 * Compares a plan's files with its output folder and writes nothing: what writing would add,
 * change and remove (with diffs on request), and whether the removal needs `allowRemoval`.
 *
 * @throws GenerationError `GENERATION_BLOCKED` when the plan's issues stop it
 * @throws RenderError as `checkTree` does
 */
export async function checkGeneration(plan: GenerationPlan, options: CheckGenerationOptions = {}): Promise<CheckResult> {
  refuseBlocked(plan, "check");
  options.progress?.("check", plan.files.length);
  return checkTree(plan.out, plan.files, { diff: options.diff ?? false, ...(plan.scope ? { scope: plan.scope } : {}) });
}

/**
 * What `meshform generate` runs: {@link planGeneration}, then {@link writeGeneration} (or, with
 * `check`, {@link checkGeneration}). Issues that stop the run leave the previous tree as it was.
 */
export async function runGenerate(mesh: MeshDefinition, options: GenerateOptions): Promise<GenerateRun> {
  const plan = await planGeneration(mesh, {
    out: options.out,
    cwd: options.cwd,
    changes: false,
    ...(options.failOn ? { failOn: options.failOn } : {}),
    ...(options.environments ? { environments: options.environments } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.cache ? { cache: options.cache } : {}),
  });
  // `resources` is read through: a plan reused from the cache compiles them only when asked.
  const run = (done: Pick<GenerateRun, "files"> & Partial<Pick<GenerateRun, "checked" | "written">>): GenerateRun => ({
    namespaces: plan.namespaces,
    get resources() {
      return plan.resources;
    },
    resourceCount: plan.resourceCount,
    issues: plan.issues,
    plan,
    ...done,
  });
  if (plan.blocked) return run({ files: 0 });
  const files = plan.files.length;
  if (options.check) return run({ files, checked: await checkGeneration(plan, { diff: options.diff, ...(options.progress ? { progress: options.progress } : {}) }) });
  return run({ files, written: await writeGeneration(plan, { allowRemoval: options.allowRemoval ?? false, ...(options.progress ? { progress: options.progress } : {}) }) });
}
