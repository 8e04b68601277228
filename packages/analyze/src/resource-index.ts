/**
 * The resource index every check reads: built once per analysis, it finds resources by kind and
 * by namespace/name, Gateways with their listeners (ListenerSets' included), the ports of a host,
 * and what the external declarations add.
 */
import type { GatewaySpec } from "@meshform/gateway-api/gateway.networking.k8s.io/gateway";
import type { ListenerSetSpec } from "@meshform/gateway-api/gateway.networking.k8s.io/listener-set";
import type { ServiceEntrySpec } from "@meshform/istio/networking.istio.io/service-entry";
import type { ServiceSpec } from "@meshform/k8s/core/v1";
import { hostMatches, protocolOfName, protocolOfServicePort, qualifyHost, serviceHost, type PortProtocol } from "./hosts.js";
import { isObject, itemsOf, stringMap, stringsOf, text, type JsonObject } from "./read.js";
import type { AnalyzedResource, AnalyzeOptions, FieldPath } from "./types.js";

/** API groups of the kinds analysis reads. */
export const GROUP = {
  core: "",
  gateway: "gateway.networking.k8s.io",
  networking: "networking.istio.io",
  security: "security.istio.io",
  telemetry: "telemetry.istio.io",
  extensions: "extensions.istio.io",
} as const;

/** The gateway class of Istio's waypoints. */
export const WAYPOINT_CLASS = "istio-waypoint";

/** One resource of the set, with its identity read once. */
export interface IndexedResource {
  readonly input: AnalyzedResource;
  /** Its position in the input, for a stable order. */
  readonly position: number;
  readonly apiVersion: string;
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** `""` for a cluster-scoped resource. */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** `spec`, or `{}` when it is missing or not an object. */
  readonly spec: JsonObject;
}

/** A listener of a Gateway, written on the Gateway or on a ListenerSet attached to it. */
export interface ListenerInfo {
  readonly name: string | undefined;
  readonly port: unknown;
  readonly protocol: string | undefined;
  readonly hostname: string | undefined;
  readonly allowedRoutes: unknown;
  /** The Gateway or ListenerSet it is written on, and its path there. */
  readonly owner: IndexedResource;
  readonly path: FieldPath;
}

/** A Gateway API Gateway with its class and every listener. */
export interface GatewayInfo {
  readonly resource: IndexedResource;
  readonly className: string | undefined;
  readonly waypoint: boolean;
  readonly listeners: readonly ListenerInfo[];
}

/** A port of a host, and what declared its protocol. */
export interface PortInfo {
  readonly number: number;
  readonly protocol: PortProtocol;
  /** The Service or ServiceEntry the port is declared on. */
  readonly owner: IndexedResource;
}

/** A resource written again later in the input, under the same group, kind, namespace and name. */
export interface OverwrittenResource {
  /** The earlier definition, which applying the set replaces; checks do not see it. */
  readonly resource: IndexedResource;
  /** The last definition of the same identity, the one analysed. */
  readonly by: IndexedResource;
}

/**
 * What checks read: the resources, looked up every way they need. A resource defined more than
 * once (same group, kind, namespace and name) is analysed once, as its last definition: applying
 * the set leaves that one in the cluster. A resource validation rejected ({@link
 * AnalyzedResource.rejected}) is in `resources` and `ofKind`, for findings about itself, but no
 * lookup of a reference target (`find`, `targets`, `gateway`, `hasService`, `portsOfHost`) finds it.
 */
export interface MeshIndex {
  /** Every resource analysed, in input order: the last definition of each identity. */
  readonly resources: readonly IndexedResource[];
  /** The earlier definitions of identities defined more than once, in input order. */
  readonly overwritten: readonly OverwrittenResource[];
  readonly rootNamespace: string;
  /** The resources of a kind, in input order, rejected ones included. */
  ofKind(group: string, kind: string): readonly IndexedResource[];
  /** The resources of a kind that references can name: {@link MeshIndex.ofKind} without the rejected ones. */
  targets(group: string, kind: string): readonly IndexedResource[];
  /** A resource by namespace (`""` when cluster-scoped) and name, unless validation rejected it. */
  find(group: string, kind: string, namespace: string, name: string): IndexedResource | undefined;
  /** A Gateway API Gateway of the set, unless validation rejected it. */
  gateway(namespace: string, name: string): GatewayInfo | undefined;
  /** Every Gateway API Gateway of the set, rejected ones included. */
  gateways(): readonly GatewayInfo[];
  /** Whether a Service is in the set or declared external. */
  hasService(namespace: string, name: string): boolean;
  /** Whether a Service is declared external and the set has none of that name (validation's rejected ones aside). */
  isExternalService(namespace: string, name: string): boolean;
  /** Whether a Gateway (Gateway API or Istio) is declared external. */
  isExternalGateway(namespace: string, name: string): boolean;
  /** Whether a host is declared external (exactly, or under a declared wildcard). */
  isExternalHost(host: string): boolean;
  /** Whether a subset of `host` (an FQDN) is declared external, for that host or a wildcard covering it. */
  isExternalSubset(host: string, subset: string): boolean;
  /** The ports the set declares for a host (a Service's, or its ServiceEntries'); `[]` when unknown. */
  portsOfHost(host: string): readonly PortInfo[];
}

