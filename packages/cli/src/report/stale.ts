/** Files that differ from what would be written, as `--check` names them. */
import { namespaceOf, vanishedFolders, type CheckResult } from "@meshform/render";
import type { Palette } from "../output.js";
import { formatCount } from "./format.js";
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

/**
 * What `generate --check` found: a `✖ path: missing` or `out of date` line per file to add or
 * change, then, apart, a `would remove:` section naming the folders that would disappear and the
 * Namespace objects first, then every file, and whether writing them needs `--allow-removal`.
 */
export function renderCheckedTree(checked: Pick<CheckResult, "added" | "changed" | "removal">, palette: Palette): string[] {
  const { removal } = checked;
  const lines = renderStaleFiles({ added: checked.added, changed: checked.changed, removed: [] }, palette);
  if (removal.files.length === 0) return lines;
  const mark = renderMark("error", palette);
  lines.push("would remove:");
  for (const { folder, files } of vanishedFolders(removal).folders) lines.push(`  ${mark} folder ${folder}/ (${formatCount(files, "file")}; Argo CD deletes its Application)`);
  for (const path of removal.namespaceObjects) lines.push(`  ${mark} Namespace object ${namespaceOf(path)}: ${path}`);
  for (const path of removal.files) lines.push(`  ${mark} ${path}`);
  if (removal.needsConsent) lines.push("  these removals need consent: `meshform generate` stops before writing unless given --allow-removal");
  return lines;
}

