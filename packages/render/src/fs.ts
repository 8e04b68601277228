// The few file-system operations writing needs, behind an interface so that tests can make any of
// them fail, and a small concurrency helper: thousands of files are read and written in parallel.
import { closeSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";

/** What a path is on disk, without following a link; `undefined` when nothing is there. */
export type EntryType = "file" | "directory" | "link" | "other";

/** The file-system operations {@link writeTree} and {@link checkTree} use, on absolute paths. */
export interface WriteFs {
  /** Reads a UTF-8 file; `undefined` when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
  /**
   * Whether a file holds exactly `content` as UTF-8: `true` or `false`, `undefined` when it does
   * not exist. Reads the file as {@link WriteFs.readFile} does, whole, without making a string of it.
   * When a `readFile` is given in place of the real one and `holds` is not, `holds` reads through it.
   */
  holds(path: string, content: string): Promise<boolean | undefined>;
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
    return readText(path);
  },
  async holds(path, content) {
    return holdsText(path, content);
  },
  async writeFile(path, content) {
    writeFileSync(path, content);
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

/** Files up to this many UTF-16 units are compared in {@link scratch}; longer ones are read as strings. */
const SCRATCH_MAX_UNITS = 256 * 1024;

/**
 * Two halves of one reused buffer: the expected bytes, then the file's. Comparing bytes in place
 * makes no string of each file read, which for thousands of files costs more in garbage
 * collection than the reads themselves.
 */
let scratch = Buffer.allocUnsafe(64 * 1024);

/** {@link WriteFs.holds} on the real file system: the UTF-8 bytes of `content` against the file's, read whole. */
function holdsText(path: string, content: string): boolean | undefined {
  if (content.length > SCRATCH_MAX_UNITS) {
    const text = readText(path);
    return text === undefined ? undefined : text === content;
  }
  // A UTF-16 unit takes at most 3 bytes in UTF-8; the file's half has one byte more, to see a longer file.
  const half = content.length * 3 + 1;
  if (scratch.length < 2 * half) scratch = Buffer.allocUnsafe(2 * half);
  const expected = scratch.write(content, 0, "utf8");
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  try {
    let read = 0;
    for (let bytes = 1; bytes > 0 && read <= expected; read += bytes) bytes = readSync(fd, scratch, half + read, half - read, read);
    return read === expected && scratch.compare(scratch, 0, expected, half, half + expected) === 0;
  } finally {
    closeSync(fd);
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/**
 * The file system a write or check uses: the real one, with the operations `given` in place of
 * its own. A `readFile` given without `holds` answers `holds` too, so that every file is compared
 * through the file system that reads it.
 */
export function fileSystemOf(given: Partial<WriteFs> | undefined): WriteFs {
  const fs: WriteFs = { ...nodeFs, ...given };
  if (given?.readFile !== undefined && given.holds === undefined) {
    fs.holds = async (path, content) => {
      const text = await fs.readFile(path);
      return text === undefined ? undefined : text === content;
    };
  }
  return fs;
}

/** One item's outcome of {@link mapSettled}. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Runs `task` on every item, at most `limit` at a time, and waits for all of them, failed or not;
 * outcomes come back in item order.
 */
export async function mapSettled<I, T>(items: readonly I[], limit: number, task: (item: I, index: number) => Promise<T>): Promise<Settled<T>[]> {
  const results: Settled<T>[] = new Array<Settled<T>>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await task(items[index] as I, index) };
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