/** The `spec` of a resource without one: shared, not an empty object per resource. */
const NO_SPEC: JsonObject = Object.freeze({});

/** The ports of a host nothing declares. */
const NO_PORTS: readonly PortInfo[] = [];

/** The cluster-scoped kinds analysis reads, as `[group, kind]`. */
const CLUSTER_SCOPED: readonly (readonly [string, string])[] = [
  ["", "Namespace"],
  ["gateway.networking.k8s.io", "GatewayClass"],
  ["apiextensions.k8s.io", "CustomResourceDefinition"],
];

/** Builds the index of `resources`; malformed resources are indexed as far as they can be read. */
export function indexResources(resources: readonly AnalyzedResource[], options: AnalyzeOptions = {}): MeshIndex {
  const groupOf = groupReader();
  const all = resources.map((input, position) => indexOne(input, position, options.defaultNamespace ?? "default", groupOf));
  // Without a `/` in any identity, resources are looked up by their four strings; otherwise by
  // their joined key, whose answers (two identities may join to one key) are kept as they were.
  const identities = all.every(slashFree) ? new Identities() : undefined;
  const { indexed, overwritten } = identities === undefined ? lastDefinitions(all) : lastIdentities(all, identities);
  const byKind = groupBy(indexed, kindKeys());
  // Most sets have no rejected resource: then the targets of a kind are its resources.
  const anyRejected = indexed.some((r) => r.input.rejected === true);
  const targetsByKind = new Map<string, readonly IndexedResource[]>();
  // Without rejected resources, the table of the last definitions is the lookup by name.
  let accepted = anyRejected ? undefined : identities;
  const lookup = (): Identities => (accepted ??= acceptedIdentities(indexed));
  // With a `/` somewhere, the lookup by joined key, built on the first lookup by name, which many
  // sets (and most checks) never make.
  let byNameMap: Map<string, IndexedResource> | undefined;
  const byName = (): Map<string, IndexedResource> => (byNameMap ??= nameLookup(indexed));
  const ofKind = (group: string, kind: string) => byKind.get(`${group}/${kind}`) ?? [];
  const targets = (group: string, kind: string): readonly IndexedResource[] => {
    const all = ofKind(group, kind);
    if (!anyRejected) return all;
    const key = `${group}/${kind}`;
    let accepted = targetsByKind.get(key);
    if (accepted === undefined) targetsByKind.set(key, (accepted = all.filter((r) => r.input.rejected !== true)));
    return accepted;
  };
  const gatewayList = ofKind(GROUP.gateway, "Gateway").map((g) => gatewayInfo(g, targets(GROUP.gateway, "ListenerSet")));
  const gateways = new Map(gatewayList.filter((g) => g.resource.input.rejected !== true).map((g) => [`${g.resource.namespace}/${g.resource.name}`, g] as const));
  const external = options.external ?? {};
  const externalServices = new SlashPairs(external.services ?? []);
  // `namespace/name` of every Service of the set, built on first use.
  let serviceSet: SlashPairs | undefined;
  const services = (): SlashPairs => (serviceSet ??= servicesOf(indexed));
  const isService = identities === undefined ? (namespace: string, name: string) => services().has(namespace, name) : (namespace: string, name: string) => lookup().get(GROUP.core, "Service", namespace, name) !== undefined;
  const externalGateways = new Set(external.gateways ?? []);
  const externalHosts = external.hosts ?? [];
  // The hosts declared for each subset name, as a set: a destination's subset is found by its host's suffixes.
  const externalSubsets = new Map<string, Set<string>>();
  for (const entry of external.subsets ?? []) {
    const slash = entry.lastIndexOf("/");
    const subset = entry.slice(slash + 1);
    const hosts = externalSubsets.get(subset);
    if (hosts === undefined) externalSubsets.set(subset, new Set([entry.slice(0, slash)]));
    else hosts.add(entry.slice(0, slash));
  }
  return {
    resources: indexed,
    overwritten,
    rootNamespace: options.rootNamespace ?? "istio-system",
    ofKind,
    targets,
    find: identities === undefined ? (group, kind, namespace, name) => byName().get(`${group}/${kind}/${namespace}/${name}`) : (group, kind, namespace, name) => lookup().get(group, kind, namespace, name),
    gateway: (namespace, name) => gateways.get(`${namespace}/${name}`),
    gateways: () => gatewayList,
    hasService: (namespace, name) => externalServices.has(namespace, name) || isService(namespace, name),
    isExternalService: (namespace, name) => externalServices.has(namespace, name) && !isService(namespace, name),
    isExternalGateway: (namespace, name) => externalGateways.has(`${namespace}/${name}`),
    isExternalHost: (host) => externalHosts.some((pattern) => hostMatches(pattern, host)),
    isExternalSubset: (host, subset) => {
      const hosts = externalSubsets.get(subset);
      return hosts !== undefined && coveredBy(hosts, host);
    },
    portsOfHost: portLookup(targets(GROUP.core, "Service"), targets(GROUP.networking, "ServiceEntry")),
  };
}

