/**
 * Helpers for tests of generated kinds: issues as the one-line text a user reads, and deep
 * copies with one value changed.
 *
 * @internal
 */
import type { KindEntry } from "./kind-info.js";
import { formatPath } from "./path.js";

/** The kind entry for a document's `apiVersion` and `kind`. @internal */
export function findKind(kinds: readonly KindEntry[], doc: { apiVersion: string; kind: string }): KindEntry | undefined {
  return kinds.find((entry) => entry.info.apiVersion === doc.apiVersion && entry.info.kind === doc.kind);
}

/** Every issue of parsing `value` as `path: message`, or `[]` when it is valid. @internal */
export function issuesOf(schema: KindEntry["schema"], value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

/** A deep copy of `doc` with the value at `path` replaced (or added). @internal */
export function withValue<T>(doc: T, path: readonly (string | number)[], value: unknown): T {
  const copy = structuredClone(doc);
  let node = copy as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}
