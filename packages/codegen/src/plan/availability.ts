import type { AvailabilityIndex } from "@meshform/kind-runtime";
import { NameRegistry } from "../transform/context.js";
import { transformRoot } from "../transform/root.js";
import { walkFields } from "../walk.js";
import { apiVersionOf } from "../emit/kind.js";
import type { ReleaseKinds } from "./types.js";

/** First-seen releases per kind version and per field, across releases. */
export interface Availability {
  readonly index: AvailabilityIndex;
  /** Per `group/Kind` (any version): dotted field path → the first release that has it. */
  readonly kindFields: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Per `group/Kind`: the first release that has any version of it. */
  readonly kindSince: ReadonlyMap<string, string>;
}

function firstSeen(map: Map<string, string>, key: string, release: string): void {
  if (!map.has(key)) map.set(key, release);
}

/**
 * Computes which release first has each kind version and each field. The index covers the kind
 * versions the newest release serves (the ones generated), and lists only the fields that came
 * later than their kind version, so it stays small.
 */
export function computeAvailability(product: string, releases: readonly ReleaseKinds[]): Availability {
  const versionSince = new Map<string, string>();
  const versionFields = new Map<string, Map<string, string>>();
  const kindFields = new Map<string, Map<string, string>>();
  const kindSince = new Map<string, string>();
  for (const { release, kinds } of releases) {
    for (const source of kinds) {
      const kindKey = `${source.group}/${source.kind}`;
      firstSeen(kindSince, kindKey, release);
      const perKind = kindFields.get(kindKey) ?? new Map<string, string>();
      kindFields.set(kindKey, perKind);
      for (const version of source.versions) {
        if (!version.served) continue;
        const key = `${apiVersionOf(source.group, version.name)}/${source.kind}`;
        firstSeen(versionSince, key, release);
        const perVersion = versionFields.get(key) ?? new Map<string, string>();
        versionFields.set(key, perVersion);
        const ctx = { location: version.location, namePath: [source.kind], names: new NameRegistry() };
        walkFields(transformRoot(version.schema, source.kind, ctx), (_field, path) => {
          firstSeen(perKind, path, release);
          firstSeen(perVersion, path, release);
        });
      }
    }
  }
  const newest = new Set(
    (releases.at(-1)?.kinds ?? []).flatMap((k) => k.versions.filter((v) => v.served).map((v) => `${apiVersionOf(k.group, v.name)}/${k.kind}`)),
  );
  const kinds: AvailabilityIndex["kinds"] = Object.fromEntries(
    [...versionSince.keys()].filter((key) => newest.has(key)).sort().map((key) => {
      const since = versionSince.get(key)!;
      const later = [...versionFields.get(key)!].filter(([, r]) => r !== since).sort(([a], [b]) => (a < b ? -1 : 1));
      return [key, { since, fields: Object.fromEntries(later) }];
    }),
  );
  return { index: { product, releases: releases.map((r) => r.release), kinds }, kindFields, kindSince };
}
