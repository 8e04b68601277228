import type { Issue } from "@meshform/diagnostics";

/** How a `meshform` run ended, as its process exit code. */
export const ExitCode = {
  /** The command did what was asked. */
  Success: 0,
  /** Errors were found: bad input, a failed check, or stale output with `--check`. */
  Failure: 1,
  /** The command was called wrongly: unknown command or option, missing or conflicting arguments. */
  Usage: 2,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Each exit code with what it means, in the words of the help footer. */
export const EXIT_CODE_MEANINGS: readonly (readonly [ExitCode, string])[] = [
  [ExitCode.Success, "success"],
  [ExitCode.Failure, "errors found, bad input, or stale files with --check"],
  [ExitCode.Usage, "usage mistake: unknown command or option, missing or conflicting arguments"],
];

/** The least severe finding that fails a run (`--fail-on`). */
export type FailOn = "error" | "warning";

/** Whether an issue fails the run: an error always, a warning with `failOn: "warning"`. */
export function failsRun(issue: Issue, failOn: FailOn = "error"): boolean {
  return issue.severity === "error" || (failOn === "warning" && issue.severity === "warning");
}

/** What a finished run found, for {@link exitCodeOf}. */
export interface RunOutcome {
  /** The least severe finding that fails the run. @defaultValue `"error"` */
  readonly failOn?: FailOn;
  /** Whether `--check` found stale files. @defaultValue false */
  readonly stale?: boolean;
}

/** The exit code of a run that found `issues`: 1 when one of them fails it or files are stale, else 0. */
export function exitCodeOf(issues: readonly Issue[], outcome: RunOutcome = {}): ExitCode {
  const failed = outcome.stale === true || issues.some((issue) => failsRun(issue, outcome.failOn));
  return failed ? ExitCode.Failure : ExitCode.Success;
}
