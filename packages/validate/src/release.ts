/**
 * Checks against an older target release. meshform ships the schemas of the newest release of
 * each product; the availability index says which release (of those compared) first has each
 * kind version and field, so a resource that uses something newer than its target is an error
 * that names the release that has it.
 */
import type { ValidateIssue } from "./codes.js";
import type { CatalogEntry } from "./catalog.js";
import { isRecord, type FieldPath } from "./value.js";

/** The kind version and the fields of `resource` that `entry.release` does not have yet. */
export function checkRelease(entry: CatalogEntry, resource: unknown): ValidateIssue[] {
  const { availability, release } = entry;
  if (availability === undefined || release === undefined) return [];
  const rank = (r: string): number => availability.releases.indexOf(r);
  const target = rank(release);
  if (target === availability.releases.length - 1) return [];
  const { apiVersion, kind } = entry.entry.info;
  const known = availability.kinds[`${apiVersion}/${kind}`];
  if (known === undefined) return [];
  const product = availability.product;
  if (rank(known.since) > target) {
    return [issue([], `${product} ${release} does not serve ${apiVersion} ${kind}: it first appears in ${product} ${known.since}`)];
  }
  const issues: ValidateIssue[] = [];
  const reported: string[] = [];
  for (const field of Object.keys(known.fields).sort()) {
    const since = known.fields[field]!;
    if (rank(since) <= target || reported.some((parent) => field.startsWith(`${parent}.`))) continue;
    const place = firstPlace(resource, field.split("."), []);
    if (place === undefined) continue;
    reported.push(field);
    issues.push(issue(place, `${product} ${release} does not have this field: it first appears in ${product} ${since}`));
  }
  return issues;
}

// --- internal ---

function issue(path: FieldPath, message: string): ValidateIssue {
  return { code: "NOT_IN_RELEASE", severity: "error", path, message };
}

/** The first concrete path where a dotted availability path (lists transparent, `*` any map value) has a value. */
function firstPlace(node: unknown, segments: readonly string[], at: FieldPath): FieldPath | undefined {
  if (node === undefined || node === null) return undefined;
  if (segments.length === 0) return at;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i += 1) {
      const found = firstPlace(node[i], segments, [...at, i]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isRecord(node)) return undefined;
  const [head, ...rest] = segments as [string, ...string[]];
  const keys = head === "*" ? Object.keys(node) : [head];
  for (const key of keys) {
    const found = firstPlace(node[key], rest, [...at, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}
