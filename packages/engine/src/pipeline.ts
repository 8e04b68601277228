import { relative } from "node:path";
import { analyzeMesh } from "@meshform/analyze";
import { compile, type ArgoCdOptions, type CompileResult, type MeshDefinition, type Resource } from "@meshform/dsl";
import type { Issue } from "@meshform/diagnostics";
import { kinds as k8sKinds } from "@meshform/k8s";
import { kinds as istioKinds } from "@meshform/istio";
import { kinds as gatewayKinds } from "@meshform/gateway-api";
import { kinds as experimentalKinds } from "@meshform/gateway-api/experimental";
import { checkTree, emitTree, planTree, scopeFromKinds, writeTree, type ApplicationSetOptions, type CheckResult, type WriteSummary } from "@meshform/render";
import { createValidator, type ValidateIssueCode } from "@meshform/validate";
import { failsRun, type FailOn } from "../exit-code.js";

/** What one `generate` run did. */
export interface GenerateRun {
  /**
   * How many namespace folders the run writes (or, with `check`, compares): one per namespace of
   * the compiled resources, a namespace whose only resource is its Namespace object included.
   */
  readonly namespaces: number;
  readonly resources: readonly Resource[];
  readonly issues: readonly Issue[];
  /** Absent when errors stopped the run before writing. */
  readonly written?: WriteSummary;
  /** With `check`: how the folder differs from what would be written. */
  readonly checked?: CheckResult;
  readonly files: number;
}

/** The options of {@link runGenerate}. */
export interface GenerateOptions {
  readonly out: string;
  readonly check: boolean;
  readonly diff: boolean;
  /**
   * Lets the write delete a whole folder, a Namespace object or a large share of the owned files
   * (see `writeTree`'s `allowRemoval`); without it such a run stops before writing.
   * @defaultValue false
   */
  readonly allowRemoval?: boolean;
  /** How paths of mesh.config.ts are shown in issues. */
  readonly cwd: string;
  /** Analysis findings at least this severe stop the run before writing. @defaultValue `"error"` */
  readonly failOn?: FailOn;
  /**
   * Told each stage as it starts, with the number of resources or files it works on, so a long
   * run can show progress.
   * @defaultValue nothing is told
   */
  readonly progress?: (stage: GenerateStage, count: number) => void;
}

/** The stages of {@link runGenerate}, in order. */
export type GenerateStage = "compile" | "validate" | "analyze" | "render" | "write" | "check";

/** The ApplicationSet options of the renderer, from the config's Argo CD settings. */
function applicationSetOf(argocd: ArgoCdOptions): ApplicationSetOptions {
  const { repoURL, path = "generated", revision, namespace, project, server, automated, deleteResourcesWithApplication, applicationsSync } = argocd;
  return Object.fromEntries(
    Object.entries({ repoURL, path, revision, namespace, project, server, automated, deleteResourcesWithApplication, applicationsSync }).filter(([, value]) => value !== undefined),
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

function relativeIssues(issues: readonly Issue[], cwd: string): Issue[] {
  return issues.map((issue) => (issue.source ? { ...issue, source: { ...issue.source, file: relative(cwd, issue.source.file) || issue.source.file } } : issue));
}

/**
 * Whole-mesh analysis of the compiled resources, each placed at its line of mesh.config.ts, with
 * what the config declares as living outside it (`ns.service()`, `mesh.external()`). The
 * `rejected` resources (those validation reported an error on) satisfy no reference.
 */
export function analyzeCompiled(mesh: MeshDefinition, compiled: CompileResult, rejected: ReadonlySet<object> = new Set()): Issue[] {
  const resources = compiled.resources.map((object) => ({ object, source: compiled.origins.get(object), ...(rejected.has(object) ? { rejected: true as const } : {}) }));
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
 * The API server's checks on every compiled resource, as `meshform validate` runs them, each
 * issue placed at the resource's line of mesh.config.ts. The line is looked up only for a
 * resource that has an issue.
 */
export function validateCompiled(mesh: MeshDefinition, compiled: CompileResult): Issue[] {
  return validateEach(mesh, compiled).flatMap(([, issues]) => issues);
}

/** {@link validateCompiled}'s issues, resource by resource. */
function validateEach(mesh: MeshDefinition, compiled: CompileResult): [CompileResult["resources"][number], Issue[]][] {
  const { targets } = mesh.model;
  const validator = createValidator({ istioRelease: targets.istio, gatewayApiRelease: targets.gatewayApi.release, gatewayApiChannel: targets.gatewayApi.channel, kinds: mesh.model.kinds, schemaChecked: true });
  return compiled.resources.map((resource) => {
    const origin = compiled.origins.get(resource);
    const source = origin && {
      get file() {
        return origin.file;
      },
      lineOf: () => origin.line,
    };
    return [resource, validator.validate(resource, source).filter((issue) => VALIDATION_CODES.has(issue.code))];
  });
}

/**
 * compile → validate (CEL, Istio admission) → analyze → plan → emit → write (or check). Errors
 * found by compile, validation or analysis (and
 * warnings with `failOn: "warning"`) stop the run before a byte is written; the previous tree
 * stays as it was.
 */
export async function runGenerate(mesh: MeshDefinition, options: GenerateOptions): Promise<GenerateRun> {
  const progress = options.progress ?? (() => undefined);
  progress("compile", mesh.model.drafts.length);
  const compiled = compile(mesh.model);
  const compileIssues = relativeIssues(compiled.issues, options.cwd);
  const namespaces = namespaceFoldersOf(compiled.resources);
  if (compileIssues.some((issue) => issue.severity === "error")) {
    return { namespaces, resources: compiled.resources, issues: compileIssues, files: 0 };
  }
  progress("validate", compiled.resources.length);
  const each = validateEach(mesh, compiled);
  const validated = each.flatMap(([, issues]) => issues);
  const rejected = new Set<object>(each.filter(([, issues]) => issues.some((issue) => issue.severity === "error")).map(([resource]) => resource));
  progress("analyze", compiled.resources.length);
  const issues = [...compileIssues, ...relativeIssues(validated, options.cwd), ...relativeIssues(analyzeCompiled(mesh, compiled, rejected), options.cwd)];
  if (issues.some((issue) => failsRun(issue, options.failOn))) {
    return { namespaces, resources: compiled.resources, issues, files: 0 };
  }
  progress("render", compiled.resources.length);
  const argocd = mesh.model.output.argocd;
  const scopeOf = scopeFromKinds(k8sKinds, istioKinds, gatewayKinds, experimentalKinds, mesh.model.kinds);
  const plan = planTree(compiled.resources, { scopeOf, ...(argocd ? { applicationSet: applicationSetOf(argocd) } : {}) });
  const readme = mesh.model.output.readmeTemplate;
  const files = emitTree(plan, readme !== undefined ? { readmeTemplate: readme } : {});
  if (options.check) {
    progress("check", files.length);
    const checked = await checkTree(options.out, files, { diff: options.diff });
    return { namespaces, resources: compiled.resources, issues, checked, files: files.length };
  }
  progress("write", files.length);
  const written = await writeTree(options.out, files, { allowRemoval: options.allowRemoval ?? false });
  return { namespaces, resources: compiled.resources, issues, written, files: files.length };
}
