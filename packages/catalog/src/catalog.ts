/**
 * The one catalog of the kinds meshform knows. Every stage asks it the same questions: which kinds
 * and versions does this target serve, with which schema (and so which CEL rules and defaults),
 * and is a kind namespaced or cluster-scoped. The DSL's `compile`, `@meshform/validate` and the
 * renderer's scope lookup all read it, so a new release or a new kinds package is added here once.
 */
import * as argoCd from "@meshform/argo-cd";
import * as gatewayApi from "@meshform/gateway-api";
import * as gatewayApiExperimental from "@meshform/gateway-api/experimental";
import * as istio from "@meshform/istio";
import { kinds as k8sKinds } from "@meshform/k8s";
import type { AvailabilityIndex, KindEntry, KindScope } from "@meshform/kind-runtime";
import { CatalogError } from "./errors.js";
import {
  compareReleases,
  GATEWAY_API_RELEASES,
  ISTIO_RELEASES,
  NEWEST_GATEWAY_API_RELEASE,
  NEWEST_ISTIO_RELEASE,
  type GatewayApiChannel,
} from "./releases.js";

/** The upstream product and release a kind version is judged against. */
export interface ProductTarget {
  /** The product as people name it: `Istio`, `Gateway API`. */
  readonly product: string;
  /** The targeted release of the product. */
  readonly release: string;
  /** Which release of the product first has each kind version and field. */
  readonly availability: AvailabilityIndex;
  /**
   * Whether the schema of each entry is the targeted release's own (its kinds package ships the
   * schemas of every release), rather than the newest release's checked through
   * {@link ProductTarget.availability}.
   */
  readonly exact: boolean;
}

/** One kind version of a catalog, with the schema the target checks it against. */
export interface CatalogEntry {
  /**
   * The kind's metadata and schema: the targeted release's own, or, for a kind version the
   * target does not serve, the newest release's (for its name, scope and the words of the error).
   */
  readonly entry: KindEntry;
  /** The product and release of a kind that has releases; absent for Kubernetes', Argo CD's and a config's own kinds. */
  readonly product?: ProductTarget;
  /**
   * Set when the targeted release does not serve this kind version: the first release (of those
   * meshform ships) that does, or `null` when none of them is known to.
   */
  readonly notServedUntil?: string | null;
}

/** A field of a resource that the targeted release does not have yet. */
export interface NewerField {
  /** Where the field is in the resource (the first place, when a list holds it several times). */
  readonly path: readonly (string | number)[];
  /** The field as the availability index names it: dotted, lists transparent, `*` for a map value. */
  readonly field: string;
  /** The first release that has the field. */
  readonly since: string;
  /** The product and the targeted release. */
  readonly product: ProductTarget;
}

/** What a catalog is for: the targeted releases, and the kinds a config brings of its own. */
export interface CatalogOptions {
  /** @defaultValue the newest Istio release meshform ships */
  readonly istio?: string;
  /** @defaultValue the newest Gateway API release meshform ships, standard channel */
  readonly gatewayApi?: { readonly release?: string; readonly channel?: GatewayApiChannel };
  /**
   * Kinds meshform does not ship, generated with `meshform codegen` from their CRDs. They take
   * precedence over a built-in kind of the same apiVersion and kind, and a group/kind they
   * declare hides meshform's other versions of it from {@link KindCatalog.versions}.
   * @defaultValue none
   */
  readonly kinds?: readonly KindEntry[];
}

