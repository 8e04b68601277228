// plan: resources → the files of the output tree, as data. Pure: no I/O, and the result depends on
// the set of resources only, never on their order.
import { buildApplicationSet, buildEnvironmentApplicationSet, type ApplicationSetOptions, type EnvironmentApplicationSetOptions } from "./application-set.js";
import { RenderError, type RenderProblem } from "./errors.js";
import { CLUSTER_FOLDER, fileNameOf } from "./names.js";
import { describeResource, identifyResource, kindChecker, type IdentifiedResource, type KubeResource } from "./resource.js";
import { resolveScope, type ScopeLookup } from "./scope.js";

/** Options of {@link planTree}. */
export interface PlanOptions {
  /**
   * Which kinds are cluster-scoped: a {@link ScopeLookup} (e.g. `createCatalog().scopeOf` of `@meshform/catalog`), or
   * a set of cluster-scoped kinds written `Kind.group` (`Kind` for the core group). What it leaves
   * undecided falls back to {@link DEFAULT_CLUSTER_KINDS}, and then to namespaced.
   *
   * @defaultValue {@link DEFAULT_CLUSTER_KINDS} only
   */
  readonly scopeOf?: ScopeLookup | ReadonlySet<string>;
  /**
   * When given, an Argo CD ApplicationSet (one Application per folder) is planned at the root of
   * the tree, outside the root kustomization: apply it to the cluster Argo CD runs in.
   *
   * For the tree of an environment without clusters, give {@link EnvironmentApplicationSetOptions}
   * (with `environment`): its ApplicationSet ({@link buildEnvironmentApplicationSet}) is planned at
   * the root of the environment's tree, and the names of its Applications are checked for the
   * folders of the plan. An environment with clusters has one ApplicationSet for all its trees:
   * plan it beside them with {@link planApplicationSetFile}.
   *
   * @defaultValue no ApplicationSet
   */
  readonly applicationSet?: ApplicationSetOptions | EnvironmentApplicationSetOptions;
}

/** One resource placed in the tree. */
export interface PlannedResource {
  /** The input object, unchanged. */
  readonly resource: KubeResource;
  /** The API group, `""` for the core group. */
  readonly group: string;
  /** The folder it goes to: its namespace, the namespace a Namespace object names, or `_cluster`. */
  readonly folder: string;
  /** Its file name inside the folder (see {@link fileNameOf}). */
  readonly file: string;
  /** `folder/file`, relative to the output folder, with `/` separators. */
  readonly path: string;
}

/** One folder of the tree: a namespace's, or `_cluster` for the other cluster-scoped resources. */
export interface PlannedFolder {
  /** The folder name: the namespace, or `_cluster`. */
  readonly folder: string;
  /** The namespace its kustomization sets, `null` for `_cluster`. */
  readonly namespace: string | null;
  /** Its resources, sorted by file name (kind, group, name). */
  readonly resources: readonly PlannedResource[];
}

/** A file of the plan: a resource, a kustomization or a folder's README, with its relative path. */
export type PlannedFile =
  | { readonly type: "resource"; readonly path: string; readonly resource: KubeResource }
  | { readonly type: "kustomization"; readonly path: string; readonly namespace: string | null; readonly resources: readonly string[] }
  | { readonly type: "readme"; readonly path: string; readonly folder: PlannedFolder };

/** The whole output tree as data: its folders and every file. */
export interface RenderPlan {
  /** The folders: `_cluster` first when present, then the namespaces in order. */
  readonly folders: readonly PlannedFolder[];
  /**
   * Every file: folder by folder in the order of {@link RenderPlan.folders}, each folder's files
   * sorted by name, then the root's files (the ApplicationSet, `kustomization.yaml`).
   */
  readonly files: readonly PlannedFile[];
}

/** File name of a kustomization inside a folder and at the root. */
export const KUSTOMIZATION_FILE = "kustomization.yaml";
/** File name of a folder's README. */
export const README_FILE = "README.md";

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The folder a checked resource belongs in. */
function folderOf({ resource, group, scope }: IdentifiedResource): string {
  if (group === "" && resource.kind === "Namespace") return resource.metadata.name;
  return scope === "Cluster" ? CLUSTER_FOLDER : (resource.metadata.namespace as string);
}

/** Placed resources by folder, then by file name: the first resource placed in each file. */
type Placement = Map<string, Map<string, PlannedResource>>;

/**
 * Checks every resource and places it; throws one error listing every problem. A resource whose
 * file is taken is a duplicate: it is kept aside with the first one, and reported in the order of
 * the files.
 */
function placeResources(resources: readonly unknown[], options: PlanOptions): Placement {
  const kindOf = kindChecker(resolveScope(options.scopeOf));
  const problems: RenderProblem[] = [];
  const placement: Placement = new Map();
  const duplicates = new Map<PlannedResource, KubeResource[]>();
  resources.forEach((value, index) => {
    const checked = identifyResource(value, index, kindOf);
    if ("problems" in checked) return void problems.push(...checked.problems);
    const { identified } = checked;
    const { resource, group } = identified;
    const folder = folderOf(identified);
    const file = fileNameOf(group, resource.kind, resource.metadata.name);
    let files = placement.get(folder);
    if (files === undefined) placement.set(folder, (files = new Map()));
    const first = files.get(file);
    if (first === undefined) return void files.set(file, { resource, group, folder, file, path: `${folder}/${file}` });
    const others = duplicates.get(first);
    if (others === undefined) duplicates.set(first, [resource]);
    else others.push(resource);
  });
  if (duplicates.size > 0) {
    for (const files of placement.values()) {
      for (const first of files.values()) {
        const others = duplicates.get(first);
        if (others !== undefined) problems.push(duplicateProblem([first.resource, ...others]));
      }
    }
  }
  if (problems.length > 0) throw RenderError.fromProblems(problems);
  return placement;
}

