/**
 * Findings as a person reads them, the same in every command: grouped by file, then by
 * resource, a header line per group, then one `✖`/`⚠`/`ℹ` line per issue with its line, field
 * path, message, hint and (where the command shows it) code; and the `Found N errors and M
 * warnings` count.
 */
import { formatIssue, formatResource, summarizeIssues, type Issue, type IssueSeverity } from "@meshform/diagnostics";
import { paletteFor, printLine, type CliIo, type Palette } from "../output.js";
import { formatCount } from "./format.js";

/** How {@link renderIssues} prints each issue. */
export interface IssueReportOptions {
  /** Whether each line ends with the issue's code, e.g. `[SERVICE_NOT_FOUND]`. @defaultValue false */
  readonly codes?: boolean;
}

/** What a count is about, for {@link renderIssueCounts}: `9 resources (1 file)`. */
export interface IssueCountScope {
  /** How many things were checked. */
  readonly count: number;
  /** The singular noun of `count`, e.g. `document`. */
  readonly noun: string;
  /** How many files they were read from. */
  readonly files: number;
}

/**
 * The issues grouped by file, then by resource. Files come in the order their first issue is
 * given; within a file, issues (and so the groups) come by line, top to bottom, the issues of a
 * line in the order given. Each group has a header, `file - apiVersion/kind ns/name`, and one
 * line per issue: `  ✖ line 12 spec.rules[0].weight: message (hint) [CODE]`.
 */
export function renderIssues(issues: readonly Issue[], palette: Palette, options: IssueReportOptions = {}): string[] {
  const groups = new Map<string, Issue[]>();
  for (const issue of sortByFileAndLine(issues)) {
    const header = [issue.source?.file, issue.resource && formatResource(issue.resource)].filter((p) => p !== undefined && p !== "").join(" - ");
    const group = groups.get(header);
    if (group === undefined) groups.set(header, [issue]);
    else group.push(issue);
  }
  return [...groups].flatMap(([header, group]) => [palette.bold(header), ...group.map((issue) => renderIssueLine(issue, palette, options))]);
}

/** The mark of a severity: a red `✖` for an error, a yellow `⚠` for a warning, a dim `ℹ` for info. */
export function renderMark(severity: IssueSeverity, palette: Palette): string {
  return severity === "error" ? palette.red("✖") : severity === "warning" ? palette.yellow("⚠") : palette.dim("ℹ");
}

/** `Found 2 errors and 1 warning`; with a scope, `Found 2 errors and 1 warning in 9 resources (1 file)`. */
export function renderIssueCounts(issues: readonly Issue[], scope?: IssueCountScope): string {
  const found = summarizeIssues(issues);
  return scope === undefined ? found : `${found} in ${formatCount(scope.count, scope.noun)} (${formatCount(scope.files, "file")})`;
}

/** Prints {@link renderIssues} on stderr, coloured as stderr allows. */
export function printIssues(io: CliIo, issues: readonly Issue[], options: IssueReportOptions = {}): void {
  for (const line of renderIssues(issues, paletteFor(io.stderr, io.env), options)) printLine(io.stderr, line);
}

// --- internal ---

function sortByFileAndLine(issues: readonly Issue[]): Issue[] {
  const files = new Map<string, number>();
  for (const issue of issues) if (!files.has(issue.source?.file ?? "")) files.set(issue.source?.file ?? "", files.size);
  const rank = (issue: Issue) => files.get(issue.source?.file ?? "")!;
  return [...issues].sort((a, b) => rank(a) - rank(b) || (a.source?.line ?? 0) - (b.source?.line ?? 0));
}

function renderIssueLine(issue: Issue, palette: Palette, options: IssueReportOptions): string {
  const line = issue.source?.line === undefined ? "" : `line ${issue.source.line} `;
  const code = options.codes === true ? ` ${palette.dim(`[${issue.code}${issue.istioctlCode === undefined ? "" : ` ${issue.istioctlCode}`}]`)}` : "";
  return `  ${renderMark(issue.severity, palette)} ${line}${formatIssue({ ...issue, resource: undefined, source: undefined })}${code}`;
}
