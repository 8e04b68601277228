// Reading the flags of `meshform generate` that the engine takes as values.
import { CONFIG_TIMEOUT_ENV, DEFAULT_CONFIG_TIMEOUT } from "@meshform/engine/load";
import { UsageError } from "../errors.js";

/** setTimeout's own ceiling (about 24.8 days), in seconds. */
const MAX_TIMEOUT = 2_147_483;

/**
 * The time limit for loading and running mesh.config.ts, in seconds: `--config-timeout`, else
 * `MESHFORM_CONFIG_TIMEOUT`, else the engine's default (60).
 *
 * @throws UsageError when the one given is not a number of seconds greater than 0
 */
export function readConfigTimeout(flag: string | undefined, env: Readonly<Record<string, string | undefined>>, command: string): number {
  const [given, from] = flag !== undefined ? [flag, "--config-timeout"] : [env[CONFIG_TIMEOUT_ENV], CONFIG_TIMEOUT_ENV];
  if (given === undefined || (from === CONFIG_TIMEOUT_ENV && given.trim() === "")) return DEFAULT_CONFIG_TIMEOUT;
  const seconds = given.trim() === "" ? Number.NaN : Number(given);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT) {
    throw new UsageError(`${from} takes a number of seconds greater than 0 and at most ${MAX_TIMEOUT}, not '${given}'`, command);
  }
  return seconds;
}

/**
 * The environments `--env` names: a comma-separated list (`dev,prod`), or the flag repeated.
 * `undefined` when it is not given (or given no value at all).
 *
 * @throws UsageError when a name is empty
 */
export function readEnvironments(values: readonly string[] | string | undefined, command: string): string[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const names = (typeof values === "string" ? [values] : values).flatMap((value) => value.split(",")).map((name) => name.trim());
  if (names.length === 0 || names.some((name) => name === "")) throw new UsageError(`--env takes environment names separated by commas (--env dev,prod), not '${[values].flat().join(",")}'`, command);
  return [...new Set(names)];
}
