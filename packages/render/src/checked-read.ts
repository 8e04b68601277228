// checked-read: how checkTree reads an output folder: under its lock, once an interrupted write is
// finished or undone, so that it never compares against a half-committed tree.
import { dirname } from "node:path";
import type { EmittedFile } from "./emit.js";
import type { WriteFs } from "./fs.js";
import { inspectTree, type InspectedTree } from "./inspect.js";
import { recoverWrite } from "./journal.js";
import { acquireLock, DEFAULT_LOCK_WAIT_MS, isReadOnlyFailure, releaseLock } from "./lock.js";

/**
 * Inspects an output folder for {@link checkTree}: takes its lock (waiting up to `lockWaitMs`),
 * finishes or undoes the write a killed run left, then reads (with `diff`, the text of every file
 * that differs too). Where no lock can be written (the
 * folder that holds the output folder is read-only, or missing) no run can be writing either, and
 * it reads without one.
 *
 * @throws {@link RenderError} `RENDER_LOCKED` when a live run holds the lock past the wait, and
 * what {@link inspectTree} and recovery throw.
 */
export async function inspectRecovered(
  fs: WriteFs,
  root: string,
  files: readonly EmittedFile[],
  limit: number,
  options: { readonly lockWaitMs?: number; readonly diff?: boolean; readonly scope?: readonly string[] | undefined },
): Promise<InspectedTree> {
  const texts = options.diff === true;
  const { scope } = options;
  if ((await fs.entryType(dirname(root))) === undefined) return inspectTree(fs, root, files, limit, texts, scope);
  let lock;
  try {
    lock = await acquireLock(root, options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
  } catch (error) {
    if (isReadOnlyFailure(error)) return inspectTree(fs, root, files, limit, texts, scope);
    throw error;
  }
  try {
    await recoverWrite(fs, root);
    return await inspectTree(fs, root, files, limit, texts, scope);
  } finally {
    releaseLock(lock);
  }
}
