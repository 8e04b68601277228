import type { Issue, SourceLocation } from "@meshform/diagnostics";
import type { KindEntry } from "@meshform/kind-runtime";
import { compareReleases, productOf, type Targets } from "./targets.js";

/** Every field path of a value, dotted, lists transparent (the availability index's form). */
function fieldPaths(value: unknown, prefix: string, out: Map<string, (string | number)[]>, segments: (string | number)[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => fieldPaths(item, prefix, out, [...segments, i]));
    return;
  }
  if (typeof value !== "object" || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (!out.has(path)) out.set(path, [...segments, key]);
    fieldPaths(child, path, out, [...segments, key]);
  }
}

function hasAny(record: Readonly<Record<string, unknown>>): boolean {
  for (const _ in record) return true;
  return false;
}

/**
 * A field the targeted release does not have is an error that names the release that has it:
 * a config for Istio 1.24.6 cannot use a field Istio added in 1.30.3.
 */
export function checkAvailability(resource: Record<string, unknown>, entry: KindEntry, targets: Targets, source: SourceLocation): Issue<"FIELD_NOT_IN_TARGET">[] {
  const product = productOf(entry.info.group, targets);
  // The index knows no release newer than its last: targeting that one, every field is there.
  if (product === undefined || product.index.releases.at(-1) === product.release) return [];
  const fields = product.index.kinds[`${entry.info.apiVersion}/${entry.info.kind}`]?.fields;
  if (fields === undefined || !hasAny(fields)) return [];
  const paths = new Map<string, (string | number)[]>();
  const { apiVersion: _a, kind: _k, metadata: _m, ...body } = resource;
  fieldPaths(body, "", paths, []);
  const issues: Issue<"FIELD_NOT_IN_TARGET">[] = [];
  const reported: string[] = [];
  for (const [path, segments] of paths) {
    const since = fields[path];
    if (since === undefined || compareReleases(since, product.release) <= 0) continue;
    if (reported.some((parent) => path.startsWith(`${parent}.`))) continue;
    reported.push(path);
    const metadata = resource.metadata as { name: string; namespace?: string };
    issues.push({
      code: "FIELD_NOT_IN_TARGET",
      severity: "error",
      message: `not in ${product.product} ${product.release}; it needs ${product.product} ${since}`,
      hint: `raise the ${product.product} target in defineMesh({ targets }) or drop the field`,
      path: segments,
      resource: { apiVersion: entry.info.apiVersion, kind: entry.info.kind, name: metadata.name, ...(metadata.namespace ? { namespace: metadata.namespace } : {}) },
      source,
    });
  }
  return issues;
}