/**
 * Whether no host has ports in the set ({@link MeshIndex.portsOfHost} is `[]` for every host): it
 * has no Service and no ServiceEntry, as when every Service is declared external.
 */
export function declaresNoPorts(index: MeshIndex): boolean {
  return index.ofKind(GROUP.core, "Service").length === 0 && index.ofKind(GROUP.networking, "ServiceEntry").length === 0;
}

// --- internal ---

/**
 * The API group of an apiVersion, `""` for the core group: read once per apiVersion, so that the
 * resources of one API share one group string.
 */
function groupReader(): (apiVersion: string) => string {
  const groups = new Map<string, string>();
  return (apiVersion) => {
    let group = groups.get(apiVersion);
    if (group === undefined) groups.set(apiVersion, (group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : ""));
    return group;
  };
}

/** `group/kind` of a resource, the key of {@link MeshIndex.ofKind}: one string per group and kind, not one per resource. */
function kindKeys(): (resource: IndexedResource) => string {
  const keys = new Map<string, Map<string, string>>();
  return ({ group, kind }) => {
    let byKind = keys.get(group);
    if (byKind === undefined) keys.set(group, (byKind = new Map()));
    let key = byKind.get(kind);
    if (key === undefined) byKind.set(kind, (key = `${group}/${kind}`));
    return key;
  };
}

function indexOne(input: AnalyzedResource, position: number, defaultNamespace: string, groupOf: (apiVersion: string) => string): IndexedResource {
  const object = input.object;
  const apiVersion = text(object.apiVersion) ?? "";
  const kind = text(object.kind) ?? "";
  const group = groupOf(apiVersion);
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const scoped = !CLUSTER_SCOPED.some(([g, k]) => g === group && k === kind);
  return {
    input,
    position,
    apiVersion,
    group,
    kind,
    name: text(metadata.name) ?? "",
    namespace: scoped ? (text(metadata.namespace) ?? defaultNamespace) : "",
    labels: stringMap(metadata.labels),
    annotations: stringMap(metadata.annotations),
    spec: isObject(object.spec) ? object.spec : NO_SPEC,
  };
}

/**
 * The last definition of each identity (`group/kind/namespace/name`), in input order, and the
 * earlier ones it replaces: `kubectl apply` of the set leaves the last in the cluster. A resource
 * without a kind or a name has no identity and is always kept.
 */
function lastDefinitions(all: readonly IndexedResource[]): { indexed: readonly IndexedResource[]; overwritten: readonly OverwrittenResource[] } {
  const last = new Map<string, IndexedResource>();
  let identified = 0;
  for (const r of all) {
    if (r.kind === "" || r.name === "") continue;
    identified += 1;
    last.set(identityOf(r), r);
  }
  if (last.size === identified) return { indexed: all, overwritten: [] };
  const indexed: IndexedResource[] = [];
  const overwritten: OverwrittenResource[] = [];
  for (const r of all) {
    const by = r.kind !== "" && r.name !== "" ? last.get(identityOf(r)) : r;
    if (by === undefined || by === r) indexed.push(r);
    else overwritten.push({ resource: r, by });
  }
  return { indexed, overwritten };
}