function duplicateProblem(same: readonly KubeResource[]): RenderProblem {
  const ids = same.map(({ apiVersion, kind, metadata }) => describeResource(apiVersion, kind, metadata.namespace, metadata.name));
  const message = `duplicate resource: ${ids.sort(compareText).join(" and ")} have the same API group, kind, namespace and name`;
  return { code: "RENDER_DUPLICATE", message };
}

/**
 * Orders placed resources into folders: `_cluster` first, then namespaces; files by name. Names are
 * sorted by `sort()` without a comparator, which orders strings by UTF-16 code units as
 * {@link compareText} does, without calling back into a comparator for every pair.
 */
function orderFolders(placement: Placement): PlannedFolder[] {
  const namespaces = [...placement.keys()].filter((name) => name !== CLUSTER_FOLDER).sort();
  const names = placement.has(CLUSTER_FOLDER) ? [CLUSTER_FOLDER, ...namespaces] : namespaces;
  return names.map((folder) => {
    const files = placement.get(folder) ?? new Map<string, PlannedResource>();
    const resources = [...files.keys()].sort().map((file) => files.get(file) as PlannedResource);
    return { folder, namespace: folder === CLUSTER_FOLDER ? null : folder, resources };
  });
}

/**
 * A folder's files: README, kustomization and resources, sorted by name. The resources are in
 * that order already, so the two other files are put in at their places instead of sorting all.
 */
function folderFiles(folder: PlannedFolder): PlannedFile[] {
  const names = folder.resources.map((entry) => entry.file);
  const files = folder.resources.map((entry): PlannedFile => ({ type: "resource", path: entry.path, resource: entry.resource }));
  insertByPath(files, { type: "readme", path: `${folder.folder}/${README_FILE}`, folder });
  insertByPath(files, { type: "kustomization", path: `${folder.folder}/${KUSTOMIZATION_FILE}`, namespace: folder.namespace, resources: names });
  return files;
}

/** Inserts `file` into `files`, which are sorted by path, where it keeps them sorted (before an equal path). */
function insertByPath(files: PlannedFile[], file: PlannedFile): void {
  let low = 0;
  let high = files.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareText((files[middle] as PlannedFile).path, file.path) < 0) low = middle + 1;
    else high = middle;
  }
  files.splice(low, 0, file);
}

/**
 * Plans the output tree for a list of Kubernetes resources.
 *
 * - `<folder>/<file>` per resource, where the folder is the resource's namespace, `_cluster` for a
 *   cluster-scoped resource, and, for a `Namespace` object, the folder of the namespace it creates
 *   (so each namespace folder applies alone, and the root holds each Namespace once);
 * - `<folder>/kustomization.yaml` listing the folder's files (with `namespace:` for a namespace);
 * - `<folder>/README.md` saying what is in the folder;
 * - `kustomization.yaml` at the root listing every folder;
 * - with {@link PlanOptions.applicationSet}, `applicationset_argoproj.io_<name>.yaml` at the root.
 *
 * The same resources in any order give the same plan.
 *
 * @throws {@link RenderError} listing every problem: a resource that is not a Kubernetes object
 * (`RENDER_INVALID_RESOURCE`), an invalid name or namespace (`RENDER_INVALID_NAME`,
 * `RENDER_INVALID_NAMESPACE`), a namespace missing or present against the kind's scope
 * (`RENDER_MISSING_NAMESPACE`, `RENDER_UNEXPECTED_NAMESPACE`), duplicates (`RENDER_DUPLICATE`).
 *
 * @example
 * ```ts
 * const plan = planTree(resources, { scopeOf: createCatalog().scopeOf });
 * const files = emitTree(plan);
 * await writeTree("generated", files);
 * ```
 */
export function planTree(resources: readonly unknown[], options: PlanOptions = {}): RenderPlan {
  const folders = orderFolders(placeResources(resources, options));
  const files = folders.flatMap(folderFiles);
  const applicationSet = options.applicationSet;
  if (applicationSet) {
    const resource =
      "environment" in applicationSet && applicationSet.environment !== undefined
        ? buildEnvironmentApplicationSet({ ...applicationSet, folders: applicationSet.folders ?? folders.map((folder) => folder.folder) })
        : buildApplicationSet(applicationSet);
    files.push(planApplicationSetFile(resource));
  }
  files.push({ type: "kustomization", path: KUSTOMIZATION_FILE, namespace: null, resources: folders.map((folder) => folder.folder) });
  return { folders, files };
}

/**
 * The file of an ApplicationSet, `applicationset_argoproj.io_<name>.yaml`, as a planned resource
 * at the root of whatever folder it is written to: the tree's root for {@link planTree}, or an
 * environment's folder, beside its clusters' trees, for {@link buildEnvironmentApplicationSet}'s
 * ApplicationSet of an environment with clusters.
 */
export function planApplicationSetFile(resource: KubeResource): PlannedFile {
  return { type: "resource", path: fileNameOf("argoproj.io", resource.kind, resource.metadata.name), resource };
}
