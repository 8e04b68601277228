// lock: one writer at a time per output folder. The lock is a hidden file beside the output folder,
// `.<name>.meshform-lock`, so that it works before the folder exists. It is created with O_EXCL and
// holds the owner's pid, host and start time; a lock whose pid is no longer alive on this host was
// left by a killed run and is taken over.
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { RenderError } from "./errors.js";
import { hiddenBeside, LOCK_SUFFIX } from "./owned.js";

/** How long {@link acquireLock} waits for another run by default, in milliseconds. */
export const DEFAULT_LOCK_WAIT_MS = 5_000;

/**
 * How old an unreadable lock file must be to count as left by a killed run: a live run holds it
 * unreadable only between creating it and writing its few bytes.
 */
const UNREADABLE_STALE_MS = 2_000;

/** How often a waiting run looks at the lock again. */
const POLL_MS = 50;

/** The lock file of an output folder: hidden, beside it, in the folder that holds it. */
export function lockPathOf(root: string): string {
  return hiddenBeside(root, LOCK_SUFFIX);
}

/** What a lock file records about the run that holds it. */
interface LockRecord {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
}

/** A lock this process holds; give it back with {@link releaseLock}. */
export interface HeldLock {
  /** The lock file. */
  readonly path: string;
  /** Its text as this process wrote it, to release only its own lock. */
  readonly text: string;
}

/** What is in a lock file now. */
type Holder =
  | { readonly kind: "gone" }
  | { readonly kind: "record"; readonly text: string; readonly record: LockRecord }
  | { readonly kind: "unreadable"; readonly text: string; readonly ageMs: number };

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockRecord> | null;
    if (typeof value?.pid === "number" && Number.isInteger(value.pid) && value.pid > 0 && typeof value.host === "string" && typeof value.started === "string") {
      return { pid: value.pid, host: value.host, started: value.started };
    }
  } catch {
    // a lock file being written, or not meshform's: unreadable
  }
  return undefined;
}

function readHolder(path: string): Holder {
  try {
    const text = readFileSync(path, "utf8");
    const record = parseRecord(text);
    if (record !== undefined) return { kind: "record", text, record };
    return { kind: "unreadable", text, ageMs: Date.now() - statSync(path).mtimeMs };
  } catch (error) {
    if (errnoOf(error) === "ENOENT") return { kind: "gone" };
    throw error;
  }
}

/** Whether a process with this pid runs on this machine (a process of another user counts). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoOf(error) === "EPERM";
  }
}

/** Whether the holder was left by a run that no longer exists. A lock from another host is never stale. */
function isStale(holder: Holder): boolean {
  if (holder.kind === "unreadable") return holder.ageMs > UNREADABLE_STALE_MS;
  if (holder.kind === "record") return holder.record.host === hostname() && !isAlive(holder.record.pid);
  return false;
}

/** Creates the lock file with O_EXCL; `false` when it exists. */
function tryCreate(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if (errnoOf(error) === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, text);
  } catch (error) {
    closeSync(fd);
    unlinkSync(path);
    throw error;
  }
  closeSync(fd);
  return true;
}

/**
 * Deletes a stale lock file, unless another run replaced it meanwhile. Two runs that find the same
 * stale lock take turns through a guard file, so that one never deletes the fresh lock of the other.
 */
function takeOver(path: string, staleText: string): void {
  const guard = `${path}.takeover`;
  if (!tryCreate(guard, String(process.pid))) {
    // Held for microseconds by a live run; one older than that was left by a killed run.
    const age = (() => {
      try {
        return Date.now() - statSync(guard).mtimeMs;
      } catch {
        return 0;
      }
    })();
    if (age > UNREADABLE_STALE_MS) unlinkQuietly(guard);
    return;
  }
  try {
    const now = readHolder(path);
    if (now.kind !== "gone" && now.text === staleText) unlinkQuietly(path);
  } finally {
    unlinkQuietly(guard);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (errnoOf(error) !== "ENOENT") throw error;
  }
}

/** The error of a run that waited for another one in vain. */
export function lockedError(root: string, pid: number | undefined): RenderError {
  return new RenderError(
    "RENDER_LOCKED",
    `another meshform generate is writing ${root} (pid ${pid ?? "unknown"}); wait for it to finish, or stop it`,
  );
}

function cannotLock(root: string, path: string, cause: unknown): RenderError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new RenderError(
    "RENDER_WRITE_FAILED",
    `cannot lock ${root}: cannot create ${path}: ${reason}; meshform needs to write a lock file in the folder that holds the output folder`,
    { cause },
  );
}

/**
 * Takes the lock of an output folder, waiting at most `waitMs` for another run to release it. A
 * lock left by a run that was killed is taken over. The folder that holds the output folder must
 * exist.
 *
 * @throws {@link RenderError} `RENDER_LOCKED` when another live run still holds it after the wait;
 * `RENDER_WRITE_FAILED` when the lock file cannot be created.
 */
export async function acquireLock(root: string, waitMs: number): Promise<HeldLock> {
  const path = lockPathOf(root);
  const text = `${JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() } satisfies LockRecord)}\n`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    let holder: Holder;
    try {
      if (tryCreate(path, text)) return { path, text };
      holder = readHolder(path);
      if (isStale(holder)) {
        takeOver(path, holder.kind === "gone" ? "" : holder.text);
        continue;
      }
    } catch (error) {
      throw cannotLock(root, path, error);
    }
    if (holder.kind === "gone") continue;
    const left = deadline - Date.now();
    if (left <= 0) throw lockedError(root, holder.kind === "record" ? holder.record.pid : undefined);
    await sleep(Math.min(POLL_MS, left));
  }
}

/** Gives the lock back: deletes the lock file if it is still this run's. Never throws. */
export function releaseLock(lock: HeldLock): void {
  try {
    if (readFileSync(lock.path, "utf8") === lock.text) unlinkSync(lock.path);
  } catch {
    // already gone, or the folder went away: nothing to give back
  }
}

/** Whether a failure to create the lock file comes from a folder this process may not write. */
export function isReadOnlyFailure(error: unknown): boolean {
  const cause = error instanceof RenderError ? error.cause : error;
  return ["EACCES", "EPERM", "EROFS", "ENOTDIR"].includes(errnoOf(cause) ?? "");
}
