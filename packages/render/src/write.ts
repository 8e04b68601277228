// write: the I/O edge. Puts emitted files in an output folder that meshform shares with its user:
// it replaces and deletes only the files it owns, one run at a time (lock.ts), and a run that
// fails or is killed is undone or finished by the next one (journal.ts).
import { dirname, join, resolve } from "node:path";
import { RenderError } from "./errors.js";
import type { EmittedFile } from "./emit.js";
import { fileSystemOf, firstFailure, mapSettled, nodeFs, type Settled, type WriteFs } from "./fs.js";
import { inspectTree, ioError, pathInside, type InspectedTree } from "./inspect.js";
import { formatOwned, OWNED_FILE, tempPathOf } from "./owned.js";
import { CommitFailure, journalEntryOf, journalPathOf, recoverWrite, removeJournal, rollBack, rollForward, writeJournal } from "./journal.js";
import { acquireLock, DEFAULT_LOCK_WAIT_MS, releaseLock } from "./lock.js";
import { outputFolderError } from "./output-folder.js";
import { planRemoval, removalError } from "./removal.js";
import { startWriteThread, WRITE_THREAD_MIN_FILES } from "./write-thread.js";

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
  /**
   * How long to wait, in milliseconds, for another run that holds the output folder's lock
   * (`.<name>.meshform-lock` beside it) before failing with `RENDER_LOCKED`. A lock left by a run
   * that was killed is taken over at once.
   *
   * @defaultValue 5000
   */
  readonly lockWaitMs?: number;
  /**
   * Lets a write delete a whole top-level folder (one Argo CD Application), a Namespace object or
   * a large share of the owned files; without it such a write stops before changing anything
   * (`RENDER_REMOVAL_NOT_ALLOWED`). Not read by {@link checkTree}.
   *
   * @defaultValue false
   */
  readonly allowRemoval?: boolean;
  /**
   * The folders of the output folder (relative, `/`-separated, e.g. `["dev", "prod"]`) the files
   * cover: owned files outside them are left as they are (not compared, not deleted, still owned),
   * so a run that regenerates some environments leaves the others' files alone. Every file to
   * write must lie inside one of them.
   *
   * @defaultValue the whole output folder
   */
  readonly scope?: readonly string[];
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

/**
 * A generated file, the new ownership manifest, or a new folder written whole under a temporary
 * name (its files go straight into it, and one rename commits them all), staged beside its
 * target, waiting to be renamed over it.
 */
interface Staged {
  readonly temp: string;
  readonly target: string;
}

/** Paths in UTF-16 code unit order: `sort()` without a comparator orders strings so, without a call per pair. */
function sorted(paths: Iterable<string>): string[] {
  return [...paths].sort();
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
  if (tree.rootMissing) {
    const temp = tempPathOf(tree.root);
    return { folders: [{ temp, target: tree.root }], stagedPathOf: (relative) => pathInside(temp, relative) };
  }
  const missing = new Set(tree.missingFolders);
  const outermost = tree.missingFolders.filter((folder) => !missing.has(dirname(folder)));
  const temps = new Map(outermost.map((folder) => [folder, tempPathOf(join(tree.root, folder))]));
  return {
    folders: outermost.map((folder) => ({ temp: temps.get(folder) as string, target: join(tree.root, folder) })),
    stagedPathOf(relative) {
      if (temps.size === 0) return undefined;
      for (let end = relative.indexOf("/"); end !== -1; end = relative.indexOf("/", end + 1)) {
        const temp = temps.get(relative.slice(0, end));
        if (temp !== undefined) return pathInside(temp, relative.slice(end + 1));
      }
      return undefined;
    },
  };
}

/**
 * Creates every new folder under its temporary name (the output folder's parents exist: writeTree
 * made them). On failure, removes what it made.
 */
async function createFolders(fs: WriteFs, tree: InspectedTree, layout: Layout): Promise<void> {
  try {
    for (const folder of layout.folders) {
      await fs.removeTree(folder.temp); // left by a run that was killed while staging
      await fs.mkdir(folder.temp);
    }
    for (const folder of tree.missingFolders) {
      const staged = layout.stagedPathOf(folder); // undefined for an outermost one, made just above
      if (staged !== undefined) await fs.mkdir(staged);
    }
  } catch (error) {
    await discardFolders(fs, layout);
    throw unchangedError("create a folder in", tree.root, error);
  }
}

async function discardFolders(fs: WriteFs, layout: Layout): Promise<void> {
  for (const folder of layout.folders) await fs.removeTree(folder.temp).catch(() => undefined);
}

