import { relative, resolve } from "node:path";
import type { CodegenResult } from "@meshform/codegen";
import type { Palette } from "../output.js";
import { formatCount, formatSeconds } from "../report/format.js";
import { renderMark } from "../report/issues.js";
import { renderStaleFiles } from "../report/stale.js";

/** A finished `meshform codegen` run, as the report functions read it. */
export interface CodegenRun {
  readonly results: readonly CodegenResult[];
  /** Whether it only compared (`--check`). */
  readonly check: boolean;
  /** Wall time, in milliseconds. */
  readonly elapsedMs: number;
  /** Where paths are shown relative to. */
  readonly cwd: string;
}

/** One target of {@link CodegenRun} in the `--json` output. */
export interface CodegenTargetJson {
  readonly out: string;
  readonly kinds: number;
  readonly files: number;
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
  /** Documents read that held no kind; `document` counts from 1. */
  readonly skipped: readonly { readonly file: string; readonly document: number; readonly reason: string }[];
}

/** The number of files that differ from what is on disk. */
export function countStale(results: readonly CodegenResult[]): number {
  return results.reduce((sum, { diff }) => sum + diff.added.length + diff.changed.length + diff.removed.length, 0);
}

/** The object `--json` prints: whether it was a check, and each target's files and skipped documents. */
export function renderCodegenJson(run: CodegenRun): { check: boolean; targets: CodegenTargetJson[] } {
  const show = displayPath(run.cwd);
  const targets = run.results.map(({ out, kinds, files, diff, skipped }) => ({
    out: show(out),
    kinds,
    files: files.length,
    added: diff.added,
    changed: diff.changed,
    removed: diff.removed,
    unchanged: diff.unchanged,
    skipped: skipped.map(({ file, index, reason }) => ({ file: show(file), document: index + 1, reason })),
  }));
  return { check: run.check, targets };
}

/** One `⚠ file (document N): reason` line per input document that held no kind. */
export function renderSkipped(run: CodegenRun, palette: Palette): string[] {
  const show = displayPath(run.cwd);
  return run.results.flatMap(({ skipped }) =>
    skipped.map(({ file, index, reason }) => `${renderMark("warning", palette)} ${show(file)} (document ${index + 1}): ${reason}`),
  );
}

/** One `✖ file: state` line per stale file, for `--check`: `missing`, `out of date` or `obsolete`. */
export function renderStale(run: CodegenRun, palette: Palette): string[] {
  const show = displayPath(run.cwd);
  return run.results.flatMap(({ out, diff }) => renderStaleFiles(diff, palette, (file) => show(resolve(out, file))));
}

/** The closing line of a failed `--check`: how many files are stale and how to update them. */
export function renderStaleCount(stale: number): string {
  return `Found ${formatCount(stale, "stale file")}: run the same command without --check to update ${stale === 1 ? "it" : "them"}.`;
}

/**
 * The summary line, e.g. `codegen: 4 targets, 44 kinds, 73 files (12 written, 61 unchanged,
 * 0 removed) in 1.2s`; with `--check` it counts missing, out-of-date, obsolete and current files.
 */
export function renderSummary(run: CodegenRun): string {
  const total = (pick: (result: CodegenResult) => number): number => run.results.reduce((sum, r) => sum + pick(r), 0);
  const added = total((r) => r.diff.added.length);
  const changed = total((r) => r.diff.changed.length);
  const removed = total((r) => r.diff.removed.length);
  const unchanged = total((r) => r.diff.unchanged);
  const counts = run.check
    ? `${added} missing, ${changed} out of date, ${removed} obsolete, ${unchanged} current`
    : `${added + changed} written, ${unchanged} unchanged, ${removed} removed`;
  const what = [formatCount(run.results.length, "target"), formatCount(total((r) => r.kinds), "kind"), formatCount(total((r) => r.files.length), "file")];
  return `codegen${run.check ? " --check" : ""}: ${what.join(", ")} (${counts}) in ${formatSeconds(run.elapsedMs)}`;
}

// --- internal ---

function displayPath(cwd: string): (file: string) => string {
  return (file) => (/^https?:\/\//i.test(file) ? file : relative(cwd, resolve(cwd, file)).split("\\").join("/") || ".");
}
