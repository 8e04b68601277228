// journal: the write-ahead record that makes a write crash-consistent. It is a hidden file beside
// the output folder, `.<name>.meshform-journal`, written only under the folder's lock:
//
// - phase "staging", before the first temporary file or folder is created: every temporary path
//   the run is about to create. A run killed in this phase is rolled back: each is removed.
// - phase "committing", once everything is staged (replacing the first record with one rename, the
//   commit point): every temporary path to rename over its target, in order, the ownership
//   manifest last, and every stale file to delete. A run killed in this phase is rolled forward.
//
// The journal is deleted last. Recovery runs before every write and check, so that after a kill
// at any instant the next run sees one whole tree: the previous one or the new one.
import { basename, dirname, join, posix, relative, sep } from "node:path";
import { RenderError } from "./errors.js";
import type { WriteFs } from "./fs.js";
import { hiddenBeside, isSafePath, JOURNAL_SUFFIX, OWNED_FILE, targetOfTemp } from "./owned.js";

/** What the journal records. Paths of temporary files are relative to the folder that holds the output folder. */
export interface Journal {
  readonly phase: "staging" | "committing";
  /** Temporary files and folders, in the order they are renamed (the ownership manifest last). */
  readonly temps: readonly string[];
  /** Stale owned files to delete, relative to the output folder (empty while staging). */
  readonly stale: readonly string[];
}

/** The journal file of an output folder: hidden, beside it, next to its lock. */
export function journalPathOf(root: string): string {
  return hiddenBeside(root, JOURNAL_SUFFIX);
}

/** Where the journal is written before it is renamed into place. */
function journalTempOf(root: string): string {
  return `${journalPathOf(root)}.meshform-tmp`;
}

/** A temporary path as the journal records it: relative to the folder that holds the output folder. */
export function journalEntryOf(root: string, temp: string): string {
  const parent = dirname(root);
  const prefix = parent.endsWith(sep) ? parent : `${parent}${sep}`;
  const inside = temp.startsWith(prefix) ? temp.slice(prefix.length) : relative(parent, temp);
  return sep === "/" ? inside : inside.split(sep).join("/");
}

/**
 * Writes the journal: to a temporary file first, then renamed over the previous record, so that
 * the journal is always one whole record.
 */
export async function writeJournal(fs: WriteFs, root: string, journal: Journal): Promise<void> {
  const text = `${JSON.stringify({ meshform: "write journal", version: 1, folder: basename(root), ...journal })}\n`;
  await fs.writeFile(journalTempOf(root), text);
  await fs.rename(journalTempOf(root), journalPathOf(root));
}

/** Deletes the journal (and its temporary file, if a run stopped while writing it): the last step of a write. */
export async function removeJournal(fs: WriteFs, root: string): Promise<void> {
  await fs.unlink(journalPathOf(root));
  await fs.unlink(journalTempOf(root));
}

function invalidJournal(path: string, reason: string): RenderError {
  const hint = "if no meshform run is writing there, restore the output folder from version control, delete this file and every .meshform-tmp file beside it, and run again";
  return new RenderError("RENDER_JOURNAL_INVALID", `${path}: ${reason}; ${hint}`);
}

/** A temporary path of the journal, checked to be one meshform stages under this output folder. */
function checkedTemp(root: string, path: string, entry: unknown): string {
  const name = basename(root);
  const inside = typeof entry === "string" && (entry === `.${name}.meshform-tmp` || (entry.startsWith(`${name}/`) && isSafeTempPath(entry.slice(name.length + 1))));
  if (!inside) throw invalidJournal(path, `it lists ${JSON.stringify(entry)}, which is not a temporary path meshform writes`);
  return join(dirname(root), entry);
}

/** A relative temporary path inside the output folder: safe folders, then a hidden temporary name. */
function isSafeTempPath(relativePath: string): boolean {
  const folder = posix.dirname(relativePath);
  const name = posix.basename(relativePath);
  const target = targetOfTemp(name);
  return target !== undefined && (folder === "." || isSafePath(folder)) && (isSafePath(target) || target === OWNED_FILE);
}

