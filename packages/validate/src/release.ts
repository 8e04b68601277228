/**
 * Checks against the target release. The catalog gives each kind version the targeted release's
 * own schema when its kinds package ships it; in every case, a kind version or a field newer than
 * the target is an error that names the release that first has it (of the releases meshform
 * ships), in the words below, rather than a bare unknown field.
 */
import type { ValidateIssue } from "./codes.js";
import type { Catalog, CatalogEntry } from "./catalog.js";
import type { FieldPath } from "./value.js";

/** The kind version and the fields of `resource` that the target release does not have yet. */
export function checkRelease(catalog: Catalog, found: CatalogEntry, resource: unknown): ValidateIssue[] {
  const { product, notServedUntil } = found;
  if (product === undefined) return [];
  const { apiVersion, kind } = found.entry.info;
  const name = product.product;
  if (notServedUntil !== undefined) {
    const since = notServedUntil === null ? "" : `: it first appears in ${name} ${notServedUntil}`;
    return [issue([], `${name} ${product.release} does not serve ${apiVersion} ${kind}${since}`)];
  }
  return catalog.newerFields(found, resource).map((field) => issue([...field.path], `${name} ${product.release} does not have this field: it first appears in ${name} ${field.since}`));
}

// --- internal ---

function issue(path: FieldPath, message: string): ValidateIssue {
  return { code: "NOT_IN_RELEASE", severity: "error", path, message };
}
