import type { Issue, IssueResource, SourceLocation } from "./issue.js";
import { formatPath } from "./path.js";


/** `apiVersion/kind ns/name`, or `apiVersion/kind name` for a cluster-scoped resource. */
export function formatResource(resource: IssueResource): string {
  const name = resource.namespace ? `${resource.namespace}/${resource.name}` : resource.name;
  return `${resource.apiVersion}/${resource.kind} ${name}`;
}

/** `file:line:column`, as much of it as is known. */
export function formatSource(source: SourceLocation): string {
  return [source.file, source.line, source.column].filter((part) => part !== undefined).join(":");
}

/**
 * One line per issue, the way the API server words a field error:
 * `file:line apiVersion/kind ns/name spec.listeners[1].hostname: message (hint)`.
 */
export function formatIssue(issue: Issue): string {
  const parts: string[] = [];
  if (issue.source) parts.push(formatSource(issue.source));
  if (issue.resource) parts.push(formatResource(issue.resource));
  const path = issue.path && issue.path.length > 0 ? `${formatPath(issue.path)}: ` : "";
  const hint = issue.hint ? ` (${issue.hint})` : "";
  parts.push(`${path}${issue.message}${hint}`);
  return parts.join(" ");
}

/** The number of errors and warnings among `issues`. */
export function countIssues(issues: readonly Issue[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const issue of issues) {
    if (issue.severity === "error") errors += 1;
    else if (issue.severity === "warning") warnings += 1;
  }
  return { errors, warnings };
}

/** `Found 2 errors and 1 warning`. */
export function summarizeIssues(issues: readonly Issue[]): string {
  const { errors, warnings } = countIssues(issues);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `Found ${plural(errors, "error")} and ${plural(warnings, "warning")}`;
}