/**
 * Stage: records in the journal every temporary path it is about to create, then writes every new
 * folder under a temporary name with its files in it, and every other new or changed file and the
 * new manifest to temporary files beside their targets. On failure, removes what it staged and
 * created, and the journal: the previous tree is as it was.
 */
async function stageFiles(fs: WriteFs, tree: InspectedTree, manifest: string | undefined, limit: number): Promise<Staged[]> {
  const layout = layoutOf(tree);
  const pending = tree.files.filter((entry) => entry.state === "added" || entry.state === "changed");
  const toWrite: (Staged & { content: string; inFolder: boolean })[] = pending.map((entry) => {
    const inFolder = layout.stagedPathOf(entry.file.path);
    return { content: entry.file.content, target: entry.target, temp: inFolder ?? tempPathOf(entry.target), inFolder: inFolder !== undefined };
  });
  if (manifest !== undefined) {
    const target = join(tree.root, OWNED_FILE);
    const inFolder = layout.stagedPathOf(OWNED_FILE);
    toWrite.push({ content: manifest, target, temp: inFolder ?? tempPathOf(target), inFolder: inFolder !== undefined });
  }
  const renamed = toWrite.filter((item) => !item.inFolder).map(({ temp, target }): Staged => ({ temp, target }));
  // Renamed in this order at commit: new folders, files, the manifest last.
  const staged = [...layout.folders, ...renamed];
  const temps = staged.map((item) => item.temp);
  await writeJournal(fs, tree.root, { phase: "staging", temps: temps.map((temp) => journalEntryOf(tree.root, temp)), stale: [] }).catch(
    async (error: unknown) => {
      await removeJournal(fs, tree.root).catch(() => undefined);
      throw unchangedError("record the write in", journalPathOf(tree.root), error);
    },
  );
  await createFolders(fs, tree, layout).catch(async (error: unknown) => {
    await removeJournal(fs, tree.root).catch(() => undefined);
    throw error;
  });
  const results = await writeStaged(fs, toWrite, limit);
  const failed = firstFailure(results);
  if (failed) {
    await rollBack(fs, temps).catch(() => undefined);
    await discardFolders(fs, layout);
    await removeJournal(fs, tree.root).catch(() => undefined);
    const index = results.findIndex((result) => !result.ok);
    throw unchangedError("write", toWrite[index]?.target ?? tree.root, failed.error);
  }
  return staged;
}

/**
 * Writes the staged files' contents: through `fs`, or, when `fs` writes to the real file system and
 * there are {@link WRITE_THREAD_MIN_FILES} files or more, on this thread and a write thread
 * (write-thread.ts). Gives each file's outcome in order.
 */
async function writeStaged(fs: WriteFs, toWrite: readonly (Staged & { content: string })[], limit: number): Promise<Settled<void>[]> {
  const thread = fs.writeFile === nodeFs.writeFile && toWrite.length >= WRITE_THREAD_MIN_FILES ? startWriteThread() : undefined;
  if (thread === undefined) return mapSettled(toWrite, limit, (item) => fs.writeFile(item.temp, item.content));
  try {
    return await thread.writeAll(toWrite.map((item) => ({ path: item.temp, content: item.content })));
  } finally {
    thread.close();
  }
}

/**
 * The commit point, then the commit: replaces the staging record with the whole plan (every
 * rename, the manifest last, and every stale deletion), performs it, and deletes the journal. A
 * run killed after the commit point is finished by the next one; a failure here leaves the
 * journal for the next run to finish.
 */
async function commitTree(fs: WriteFs, tree: InspectedTree, staged: readonly Staged[]): Promise<void> {
  const temps = staged.map((item) => item.temp);
  try {
    await writeJournal(fs, tree.root, { phase: "committing", temps: temps.map((temp) => journalEntryOf(tree.root, temp)), stale: tree.stale });
  } catch (error) {
    await rollBack(fs, temps).catch(() => undefined);
    await removeJournal(fs, tree.root).catch(() => undefined);
    throw unchangedError("record the write in", journalPathOf(tree.root), error);
  }
  try {
    await rollForward(fs, tree.root, temps, tree.stale);
    await removeJournal(fs, tree.root);
  } catch (error) {
    if (!(error instanceof CommitFailure)) throw ioError("finish writing", tree.root, error);
    const cause = error.reason instanceof Error ? error.reason.message : String(error.reason);
    const message = `cannot replace ${error.target}: ${cause}; ${error.done} of ${error.total} files were replaced, and the rest are recorded in ${journalPathOf(tree.root)}: run again to finish`;
    throw new RenderError("RENDER_WRITE_FAILED", message, { cause: error.reason });
  }
}