/** Reads the journal of an output folder; `undefined` when there is none. */
export async function readJournal(fs: WriteFs, root: string): Promise<{ temps: string[]; stale: string[]; phase: Journal["phase"] } | undefined> {
  const path = journalPathOf(root);
  const text = await fs.readFile(path);
  if (text === undefined) return undefined;
  let value: Partial<Record<keyof Journal | "meshform", unknown>> | null;
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    throw invalidJournal(path, "it is not JSON");
  }
  const { phase, temps, stale } = value ?? {};
  if (value?.meshform !== "write journal" || (phase !== "staging" && phase !== "committing") || !Array.isArray(temps) || !Array.isArray(stale)) {
    throw invalidJournal(path, "it is not a journal meshform wrote");
  }
  const badStale = stale.find((entry) => typeof entry !== "string" || !isSafePath(entry));
  if (badStale !== undefined) throw invalidJournal(path, `it lists ${JSON.stringify(badStale)}, which is not a path inside the folder`);
  return { phase, temps: temps.map((entry) => checkedTemp(root, path, entry)), stale: stale as string[] };
}

/** Removes every temporary file or folder of a staging record (those not created yet are skipped). */
export async function rollBack(fs: WriteFs, temps: readonly string[]): Promise<void> {
  for (const temp of temps) await fs.removeTree(temp);
}

/** Progress of {@link rollForward}: how many renames were done when one failed. */
export class CommitFailure extends Error {
  constructor(
    readonly target: string,
    readonly done: number,
    readonly total: number,
    readonly reason: unknown,
  ) {
    super(`cannot replace ${target}`, { cause: reason });
  }
}

/**
 * Performs a commit record: renames every temporary path over its target in order, then deletes
 * the stale files and the folders that leaves empty (not the root). Idempotent: a rename whose
 * temporary path is gone was done by an earlier, interrupted run.
 *
 * @throws {@link CommitFailure} when a rename or a deletion fails.
 */
export async function rollForward(fs: WriteFs, root: string, temps: readonly string[], stale: readonly string[]): Promise<void> {
  let done = 0;
  for (const temp of temps) {
    const target = join(dirname(temp), targetOfTemp(basename(temp)) as string);
    try {
      await fs.rename(temp, target);
    } catch (error) {
      const gone = await fs.entryType(temp).then((type) => type === undefined, () => false);
      if (!gone) throw new CommitFailure(target, done, temps.length, error);
    }
    done++;
  }
  for (const path of stale) {
    try {
      await fs.unlink(join(root, path));
    } catch (error) {
      throw new CommitFailure(join(root, path), done, temps.length, error);
    }
  }
  const folders = new Set<string>();
  for (const path of stale) for (let dir = posix.dirname(path); dir !== "."; dir = posix.dirname(dir)) folders.add(dir);
  const deepestFirst = [...folders].sort((a, b) => b.split("/").length - a.split("/").length || (a < b ? -1 : 1));
  for (const folder of deepestFirst) await fs.rmdir(join(root, folder)).catch(() => undefined);
}

/**
 * Finishes or undoes the write a killed or failed run left: rolls a committing journal forward, a
 * staging one back, then deletes the journal. Does nothing when there is no journal. Call it
 * under the output folder's lock.
 *
 * @throws {@link RenderError} `RENDER_JOURNAL_INVALID` for a journal meshform did not write;
 * `RENDER_WRITE_FAILED` when the file system refuses to finish.
 */
export async function recoverWrite(fs: WriteFs, root: string): Promise<void> {
  await fs.unlink(journalTempOf(root)).catch((error: unknown) => {
    throw recoveryError(root, error);
  });
  const journal = await readJournal(fs, root).catch((error: unknown) => {
    throw error instanceof RenderError ? error : recoveryError(root, error);
  });
  if (journal === undefined) return;
  try {
    if (journal.phase === "staging") await rollBack(fs, journal.temps);
    else await rollForward(fs, root, journal.temps, journal.stale);
    await removeJournal(fs, root);
  } catch (error) {
    throw recoveryError(root, error instanceof CommitFailure ? error.reason : error, error instanceof CommitFailure ? error.target : undefined);
  }
}

function recoveryError(root: string, cause: unknown, at?: string): RenderError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const where = at === undefined ? "" : ` at ${at}`;
  return new RenderError(
    "RENDER_WRITE_FAILED",
    `cannot finish the interrupted write recorded in ${journalPathOf(root)}${where}: ${reason}; fix the cause and run again`,
    { cause },
  );
}
