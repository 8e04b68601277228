// Compares the files to write with what is on disk, without changing anything: shared by
// writeTree and checkTree.
import { join, sep } from "node:path";
import { describeFileSystemFailure } from "@meshform/diagnostics";
import { RenderError } from "./errors.js";
import type { EmittedFile } from "./emit.js";
import { firstFailure, mapSettled, type Settled, type WriteFs } from "./fs.js";
import { isSafePath, OWNED_FILE, readOwned } from "./owned.js";

/** How one file to write compares with the disk. */
export type FileState = "added" | "changed" | "unchanged" | "conflict";

/** One file to write, with what is on disk at its path. */
export interface InspectedFile {
  /** The file to write. */
  readonly file: EmittedFile;
  /** The absolute path. */
  readonly target: string;
  /**
   * The text on disk of a file that is there and differs, when the texts were asked for;
   * `undefined` otherwise (see {@link FileState} for whether a file is there).
   */
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
  /** Owned files outside the scope (see `WriteOptions.scope`): left as they are, and still owned. */
  readonly kept: readonly string[];
  /** Folders (relative) that do not exist yet and are needed, parents first. */
  readonly missingFolders: readonly string[];
  /** Whether the output folder itself does not exist yet. */
  readonly rootMissing: boolean;
}

/** The folder that holds a relative path: `a/b/c.yaml` → `a/b`; `""` for a path at the top. */
function parentOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** Every folder above the relative paths, sorted: `a/b/c.yaml` → `a`, `a/b`. */
function foldersAbove(paths: Iterable<string>): string[] {
  const folders = new Set<string>();
  let previous = ""; // the folder of the previous path: files come folder by folder
  for (const path of paths) {
    const slash = path.lastIndexOf("/");
    if (slash < 0 || (slash === previous.length && path.startsWith(previous))) continue;
    previous = path.slice(0, slash);
    // A folder already found was found with every folder above it.
    for (let folder = previous; folder !== "" && !folders.has(folder); folder = parentOf(folder)) folders.add(folder);
  }
  return [...folders].sort();
}

/**
 * The absolute path of a relative path inside the output folder. The path is safe (see
 * {@link isSafePath}) and the folder resolved, so on POSIX there is nothing for `join` to normalise.
 */
export function pathInside(root: string, relative: string): string {
  if (sep !== "/") return join(root, relative);
  return root.endsWith("/") ? `${root}${relative}` : `${root}/${relative}`;
}

/** Whether a relative path lies inside one of the scope's folders; every path does without a scope. */
function inScope(path: string, scope: readonly string[] | undefined): boolean {
  return scope === undefined || scope.some((folder) => path.startsWith(`${folder}/`));
}

/** Checks that every path to write is safe, inside the scope and given once; returns them. */
function checkFilePaths(root: string, files: readonly EmittedFile[], scope: readonly string[] | undefined): Set<string> {
  const seen = new Set<string>();
  for (const { path } of files) {
    if (!isSafePath(path)) {
      throw new RenderError("RENDER_UNSAFE_PATH", `${JSON.stringify(path)} is not a relative path meshform may write inside ${root}`);
    }
    if (!inScope(path, scope)) {
      throw new RenderError("RENDER_UNSAFE_PATH", `${path} is outside the folders this run covers in ${root} (${(scope ?? []).join(", ")})`);
    }
    if (seen.has(path)) throw new RenderError("RENDER_UNSAFE_PATH", `${path} is given twice`);
    seen.add(path);
  }
  return seen;
}

/**
 * Finds the folders that must exist under the root; refuses a folder that is a link (writing
 * through it could leave the output folder) or a file.
 */
async function inspectFolders(fs: WriteFs, root: string, paths: Iterable<string>): Promise<string[]> {
  const folders = foldersAbove(paths);
  const types = await mapSettled(folders, 32, (folder) => fs.entryType(join(root, folder)));
  const missing: string[] = [];
  folders.forEach((folder, index) => {
    const type = valueAt(types, index, "inspect", root, folder);
    if (type === undefined) missing.push(folder);
    else if (type === "link") {
      throw new RenderError("RENDER_UNSAFE_PATH", `${join(root, folder)} is a symbolic link; meshform writes nothing through links: replace the link with the folder it points to`);
    } else if (type !== "directory") {
      throw new RenderError("RENDER_PATH_CONFLICT", `${join(root, folder)} is a file where meshform needs a folder; move it away`);
    }
  });
  return missing;
}

