/**
 * Istio's annotation and label lists, per release, as the generated table
 * (`src/generated/annotations.ts`) holds them: what the annotation checks read to tell a known
 * annotation from an unknown one, where it may be written, and whether it is deprecated or alpha.
 */
import { ISTIO_ANNOTATIONS, ISTIO_LABELS, ISTIO_METADATA_RELEASES } from "../../generated/annotations.js";

/** The maturity Istio gives an annotation or label. */
export type IstioFeatureStatus = "Alpha" | "Beta" | "Stable";

/**
 * What Istio's list says of one annotation or label over a run of releases (`from` to `to`, both
 * included) that agree on it; a name whose entry changed between releases has one entry per run.
 */
export interface IstioMetadataEntry {
  /** The annotation or label key, e.g. `sidecar.istio.io/inject`. */
  readonly name: string;
  /** The first release of the run. */
  readonly from: string;
  /** The last release of the run. */
  readonly to: string;
  /** The maturity; absent when the list gives none, which Istio reads as Alpha. */
  readonly featureStatus?: IstioFeatureStatus;
  readonly deprecated: boolean;
  /** Left out of Istio's published reference. */
  readonly hidden: boolean;
  /** The kinds it applies to (`Pod`, `Service`, `Namespace`...), or `Any`. */
  readonly resources: readonly string[];
}

/** The release the checks read when none is given: the newest of the table. */
export const NEWEST_ISTIO_RELEASE: string = ISTIO_METADATA_RELEASES[ISTIO_METADATA_RELEASES.length - 1] ?? "";

/** The releases of the table, oldest first. */
export const ISTIO_RELEASES: readonly string[] = ISTIO_METADATA_RELEASES;

/** The position of each release in {@link ISTIO_RELEASES}. */
const RELEASE_POSITION: ReadonlyMap<string, number> = new Map(ISTIO_RELEASES.map((release, i) => [release, i] as const));

const annotationCache = new Map<string, ReadonlyMap<string, IstioMetadataEntry>>();
const labelCache = new Map<string, ReadonlyMap<string, IstioMetadataEntry>>();

/** Istio's annotations at `release`, by name (empty for a release the table does not hold). */
export function annotationsAt(release: string = NEWEST_ISTIO_RELEASE): ReadonlyMap<string, IstioMetadataEntry> {
  return cached(annotationCache, ISTIO_ANNOTATIONS, release);
}

/** Istio's labels at `release`, by name (empty for a release the table does not hold). */
export function labelsAt(release: string = NEWEST_ISTIO_RELEASE): ReadonlyMap<string, IstioMetadataEntry> {
  return cached(labelCache, ISTIO_LABELS, release);
}

/** Whether Istio reads an entry as alpha: its list says so, or says nothing. */
export function isAlpha(entry: IstioMetadataEntry): boolean {
  return (entry.featureStatus ?? "Alpha") === "Alpha";
}

function cached(cache: Map<string, ReadonlyMap<string, IstioMetadataEntry>>, entries: readonly IstioMetadataEntry[], release: string): ReadonlyMap<string, IstioMetadataEntry> {
  let map = cache.get(release);
  if (map === undefined) {
    const at = RELEASE_POSITION.get(release);
    const byName = new Map<string, IstioMetadataEntry>();
    if (at !== undefined) for (const entry of entries) if ((RELEASE_POSITION.get(entry.from) ?? Infinity) <= at && at <= (RELEASE_POSITION.get(entry.to) ?? -1)) byName.set(entry.name, entry);
    cache.set(release, (map = byName));
  }
  return map;
}