/** The answers of one target: kinds, versions, schemas, release availability, scopes. */
export interface KindCatalog {
  /** The targets the catalog answers for, defaults filled in. */
  readonly targets: { readonly istio: string; readonly gatewayApi: { readonly release: string; readonly channel: GatewayApiChannel } };
  /** The kind version `apiVersion`/`kind` of the target's channel, served or not; `undefined` when meshform has none. */
  readonly find: (apiVersion: string, kind: string) => CatalogEntry | undefined;
  /** Every version of `group`/`kind` in the target's channel, served or not: the config's own first (and alone, when it has any). */
  readonly versions: (group: string, kind: string) => readonly CatalogEntry[];
  /**
   * The version of a kind the target prefers, as Kubernetes orders versions: the most stable one
   * it serves (GA over beta over alpha, higher numbers first). Not the storage version: Istio
   * stores Telemetry as v1alpha1 while v1 is served and preferred.
   */
  readonly preferred: (group: string, kind: string) => CatalogEntry | undefined;
  /** The catalog entry of a kind entry this catalog handed out (or of the same apiVersion and kind). */
  readonly entryOf: (entry: KindEntry) => CatalogEntry | undefined;
  /** The apiVersions meshform knows for `group`/`kind` in any channel, or `undefined` when it does not know the group. */
  readonly knownVersions: (group: string, kind: string) => readonly string[] | undefined;
  /** Whether `apiVersion`/`kind` is a Gateway API kind version of the experimental channel only, for a standard-channel target. */
  readonly experimentalOnly: (apiVersion: string, kind: string) => boolean;
  /** The fields of `resource` that the targeted release of the entry's product does not have yet. */
  readonly newerFields: (found: CatalogEntry, resource: unknown) => readonly NewerField[];
  /**
   * Whether a kind is namespaced or cluster-scoped, whatever its version or channel; `undefined`
   * for a kind meshform has no schema for. A plain function, to hand to the renderer
   * (`planTree(resources, { scopeOf: catalog.scopeOf })`).
   */
  readonly scopeOf: (apiVersion: string, kind: string) => KindScope | undefined;
}

/**
 * The catalog of a target. Catalogs without kinds of a config's own are shared: asking twice for
 * the same target gives the same catalog.
 *
 * @example
 * ```ts
 * const catalog = createCatalog({ istio: "1.27.9", gatewayApi: { release: "v1.4.1" } });
 * const route = catalog.preferred("gateway.networking.k8s.io", "HTTPRoute"); // v1, with v1.4.1's schema
 * ```
 * @throws CatalogError (`UNKNOWN_RELEASE`, `UNKNOWN_CHANNEL`) for a release or channel meshform does not ship
 */
export function createCatalog(options: CatalogOptions = {}): KindCatalog {
  const channel = options.gatewayApi?.channel ?? "standard";
  if (channel !== "standard" && channel !== "experimental") {
    throw new CatalogError("UNKNOWN_CHANNEL", `unknown Gateway API channel '${String(channel)}'; meshform knows standard, experimental`);
  }
  const istioRelease = checkRelease("Istio", ISTIO_RELEASES, options.istio ?? NEWEST_ISTIO_RELEASE);
  const gatewayRelease = checkRelease("Gateway API", GATEWAY_API_RELEASES, options.gatewayApi?.release ?? NEWEST_GATEWAY_API_RELEASE);
  const own = options.kinds ?? [];
  const key = `${istioRelease} ${gatewayRelease} ${channel}`;
  if (own.length === 0) {
    const cached = SHARED.get(key);
    if (cached !== undefined) return cached;
  }
  const catalog = buildCatalog(istioRelease, gatewayRelease, channel, own);
  if (own.length === 0) SHARED.set(key, catalog);
  return catalog;
}

// --- internal ---

/** The schemas of each release of a product, as a kinds package exports them (`releases`). */
type ReleaseEntries = Readonly<Record<string, readonly KindEntry[] | undefined>>;

/** A kinds package of a product with releases. */
interface ProductSource {
  readonly product: string;
  /** The newest release's kind versions. */
  readonly kinds: readonly KindEntry[];
  readonly availability: AvailabilityIndex;
  /** Each release's own kind versions, when the package ships them. */
  readonly releases: ReleaseEntries | undefined;
}

/** The `releases` export of a kinds package, read without requiring it. */
function releasesOf(module: object): ReleaseEntries | undefined {
  return (module as { readonly releases?: ReleaseEntries }).releases;
}

const ISTIO: ProductSource = { product: "Istio", kinds: istio.kinds, availability: istio.availability, releases: releasesOf(istio) };
const GATEWAY_API: Readonly<Record<GatewayApiChannel, ProductSource>> = {
  standard: { product: "Gateway API", kinds: gatewayApi.kinds, availability: gatewayApi.availability, releases: releasesOf(gatewayApi) },
  experimental: {
    product: "Gateway API",
    kinds: gatewayApiExperimental.kinds,
    availability: gatewayApiExperimental.availability,
    releases: releasesOf(gatewayApiExperimental),
  },
};
/**
 * Kinds without releases meshform targets: Kubernetes' own and Argo CD's. Argo CD's are imported
 * with the catalog rather than when an `argoproj.io` kind is first looked up: the catalog answers
 * synchronously and ESM has no synchronous import, and what a later load would save is small (its
 * schemas are `lazy()`, its entries are three: loading its modules is about 10–20 ms of CPU).
 */
