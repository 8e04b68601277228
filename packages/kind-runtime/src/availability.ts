import type { AvailabilityIndex } from "./kind-info.js";

/**
 * The first release (of those compared) that has a kind version, or one of its fields.
 *
 * @param index - the availability index of a generated package
 * @param apiVersion - e.g. `networking.istio.io/v1`
 * @param kind - e.g. `VirtualService`
 * @param fieldPath - a dotted field path (lists transparent), or omitted for the kind itself
 * @returns the release, or `undefined` when no compared release has it
 */
export function sinceOf(
  index: AvailabilityIndex,
  apiVersion: string,
  kind: string,
  fieldPath?: string,
): string | undefined {
  const entry = index.kinds[`${apiVersion}/${kind}`];
  if (entry === undefined) return undefined;
  if (fieldPath === undefined) return entry.since;
  for (let path = fieldPath; path !== ""; path = path.slice(0, Math.max(0, path.lastIndexOf(".")))) {
    const since = entry.fields[path];
    if (since !== undefined) return since;
  }
  return entry.since;
}
