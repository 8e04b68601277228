import type { Issue, SourceLocation } from "@meshform/diagnostics";
import type { KindEntry } from "@meshform/kind-runtime";
import { catalogOf } from "./kinds.js";
import type { Targets } from "./targets.js";

/**
 * A field the targeted release does not have is an error that names the release that has it:
 * a config for Istio 1.24.6 cannot use a field Istio added in 1.30.3. The fields and releases
 * are the catalog's (`@meshform/catalog`), the same that `meshform validate` judges by.
 */
export function checkAvailability(resource: Record<string, unknown>, entry: KindEntry, targets: Targets, source: SourceLocation): Issue<"FIELD_NOT_IN_TARGET">[] {
  const catalog = catalogOf(targets);
  const found = catalog.entryOf(entry);
  if (found?.product === undefined) return [];
  const { apiVersion: _a, kind: _k, metadata, ...body } = resource;
  const newer = catalog.newerFields(found, body);
  if (newer.length === 0) return [];
  const { name, namespace } = metadata as { name: string; namespace?: string };
  const at = { apiVersion: entry.info.apiVersion, kind: entry.info.kind, name, ...(namespace ? { namespace } : {}) };
  return newer.map(({ path, since, product }) => ({
    code: "FIELD_NOT_IN_TARGET",
    severity: "error",
    message: `not in ${product.product} ${product.release}; it needs ${product.product} ${since}`,
    hint: `raise the ${product.product} target in defineMesh({ targets }) or drop the field`,
    path: [...path],
    resource: at,
    source,
  }));
}

/**
 * The schema issues that {@link checkAvailability}'s findings do not already explain. Checked
 * against the targeted release's own schema, a field newer than the target is also unknown to
 * it (and, for a Gateway API field the target had in its experimental channel only, is reported
 * as such); the availability finding says so, naming the release that has it.
 */
export function withoutNewerFields<T extends Issue<string>>(schemaIssues: readonly T[], newer: readonly Issue<"FIELD_NOT_IN_TARGET">[]): readonly T[] {
  if (newer.length === 0 || schemaIssues.length === 0) return schemaIssues;
  const within = (path: Issue["path"], parent: Issue["path"]): boolean =>
    path !== undefined && parent !== undefined && path.length >= parent.length && parent.every((segment, i) => path[i] === segment);
  const explained = (code: string): boolean => code === "SCHEMA_INVALID" || code === "FIELD_NOT_IN_CHANNEL";
  return schemaIssues.filter((issue) => !(explained(issue.code) && newer.some((found) => within(issue.path, found.path))));
}
