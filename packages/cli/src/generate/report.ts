import { formatCount, formatSeconds } from "../report/format.js";
import { renderIssueRecord } from "../report/records.js";
import type { CheckResult } from "@meshform/render";
import type { GenerateRun, GenerationPlan } from "@meshform/engine";

/** What the summary and `--json` read of a run: its counts (never its resources), and of its plan the environments, trees and use of the cache. */
export type GenerateReport = Omit<GenerateRun, "plan" | "resources"> & { readonly plan?: Pick<GenerationPlan, "environments" | "trees" | "cache"> };

/** `, plan reused from the cache` when the run took its files from the generation cache. */
function reusedPart(run: GenerateReport): string {
  return run.plan?.cache?.state === "reused" ? ", plan reused from the cache" : "";
}

/** `3 environments, 4 trees, ` for a run over environments; nothing without them. */
function environmentsPart(run: GenerateReport): string {
  const environments = run.plan?.environments ?? [];
  if (environments.length === 0) return "";
  const trees = run.plan?.trees.length ?? 0;
  return `${formatCount(environments.length, "environment")}, ${trees > 0 ? `${formatCount(trees, "tree")}, ` : ""}`;
}

/**
 * `generate: 3 namespaces, 12 resources, 17 files (5 written, 12 unchanged, 0 removed) in 0.4s`;
 * with environments, `generate: 3 environments, 4 trees, 5 namespaces, ...`; `..., plan reused from the
 * cache` at the end when the files came from the generation cache.
 */
export function renderGenerateSummary(run: GenerateReport, elapsedMs: number): string {
  const head = `generate: ${environmentsPart(run)}${formatCount(run.namespaces, "namespace")}, ${formatCount(run.resourceCount, "resource")}, ${formatCount(run.files, "file")}`;
  if (run.written) {
    const { written, unchanged, removed } = run.written;
    return `${head} (${written.length} written, ${unchanged.length} unchanged, ${removed.length} removed) in ${formatSeconds(elapsedMs)}${reusedPart(run)}`;
  }
  if (run.checked) {
    const { added, changed, removed, unchanged } = run.checked;
    const state = run.checked.upToDate ? "up to date" : `${added.length} to add, ${changed.length} to change, ${removed.length} to remove`;
    return `${head} (${state}, ${unchanged} unchanged) in ${formatSeconds(elapsedMs)}${reusedPart(run)}`;
  }
  return `generate: nothing written: fix the errors above (${formatSeconds(elapsedMs)})`;
}

/**
 * What `--check --json` says of the removals, apart from `removed`: the folders that would
 * disappear, the Namespace objects among the files, and whether writing needs `--allow-removal`.
 */
function removalRecord({ removal }: CheckResult): Record<string, unknown> {
  return { folders: removal.folders, namespaceObjects: removal.namespaceObjects, needsAllowRemoval: removal.needsConsent };
}

/** The object `--json` prints. */
export function renderGenerateJson(run: GenerateReport, elapsedMs: number): Record<string, unknown> {
  const environments = run.plan?.environments ?? [];
  return {
    ...(environments.length > 0 ? { environments, trees: run.plan?.trees.map((tree) => tree.folder) ?? [] } : {}),
    namespaces: run.namespaces,
    resources: run.resourceCount,
    files: run.files,
    issues: run.issues.map(renderIssueRecord),
    ...(run.written ? { written: run.written.written, unchanged: run.written.unchanged.length, removed: run.written.removed } : {}),
    ...(run.checked ? { upToDate: run.checked.upToDate, added: run.checked.added, changed: run.checked.changed, removed: run.checked.removed, removal: removalRecord(run.checked), unchanged: run.checked.unchanged } : {}),
    ...(run.plan?.cache ? { cache: run.plan.cache.state } : {}),
    elapsedMs: Math.round(elapsedMs),
  };
}
