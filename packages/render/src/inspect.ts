// Compares the files to write with what is on disk, without changing anything: shared by
// writeTree and checkTree.
import { join } from "node:path";
import { describeFileSystemFailure } from "@meshform/diagnostics";
import { RenderError } from "./errors.js";
import type { EmittedFile } from "./emit.js";
import { firstFailure, mapSettled, type WriteFs } from "./fs.js";
import { isSafePath, OWNED_FILE, readOwned } from "./owned.js";

/** How one file to write compares with the disk. */
export type FileState = "added" | "changed" | "unchanged" | "conflict";

/** One file to write, with what is on disk at its path. */
export interface InspectedFile {
  /** The file to write. */
  readonly file: EmittedFile;
  /** The absolute path. */
  readonly target: string;
  /** The text on disk, `undefined` when there is none. */
  readonly current: string | undefined;
  /** `conflict`: a different file is there and meshform does not own it. */
  readonly state: FileState;
}

/** The output folder as it is, against the files to write. */
export interface InspectedTree {
  /** The absolute output folder. */
  readonly root: string;
  /** The paths the ownership manifest lists now. */
  readonly owned: ReadonlySet<string>;
  /** The manifest's text on disk, `undefined` when there is none. */
  readonly ownedText: string | undefined;
  /** Every file to write, in the given order. */
  readonly files: readonly InspectedFile[];
  /** Owned files on disk that are not to be written any more, sorted. */
  readonly stale: readonly string[];
  /** Folders (relative) that do not exist yet and are needed, parents first. */
  readonly missingFolders: readonly string[];
  /** Whether the output folder itself does not exist yet. */
  readonly rootMissing: boolean;
}

/** The outcome of reading a file that is not there. */
const NOTHING_READ = { ok: true, value: undefined } as const;

/** Every folder above a relative path, shallowest first: `a/b/c.yaml` → `a`, `a/b`. */
function foldersOf(path: string): string[] {
  const parts = path.split("/");
  return parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join("/"));
}

function checkFilePaths(root: string, files: readonly EmittedFile[]): void {
  const seen = new Set<string>();
  for (const { path } of files) {
    if (!isSafePath(path)) {
      throw new RenderError("RENDER_UNSAFE_PATH", `${JSON.stringify(path)} is not a relative path meshform may write inside ${root}`);
    }
    if (seen.has(path)) throw new RenderError("RENDER_UNSAFE_PATH", `${path} is given twice`);
    seen.add(path);
  }
}

/**
 * Finds the folders that must exist under the root; refuses a folder that is a link (writing
 * through it could leave the output folder) or a file.
 */
async function inspectFolders(fs: WriteFs, root: string, paths: Iterable<string>): Promise<string[]> {
  const folders = [...new Set([...paths].flatMap(foldersOf))].sort();
  const types = await mapSettled(folders, 32, (folder) => fs.entryType(join(root, folder)));
  const missing: string[] = [];
  folders.forEach((folder, index) => {
    const result = types[index];
    if (result === undefined || !result.ok) throw ioError("inspect", join(root, folder), result?.ok === false ? result.error : undefined);
    if (result.value === undefined) missing.push(folder);
    else if (result.value === "link") {
      throw new RenderError("RENDER_UNSAFE_PATH", `${join(root, folder)} is a symbolic link; meshform writes nothing through links: replace the link with the folder it points to`);
    } else if (result.value !== "directory") {
      throw new RenderError("RENDER_PATH_CONFLICT", `${join(root, folder)} is a file where meshform needs a folder; move it away`);
    }
  });
  return missing;
}

/** A file-system failure as a {@link RenderError}: what failed, where, why and what to do. */
export function ioError(action: string, path: string, cause: unknown): RenderError {
  return new RenderError("RENDER_WRITE_FAILED", `cannot ${action} ${path}: ${describeFileSystemFailure(cause)}`, { cause });
}

/** A rejection handler that passes a {@link RenderError} on and turns any other failure into one. */
function rethrowAsIoError(action: string, path: string): (error: unknown) => never {
  return (error) => {
    throw error instanceof RenderError ? error : ioError(action, path, error);
  };
}

function stateOf(file: EmittedFile, current: string | undefined, owned: ReadonlySet<string>): FileState {
  if (current === undefined) return "added";
  if (current === file.content) return "unchanged";
  return owned.has(file.path) ? "changed" : "conflict";
}

/**
 * Reads the output folder as it is: the ownership manifest, the current text at every path to
 * write, the stale owned files. Changes nothing.
 *
 * @throws {@link RenderError} `RENDER_UNSAFE_PATH` for a path that is not safe or a folder that is
 * a link, `RENDER_MANIFEST_INVALID`, `RENDER_PATH_CONFLICT` for a file where a folder is needed,
 * `RENDER_WRITE_FAILED` when reading fails.
 */
export async function inspectTree(fs: WriteFs, root: string, files: readonly EmittedFile[], limit: number): Promise<InspectedTree> {
  checkFilePaths(root, files);
  const rootType = await fs.entryType(root).catch((error: unknown) => {
    throw ioError("inspect", root, error);
  });
  if (rootType === "file" || rootType === "other") {
    throw new RenderError("RENDER_PATH_CONFLICT", `${root} is a file, not an output folder; write to a folder, or move the file away`);
  }
  const exists = rootType !== undefined;
  const manifest = exists ? await readOwned(fs, root).catch(rethrowAsIoError("read", join(root, OWNED_FILE))) : undefined;
  const owned = manifest?.owned ?? new Set<string>();
  const ownedText = manifest?.text;
  const wanted = new Set(files.map((file) => file.path));
  const missingFolders = exists ? await inspectFolders(fs, root, [...wanted, ...owned]) : [...new Set([...wanted].flatMap(foldersOf))].sort();
  const missing = new Set(missingFolders);
  const inMissingFolder = (path: string) => foldersOf(path).some((folder) => missing.has(folder));
  // A new output folder has nothing to read: its files are all added.
  const reads = exists
    ? await mapSettled(files, limit, (file) => (inMissingFolder(file.path) ? Promise.resolve(undefined) : fs.readFile(join(root, file.path))))
    : files.map(() => NOTHING_READ);
  const inspected = files.map((file, index): InspectedFile => {
    const read = reads[index];
    const target = join(root, file.path);
    if (read === undefined || !read.ok) throw ioError("read", target, read?.ok === false ? read.error : undefined);
    return { file, target, current: read.value, state: stateOf(file, read.value, owned) };
  });
  const gone = [...owned].filter((path) => !wanted.has(path) && !inMissingFolder(path)).sort();
  const types = await mapSettled(gone, limit, (path) => fs.entryType(join(root, path)));
  const failed = firstFailure(types);
  if (failed) throw ioError("inspect", root, failed.error);
  const stale = gone.filter((_, index) => {
    const result = types[index];
    return result?.ok === true && result.value !== undefined;
  });
  return { root, owned, ownedText, files: inspected, stale, missingFolders, rootMissing: !exists };
}
