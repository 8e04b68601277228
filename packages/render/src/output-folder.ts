// The output folders meshform refuses to own: it replaces and deletes files there, so the folder
// must be one of its own, never the current folder by accident, the top of a disk or a home folder.
import { homedir } from "node:os";
import { parse, resolve } from "node:path";
import { RenderError } from "./errors.js";

/** Why an output folder is refused: none given, a file-system root, or the home folder. */
export type OutputFolderProblem = "empty" | "root" | "home";

/**
 * Whether meshform must refuse `out` as its output folder, and why: an empty path (which would
 * mean the current folder), a file-system root, or the user's home folder. `undefined` when it is
 * acceptable.
 *
 * @param home - the home folder to compare with, `os.homedir()` when absent
 */
export function outputFolderProblem(out: string, home: string = homedir()): OutputFolderProblem | undefined {
  if (out.trim() === "") return "empty";
  const folder = resolve(out);
  if (parse(folder).root === folder) return "root";
  if (home !== "" && folder === resolve(home)) return "home";
  return undefined;
}

const REASONS: Readonly<Record<OutputFolderProblem, (folder: string) => string>> = {
  empty: (folder) => `the output folder is an empty path, which would mean the current folder (${folder})`,
  root: (folder) => `the output folder ${folder} is a file-system root`,
  home: (folder) => `the output folder ${folder} is the home folder`,
};

/**
 * The error that refuses `out` as an output folder, or `undefined` when it is acceptable.
 *
 * @param home - the home folder to compare with, `os.homedir()` when absent
 */
export function outputFolderError(out: string, home: string = homedir()): RenderError | undefined {
  const problem = outputFolderProblem(out, home);
  if (problem === undefined) return undefined;
  const reason = REASONS[problem](resolve(out));
  const advice = "meshform replaces and deletes the files it owns in its output folder, which must be a folder of its own: pass one such as \"generated\"";
  return new RenderError("RENDER_OUTPUT_REFUSED", `${reason}; ${advice}; nothing was written`);
}
