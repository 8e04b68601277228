// The few file-system operations writing needs, behind an interface so that tests can make any of
// them fail, and a small concurrency helper: thousands of files are read and written in parallel.
import { lstatSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";

/** What a path is on disk, without following a link; `undefined` when nothing is there. */
export type EntryType = "file" | "directory" | "link" | "other";

/** The file-system operations {@link writeTree} and {@link checkTree} use, on absolute paths. */
export interface WriteFs {
  /** Reads a UTF-8 file; `undefined` when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
  /** Creates or replaces a file with UTF-8 text. */
  writeFile(path: string, content: string): Promise<void>;
  /** Renames a file, replacing the target (atomic on POSIX file systems). */
  rename(from: string, to: string): Promise<void>;
  /** Deletes a file; does nothing when it does not exist. */
  unlink(path: string): Promise<void>;
  /** Creates one folder whose parent exists. */
  mkdir(path: string): Promise<void>;
  /** Deletes an empty folder; fails when it is not empty. */
  rmdir(path: string): Promise<void>;
  /** Deletes a folder and everything in it; does nothing when it does not exist. Only for meshform's own staging folders. */
  removeTree(path: string): Promise<void>;
  /** What is at a path, without following links; `undefined` when nothing is. */
  entryType(path: string): Promise<EntryType | undefined>;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}

/**
 * The real file system. It calls Node's synchronous functions: for thousands of small files they
 * cost a fraction of the promise-based ones (no thread-pool round trip per open, stat, read and
 * close), and writing is the only thing the process does at that point.
 */
export const nodeFs: WriteFs = {
  async readFile(path) {
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },
  async writeFile(path, content) {
    writeFileSync(path, content, "utf8");
  },
  async rename(from, to) {
    renameSync(from, to);
  },
  async unlink(path) {
    try {
      unlinkSync(path);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  },
  async mkdir(path) {
    mkdirSync(path);
  },
  async rmdir(path) {
    rmdirSync(path);
  },
  async removeTree(path) {
    rmSync(path, { recursive: true, force: true });
  },
  async entryType(path) {
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (stats === undefined) return undefined;
    if (stats.isSymbolicLink()) return "link";
    return stats.isFile() ? "file" : stats.isDirectory() ? "directory" : "other";
  },
};

/** One item's outcome of {@link mapSettled}. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Runs `task` on every item, at most `limit` at a time, and waits for all of them, failed or not;
 * outcomes come back in item order.
 */
export async function mapSettled<I, T>(items: readonly I[], limit: number, task: (item: I) => Promise<T>): Promise<Settled<T>[]> {
  const results: Settled<T>[] = new Array<Settled<T>>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await task(items[index] as I) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, () => worker()));
  return results;
}

/** The first failure among outcomes, if any. */
export function firstFailure<T>(results: readonly Settled<T>[]): { error: unknown } | undefined {
  for (const result of results) if (!result.ok) return { error: result.error };
  return undefined;
}
