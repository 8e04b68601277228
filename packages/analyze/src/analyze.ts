import type { AnalysisCode, AnalysisIssue } from "./codes.js";
import { CHECKS } from "./checks/index.js";
import { withRefsKept } from "./refs.js";
import { indexResources, type IndexedResource } from "./resource-index.js";
import { applySuppressions, type Raised } from "./suppress.js";
import type { AnalyzedResource, AnalyzeOptions } from "./types.js";

/** The codes a suppression may name: every check's, and the istioctl codes they carry. */
const SUPPRESSIBLE: ReadonlySet<string> = new Set(CHECKS.flatMap((c) => (c.istioctlCode === undefined ? [c.code] : [c.code, c.istioctlCode])));

/**
 * Analyzes a whole set of resources: what is valid resource by resource but broken or unsafe
 * across the set. Returns the findings sorted by source (file, line), then resource; never throws
 * for a malformed resource, which is analyzed as far as it can be read.
 *
 * @example
 * ```ts
 * const issues = analyzeMesh(
 *   compiled.resources.map((object) => ({ object, source: compiled.origins.get(object) })),
 *   { external: { services: ["shop/reviews"] } },
 * );
 * ```
 */
export function analyzeMesh(resources: readonly AnalyzedResource[], options: AnalyzeOptions = {}): AnalysisIssue[] {
  const index = indexResources(resources, options);
  const raised: Raised[] = withRefsKept(() => CHECKS.flatMap((check) => check.check(index).map((finding) => ({ code: check.code, ...(check.istioctlCode === undefined ? {} : { istioctlCode: check.istioctlCode }), severity: check.severity, ...finding }))));
  const kept = applySuppressions(raised, index.resources, options.suppressions ?? [], SUPPRESSIBLE);
  const order = new Map(CHECKS.map((check, i) => [check.code, i] as const));
  return kept
    .map((r) => ({ raised: r, issue: toIssue(r) }))
    .sort((a, b) => compare(a.raised, a.issue, b.raised, b.issue, order))
    .map((entry) => entry.issue);
}

// --- internal ---

/** The issue of a finding; its path is copied, as the lists of references share theirs (frozen) between findings. */
function toIssue(raised: Raised): AnalysisIssue {
  const { code, istioctlCode, severity, resource, path, message, hint } = raised;
  const base = { code, ...(istioctlCode === undefined ? {} : { istioctlCode }), severity, message, ...(hint === undefined ? {} : { hint }), ...(path.length > 0 ? { path: [...path] } : {}) };
  if (resource === undefined) return base;
  const source = sourceOf(resource, path);
  return {
    ...base,
    resource: { apiVersion: resource.apiVersion, kind: resource.kind, name: resource.name, ...(resource.namespace === "" ? {} : { namespace: resource.namespace }) },
    ...(source === undefined ? {} : { source }),
  };
}

function sourceOf(resource: IndexedResource, path: readonly (string | number)[]): AnalysisIssue["source"] {
  const { source, lineOf } = resource.input;
  if (source === undefined) return undefined;
  const line = lineOf?.(path) ?? source.line;
  return line === undefined ? { file: source.file } : { file: source.file, line };
}

function compare(a: Raised, ai: AnalysisIssue, b: Raised, bi: AnalysisIssue, order: ReadonlyMap<AnalysisCode, number>): number {
  const fileA = ai.source?.file ?? "\uffff";
  const fileB = bi.source?.file ?? "\uffff";
  if (fileA !== fileB) return fileA < fileB ? -1 : 1;
  const byPosition = (a.resource?.position ?? Infinity) - (b.resource?.position ?? Infinity);
  if (byPosition !== 0 && !Number.isNaN(byPosition)) return byPosition;
  const byLine = (ai.source?.line ?? 0) - (bi.source?.line ?? 0);
  if (byLine !== 0) return byLine;
  return (order.get(a.code) ?? order.size) - (order.get(b.code) ?? order.size);
}
