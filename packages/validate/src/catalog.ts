/**
 * The kinds a validator knows, by `apiVersion/Kind`: Kubernetes core kinds, Istio, and the Gateway
 * API channel it was asked for, each with the availability index of its product.
 */
import { availability as gatewayAvailability, kinds as gatewayKinds } from "@meshform/gateway-api";
import { availability as experimentalAvailability, kinds as experimentalKinds } from "@meshform/gateway-api/experimental";
import { availability as istioAvailability, kinds as istioKinds } from "@meshform/istio";
import { kinds as k8sKinds } from "@meshform/k8s";
import type { AvailabilityIndex, KindEntry } from "@meshform/kind-runtime";
import { ValidateError } from "./codes.js";

/** The Gateway API release channel whose CRDs the resources are checked against. */
export type GatewayApiChannel = "standard" | "experimental";

/** One kind version a validator checks, with the product and release it is judged against. */
export interface CatalogEntry {
  readonly entry: KindEntry;
  /** The upstream product's availability index; absent for Kubernetes core kinds. */
  readonly availability?: AvailabilityIndex;
  /** The release the resource must be served by, from {@link CatalogEntry.availability}'s releases. */
  readonly release?: string;
}

/** The kinds of one validator, and what it knows about the kinds it does not check. */
export interface Catalog {
  /** The entry for `apiVersion/Kind`, when the selected schemas have it. */
  readonly find: (apiVersion: string, kind: string) => CatalogEntry | undefined;
  /** Whether the experimental Gateway API channel has `apiVersion/Kind` (for a standard-channel validator). */
  readonly experimentalOnly: (apiVersion: string, kind: string) => boolean;
  /** The apiVersions that serve `kind` in `group`, or `undefined` when meshform does not know the group. */
  readonly versionsOf: (group: string, kind: string) => readonly string[] | undefined;
  /** The Gateway API release the catalog's Gateway API kinds come from. */
  readonly gatewayApiRelease: string;
}

/** What {@link createCatalog} needs: the target releases and the Gateway API channel. */
export interface CatalogOptions {
  readonly istioRelease?: string;
  readonly gatewayApiRelease?: string;
  readonly gatewayApiChannel?: GatewayApiChannel;
  /**
   * Kinds meshform does not ship, generated with `meshform codegen` from their CRDs: checked
   * like the built-in kinds (schema, defaults, CEL rules). They take precedence over a built-in
   * kind of the same apiVersion and kind.
   * @defaultValue none
   */
  readonly kinds?: readonly KindEntry[];
}

/** The releases each product's availability index compares, oldest first. */
export function supportedReleases(): { readonly istio: readonly string[]; readonly gatewayApi: readonly string[] } {
  return { istio: istioAvailability.releases, gatewayApi: gatewayAvailability.releases };
}

/**
 * Builds the catalog of a validator.
 *
 * @throws ValidateError when a release is not one the availability index compares, or the channel is unknown
 */
export function createCatalog(options: CatalogOptions): Catalog {
  const channel = options.gatewayApiChannel ?? "standard";
  if (channel !== "standard" && channel !== "experimental") {
    throw new ValidateError("UNKNOWN_CHANNEL", `unknown Gateway API channel '${String(channel)}'; meshform knows standard, experimental`);
  }
  const gateway = channel === "experimental" ? { kinds: experimentalKinds, index: experimentalAvailability } : { kinds: gatewayKinds, index: gatewayAvailability };
  const istioRelease = checkRelease(istioAvailability, options.istioRelease);
  const gatewayRelease = checkRelease(gateway.index, options.gatewayApiRelease);
  const byKey = new Map<string, CatalogEntry>();
  for (const entry of k8sKinds) byKey.set(keyOf(entry), { entry });
  for (const entry of istioKinds) byKey.set(keyOf(entry), { entry, availability: istioAvailability, release: istioRelease });
  for (const entry of gateway.kinds) byKey.set(keyOf(entry), { entry, availability: gateway.index, release: gatewayRelease });
  for (const entry of options.kinds ?? []) byKey.set(keyOf(entry), { entry });
  const experimental = new Set(channel === "standard" ? experimentalKinds.map(keyOf).filter((key) => !byKey.has(key)) : []);
  const versions = versionIndex([...k8sKinds, ...istioKinds, ...experimentalKinds, ...(options.kinds ?? [])]);
  // Looked up per resource: by apiVersion, then kind, so no key string is built per lookup.
  const byVersion = new Map<string, Map<string, CatalogEntry>>();
  for (const found of byKey.values()) {
    const { apiVersion, kind } = found.entry.info;
    let kinds = byVersion.get(apiVersion);
    if (kinds === undefined) byVersion.set(apiVersion, (kinds = new Map()));
    kinds.set(kind, found);
  }
  return {
    find: (apiVersion, kind) => byVersion.get(apiVersion)?.get(kind),
    experimentalOnly: (apiVersion, kind) => experimental.has(`${apiVersion}/${kind}`),
    versionsOf: (group, kind) => (versions.groups.has(group) ? (versions.kinds.get(`${group}/${kind}`) ?? []) : undefined),
    gatewayApiRelease: gatewayAvailability.releases.at(-1) ?? "",
  };
}

// --- internal ---

function keyOf(entry: KindEntry): string {
  return `${entry.info.apiVersion}/${entry.info.kind}`;
}

function checkRelease(index: AvailabilityIndex, release: string | undefined): string {
  const newest = index.releases.at(-1) ?? "";
  if (release === undefined) return newest;
  if (!index.releases.includes(release)) {
    throw new ValidateError("UNKNOWN_RELEASE", `unknown ${index.product} release '${release}'; meshform knows ${index.releases.join(", ")}`);
  }
  return release;
}

function versionIndex(entries: readonly KindEntry[]): { groups: Set<string>; kinds: Map<string, string[]> } {
  const groups = new Set<string>();
  const kinds = new Map<string, string[]>();
  for (const { info } of entries) {
    groups.add(info.group);
    const key = `${info.group}/${info.kind}`;
    const list = kinds.get(key) ?? [];
    if (!list.includes(info.apiVersion)) list.push(info.apiVersion);
    kinds.set(key, list);
  }
  return { groups, kinds };
}
