// Removal needs consent. What leaves the output folder leaves the cluster once Argo CD syncs it:
// a top-level folder is one Argo CD Application, and a Namespace object takes every workload in its
// namespace with it. Pure: decides from the inspected tree, touches nothing.
import { RenderError } from "./errors.js";
import { fileNameOf } from "./names.js";

/**
 * A removal takes a large share of the tree when it deletes more than this share of the files
 * meshform owns there...
 */
export const REMOVAL_SHARE = 0.1;
/** ...and at least this many of them: a small tree loses a tenth of its files in an ordinary edit. */
export const REMOVAL_MIN_FILES = 10;

/** How many of the other removed files a refusal names before it counts the rest. */
const SHOWN_FILES = 5;

/** What a run would delete from an output folder, and why that needs consent. Paths are relative, sorted. */
export interface RemovalPlan {
  /** Every owned file that would be deleted. */
  readonly files: readonly string[];
  /**
   * Folders that would disappear, outermost only: every owned file in them is deleted and none is
   * written. At the top of a tree, each is one Argo CD Application (a namespace's, or
   * `_cluster`); in an output folder with environments, a folder can also be a whole
   * environment's (`prod`) or cluster's (`prod/east`) tree.
   */
  readonly folders: readonly string[];
  /** Namespace object files that would be deleted (`<ns>/namespace_<ns>.yaml`, at any depth). */
  readonly namespaceObjects: readonly string[];
  /** How many files meshform owns in the folder now. */
  readonly owned: number;
  /**
   * Whether the removal deletes more than {@link REMOVAL_SHARE} of the owned files and at least
   * {@link REMOVAL_MIN_FILES} of them.
   */
  readonly largeShare: boolean;
  /** Whether the run needs consent (`allowRemoval`, `meshform generate --allow-removal`): a folder, a Namespace object or a large share. */
  readonly needsConsent: boolean;
}

/** What {@link planRemoval} reads: the shape {@link InspectedTree} has. */
export interface RemovalInput {
  /** The paths the ownership manifest lists now. */
  readonly owned: ReadonlySet<string>;
  /** Owned files on disk that are not to be written any more. */
  readonly stale: readonly string[];
  /** The files to write. */
  readonly files: readonly { readonly file: { readonly path: string } }[];
}

/** Every folder above a relative path, outermost first: `a/b/c.yaml` → `a`, `a/b`. */
function foldersOf(path: string): string[] {
  const folders: string[] = [];
  for (let slash = path.indexOf("/"); slash !== -1; slash = path.indexOf("/", slash + 1)) folders.push(path.slice(0, slash));
  return folders;
}

/** The name of the folder that holds a path: `prod/east/shop/x.yaml` → `shop`. */
function parentNameOf(path: string): string | undefined {
  const slash = path.lastIndexOf("/");
  if (slash < 0) return undefined;
  return path.slice(path.lastIndexOf("/", slash - 1) + 1, slash);
}

/** Whether a path is the file of a Namespace object, which lives in the folder it names. */
function isNamespaceObject(path: string): boolean {
  const folder = parentNameOf(path);
  return folder !== undefined && path.slice(path.lastIndexOf("/") + 1) === fileNameOf("", "Namespace", folder);
}

/**
 * Says what a write would delete and whether that needs consent: a whole folder (a namespace's,
 * or an environment's or cluster's tree), a Namespace object, or more than {@link REMOVAL_SHARE} of the owned files (and at least
 * {@link REMOVAL_MIN_FILES}). Deleting a file or two in a folder that stays (a route renamed) needs
 * none.
 *
 * @example
 * ```ts
 * const plan = planRemoval({ owned: new Set(["a/namespace_a.yaml"]), stale: ["a/namespace_a.yaml"], files: [] });
 * plan.folders; // ["a"]
 * plan.needsConsent; // true
 * ```
 */
export function planRemoval(tree: RemovalInput): RemovalPlan {
  const files = [...tree.stale].sort();
  const kept = new Set<string>();
  for (const { file } of tree.files) for (const folder of foldersOf(file.path)) kept.add(folder);
  const vanished = new Set<string>();
  for (const path of files) {
    const folder = foldersOf(path).find((candidate) => !kept.has(candidate));
    if (folder !== undefined) vanished.add(folder);
  }
  const folders = [...vanished].sort();
  const namespaceObjects = files.filter(isNamespaceObject);
  const owned = tree.owned.size;
  const largeShare = files.length >= REMOVAL_MIN_FILES && files.length > owned * REMOVAL_SHARE;
  return { files, folders, namespaceObjects, owned, largeShare, needsConsent: largeShare || folders.length > 0 || namespaceObjects.length > 0 };
}