/**
 * {@link lastDefinitions} for a set without a `/` in any identity ({@link slashFree}), with the
 * identities in a table instead of a map of joined keys: one string fewer per resource, and the
 * table filled here is the lookup by name of a set without rejected resources. Every resource is
 * set in `identities`, in input order, so that each identity holds its last definition.
 */
function lastIdentities(all: readonly IndexedResource[], identities: Identities): { indexed: readonly IndexedResource[]; overwritten: readonly OverwrittenResource[] } {
  let identified = 0;
  let distinct = 0;
  for (const r of all) {
    const added = identities.set(r);
    if (r.kind === "" || r.name === "") continue;
    identified += 1;
    if (added) distinct += 1;
  }
  if (distinct === identified) return { indexed: all, overwritten: [] };
  const indexed: IndexedResource[] = [];
  const overwritten: OverwrittenResource[] = [];
  for (const r of all) {
    const by = r.kind !== "" && r.name !== "" ? identities.get(r.group, r.kind, r.namespace, r.name) : r;
    if (by === undefined || by === r) indexed.push(r);
    else overwritten.push({ resource: r, by });
  }
  return { indexed, overwritten };
}

/** The resources by identity, validation's rejected ones left out: {@link nameLookup} as a table. */
function acceptedIdentities(indexed: readonly IndexedResource[]): Identities {
  const identities = new Identities();
  for (const r of indexed) if (r.input.rejected !== true) identities.set(r);
  return identities;
}

/** Whether no part of a resource's identity holds a `/`, so that its joined key splits only one way. */
function slashFree(r: IndexedResource): boolean {
  return !r.group.includes("/") && !r.kind.includes("/") && !r.namespace.includes("/") && !r.name.includes("/");
}

/**
 * Resources by group, kind, namespace and name, found without joining the four into a string per
 * resource and per question: by group, kind and name, then, for a name that resources of several
 * namespaces hold (`default`, or one policy name in every namespace), by namespace. For resources
 * without a `/` in their identities, the answers of a map keyed by `group/kind/namespace/name`.
 */
class Identities {
  readonly #byGroup = new Map<string, Map<string, Map<string, IndexedResource | Map<string, IndexedResource>>>>();

  /** Puts `r` under its identity, in place of the resource there; whether there was none. */
  set(r: IndexedResource): boolean {
    let byKind = this.#byGroup.get(r.group);
    if (byKind === undefined) this.#byGroup.set(r.group, (byKind = new Map()));
    let byName = byKind.get(r.kind);
    if (byName === undefined) byKind.set(r.kind, (byName = new Map()));
    const there = byName.get(r.name);
    if (there === undefined) {
      byName.set(r.name, r);
      return true;
    }
    if (there instanceof Map) {
      const added = !there.has(r.namespace);
      there.set(r.namespace, r);
      return added;
    }
    if (there.namespace === r.namespace) {
      byName.set(r.name, r);
      return false;
    }
    byName.set(
      r.name,
      new Map([
        [there.namespace, there],
        [r.namespace, r],
      ]),
    );
    return true;
  }

  get(group: string, kind: string, namespace: string, name: string): IndexedResource | undefined {
    const there = this.#byGroup.get(group)?.get(kind)?.get(name);
    if (there === undefined || !(there instanceof Map)) return there?.namespace === namespace ? there : undefined;
    return there.get(namespace);
  }
}

function identityOf(r: IndexedResource): string {
  return `${r.group}/${r.kind}/${r.namespace}/${r.name}`;
}

/** The resources by `group/kind/namespace/name`, validation's rejected ones left out. */
function nameLookup(indexed: readonly IndexedResource[]): Map<string, IndexedResource> {
  const byName = new Map<string, IndexedResource>();
  for (const r of indexed) if (r.input.rejected !== true) byName.set(identityOf(r), r);
  return byName;
}

/**
 * `namespace/name` of each resource whose key by name ({@link nameLookup}) is
 * `/Service/<namespace>/<name>`: a Service is then found by its namespace and name, without the
 * lookup by name of every resource.
 */
function servicesOf(indexed: readonly IndexedResource[]): SlashPairs {
  const services = new SlashPairs([]);
  const prefix = "/Service/";
  for (const r of indexed) {
    if (r.input.rejected === true) continue;
    // Only these keys can start with the prefix; the rest are not built.
    if (r.group === "" ? !r.kind.startsWith("Service") : !r.group.startsWith("/Service")) continue;
    const key = `${r.group}/${r.kind}/${r.namespace}/${r.name}`;
    if (key.startsWith(prefix)) services.add(key.slice(prefix.length));
  }
  return services;
}

