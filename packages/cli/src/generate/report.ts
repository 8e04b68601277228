import { formatIssue, formatResource, summarizeIssues, type Issue } from "@meshform/diagnostics";
import type { Palette } from "../output.js";
import type { GenerateRun } from "./pipeline.js";

/**
 * Issues grouped by file, then by resource: a header line per group and a `✖`/`⚠`/`ℹ` line per
 * issue, ending with `Found N errors and M warnings`.
 */
export function renderIssues(issues: readonly Issue[], palette: Palette): string[] {
  const groups = new Map<string, Issue[]>();
  for (const issue of issues) {
    const file = issue.source?.file ?? "";
    const resource = issue.resource ? formatResource(issue.resource) : "";
    const key = `${file}\u0000${resource}`;
    groups.set(key, [...(groups.get(key) ?? []), issue]);
  }
  const lines: string[] = [];
  for (const [key, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [file, resource] = key.split("\u0000");
    lines.push(palette.bold([file, resource].filter((p) => p !== "").join(" - ")));
    for (const issue of group) {
      const mark = issue.severity === "error" ? palette.red("✖") : issue.severity === "warning" ? palette.yellow("⚠") : palette.dim("ℹ");
      const { resource: _r, ...rest } = issue;
      const line = rest.source?.line !== undefined ? { ...rest, source: { file: `line ${rest.source.line}` } } : { ...rest, source: undefined };
      lines.push(`  ${mark} ${formatIssue(line)}`);
    }
  }
  lines.push(summarizeIssues(issues));
  return lines;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** `generate: 3 namespaces, 12 resources, 17 files (5 written, 12 unchanged, 0 removed) in 0.4s`. */
export function renderGenerateSummary(run: GenerateRun, elapsedMs: number): string {
  const head = `generate: ${count(run.namespaces, "namespace")}, ${count(run.resources.length, "resource")}, ${count(run.files, "file")}`;
  if (run.written) {
    const { written, unchanged, removed } = run.written;
    return `${head} (${written.length} written, ${unchanged.length} unchanged, ${removed.length} removed) in ${seconds(elapsedMs)}`;
  }
  if (run.checked) {
    const { added, changed, removed, unchanged } = run.checked;
    const state = run.checked.upToDate ? "up to date" : `${added.length} to add, ${changed.length} to change, ${removed.length} to remove`;
    return `${head} (${state}, ${unchanged} unchanged) in ${seconds(elapsedMs)}`;
  }
  return `generate: nothing written: fix the errors above (${seconds(elapsedMs)})`;
}

/** The object `--json` prints. */
export function renderGenerateJson(run: GenerateRun, elapsedMs: number): Record<string, unknown> {
  return {
    namespaces: run.namespaces,
    resources: run.resources.length,
    files: run.files,
    issues: run.issues,
    ...(run.written ? { written: run.written.written, unchanged: run.written.unchanged.length, removed: run.written.removed } : {}),
    ...(run.checked ? { upToDate: run.checked.upToDate, added: run.checked.added, changed: run.checked.changed, removed: run.checked.removed, unchanged: run.checked.unchanged } : {}),
    elapsedMs: Math.round(elapsedMs),
  };
}