const UNVERSIONED: readonly KindEntry[] = [...k8sKinds, ...argoCd.kinds];

const SHARED = new Map<string, KindCatalog>();

function checkRelease(product: string, releases: readonly string[], release: string): string {
  if (!releases.includes(release)) {
    throw new CatalogError("UNKNOWN_RELEASE", `unknown ${product} release '${release}'; meshform knows ${releases.join(", ")}`);
  }
  return release;
}

function keyOf(info: { readonly apiVersion: string; readonly kind: string }): string {
  return `${info.apiVersion}/${info.kind}`;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

/** The catalog entries of a product for one release: its own schemas when shipped, else the newest with the availability index. */
function productEntries(source: ProductSource, release: string): CatalogEntry[] {
  const own = source.releases?.[release];
  const product: ProductTarget = { product: source.product, release, availability: source.availability, exact: own !== undefined };
  const sinceOf = (entry: KindEntry): string | undefined => source.availability.kinds[keyOf(entry.info)]?.since;
  if (own !== undefined) {
    const served = new Set(own.map((entry) => keyOf(entry.info)));
    const unserved = source.kinds
      .filter((entry) => !served.has(keyOf(entry.info)))
      .map((entry): CatalogEntry => ({ entry, product, notServedUntil: laterRelease(sinceOf(entry), release) ?? null }));
    return [...own.map((entry): CatalogEntry => ({ entry, product })), ...unserved];
  }
  return source.kinds.map((entry): CatalogEntry => {
    const since = sinceOf(entry);
    // A kind version the index does not list is taken as served: the index only knows what it compared.
    if (since === undefined || compareReleases(since, release) <= 0) return { entry, product };
    return { entry, product, notServedUntil: since };
  });
}

function laterRelease(since: string | undefined, release: string): string | undefined {
  return since !== undefined && compareReleases(since, release) > 0 ? since : undefined;
}

/** Orders versions as Kubernetes does: GA over beta over alpha, then higher numbers first. */
function versionRank(version: string): readonly [number, number, number] {
  const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!match) return [0, 0, 0];
  const stability = match[2] === undefined ? 3 : match[2] === "beta" ? 2 : 1;
  return [stability, Number(match[1]), Number(match[3] ?? 0)];
}

function byPreference(a: CatalogEntry, b: CatalogEntry): number {
  const [x, y] = [versionRank(a.entry.info.version), versionRank(b.entry.info.version)];
  return y[0] - x[0] || y[1] - x[1] || y[2] - x[2];
}

/** Every built-in kind's scope by `group/Kind`: a kind's scope is the same in every version, release and channel. */
let builtInScopes: Map<string, KindScope> | undefined;

function scopesOf(entries: readonly KindEntry[], into: Map<string, KindScope>): Map<string, KindScope> {
  for (const { info } of entries) into.set(`${info.group}/${info.kind}`, info.scope);
  return into;
}

function builtInScopeMap(): Map<string, KindScope> {
  builtInScopes ??= scopesOf([...UNVERSIONED, ...ISTIO.kinds, ...GATEWAY_API.standard.kinds, ...GATEWAY_API.experimental.kinds], new Map());
  return builtInScopes;
}

