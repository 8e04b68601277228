import { kinds as k8sKinds } from "@meshform/k8s";
import { kinds as istioKinds } from "@meshform/istio";
import { kinds as gatewayKinds } from "@meshform/gateway-api";
import { kinds as experimentalKinds } from "@meshform/gateway-api/experimental";
import { sinceOf, type KindEntry } from "@meshform/kind-runtime";
import { compareReleases, productOf, type Targets } from "./targets.js";

/** Every kind version meshform knows for a channel, by `group/Kind`. */
function byKind(entries: readonly KindEntry[]): ReadonlyMap<string, readonly KindEntry[]> {
  const map = new Map<string, KindEntry[]>();
  for (const entry of entries) {
    const key = `${entry.info.group}/${entry.info.kind}`;
    map.set(key, [...(map.get(key) ?? []), entry]);
  }
  return map;
}

const STANDARD = byKind([...k8sKinds, ...istioKinds, ...gatewayKinds]);
const EXPERIMENTAL = byKind([...k8sKinds, ...istioKinds, ...experimentalKinds]);

/**
 * The kind versions of `group/kind`: the config's own kinds (generated with `meshform codegen`
 * and given to `defineMesh({ kinds })`) first, then meshform's, in the targeted Gateway API channel.
 */
export function kindVersions(group: string, kind: string, targets: Targets, extra: readonly KindEntry[] = []): readonly KindEntry[] {
  const own = extra.filter((e) => e.info.group === group && e.info.kind === kind);
  if (own.length > 0) return own;
  const table = targets.gatewayApi.channel === "experimental" ? EXPERIMENTAL : STANDARD;
  return table.get(`${group}/${kind}`) ?? [];
}

/** The entry of a kind version, for when a raw resource names its version. */
export function kindEntry(apiVersion: string, kind: string, targets: Targets, extra: readonly KindEntry[] = []): KindEntry | undefined {
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";
  return kindVersions(group, kind, targets, extra).find((e) => e.info.apiVersion === apiVersion);
}

function versionRank(version: string): number[] {
  const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!match) return [0, 0, 0];
  const stability = match[2] === undefined ? 3 : match[2] === "beta" ? 2 : 1;
  return [stability, Number(match[1]), Number(match[3] ?? 0)];
}

/** Whether the targeted release serves this kind version (Kubernetes kinds always are). */
export function servedInTarget(entry: KindEntry, targets: Targets): { served: true } | { served: false; since: string | undefined; product: string } {
  const product = productOf(entry.info.group, targets);
  if (product === undefined) return { served: true };
  const since = sinceOf(product.index, entry.info.apiVersion, entry.info.kind);
  if (since !== undefined && compareReleases(since, product.release) <= 0) return { served: true };
  return { served: false, since, product: `${product.product}` };
}

/**
 * The version of a kind a release prefers, as Kubernetes orders versions: the most stable one it
 * serves (GA over beta over alpha, higher numbers first). Not the storage version: Istio stores
 * Telemetry as v1alpha1 while v1 is served and preferred.
 */
export function preferredEntry(group: string, kind: string, targets: Targets, extra: readonly KindEntry[] = []): KindEntry | undefined {
  const served = kindVersions(group, kind, targets, extra).filter((e) => servedInTarget(e, targets).served);
  return [...served].sort((a, b) => {
    const [x, y] = [versionRank(a.info.version), versionRank(b.info.version)];
    return y[0]! - x[0]! || y[1]! - x[1]! || y[2]! - x[2]!;
  })[0];
}
