// The ownership manifest: the list of files meshform wrote in an output folder, kept in that
// folder. Only files listed there are ever replaced or deleted.
import { basename, dirname, join } from "node:path";
import { RenderError } from "./errors.js";
import type { WriteFs } from "./fs.js";

/** The name of the ownership manifest inside the output folder. */
export const OWNED_FILE = ".meshform-owned.json";

/** The suffix of the temporary file each file is staged in, beside it. */
const TEMP_SUFFIX = ".meshform-tmp";

/**
 * A relative path meshform may write: `/`-separated parts of letters, digits, `.`, `_` and `-`,
 * none starting with a dot. No such path leaves the folder, and none is hidden.
 */
const SAFE_PATH = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

/** The suffix of the lock file beside an output folder (`.<name>.meshform-lock`). */
export const LOCK_SUFFIX = ".meshform-lock";

/** The suffix of the write journal beside an output folder (`.<name>.meshform-journal`). */
export const JOURNAL_SUFFIX = ".meshform-journal";

/** Suffixes of meshform's own bookkeeping files; never a file it writes for a user. */
const RESERVED_SUFFIXES = [TEMP_SUFFIX, LOCK_SUFFIX, JOURNAL_SUFFIX];

/** Whether `path` is a relative path meshform may write inside its output folder. */
export function isSafePath(path: string): boolean {
  return path.length <= 1024 && SAFE_PATH.test(path) && !RESERVED_SUFFIXES.some((suffix) => path.endsWith(suffix));
}

/** A hidden bookkeeping file beside a file or folder: `.<name><suffix>`, in the same folder. */
export function hiddenBeside(absolute: string, suffix: string): string {
  return join(dirname(absolute), `.${basename(absolute)}${suffix}`);
}

/**
 * The temporary file a file is staged in: hidden, in the same folder, so that renaming it over the
 * file is atomic.
 */
export function tempPathOf(absolute: string): string {
  return hiddenBeside(absolute, TEMP_SUFFIX);
}

/** The name a temporary file or folder is staged for (`.x.meshform-tmp` → `x`); `undefined` for any other name. */
export function targetOfTemp(name: string): string | undefined {
  if (!name.startsWith(".") || !name.endsWith(TEMP_SUFFIX) || name.length <= TEMP_SUFFIX.length + 1) return undefined;
  return name.slice(1, -TEMP_SUFFIX.length);
}

/**
 * The text of the ownership manifest for a set of relative paths: sorted by UTF-16 code units
 * (`sort()` without a comparator), deterministic.
 */
export function formatOwned(paths: Iterable<string>): string {
  const files = [...new Set(paths)].sort();
  const note = "Files meshform wrote here and may replace or delete; every other file is left alone. Do not edit.";
  return `${JSON.stringify({ note, files }, null, 2)}\n`;
}

/**
 * Reads the ownership manifest of an output folder: the relative paths meshform owns there (none
 * when there is no manifest yet), and the manifest's text, `undefined` when there is none.
 *
 * @param safe - paths already known to pass {@link isSafePath} (the files to write): not checked again
 * @throws {@link RenderError} `RENDER_MANIFEST_INVALID` when the manifest is not what meshform
 * writes, or lists a path outside the folder.
 */
export async function readOwned(fs: WriteFs, root: string, safe: ReadonlySet<string> = new Set()): Promise<{ owned: Set<string>; text: string | undefined }> {
  const path = join(root, OWNED_FILE);
  const text = await fs.readFile(path);
  if (text === undefined) return { owned: new Set(), text };
  let files: unknown;
  try {
    files = (JSON.parse(text) as { files?: unknown } | null)?.files;
  } catch {
    files = undefined;
  }
  if (!Array.isArray(files)) throw invalidOwned(path, "it is not JSON with a files list");
  const bad = files.find((file) => typeof file !== "string" || !(safe.has(file) || isSafePath(file)));
  if (bad !== undefined) throw invalidOwned(path, `it lists ${JSON.stringify(bad)}, which is not a path inside the folder`);
  return { owned: new Set(files as string[]), text };
}

function invalidOwned(path: string, reason: string): RenderError {
  const hint = "restore it from version control, or delete it and remove the files meshform wrote";
  return new RenderError("RENDER_MANIFEST_INVALID", `${path}: ${reason}; ${hint}`);
}