function buildCatalog(istioRelease: string, gatewayRelease: string, channel: GatewayApiChannel, own: readonly KindEntry[]): KindCatalog {
  const entries: CatalogEntry[] = [
    ...UNVERSIONED.map((entry): CatalogEntry => ({ entry })),
    ...productEntries(ISTIO, istioRelease),
    ...productEntries(GATEWAY_API[channel], gatewayRelease),
  ];
  const byKey = new Map<string, CatalogEntry>();
  for (const found of entries) byKey.set(keyOf(found.entry.info), found);
  for (const entry of own) byKey.set(keyOf(entry.info), { entry });
  // Looked up per resource: by apiVersion, then kind, so no key string is built per lookup.
  const byVersion = new Map<string, Map<string, CatalogEntry>>();
  const byGroupKind = new Map<string, CatalogEntry[]>();
  const byKindEntry = new Map<KindEntry, CatalogEntry>();
  for (const found of byKey.values()) {
    const { apiVersion, kind, group } = found.entry.info;
    let kinds = byVersion.get(apiVersion);
    if (kinds === undefined) byVersion.set(apiVersion, (kinds = new Map()));
    kinds.set(kind, found);
    const groupKind = `${group}/${kind}`;
    byGroupKind.set(groupKind, [...(byGroupKind.get(groupKind) ?? []), found]);
    byKindEntry.set(found.entry, found);
  }
  const ownGroupKinds = new Set(own.map(({ info }) => `${info.group}/${info.kind}`));
  for (const groupKind of ownGroupKinds) byGroupKind.set(groupKind, (byGroupKind.get(groupKind) ?? []).filter((found) => own.includes(found.entry)));

  const experimental = channel === "standard" ? productEntries(GATEWAY_API.experimental, gatewayRelease) : [];
  const experimentalOnly = new Set(experimental.map((found) => keyOf(found.entry.info)).filter((key) => !byKey.has(key)));
  const known = new Map<string, string[]>();
  const knownGroups = new Set<string>();
  for (const { entry } of [...byKey.values(), ...experimental]) {
    const { group, kind, apiVersion } = entry.info;
    knownGroups.add(group);
    const list = known.get(`${group}/${kind}`) ?? [];
    if (!list.includes(apiVersion)) list.push(apiVersion);
    known.set(`${group}/${kind}`, list);
  }
  const scopes = own.length === 0 ? builtInScopeMap() : scopesOf(own, new Map(builtInScopeMap()));
  const preferred = new Map<string, CatalogEntry | undefined>();
  const find = (apiVersion: string, kind: string): CatalogEntry | undefined => byVersion.get(apiVersion)?.get(kind);

  return {
    targets: { istio: istioRelease, gatewayApi: { release: gatewayRelease, channel } },
    find,
    versions: (group, kind) => byGroupKind.get(`${group}/${kind}`) ?? [],
    preferred(group, kind) {
      const groupKind = `${group}/${kind}`;
      if (!preferred.has(groupKind)) {
        const served = (byGroupKind.get(groupKind) ?? []).filter((found) => found.notServedUntil === undefined);
        preferred.set(groupKind, [...served].sort(byPreference)[0]);
      }
      return preferred.get(groupKind);
    },
    entryOf: (entry) => byKindEntry.get(entry) ?? find(entry.info.apiVersion, entry.info.kind),
    knownVersions: (group, kind) => (knownGroups.has(group) ? (known.get(`${group}/${kind}`) ?? []) : undefined),
    experimentalOnly: (apiVersion, kind) => experimentalOnly.has(`${apiVersion}/${kind}`),
    newerFields,
    scopeOf: (apiVersion, kind) => scopes.get(`${groupOf(apiVersion)}/${kind}`),
  };
}

/** The fields of `resource` newer than the target, as the entry's product's availability index has them. */
function newerFields(found: CatalogEntry, resource: unknown): readonly NewerField[] {
  const { product } = found;
  if (product === undefined) return NONE;
  const { availability, release } = product;
  // The index knows no release newer than its last: targeting that one (or a newer), every field is there.
  const newest = availability.releases.at(-1);
  if (newest !== undefined && compareReleases(release, newest) >= 0) return NONE;
  const fields = availability.kinds[keyOf(found.entry.info)]?.fields;
  if (fields === undefined) return NONE;
  const newer: NewerField[] = [];
  const reported: string[] = [];
  for (const field of Object.keys(fields).sort()) {
    const since = fields[field]!;
    if (compareReleases(since, release) <= 0 || reported.some((parent) => field.startsWith(`${parent}.`))) continue;
    const path = firstPlace(resource, field.split("."), []);
    if (path === undefined) continue;
    reported.push(field);
    newer.push({ path, field, since, product });
  }
  return newer;
}

const NONE: readonly NewerField[] = [];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The first concrete path where a dotted availability path (lists transparent, `*` any map value) has a value. */
function firstPlace(node: unknown, segments: readonly string[], at: readonly (string | number)[]): (string | number)[] | undefined {
  if (node === undefined || node === null) return undefined;
  if (segments.length === 0) return [...at];
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i += 1) {
      const found = firstPlace(node[i], segments, [...at, i]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isRecord(node)) return undefined;
  const [head, ...rest] = segments as [string, ...string[]];
  const keys = head === "*" ? Object.keys(node) : Object.hasOwn(node, head) ? [head] : [];
  for (const key of keys) {
    const found = firstPlace(node[key], rest, [...at, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}
