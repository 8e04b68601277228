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
