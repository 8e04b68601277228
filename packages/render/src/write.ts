// write: the I/O edge. Puts emitted files in an output folder that meshform shares with its user:
// it replaces and deletes only the files it owns, and a run that fails before its commit point
// leaves the previous tree as it was.
import { dirname, join, resolve } from "node:path";
import { RenderError } from "./errors.js";
import type { EmittedFile } from "./emit.js";
import { firstFailure, mapSettled, nodeFs, type WriteFs } from "./fs.js";
import { inspectTree, ioError, type InspectedTree } from "./inspect.js";
import { formatOwned, OWNED_FILE, tempPathOf } from "./owned.js";

/** Options of {@link writeTree} and {@link checkTree}. */
export interface WriteOptions {
  /**
   * File-system operations to use instead of the real ones, one by one; tests make them fail.
   *
   * @defaultValue the real file system
   */
  readonly fs?: Partial<WriteFs>;
  /**
   * How many files are read, written or renamed at once.
   *
   * @defaultValue 32
   */
  readonly concurrency?: number;
}

/** What {@link writeTree} did. Paths are relative to the output folder, sorted. */
export interface WriteSummary {
  /** Files created or replaced. */
  readonly written: readonly string[];
  /** Files that already held the right bytes and were not touched. */
  readonly unchanged: readonly string[];
  /** Stale owned files deleted. */
  readonly removed: readonly string[];
}

/** A file or a new folder staged beside its target, waiting to be renamed over it. */
interface Staged {
  readonly temp: string;
  readonly target: string;
  /**
   * A generated file; a new folder written whole under a temporary name (its files go straight
   * into it, and one rename commits them all); or the ownership manifest listing old and new
   * files, or the final one.
   */
  readonly role: "file" | "folder" | "union" | "final";
}