/**
 * The value of the outcome at `index` of {@link mapSettled}'s outcomes; throws its failure as
 * {@link ioError} for `relative` inside `root` (the path is made only then).
 */
function valueAt<T>(results: readonly Settled<T>[], index: number, action: string, root: string, relative: string): T {
  const result = results[index];
  if (result === undefined || !result.ok) throw ioError(action, join(root, relative), result?.ok === false ? result.error : undefined);
  return result.value;
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

function stateOf(path: string, holds: boolean | undefined, owned: ReadonlySet<string>): FileState {
  if (holds === undefined) return "added";
  if (holds) return "unchanged";
  return owned.has(path) ? "changed" : "conflict";
}

/**
 * Reads the output folder as it is: the ownership manifest, whether every path to write holds
 * its text already, the stale owned files. Changes nothing. With `texts`, also reads the text of
 * each file that differs.
 *
 * @throws {@link RenderError} `RENDER_UNSAFE_PATH` for a path that is not safe or a folder that is
 * a link, `RENDER_MANIFEST_INVALID`, `RENDER_PATH_CONFLICT` for a file where a folder is needed,
 * `RENDER_WRITE_FAILED` when reading fails.
 */
export async function inspectTree(fs: WriteFs, root: string, files: readonly EmittedFile[], limit: number, texts = false, scope?: readonly string[]): Promise<InspectedTree> {
  const wanted = checkFilePaths(root, files, scope);
  const rootType = await fs.entryType(root).catch((error: unknown) => {
    throw ioError("inspect", root, error);
  });
  if (rootType === "file" || rootType === "other") {
    throw new RenderError("RENDER_PATH_CONFLICT", `${root} is a file, not an output folder; write to a folder, or move the file away`);
  }
  const exists = rootType !== undefined;
  const manifest = exists ? await readOwned(fs, root, wanted).catch(rethrowAsIoError("read", join(root, OWNED_FILE))) : undefined;
  const owned = manifest?.owned ?? new Set<string>();
  const ownedText = manifest?.text;
  // Owned files not to be written any more: their folders are looked at too, and they are the stale ones if there.
  const unwanted = [...owned].filter((path) => !wanted.has(path) && inScope(path, scope));
  const kept = scope === undefined ? [] : [...owned].filter((path) => !inScope(path, scope));
  const missingFolders = exists ? await inspectFolders(fs, root, [...wanted, ...unwanted]) : foldersAbove(wanted);
  const missing = new Set(missingFolders);
  // Every folder below a missing one is missing too, and listed: a path's own folder tells.
  const inMissingFolder = (path: string) => missing.size > 0 && missing.has(parentOf(path));
  const targets = files.map((file) => pathInside(root, file.path));
  // A new output folder has nothing to read: its files are all added.
  const holds = exists
    ? await mapSettled(files, limit, (file, index) => (inMissingFolder(file.path) ? Promise.resolve(undefined) : fs.holds(targets[index] as string, file.content)))
    : undefined;
  const states = files.map((file, index): FileState => {
    if (holds === undefined) return "added";
    return stateOf(file.path, valueAt(holds, index, "read", root, file.path), owned);
  });
  const differing = texts ? files.filter((_, index) => states[index] === "changed" || states[index] === "conflict") : [];
  const reads = await mapSettled(differing, limit, (file) => fs.readFile(pathInside(root, file.path)));
  const currents = new Map<EmittedFile, string | undefined>();
  differing.forEach((file, index) => currents.set(file, valueAt(reads, index, "read", root, file.path)));
  const inspected = files.map((file, index): InspectedFile => ({ file, target: targets[index] as string, current: currents.get(file), state: states[index] as FileState }));
  const gone = unwanted.filter((path) => !inMissingFolder(path)).sort();
  const types = await mapSettled(gone, limit, (path) => fs.entryType(pathInside(root, path)));
  const failed = firstFailure(types);
  if (failed) throw ioError("inspect", root, failed.error);
  const stale = gone.filter((_, index) => {
    const result = types[index];
    return result?.ok === true && result.value !== undefined;
  });
  return { root, owned, ownedText, files: inspected, stale, kept, missingFolders, rootMissing: !exists };
}
