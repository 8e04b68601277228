/**
 * `MESHFORM_VALIDATION_THREAD`: where `meshform import` validates its input. By default a large
 * input (2 000 resources or more) is validated on a second thread while the main thread writes
 * and replays the config; `always` does so whatever the size, `never` validates on the main
 * thread. The config and the report are the same either way: the variable is there to compare,
 * or to keep a run to one thread.
 */
export const VALIDATION_THREAD_ENV = "MESHFORM_VALIDATION_THREAD";

/** What {@link VALIDATION_THREAD_ENV} asks for: `undefined` (the default, by size) for anything but `always` and `never`. */
export function validationThreadSetting(value: string | undefined): "always" | "never" | undefined {
  return value === "always" || value === "never" ? value : undefined;
}