/**
 * A set of strings `first/second` asked about by their two parts, without making the string of
 * each question (a reference's namespace and name, for thousands of references): each string is
 * kept under every split at one of its `/`, so a question has the answer the joined string would.
 */
class SlashPairs {
  readonly #byFirst = new Map<string, Set<string>>();

  constructor(entries: Iterable<string>) {
    for (const entry of entries) this.add(entry);
  }

  add(entry: string): void {
    for (let slash = entry.indexOf("/"); slash >= 0; slash = entry.indexOf("/", slash + 1)) {
      const first = entry.slice(0, slash);
      const seconds = this.#byFirst.get(first);
      if (seconds === undefined) this.#byFirst.set(first, new Set([entry.slice(slash + 1)]));
      else seconds.add(entry.slice(slash + 1));
    }
  }

  /** Whether `${first}/${second}` is in the set. */
  has(first: string, second: string): boolean {
    return this.#byFirst.get(first)?.has(second) === true;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = map.get(k);
    if (group) group.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function gatewayInfo(gateway: IndexedResource, listenerSets: readonly IndexedResource[]): GatewayInfo {
  const spec = gateway.spec as Partial<GatewaySpec>;
  const className = text(spec.gatewayClassName);
  const listeners = itemsOf(spec.listeners).map(([i, l]) => listenerInfo(l, gateway, ["spec", "listeners", i]));
  for (const set of listenerSets) {
    const setSpec = set.spec as Partial<ListenerSetSpec>;
    const parent = isObject(setSpec.parentRef) ? setSpec.parentRef : undefined;
    if (parent?.name !== gateway.name || (parent.namespace ?? set.namespace) !== gateway.namespace) continue;
    for (const [i, l] of itemsOf(setSpec.listeners)) listeners.push(listenerInfo(l, set, ["spec", "listeners", i]));
  }
  return { resource: gateway, className, waypoint: className === WAYPOINT_CLASS, listeners };
}

function listenerInfo(listener: { readonly name?: unknown; readonly port?: unknown; readonly protocol?: unknown; readonly hostname?: unknown; readonly allowedRoutes?: unknown }, owner: IndexedResource, path: FieldPath): ListenerInfo {
  return { name: text(listener.name), port: listener.port, protocol: text(listener.protocol), hostname: text(listener.hostname), allowedRoutes: listener.allowedRoutes, owner, path };
}

/** Whether one of `patterns` covers `host` as {@link hostMatches} reads them, found by the host's suffixes. */
function coveredBy(patterns: ReadonlySet<string>, host: string): boolean {
  if (patterns.has(host) || patterns.has("*") || patterns.has(`*.${host}`)) return true;
  for (let dot = host.indexOf("."); dot >= 0; dot = host.indexOf(".", dot + 1)) if (patterns.has(`*${host.slice(dot)}`)) return true;
  return false;
}

/** A lookup of the ports of a host, built on first use: Services by host, ServiceEntries by host pattern. */
function portLookup(services: readonly IndexedResource[], entries: readonly IndexedResource[]): (host: string) => readonly PortInfo[] {
  let byHost: Map<string, PortInfo[]> | undefined;
  let patterns: { readonly host: string; readonly ports: PortInfo[] }[] = [];
  const build = () => {
    const map = new Map<string, PortInfo[]>();
    for (const service of services) {
      const ports = itemsOf((service.spec as Partial<ServiceSpec>).ports).flatMap(([, port]) => (typeof port.port === "number" ? [{ number: port.port, protocol: protocolOfServicePort(port), owner: service }] : []));
      const host = serviceHost(service.namespace, service.name);
      map.set(host, [...(map.get(host) ?? []), ...ports]);
    }
    patterns = entries.flatMap((entry) => {
      const spec = entry.spec as Partial<ServiceEntrySpec>;
      const ports = itemsOf(spec.ports).flatMap(([, port]) => (typeof port.number === "number" ? [{ number: port.number, protocol: protocolOfName(port.protocol), owner: entry }] : []));
      return stringsOf(spec.hosts).map(([, h]) => ({ host: qualifyHost(h, entry.namespace), ports }));
    });
    return map;
  };
  return (host) => {
    byHost ??= build();
    const own = byHost.get(host) ?? NO_PORTS;
    if (patterns.length === 0) return own;
    const matching = patterns.filter((p) => hostMatches(p.host, host) || hostMatches(host, p.host));
    // Most hosts match no ServiceEntry: their Service's ports are returned as built, not copied.
    return matching.length === 0 ? own : [...own, ...new Set(matching.flatMap((p) => p.ports))];
  };
}
