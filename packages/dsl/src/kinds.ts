import { createCatalog, type KindCatalog } from "@meshform/catalog";
import type { KindEntry } from "@meshform/kind-runtime";
import type { Targets } from "./targets.js";

const withOwnKinds = new WeakMap<readonly KindEntry[], Map<string, KindCatalog>>();

/**
 * The catalog of a config's targets (`@meshform/catalog`): which kinds and versions they serve,
 * with which schema. The config's own kinds (generated with `meshform codegen` and given to
 * `defineMesh({ kinds })`) come first. Catalogs are shared between calls with the same targets
 * and kinds.
 */
export function catalogOf(targets: Targets, extra: readonly KindEntry[] = []): KindCatalog {
  const options = { istio: targets.istio, gatewayApi: targets.gatewayApi };
  if (extra.length === 0) return createCatalog(options);
  const key = `${targets.istio} ${targets.gatewayApi.release} ${targets.gatewayApi.channel}`;
  let byTarget = withOwnKinds.get(extra);
  if (byTarget === undefined) withOwnKinds.set(extra, (byTarget = new Map()));
  let catalog = byTarget.get(key);
  if (catalog === undefined) byTarget.set(key, (catalog = createCatalog({ ...options, kinds: extra })));
  return catalog;
}

/**
 * The kind versions of `group/kind` in the targeted Gateway API channel, served by the target or
 * not: the config's own kinds when it has any of that kind, else meshform's.
 */
export function kindVersions(group: string, kind: string, targets: Targets, extra: readonly KindEntry[] = []): readonly KindEntry[] {
  return catalogOf(targets, extra)
    .versions(group, kind)
    .map((found) => found.entry);
}

/** The entry of a kind version, for when a raw resource names its version. */
export function kindEntry(apiVersion: string, kind: string, targets: Targets, extra: readonly KindEntry[] = []): KindEntry | undefined {
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";
  return catalogOf(targets, extra)
    .versions(group, kind)
    .find((found) => found.entry.info.apiVersion === apiVersion)?.entry;
}

/** Whether the targeted release serves this kind version (Kubernetes' and Argo CD's kinds always are). */
export function servedInTarget(entry: KindEntry, targets: Targets): { served: true } | { served: false; since: string | undefined; product: string } {
  const found = catalogOf(targets).entryOf(entry);
  if (found?.product === undefined || found.notServedUntil === undefined) return { served: true };
  return { served: false, since: found.notServedUntil ?? undefined, product: found.product.product };
}

/**
 * The version of a kind a release prefers, as Kubernetes orders versions: the most stable one it
 * serves (GA over beta over alpha, higher numbers first). Not the storage version: Istio stores
 * Telemetry as v1alpha1 while v1 is served and preferred.
 */
export function preferredEntry(group: string, kind: string, targets: Targets, extra: readonly KindEntry[] = []): KindEntry | undefined {
  return catalogOf(targets, extra).preferred(group, kind)?.entry;
}
