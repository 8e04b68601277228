/**
 * The finding record the Istio admission checks return, and the few helpers every kind's checks
 * share to build one. Kept apart from `index.ts` so the per-kind files import no dispatcher.
 */

/** One problem Istio's validating webhook would report, at the field it concerns. */
export type IstioAdmissionFinding = {
  path: (string | number)[];
  message: string;
  severity?: "error" | "warning";
};

/** A field path inside a resource, from its top (`["spec", "http", 0, "route"]`). */
export type FieldPath = readonly (string | number)[];

/** The findings of one check, appended to as the check walks the resource. */
export type Findings = IstioAdmissionFinding[];

/** A resource as the checks receive it: already accepted by the kind's schema. */
export type IstioResource = { apiVersion: string; kind: string; metadata?: unknown; spec?: unknown };

/** The part of `metadata` the checks read. */
export type ResourceMeta = { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };

/** Appends an error (the webhook rejects the resource) at `path`. */
export function reject(out: Findings, path: FieldPath, message: string): void {
  out.push({ path: [...path], message, severity: "error" });
}

/** Appends a warning (the webhook admits the resource but tells the user) at `path`. */
export function warn(out: Findings, path: FieldPath, message: string): void {
  out.push({ path: [...path], message, severity: "warning" });
}

/** Appends an error at `path` when `message` is defined: the shape single-rule validators return. */
export function rejectIf(out: Findings, path: FieldPath, message: string | undefined): void {
  if (message !== undefined) reject(out, path, message);
}

/** Reads the metadata fields the checks use, whatever the input holds. */
export function metaOf(resource: IstioResource): ResourceMeta {
  const meta = resource.metadata;
  return typeof meta === "object" && meta !== null ? (meta as ResourceMeta) : {};
}

/** Entries of an optional string-keyed map, in insertion order. */
export function entriesOf<T>(map: { [key: string]: T } | undefined): [string, T][] {
  return map === undefined ? [] : Object.entries(map);
}

/** Drops repeated findings (same path, message and severity), keeping the first. */
export function dedupe(findings: Findings): Findings {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = JSON.stringify([finding.path, finding.message, finding.severity]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
