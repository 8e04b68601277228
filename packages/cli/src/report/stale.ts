/** Files that differ from what would be written, as `--check` names them. */
import type { CheckResult } from "@meshform/render";
import type { Palette } from "../output.js";
import { renderMark } from "./issues.js";

/** The files a check found stale, by how they differ (`generate` and `codegen` both check so). */
export type StaleFiles = Pick<CheckResult, "added" | "changed" | "removed">;

/**
 * One `✖ path: state` line per stale file: `missing`, `out of date` or `obsolete`.
 *
 * @param show - how a path is shown, e.g. relative to the working folder
 */
export function renderStaleFiles(files: StaleFiles, palette: Palette, show: (path: string) => string = (path) => path): string[] {
  const mark = renderMark("error", palette);
  return [
    ...files.added.map((path) => `${mark} ${show(path)}: missing`),
    ...files.changed.map((path) => `${mark} ${show(path)}: out of date`),
    ...files.removed.map((path) => `${mark} ${show(path)}: obsolete`),
  ];
}
