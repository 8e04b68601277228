/**
 * Manifests from files, folders and standard input, as `kubectl apply -f` takes them: a folder is
 * searched, subfolders included, for `.yaml`, `.yml` and `.json` files. Unlike kubectl, hidden
 * files and folders are left out: they belong to tools (`.github/`, and meshform's own
 * `.meshform-owned.json` in every generated tree), not to the cluster.
 */
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { parseManifests, type ManifestFile, type ManifestReadIssue } from "./parse.js";
import { decodeUtf8 } from "./utf8.js";

/** The options of {@link readManifests}. */
export interface ReadManifestsOptions {
  /** What the input `-` reads. @defaultValue `process.stdin` */
  readonly stdin?: AsyncIterable<string | Uint8Array>;
}

/**
 * The largest file, or standard input, read: 64 MiB. A file is held whole while its documents
 * are read and checked, at up to about 8 times its size in memory (docs/validate.md, "Limits"),
 * so this keeps one file's share under about 0.5 GiB. A bigger input is refused unread.
 */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * Reads every manifest file of `inputs` (files, folders, or `-` for standard input), in the order
 * given and a folder's files sorted, and yields each file with its documents as
 * {@link parseManifests} reads them. Files are read one at a time, each only once the caller
 * has taken the previous one, so a caller that checks as it goes holds one file at a time. They
 * are read synchronously: for many small files that costs a fraction of the CPU time of
 * promise-based reads. Nothing is thrown for a bad input; instead a file comes with an issue:
 * `READ_FAILED` when it cannot be read or is over {@link MAX_INPUT_BYTES}, `YAML_SYNTAX` when a
 * byte is not UTF-8 (at its line and column) or the text is not YAML, and, after the last file of
 * an input that gave no document and no other issue (an empty folder, an empty file, empty
 * standard input), a `NO_MANIFESTS` issue named after the input.
 *
 * @example
 * ```ts
 * for await (const { documents, issue } of readManifests(["generated/", "-"])) {
 *   for (const document of documents) console.log(document.file, document.lineOf(["metadata", "name"]));
 * }
 * ```
 */
export async function* readManifests(inputs: readonly string[], options: ReadManifestsOptions = {}): AsyncGenerator<ManifestFile> {
  for (const input of inputs) {
    let found = false;
    const shape = { folder: false };
    for await (const file of readInput(input, options, shape)) {
      found ||= file.documents.length > 0 || file.issue !== undefined;
      yield file;
    }
    if (!found) yield noManifests(input, shape.folder);
  }
}

// --- internal ---

/** The files of one input; `shape.folder` is set when the input is a folder. */
async function* readInput(input: string, options: ReadManifestsOptions, shape: { folder: boolean }): AsyncGenerator<ManifestFile> {
  if (input === "-") {
    const read = await readStream(options.stdin ?? process.stdin);
    yield read instanceof Uint8Array ? parseBytes(read, "-") : tooLarge("-");
    return;
  }
  let files: string[];
  try {
    shape.folder = (await stat(input)).isDirectory();
    files = shape.folder ? await listManifests(input) : [input];
  } catch (error) {
    yield readFailure(input, error as NodeJS.ErrnoException);
    return;
  }
  for (const file of files) {
    const bytes = readBytes(file);
    yield bytes instanceof Uint8Array ? parseBytes(bytes, file) : bytes;
  }
}

/** The bytes of `file`, or why they were not read. */
function readBytes(file: string): Uint8Array | ManifestFile {
  try {
    const fd = openSync(file, "r");
    try {
      if (fstatSync(fd).size > MAX_INPUT_BYTES) return tooLarge(file);
      return readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return readFailure(file, error as NodeJS.ErrnoException);
  }
}

function parseBytes(bytes: Uint8Array, file: string): ManifestFile {
  const text = decodeUtf8(bytes);
  if (typeof text === "string") return parseManifests(text, file);
  const byte = `0x${text.byte.toString(16).toUpperCase().padStart(2, "0")}`;
  const issue: ManifestReadIssue = {
    code: "YAML_SYNTAX",
    severity: "error",
    message: `cannot read as YAML: byte ${byte} at column ${text.column} is not valid UTF-8, which the API server refuses`,
    hint: "save the file as UTF-8",
    source: { file, line: text.line, column: text.column },
  };
  return { file, documents: [], issue };
}

/** The `.yaml`, `.yml` and `.json` files under `folder`, sorted, without hidden files and folders. */
async function listManifests(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  // Each file's path inside the folder, relative, with `/`: the folders' relative paths are worked
  // out once each, not once per file, as a folder of a generated tree holds thousands of files.
  const folders = new Map<string, string>();
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !/\.(ya?ml|json)$/i.test(entry.name)) continue;
    let inside = folders.get(entry.parentPath);
    if (inside === undefined) {
      inside = relative(folder, entry.parentPath).split("\\").join("/");
      folders.set(entry.parentPath, inside);
    }
    const file = inside === "" ? entry.name : `${inside}/${entry.name}`;
    if (!HIDDEN.test(file)) files.push(file);
  }
  // The folder as `join` writes it ("." for the current one, "/" for the root), then each file under it.
  const base = join(folder, ".").split("\\").join("/");
  const prefix = base === "." ? "" : base.endsWith("/") ? base : `${base}/`;
  return files.sort().map((file) => prefix + file);
}

/** A path with a hidden file or folder in it (a part that starts with a dot). */
const HIDDEN = /(^|\/)\./;

/** Everything `stream` gives, or `undefined` once it is past {@link MAX_INPUT_BYTES} (the rest is not read). */
async function readStream(stream: AsyncIterable<string | Uint8Array>): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > MAX_INPUT_BYTES) return undefined;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

function tooLarge(file: string): ManifestFile {
  const limit = `${MAX_INPUT_BYTES / 1024 / 1024} MiB`;
  const issue: ManifestReadIssue = {
    code: "READ_FAILED",
    severity: "error",
    message: `cannot read: ${file === "-" ? "standard input" : "the file"} is larger than ${limit}, the most meshform reads from one input`,
    hint: "split the manifests into several files (a folder of files has no size limit)",
    source: { file },
  };
  return { file, documents: [], issue };
}

function noManifests(input: string, folder: boolean): ManifestFile {
  const hint =
    input === "-"
      ? "standard input was empty: pipe the manifests into it, e.g. the output of kustomize build"
      : folder
        ? "a folder is searched, subfolders included, for .yaml, .yml and .json files; hidden files and folders are left out"
        : "the file holds no document, or only empty ones";
  const issue: ManifestReadIssue = { code: "NO_MANIFESTS", severity: "error", message: `no manifests found in ${input === "-" ? "standard input" : input}`, hint, source: { file: input } };
  return { file: input, documents: [], issue };
}

function readFailure(file: string, error: NodeJS.ErrnoException): ManifestFile {
  const reason = error.code === "ENOENT" ? "no such file or folder" : error.code === "EACCES" ? "permission denied" : (error.message.split(",")[0] ?? error.message);
  return { file, documents: [], issue: { code: "READ_FAILED", severity: "error", message: `cannot read: ${reason}`, source: { file } } };
}
