// check: compares what writeTree would write with the output folder, writing nothing. This is
// what `meshform generate --check` and `--diff` report.
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import type * as DiffModule from "diff";
import type { EmittedFile } from "./emit.js";
import { fileSystemOf, firstFailure, mapSettled, type WriteFs } from "./fs.js";
import { inspectRecovered } from "./checked-read.js";
import { ioError } from "./inspect.js";
import { formatOwned, OWNED_FILE } from "./owned.js";
import { planRemoval, type RemovalPlan } from "./removal.js";
import type { WriteOptions } from "./write.js";

/** Options of {@link checkTree}. */
export interface CheckOptions extends WriteOptions {
  /**
   * Whether to compute a unified diff for every file that differs (added, changed or removed).
   *
   * @defaultValue false
   */
  readonly diff?: boolean;
}

/** One file's difference as unified-diff text (`--- a/path`, `+++ b/path`, `@@` hunks). */
export interface FileDiff {
  /** The path relative to the output folder. */
  readonly path: string;
  /** The unified diff; `/dev/null` stands for the missing side of an added or removed file. */
  readonly diff: string;
}

/**
 * How an output folder differs from what {@link writeTree} would make of it. Paths are relative
 * and sorted; the ownership manifest counts as a file.
 */
export interface CheckResult {
  /** Whether the folder already holds exactly what would be written. */
  readonly upToDate: boolean;
  /** Files that would be created. */
  readonly added: readonly string[];
  /** Files that would be replaced (or, when not owned, that writing would refuse to replace). */
  readonly changed: readonly string[];
  /** Stale owned files that would be deleted: apart from the files added or changed. */
  readonly removed: readonly string[];
  /**
   * The removal in detail: the top-level folders that would disappear and the Namespace objects
   * among {@link CheckResult.removed}, and whether {@link writeTree} would stop for them without
   * `allowRemoval` (`meshform generate --allow-removal`).
   */
  readonly removal: RemovalPlan;
  /** How many files already hold the right bytes. */
  readonly unchanged: number;
  /** A diff per differing file when {@link CheckOptions.diff} is set; otherwise empty. */
  readonly diffs: readonly FileDiff[];
}

/** Loads the diff library on first use: only `--diff` needs it. */
const loadDiff = (() => {
  let loaded: typeof DiffModule | undefined;
  return (): typeof DiffModule => (loaded ??= createRequire(import.meta.url)("diff") as typeof DiffModule);
})();

/** The unified diff between two texts, one of which may be missing. */
export function formatDiff(path: string, before: string | undefined, after: string | undefined): string {
  const patch = loadDiff().createTwoFilesPatch(
    before === undefined ? "/dev/null" : `a/${path}`,
    after === undefined ? "/dev/null" : `b/${path}`,
    before ?? "",
    after ?? "",
    undefined,
    undefined,
    { context: 3 },
  );
  return patch.slice(patch.indexOf("\n") + 1);
}

function sortedPaths<T extends { path: string }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Compares emitted files with an output folder and writes nothing: what `writeTree` would add,
 * change and remove, with diffs on request. Removals are reported apart, with the folders and
 * Namespace objects among them and whether writing them needs `allowRemoval`.
 *
 * @throws {@link RenderError} `RENDER_UNSAFE_PATH`, `RENDER_MANIFEST_INVALID`,
 * `RENDER_PATH_CONFLICT` (a file where a folder is needed), `RENDER_WRITE_FAILED` (a read failed).
 *
 * @example
 * ```ts
 * const result = await checkTree("generated", files, { diff: true });
 * if (!result.upToDate) for (const { diff } of result.diffs) process.stdout.write(diff);
 * ```
 */
export async function checkTree(out: string, files: readonly EmittedFile[], options: CheckOptions = {}): Promise<CheckResult> {
  const fs = fileSystemOf(options.fs);
  const limit = options.concurrency ?? 32;
  const root = resolve(out);
  const tree = await inspectRecovered(fs, root, files, limit, options);
  const manifest = formatOwned([...files.map((file) => file.path), ...tree.kept]);
  const differingFiles = tree.files
    .filter((entry) => entry.state !== "unchanged")
    .map((entry) => ({ path: entry.file.path, before: entry.current, after: entry.file.content, added: entry.state === "added" }));
  const differing =
    manifest === tree.ownedText ? differingFiles : [...differingFiles, { path: OWNED_FILE, before: tree.ownedText, after: manifest, added: tree.ownedText === undefined }];
  const removedText = options.diff ? await readRemoved(fs, root, tree.stale, limit) : [];
  const added = differing.filter((entry) => entry.added).map((entry) => entry.path);
  const changed = differing.filter((entry) => !entry.added).map((entry) => entry.path);
  const diffs = options.diff
    ? sortedPaths([
        ...differing.map((entry) => ({ path: entry.path, diff: formatDiff(entry.path, entry.before, entry.after) })),
        ...removedText.map((entry) => ({ path: entry.path, diff: formatDiff(entry.path, entry.before, undefined) })),
      ])
    : [];
  return {
    upToDate: differing.length === 0 && tree.stale.length === 0,
    added: added.sort(),
    changed: changed.sort(),
    removed: [...tree.stale],
    removal: planRemoval(tree),
    unchanged: tree.files.length - differingFiles.length,
    diffs,
  };
}

async function readRemoved(fs: WriteFs, root: string, stale: readonly string[], limit: number): Promise<{ path: string; before: string }[]> {
  const reads = await mapSettled(stale, limit, (path) => fs.readFile(join(root, path)));
  const failed = firstFailure(reads);
  if (failed) throw ioError("read", root, failed.error);
  return stale.map((path, index) => {
    const read = reads[index];
    return { path, before: read?.ok === true ? (read.value ?? "") : "" };
  });
}
