/** Findings in `--json` output: one record shape for an issue, whatever the command. */
import type { Issue, IssueResource, IssueSeverity } from "@meshform/diagnostics";
import { formatPath } from "@meshform/diagnostics";

/** One issue in `--json` output. */
export interface IssueRecord {
  /** The stable code, listed in docs/. */
  readonly code: string;
  /** The code `istioctl analyze` gives the same finding, for an analysis finding that has one. */
  readonly istioctlCode?: string;
  readonly severity: IssueSeverity;
  /** The YAML file or mesh.config.ts, as the command was given it. */
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based. */
  readonly column?: number;
  readonly resource?: IssueResource;
  /** The field, as the API server prints it: `spec.rules[0].backendRefs[1].weight`. */
  readonly path?: string;
  readonly message: string;
  /** What would be right. */
  readonly hint?: string;
}

/** The record of an issue: its fields, the source flattened into `file`, `line` and `column`, the path as text. */
export function renderIssueRecord(issue: Issue): IssueRecord {
  const { code, istioctlCode, severity, source, resource, path, message, hint } = issue;
  return {
    code,
    ...(istioctlCode === undefined ? {} : { istioctlCode }),
    severity,
    ...(source === undefined ? {} : { file: source.file }),
    ...(source?.line === undefined ? {} : { line: source.line }),
    ...(source?.column === undefined ? {} : { column: source.column }),
    ...(resource === undefined ? {} : { resource }),
    ...(path === undefined || path.length === 0 ? {} : { path: formatPath(path) }),
    message,
    ...(hint === undefined ? {} : { hint }),
  };
}