/** Creates the missing folders above the output folder, so that its lock can be taken; returns them, outermost first. */
async function createParents(fs: WriteFs, root: string): Promise<string[]> {
  const missing: string[] = [];
  const created: string[] = [];
  try {
    for (let path = dirname(root); (await fs.entryType(path)) === undefined && dirname(path) !== path; path = dirname(path)) missing.unshift(path);
    for (const path of missing) {
      await fs.mkdir(path);
      created.push(path);
    }
  } catch (error) {
    for (const path of created.reverse()) await fs.rmdir(path).catch(() => undefined);
    throw unchangedError("create a folder in", dirname(root), error);
  }
  return created;
}

/**
 * Writes emitted files into an output folder that meshform owns only in part.
 *
 * 1. Reads `.meshform-owned.json` (the files meshform wrote there before) and compares every file
 *    with the disk. A file that differs and is not owned stops the run: meshform never overwrites
 *    what it did not write. Unchanged files are not touched (their mtime stays).
 * 2. Stages every new or changed file as a hidden temporary file beside its target. A folder that
 *    does not exist yet (or the whole output folder, on a first run) is built under a hidden
 *    temporary name with its files in it, so one rename commits all of them. Every temporary path
 *    is recorded in a journal (`.<name>.meshform-journal` beside the output folder) before it is
 *    created. A failure here removes the temporary files and folders and the parents it made: the
 *    previous tree is intact.
 * 3. Commit point: the journal is replaced, with one rename, by the whole plan: every staged file
 *    and folder to rename over its target, the manifest last, and every stale owned file to
 *    delete. The plan is carried out, then the journal is deleted.
 *
 * The whole run holds a lock on the output folder (`.<name>.meshform-lock` beside it); another run
 * waits up to {@link WriteOptions.lockWaitMs}, then fails with `RENDER_LOCKED`. Before inspecting,
 * a run finishes what a killed run left: a journal in its commit phase is carried out, one in its
 * staging phase is undone. So after a kill at any instant, the next run (or {@link checkTree})
 * sees either the previous tree or the new one, whole, and no temporary file.
 *
 * @throws {@link RenderError} `RENDER_LOCKED` when another run holds the lock; `RENDER_PATH_CONFLICT`, `RENDER_UNSAFE_PATH`,
 * `RENDER_MANIFEST_INVALID`, `RENDER_OUTPUT_REFUSED`, `RENDER_REMOVAL_NOT_ALLOWED` before writing anything; `RENDER_WRITE_FAILED` when the file system
 * refuses an operation.
 *
 * @example
 * ```ts
 * const summary = await writeTree("generated", emitTree(planTree(resources)));
 * console.log(`${summary.written.length} written, ${summary.removed.length} removed`);
 * ```
 */
export async function writeTree(out: string, files: readonly EmittedFile[], options: WriteOptions = {}): Promise<WriteSummary> {
  const fs = fileSystemOf(options.fs);
  const limit = options.concurrency ?? 32;
  const root = resolve(out);
  const refused = outputFolderError(out);
  if (refused) throw refused;
  const parents = await createParents(fs, root);
  let done = false;
  try {
    const lock = await acquireLock(root, options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
    try {
      await recoverWrite(fs, root);
      const summary = await writeLocked(fs, root, files, options, limit);
      done = true;
      return summary;
    } finally {
      releaseLock(lock);
    }
  } finally {
    if (!done) for (const path of [...parents].reverse()) await fs.rmdir(path).catch(() => undefined);
  }
}

/** {@link writeTree} under the lock, once an interrupted write is finished. */
async function writeLocked(fs: WriteFs, root: string, files: readonly EmittedFile[], options: WriteOptions, limit: number): Promise<WriteSummary> {
  const tree = await inspectTree(fs, root, files, limit, false, options.scope);
  const conflict = conflictError(tree);
  if (conflict) throw conflict;
  const removal = removalError(root, planRemoval(tree), options.allowRemoval);
  if (removal) throw removal;
  const manifest = formatOwned([...files.map((file) => file.path), ...tree.kept]);
  const changes = tree.files.some((entry) => entry.state !== "unchanged") || manifest !== tree.ownedText || tree.stale.length > 0;
  if (changes) await commitTree(fs, tree, await stageFiles(fs, tree, manifest !== tree.ownedText ? manifest : undefined, limit));
  const written = tree.files.filter((entry) => entry.state !== "unchanged").map((entry) => entry.file.path);
  const unchanged = tree.files.filter((entry) => entry.state === "unchanged").map((entry) => entry.file.path);
  return { written: sorted(written), unchanged: sorted(unchanged), removed: [...tree.stale] };
}