/** The namespace a Namespace object's file creates: `prod/east/shop/namespace_shop.yaml` → `shop`. */
export function namespaceOf(path: string): string {
  return parentNameOf(path) ?? path;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** One folder a removal deletes whole, with how many files go with it. */
export interface VanishedFolder {
  readonly folder: string;
  readonly files: number;
  /** Whether it holds folders (an environment's or a cluster's tree): several Applications, not one. */
  readonly tree: boolean;
}

/**
 * The folders of {@link RemovalPlan.folders}, each with its file count, and the files that are in
 * none of them. One pass over the files, each looked up by its own folder prefixes.
 */
export function vanishedFolders(plan: Pick<RemovalPlan, "files" | "folders">): { folders: VanishedFolder[]; outside: string[] } {
  const counts = new Map(plan.folders.map((folder) => [folder, { files: 0, tree: false }]));
  const outside: string[] = [];
  for (const path of plan.files) {
    const folder = foldersOf(path).find((candidate) => counts.has(candidate));
    const count = folder === undefined ? undefined : counts.get(folder);
    if (folder === undefined || count === undefined) {
      outside.push(path);
      continue;
    }
    count.files += 1;
    if (path.indexOf("/", folder.length + 1) !== -1) count.tree = true;
  }
  return { folders: [...counts].map(([folder, { files, tree }]) => ({ folder, files, tree })), outside };
}

/**
 * The lines that name what a removal deletes: each folder, each Namespace object, then the other
 * files, the first few by path and a count of the rest.
 */
export function describeRemoval(plan: RemovalPlan): string[] {
  const { folders, outside } = vanishedFolders(plan);
  const namespaceObjects = new Set(plan.namespaceObjects);
  const others = outside.filter((path) => !namespaceObjects.has(path));
  const lines = folders.map(({ folder, files, tree }) => `folder ${folder}/ (${plural(files, "file")}; Argo CD deletes ${tree ? "the Applications of its folders" : "its Application"})`);
  for (const path of plan.namespaceObjects) lines.push(`Namespace object ${namespaceOf(path)} (${path})`);
  if (others.length > 0) {
    const shown = others.slice(0, SHOWN_FILES).join(", ");
    const rest = others.length > SHOWN_FILES ? ` and ${others.length - SHOWN_FILES} more` : "";
    lines.push(`${plural(others.length, "other file")}: ${shown}${rest}`);
  }
  return lines;
}

/** Why a removal needs consent: `, more than 10 % of them, including a whole folder and a Namespace object`. */
function reasonsOf(plan: RemovalPlan): string {
  const kinds: string[] = [];
  if (plan.folders.length > 0) kinds.push(plan.folders.length === 1 ? "a whole folder" : "whole folders");
  if (plan.namespaceObjects.length > 0) kinds.push(plan.namespaceObjects.length === 1 ? "a Namespace object" : "Namespace objects");
  const share = plan.largeShare ? `, more than ${REMOVAL_SHARE * 100} % of them` : "";
  return `${share}${kinds.length > 0 ? `, including ${kinds.join(" and ")}` : ""}`;
}

/**
 * The error that stops a write whose removal needs consent, listing what it would delete and
 * naming the flag that allows it; `undefined` when the removal needs none or consent was given.
 *
 * @param root - the absolute output folder, for the message
 */
export function removalError(root: string, plan: RemovalPlan, allowRemoval = false): RenderError | undefined {
  if (allowRemoval || !plan.needsConsent) return undefined;
  const head = `${root}: this run would delete ${plan.files.length} of the ${plural(plan.owned, "file")} meshform owns there${reasonsOf(plan)}; nothing was written`;
  const list = describeRemoval(plan).map((line) => `  - ${line}`);
  const advice =
    "Argo CD deletes from the cluster what leaves the folder it syncs. If the config is meant to drop these, " +
    "run again with `meshform generate --allow-removal` (library: `allowRemoval: true` in writeTree's options); if not, fix the config.";
  return new RenderError("RENDER_REMOVAL_NOT_ALLOWED", [head, ...list, advice].join("\n"));
}