function sorted(paths: Iterable<string>): string[] {
  return [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function conflictError(tree: InspectedTree): RenderError | undefined {
  const conflicts = tree.files.filter((entry) => entry.state === "conflict").map((entry) => entry.file.path);
  if (conflicts.length === 0) return undefined;
  const list = sorted(conflicts).join(", ");
  const message = `${tree.root}: meshform would overwrite files it did not write (they are not in ${OWNED_FILE}): ${list}; move them away and run again`;
  return new RenderError("RENDER_PATH_CONFLICT", message);
}

/** A failure before anything was replaced: says the previous tree is as it was. */
function unchangedError(action: string, path: string, cause: unknown): RenderError {
  const error = ioError(action, path, cause);
  return new RenderError(error.code, `${error.message}; nothing was changed`, { cause });
}

/**
 * Where new folders are built: the output folder itself when it does not exist yet, else each
 * missing folder whose parent exists. Each is written under a temporary name beside its target.
 */
interface Layout {
  /** The new folders, outermost only, each with its temporary name. */
  readonly folders: readonly Staged[];
  /** Where a relative path inside a new folder is written while staging; `undefined` outside them. */
  stagedPathOf(relative: string): string | undefined;
}

function layoutOf(tree: InspectedTree): Layout {
  if (tree.missingRoot.length > 0) {
    const temp = tempPathOf(tree.root);
    return { folders: [{ temp, target: tree.root, role: "folder" }], stagedPathOf: (relative) => join(temp, relative) };
  }
  const missing = new Set(tree.missingFolders);
  const outermost = tree.missingFolders.filter((folder) => !missing.has(dirname(folder)));
  const temps = new Map(outermost.map((folder) => [folder, tempPathOf(join(tree.root, folder))]));
  return {
    folders: outermost.map((folder) => ({ temp: temps.get(folder) as string, target: join(tree.root, folder), role: "folder" })),
    stagedPathOf(relative) {
      for (let end = relative.indexOf("/"); end !== -1; end = relative.indexOf("/", end + 1)) {
        const temp = temps.get(relative.slice(0, end));
        if (temp !== undefined) return join(temp, relative.slice(end + 1));
      }
      return undefined;
    },
  };
}

/**
 * Creates the missing parents of the output folder, then every new folder under its temporary
 * name. Returns the parents created, for cleaning up.
 */
async function createFolders(fs: WriteFs, tree: InspectedTree, layout: Layout): Promise<string[]> {
  const created: string[] = [];
  try {
    for (const path of tree.missingRoot.slice(0, -1)) {
      await fs.mkdir(path);
      created.push(path);
    }
    for (const folder of layout.folders) {
      await fs.removeTree(folder.temp); // left by a run that was killed while staging
      await fs.mkdir(folder.temp);
    }
    for (const folder of tree.missingFolders) {
      const staged = layout.stagedPathOf(folder); // undefined for an outermost one, made just above
      if (staged !== undefined) await fs.mkdir(staged);
    }
  } catch (error) {
    await discardFolders(fs, layout, created);
    throw unchangedError("create a folder in", tree.root, error);
  }
  return created;
}

async function discardFolders(fs: WriteFs, layout: Layout, created: readonly string[]): Promise<void> {
  for (const folder of layout.folders) await fs.removeTree(folder.temp).catch(() => undefined);
  for (const folder of [...created].reverse()) await fs.rmdir(folder).catch(() => undefined);
}

/** Removes what staging left: a temporary file, or a whole staged folder. */
function discard(fs: WriteFs, item: Staged): Promise<void> {
  return item.role === "folder" ? fs.removeTree(item.temp) : fs.unlink(item.temp);
}

/**
 * Stage: every new folder under a temporary name with its files in it; every other new or changed
 * file, then the manifests, to temporary files beside their targets. On failure, removes what it
 * staged and created: the previous tree is as it was.
 */
async function stageFiles(
  fs: WriteFs,
  tree: InspectedTree,
  manifests: Partial<Record<"union" | "final", string>>,
  limit: number,
): Promise<Staged[]> {
  const layout = layoutOf(tree);
  const created = await createFolders(fs, tree, layout);
  const pending = tree.files.filter((entry) => entry.state === "added" || entry.state === "changed");
  const toWrite: (Staged & { content: string; inFolder: boolean })[] = pending.map((entry) => {
    const inFolder = layout.stagedPathOf(entry.file.path);
    return { content: entry.file.content, target: entry.target, temp: inFolder ?? tempPathOf(entry.target), role: "file", inFolder: inFolder !== undefined };
  });
  const manifest = join(tree.root, OWNED_FILE);
  for (const role of ["union", "final"] as const) {
    const content = manifests[role];
    const inFolder = layout.stagedPathOf(OWNED_FILE);
    if (content !== undefined) toWrite.push({ content, target: manifest, temp: inFolder ?? tempPathOf(manifest, `.${role}`), role, inFolder: inFolder !== undefined });
  }
  const results = await mapSettled(toWrite, limit, (item) => fs.writeFile(item.temp, item.content));
  const failed = firstFailure(results);
  if (failed) {
    await mapSettled(toWrite.filter((item) => !item.inFolder), limit, (item) => fs.unlink(item.temp));
    await discardFolders(fs, layout, created);
    const index = results.findIndex((result) => !result.ok);
    throw unchangedError("write", toWrite[index]?.target ?? tree.root, failed.error);
  }
  const renamed = toWrite.filter((item) => !item.inFolder).map(({ temp, target, role }): Staged => ({ temp, target, role }));
  return [...layout.folders, ...renamed];
}

/** Commit: renames every staged file or folder over its target; on failure, drops what is left. */
async function commitFiles(fs: WriteFs, staged: readonly Staged[], limit: number): Promise<void> {
  const results = await mapSettled(staged, limit, (item) => fs.rename(item.temp, item.target));
  const failed = firstFailure(results);
  if (!failed) return;
  const left = staged.filter((_, index) => results[index]?.ok === false);
  await mapSettled(left, limit, (item) => discard(fs, item));
  const done = staged.length - left.length;
  const cause = failed.error instanceof Error ? failed.error.message : String(failed.error);
  const message = `cannot replace ${left[0]?.target}: ${cause}; ${done} of ${staged.length} files were replaced and every file is recorded as owned: run again to finish`;
  throw new RenderError("RENDER_WRITE_FAILED", message, { cause: failed.error });
}

/** Deletes stale owned files, then the folders that removing them left empty (not the root). */
async function removeStale(fs: WriteFs, root: string, stale: readonly string[], limit: number): Promise<void> {
  const failed = firstFailure(await mapSettled(stale, limit, (path) => fs.unlink(join(root, path))));
  if (failed) throw ioError("delete a stale file in", root, failed.error);
  const folders = new Set<string>();
  for (const path of stale) for (let dir = dirname(path); dir !== "."; dir = dirname(dir)) folders.add(dir);
  const deepestFirst = [...folders].sort((a, b) => b.split("/").length - a.split("/").length || (a < b ? -1 : 1));
  for (const folder of deepestFirst) await fs.rmdir(join(root, folder)).catch(() => undefined);
}

/**
 * The commit phase: the union manifest (when it changes), every new folder and file, stale files,
 * then the final manifest (when it differs from the union).
 */
async function commitTree(fs: WriteFs, tree: InspectedTree, staged: readonly Staged[], limit: number): Promise<void> {
  for (const item of staged.filter((entry) => entry.role === "union")) {
    await fs.rename(item.temp, item.target).catch((error: unknown) => {
      throw unchangedError("record ownership in", item.target, error);
    });
  }
  await commitFiles(fs, staged.filter((item) => item.role === "folder" || item.role === "file"), limit);
  await removeStale(fs, tree.root, tree.stale, limit);
  await commitFiles(fs, staged.filter((item) => item.role === "final"), 1);
}

/**
 * Writes emitted files into an output folder that meshform owns only in part.
 *
 * 1. Reads `.meshform-owned.json` (the files meshform wrote there before) and compares every file
 *    with the disk. A file that differs and is not owned stops the run: meshform never overwrites
 *    what it did not write. Unchanged files are not touched (their mtime stays).
 * 2. Stages every new or changed file as a hidden temporary file beside its target. A folder that
 *    does not exist yet (or the whole output folder, on a first run) is built under a hidden
 *    temporary name with its files in it, so one rename commits all of them. A failure here
 *    removes the temporary files and folders and the parents it made: the previous tree is intact.
 * 3. Commit point: records the union of old and new owned files in the manifest, renames every
 *    staged file and folder over its target (each rename is atomic), deletes stale owned files and the
 *    folders that leaves empty, and writes the final manifest. A crash in this phase can leave a
 *    mix of old and new files, but every one of them is recorded as owned, so the next run
 *    finishes the job.
 *
 * @throws {@link RenderError} `RENDER_PATH_CONFLICT`, `RENDER_UNSAFE_PATH`,
 * `RENDER_MANIFEST_INVALID` before writing anything; `RENDER_WRITE_FAILED` when the file system
 * refuses an operation.
 *
 * @example
 * ```ts
 * const summary = await writeTree("generated", emitTree(planTree(resources)));
 * console.log(`${summary.written.length} written, ${summary.removed.length} removed`);
 * ```
 */
export async function writeTree(out: string, files: readonly EmittedFile[], options: WriteOptions = {}): Promise<WriteSummary> {
  const fs: WriteFs = { ...nodeFs, ...options.fs };
  const limit = options.concurrency ?? 32;
  const root = resolve(out);
  const tree = await inspectTree(fs, root, files, limit);
  const conflict = conflictError(tree);
  if (conflict) throw conflict;
  const wanted = files.map((file) => file.path);
  const union = formatOwned([...tree.owned, ...wanted]);
  const final = formatOwned(wanted);
  const manifests = {
    ...(union !== tree.ownedText ? { union } : {}),
    ...(final !== union ? { final } : {}),
  };
  const staged = await stageFiles(fs, tree, manifests, limit);
  try {
    await commitTree(fs, tree, staged, limit);
  } catch (error) {
    await mapSettled(staged, limit, (item) => discard(fs, item));
    throw error;
  }
  const written = tree.files.filter((entry) => entry.state !== "unchanged").map((entry) => entry.file.path);
  const unchanged = tree.files.filter((entry) => entry.state === "unchanged").map((entry) => entry.file.path);
  return { written: sorted(written), unchanged: sorted(unchanged), removed: [...tree.stale] };
}
