/**
 * Suppressions: a finding a team has looked at and accepts, with the reason written down. On a
 * resource, the annotation `meshform.dev/suppress: "CODE: reason; CODE2: reason"`; for the whole
 * set, {@link Suppression}s passed to `analyzeMesh`. A suppression without a reason, or naming a
 * code analysis does not have, is not applied and is itself a finding; one that matches nothing
 * is reported, so stale suppressions do not pile up.
 */
import type { AnalysisCode } from "./codes.js";
import type { IndexedResource } from "./resource-index.js";
import type { Finding, IstioctlCode, Suppression } from "./types.js";

/** The annotation that suppresses findings on the resource it is written on. */
export const SUPPRESS_ANNOTATION = "meshform.dev/suppress";

/** A finding with its code and severity, before it becomes an issue. */
export interface Raised {
  readonly code: AnalysisCode;
  /** The code istioctl gives the finding, which a suppression may name instead. */
  readonly istioctlCode?: IstioctlCode;
  readonly severity: "error" | "warning" | "info";
  /** Absent for a finding about a configured suppression, which belongs to no resource. */
  readonly resource?: IndexedResource;
  readonly path: Finding["path"];
  readonly message: string;
  readonly hint?: string;
}

/** One `CODE: reason` entry of an annotation. */
export interface SuppressionEntry {
  readonly code: string;
  readonly reason: string;
}

/** Reads an annotation's entries: `;`-separated `CODE: reason`, the reason possibly empty. */
export function parseSuppressions(value: string): SuppressionEntry[] {
  return value
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const colon = part.indexOf(":");
      return colon < 0 ? { code: part, reason: "" } : { code: part.slice(0, colon).trim(), reason: part.slice(colon + 1).trim() };
    });
}

/**
 * Removes the suppressed findings and adds the findings about suppressions.
 *
 * @param codes - the codes a suppression may name
 */
export function applySuppressions(raised: readonly Raised[], resources: readonly IndexedResource[], configured: readonly Suppression[], codes: ReadonlySet<string>): Raised[] {
  const rules: Rule[] = [];
  const problems: Raised[] = [];
  for (const resource of resources) {
    const value = resource.annotations[SUPPRESS_ANNOTATION];
    if (value === undefined) continue;
    const path = ["metadata", "annotations", SUPPRESS_ANNOTATION];
    for (const entry of parseSuppressions(value)) {
      const problem = invalid(entry, codes);
      if (problem) problems.push({ ...problem, resource, path });
      else rules.push({ ...entry, applies: (r) => r === resource, resource, path, used: false });
    }
  }
  for (const suppression of configured) {
    const problem = invalid(suppression, codes);
    const about = suppression.resource === undefined ? "" : ` for ${suppression.resource}`;
    if (problem) problems.push({ ...problem, path: [], message: `configured suppression${about}: ${problem.message}` });
    else rules.push({ code: suppression.code, reason: suppression.reason, applies: (r) => suppression.resource === undefined || describe(r) === suppression.resource, path: [], used: false, about });
  }
  const kept = raised.filter((finding) => {
    const rule = rules.find((r) => (r.code === finding.code || r.code === finding.istioctlCode) && finding.resource !== undefined && r.applies(finding.resource));
    if (rule) rule.used = true;
    return rule === undefined;
  });
  return [...kept, ...problems, ...rules.filter((r) => !r.used).map(unused)];
}

// --- internal ---

interface Rule {
  readonly code: string;
  readonly reason: string;
  readonly applies: (resource: IndexedResource) => boolean;
  readonly resource?: IndexedResource;
  readonly path: Finding["path"];
  readonly about?: string;
  used: boolean;
}

function invalid(entry: { readonly code: string; readonly reason: string }, codes: ReadonlySet<string>): Omit<Raised, "path"> | undefined {
  if (!codes.has(entry.code)) {
    return { code: "SUPPRESSION_INVALID", severity: "warning", message: `suppresses ${JSON.stringify(entry.code)}, which is not an analysis code; nothing is suppressed`, hint: "write CODE: reason with a code from docs/analysis/README.md, e.g. WAYPOINT_UNUSED: bound by Services of the shop chart" };
  }
  if (entry.reason === "") {
    return { code: "SUPPRESSION_INVALID", severity: "warning", message: `suppresses ${entry.code} without a reason; it is not applied`, hint: `write ${entry.code}: <why this finding does not apply here>` };
  }
  return undefined;
}

function unused(rule: Rule): Raised {
  return {
    code: "SUPPRESSION_UNUSED",
    severity: "info",
    ...(rule.resource ? { resource: rule.resource } : {}),
    path: rule.path,
    message: `${rule.resource ? "" : `configured suppression${rule.about ?? ""}: `}suppresses ${rule.code}, which analysis does not report here`,
    hint: "remove the suppression",
  };
}

/** `Kind namespace/name`, or `Kind name` for a cluster-scoped resource: how a configured suppression names a resource. */
function describe(resource: IndexedResource): string {
  return `${resource.kind} ${resource.namespace === "" ? "" : `${resource.namespace}/`}${resource.name}`;
}
