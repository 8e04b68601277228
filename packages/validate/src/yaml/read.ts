/**
 * Manifests from files, folders and standard input, as `kubectl apply -f` takes them: a folder is
 * searched, subfolders included, for `.yaml`, `.yml` and `.json` files. Unlike kubectl, hidden
 * files and folders are left out: they belong to tools (`.github/`, and meshform's own
 * `.meshform-owned.json` in every generated tree), not to the cluster.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { parseManifests, type ManifestFile } from "./parse.js";

/** The options of {@link readManifests}. */
export interface ReadManifestsOptions {
  /** What the input `-` reads. @defaultValue `process.stdin` */
  readonly stdin?: AsyncIterable<string | Uint8Array>;
}

/** How many files are read at once. */
const BATCH = 128;

/**
 * Reads every manifest file of `inputs` (files, folders, or `-` for standard input), in the order
 * given and a folder's files sorted, and yields each file with its documents as
 * {@link parseManifests} reads them. Files are read 128 at a time, the next batch only
 * once the caller has taken the previous one, so a caller that checks as it goes holds few files
 * at a time. An input that cannot be read is a file with a `READ_FAILED` issue; nothing is thrown
 * for it.
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
    if (input === "-") {
      yield parseManifests(await readStream(options.stdin ?? process.stdin), "-");
      continue;
    }
    let files: string[];
    try {
      files = (await stat(input)).isDirectory() ? await listManifests(input) : [input];
    } catch (error) {
      yield readFailure(input, error as NodeJS.ErrnoException);
      continue;
    }
    for (let i = 0; i < files.length; i += BATCH) {
      const batch = files.slice(i, i + BATCH);
      const texts = await Promise.all(batch.map((file) => readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => error)));
      for (const [j, text] of texts.entries()) yield typeof text === "string" ? parseManifests(text, batch[j]!) : readFailure(batch[j]!, text);
    }
  }
}

// --- internal ---

/** The `.yaml`, `.yml` and `.json` files under `folder`, sorted, without hidden files and folders. */
async function listManifests(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && /\.(ya?ml|json)$/i.test(e.name)).map((e) => join(relative(folder, e.parentPath), e.name));
  const visible = files.filter((file) => !file.split(/[\\/]/).some((part) => part.startsWith(".")));
  return visible.sort().map((file) => join(folder, file).split("\\").join("/"));
}

async function readStream(stream: AsyncIterable<string | Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function readFailure(file: string, error: NodeJS.ErrnoException): ManifestFile {
  const reason = error.code === "ENOENT" ? "no such file or folder" : error.code === "EACCES" ? "permission denied" : (error.message.split(",")[0] ?? error.message);
  return { file, documents: [], issue: { code: "READ_FAILED", severity: "error", message: `cannot read: ${reason}`, source: { file } } };
}
