/**
 * The last stages of meshform's pipeline: {@link planTree} lays a list of Kubernetes resources out
 * as per-namespace kustomize overlays (pure), {@link emitTree} turns the plan into file contents,
 * byte-stable YAML that YAML 1.1 and 1.2 readers both read back as written (pure), and
 * {@link writeTree} puts the files in an output folder it owns only in part, atomically
 * ({@link checkTree} says what writing would change, and writes nothing).
 *
 * @example
 * ```ts
 * import { checkTree, emitTree, planTree, writeTree } from "@meshform/render";
 * import { createCatalog } from "@meshform/catalog";
 *
 * const files = emitTree(planTree(resources, { scopeOf: createCatalog().scopeOf }));
 * const summary = await writeTree("generated", files);
 * ```
 *
 * @packageDocumentation
 */
export { RenderError, type RenderErrorCode, type RenderProblem } from "./errors.js";
export type { KubeResource } from "./resource.js";
export { DEFAULT_CLUSTER_KINDS, qualifiedKind, type ScopeLookup } from "./scope.js";
export { CLUSTER_FOLDER, fileNameOf, isDnsLabel, isDnsSubdomain, splitApiVersion } from "./names.js";
export {
  planTree,
  planApplicationSetFile,
  KUSTOMIZATION_FILE,
  README_FILE,
  type PlanOptions,
  type PlannedFile,
  type PlannedFolder,
  type PlannedResource,
  type RenderPlan,
} from "./plan.js";
export {
  emitTree,
  emitManifest,
  emitKustomization,
  YAML_HEADER,
  MARKDOWN_HEADER,
  TOP_LEVEL_ORDER,
  type EmitOptions,
  type EmittedFile,
} from "./emit.js";
export {
  APPLICATIONS_SYNC_POLICIES,
  MAX_APPLICATION_NAME,
  buildApplicationSet,
  buildEnvironmentApplicationSet,
  buildEnvironmentApplicationSets,
  normalizeFolderName,
  type ApplicationSetOptions,
  type ApplicationsSyncPolicy,
  type ArgoCdDestination,
  type EnvironmentApplicationSetOptions,
  type EnvironmentCluster,
} from "./application-set.js";
export { DEFAULT_README_TEMPLATE, type ReadmeContext, type ReadmeResource } from "./readme.js";
export { formatYaml, formatMapping, type JsonValue } from "./yaml.js";
export { formatString, formatNumber, isPlainSafe, quoteYaml } from "./yaml-scalar.js";
export { writeTree, type WriteOptions, type WriteSummary } from "./write.js";
export { checkTree, formatDiff, type CheckOptions, type CheckResult, type FileDiff } from "./check.js";
export { planRemoval, describeRemoval, namespaceOf, vanishedFolders, REMOVAL_MIN_FILES, REMOVAL_SHARE, type RemovalInput, type RemovalPlan, type VanishedFolder } from "./removal.js";
export { outputFolderProblem, type OutputFolderProblem } from "./output-folder.js";
export { OWNED_FILE } from "./owned.js";
export type { WriteFs, EntryType } from "./fs.js";
