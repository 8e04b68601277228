// The output folders `meshform generate` refuses, checked from the command line alone, before the
// config is loaded: meshform replaces and deletes the files it owns there. The empty, root and
// home folders are render's rule (its writer refuses them too); the config's folder is the CLI's.
import { realpathSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join, resolve, sep } from "node:path";
import { outputFolderProblem, type OutputFolderProblem } from "@meshform/render";
import { UsageError } from "../errors.js";

/** What each refusal ends with: what to pass instead. */
const INSTEAD = "meshform replaces and deletes files in its output folder, so it needs a folder of its own: pass one such as --out generated";

/** Why each folder render's rule refuses is refused, in the words of the command line. */
const REASONS: Readonly<Record<OutputFolderProblem, (out: string, cwd: string) => string>> = {
  empty: (_out, cwd) => `--out is empty, which would write into the current folder (${cwd})`,
  root: (out) => `--out ${out} is a file-system root`,
  home: (out) => `--out ${out} is the home folder`,
};

/**
 * An absolute path with every link in its existing part resolved, so that two spellings of one
 * folder compare equal; the part that does not exist yet is kept as written.
 */
function canonical(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(canonical(parent), basename(path));
  }
}

function isSameOrInside(folder: string, ancestor: string): boolean {
  return folder === ancestor || folder.startsWith(ancestor.endsWith(sep) ? ancestor : ancestor + sep);
}

/**
 * Refuses an output folder meshform must not own: an empty `--out` (today's folder by accident),
 * a file-system root, the home folder, and the folder that holds the config or any folder above it
 * (meshform would then own files beside the config, in the user's repository).
 *
 * @param out - `--out` as given
 * @param config - the config's absolute path
 * @param shownConfig - the config as the user named it, for the message
 * @param cwd - the folder `--out` is relative to
 * @param home - the home folder, `os.homedir()` when absent
 * @throws UsageError saying why the folder is refused and what to pass instead
 */
export function refuseOutputFolder(out: string, config: string, shownConfig: string, cwd: string, home: string = homedir()): void {
  const fail = (why: string) => {
    throw new UsageError(`${why}; ${INSTEAD}`, "meshform generate");
  };
  // render's rule decides; it is given both folders with their links resolved, so that any
  // spelling of the home folder is caught.
  const folder = out.trim() === "" ? "" : canonical(resolve(cwd, out));
  const problem = outputFolderProblem(folder, home === "" ? "" : canonical(resolve(home)));
  if (problem !== undefined) fail(REASONS[problem](out, cwd));
  const configFolder = canonical(dirname(config));
  if (folder === configFolder) fail(`--out ${out} is the folder that holds ${shownConfig}: meshform would share it with the config and your repository`);
  if (isSameOrInside(configFolder, folder)) fail(`--out ${out} holds ${shownConfig} in a folder below it: meshform would share it with the config and your repository`);
}
