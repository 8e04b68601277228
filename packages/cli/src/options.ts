/**
 * The arguments and options several commands take, defined once so that they read, parse and
 * show in the help the same way in each.
 */
import type { BooleanOption, StringOption } from "./args.js";
import { UsageError } from "./errors.js";
import type { FailOn } from "./exit-code.js";

/** The manifests a command reads (`validate`, `analyze`): the positional `INPUTS`. */
export const INPUTS_ARGUMENT = {
  type: "positional",
  required: true,
  valueHint: "file|dir|-",
  description: "Manifest files, folders (searched for .yaml, .yml, .json, hidden ones skipped) or - for standard input",
} as const;

/**
 * `--json`: print `what` on stdout instead of the text output.
 *
 * @param what - what is printed, e.g. `one JSON object`
 * @param instead - the text output it replaces
 */
export function jsonOption(what: string, instead: "the report" | "the summary" = "the report"): BooleanOption {
  return { type: "boolean", description: `Print ${what} on stdout instead of ${instead}` };
}

/**
 * `--fail-on error|warning`, read with {@link readFailOn}.
 *
 * @param effect - what a finding that severe does, e.g. `Exit 1`
 */
export function failOnOption(effect: string): StringOption & { readonly default: FailOn } {
  return { type: "string", valueHint: "error|warning", default: "error", description: `${effect} when a finding is at least this severe` };
}

/**
 * The value of `--fail-on`.
 *
 * @throws UsageError when it is neither `error` nor `warning`
 */
export function readFailOn(value: string, command: string): FailOn {
  if (value !== "error" && value !== "warning") throw new UsageError(`option '--fail-on' must be error or warning, not '${value}'`, command);
  return value;
}
