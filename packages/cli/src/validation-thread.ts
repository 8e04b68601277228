/**
 * Where `meshform import` validates its input: on a second thread (`startValidationThread()` of
 * `@meshform/validate`) while the main thread writes and replays the config, or on the main
 * thread. The config and the report are the same either way.
 */
import { startValidationThread, type ValidationThread } from "@meshform/validate";

/**
 * `MESHFORM_VALIDATION_THREAD`: `always` validates on a second thread whatever the input's size,
 * `never` on the main thread; unset (or anything else), an input of
 * {@link VALIDATION_THREAD_MIN_RESOURCES} resources or more gets the second thread. It is there to
 * compare, or to keep a run to one thread.
 */
export const VALIDATION_THREAD_ENV = "MESHFORM_VALIDATION_THREAD";

/**
 * The smallest input validated on a second thread by default. Starting one costs about 0.4 s of
 * the other core and 40 MiB; validating 2 000 resources here takes about as long.
 */
export const VALIDATION_THREAD_MIN_RESOURCES = 2000;

/** The validation thread for an input of `resources` resources, as `setting` ({@link VALIDATION_THREAD_ENV}'s value) says. */
export function validationThreadFor(resources: number, setting: string | undefined): ValidationThread | undefined {
  if (setting === "never" || (setting !== "always" && resources < VALIDATION_THREAD_MIN_RESOURCES)) return undefined;
  return startValidationThread();
}
