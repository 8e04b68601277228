/**
 * The service registry as `istioctl analyze` reads it to resolve a destination host: the hosts of
 * every ServiceEntry and Service of the set, each under the namespaces it is exported to
 * (ServiceEntry `exportTo`, the Service annotation `networking.istio.io/exportTo`; Istio's default
 * is `*`, every namespace), and a lookup from a namespace that sees only what is exported to it.
 */
import type { ServiceEntrySpec } from "@meshform/istio/networking.istio.io/service-entry";
import type { ServiceSpec } from "@meshform/k8s/core/v1";
import { qualifyHost, serviceOfHost } from "../../hosts.js";
import { itemsOf, stringsOf } from "../../read.js";
import { GROUP, type IndexedResource, type MeshIndex } from "../../resource-index.js";

/** The annotation that exports a Kubernetes Service to some namespaces only. */
export const EXPORT_TO_ANNOTATION = "networking.istio.io/exportTo";

/** What provides a host: a ServiceEntry or Service of the set, or an external declaration. */
export interface HostProvider {
  /** The ServiceEntry or Service; `undefined` for a host or Service declared external. */
  readonly resource?: IndexedResource;
  /** The port numbers it declares, in order; `undefined` when unknown (declared external). */
  readonly ports?: readonly number[];
}

/** Where a lookup is made from: a resource's namespace and its own `exportTo`. */
export interface Viewer {
  readonly namespace: string;
  /** The `exportTo` of the VirtualService or DestinationRule; `[]` when it has none. */
  readonly exportTo: readonly string[];
}

/** The hosts of the set, by the namespaces that see them. */
export interface ServiceRegistry {
  /**
   * What provides `host` (as written, qualified in the viewer's namespace when short) to a
   * resource in `viewer.namespace`, as Istio's analyzers resolve it; `undefined` when nothing the
   * viewer sees provides it and no declaration makes it external.
   */
  lookup(viewer: Viewer, host: string): HostProvider | undefined;
  /** Every ServiceEntry and Service that has the exact host `fqdn`, whoever it is exported to. */
  providersOf(fqdn: string): readonly IndexedResource[];
  /** Whether some exact host of the set (a Service's, a ServiceEntry's) lies under `pattern` (`*`, `*.example.com`). */
  hasHostUnder(pattern: string): boolean;
}

/**
 * A host in full, as Istio's analyzers qualify it: a short name is a Service of `namespace`
 * ({@link qualifyHost}).
 */
export const fqdnOf = qualifyHost;

/** The `exportTo` list of a resource's spec, `[]` when it has none. */
export function exportToOf(resource: IndexedResource): string[] {
  return stringsOf(resource.spec.exportTo as unknown[] | undefined).map(([, e]) => e);
}

/**
 * The namespaces a resource's `exportTo` makes it visible in, as Istio's analyzers key it: `["*"]`
 * for every namespace (none given, or `*` among them), else each namespace once (`.` its own).
 */
export function exportScopesOf(resource: IndexedResource): string[] {
  const exportTo = exportToOf(resource);
  return exportTo.length === 0 || exportTo.includes("*") ? ["*"] : [...new Set(exportTo.map((e) => (e === "." ? resource.namespace : e)))];
}

const registries = new WeakMap<MeshIndex, ServiceRegistry>();

/** The registry of an index, built once per index. */
export function registryOf(index: MeshIndex): ServiceRegistry {
  let registry = registries.get(index);
  if (registry === undefined) registries.set(index, (registry = build(index)));
  return registry;
}

// --- internal ---

/** A wildcard host `*<suffix>` of a ServiceEntry, under one scope. */
const wildcardKey = (scope: string, suffix: string) => `${scope}/${suffix}`;

function build(index: MeshIndex): ServiceRegistry {
  // `scope/fqdn` -> provider; a later entry under one key replaces the earlier, as in istioctl
  // (Services are read after ServiceEntries).
  const scoped = new Map<string, HostProvider>();
  // `scope/suffix` -> the first provider of the wildcard host `*<suffix>` under that scope.
  const wildcards = new Map<string, HostProvider>();
  const byHost = new Map<string, IndexedResource[]>();
  const put = (scope: string, fqdn: string, provider: HostProvider) => {
    scoped.set(`${scope}/${fqdn}`, provider);
    if (fqdn.startsWith("*")) {
      const key = wildcardKey(scope, fqdn.slice(1));
      if (!wildcards.has(key)) wildcards.set(key, provider);
    }
  };
  const known = (fqdn: string, resource: IndexedResource) => {
    if (fqdn.startsWith("*")) return;
    const list = byHost.get(fqdn);
    if (list === undefined) byHost.set(fqdn, [resource]);
    else list.push(resource);
  };
  // Every `.suffix` of an exact host, built on the first question about a wildcard: most sets ask none.
  let suffixSet: Set<string> | undefined;
  const suffixes = (): ReadonlySet<string> => {
    if (suffixSet === undefined) {
      suffixSet = new Set();
      for (const fqdn of byHost.keys()) for (let dot = fqdn.indexOf("."); dot >= 0; dot = fqdn.indexOf(".", dot + 1)) suffixSet.add(fqdn.slice(dot));
    }
    return suffixSet;
  };

  for (const entry of index.targets(GROUP.networking, "ServiceEntry")) {
    const spec = entry.spec as Partial<ServiceEntrySpec>;
    const provider: HostProvider = { resource: entry, ports: itemsOf(spec.ports).map(([, p]) => (typeof p.number === "number" ? p.number : 0)) };
    const scopes = exportScopesOf(entry);
    for (const [, host] of stringsOf(spec.hosts)) {
      const fqdn = fqdnOf(host, entry.namespace);
      for (const scope of scopes) put(scope, fqdn, provider);
      known(fqdn, entry);
    }
  }
  for (const service of index.targets(GROUP.core, "Service")) {
    const spec = service.spec as Partial<ServiceSpec>;
    const provider: HostProvider = { resource: service, ports: itemsOf(spec.ports).map(([, p]) => (typeof p.port === "number" ? p.port : 0)) };
    const fqdn = fqdnOf(service.name, service.namespace);
    for (const scope of serviceScopes(service)) put(scope, fqdn, provider);
    known(fqdn, service);
  }

  const EXTERNAL: HostProvider = {};
  const lookupWildcard = (scope: string, host: string): HostProvider | undefined => {
    const bare = host.startsWith("*") ? host.slice(1) : host;
    for (let i = 0; i <= bare.length; i++) {
      const found = wildcards.get(wildcardKey(scope, bare.slice(i)));
      if (found !== undefined) return found;
    }
    return undefined;
  };

  return {
    lookup: (viewer, host) => {
      const fqdn = fqdnOf(host, viewer.namespace);
      const everywhere = scoped.get(`*/${fqdn}`);
      if (everywhere !== undefined) return everywhere;
      const scopes = viewer.exportTo.length === 0 ? [viewer.namespace] : viewer.exportTo.map((e) => (e === "." ? viewer.namespace : e));
      for (const scope of scopes) {
        const found = scoped.get(`${scope}/${fqdn}`);
        if (found !== undefined) return found;
      }
      // Wildcard hosts of ServiceEntries seen by every namespace or by the viewer's own.
      if (wildcards.size > 0) {
        const found = lookupWildcard("*", fqdn) ?? lookupWildcard(viewer.namespace, fqdn);
        if (found !== undefined) return found;
      }
      const service = serviceOfHost(fqdn);
      if (service !== undefined && index.isExternalService(service.namespace, service.name)) return EXTERNAL;
      return index.isExternalHost(fqdn) ? EXTERNAL : undefined;
    },
    providersOf: (fqdn) => byHost.get(fqdn) ?? [],
    hasHostUnder: (pattern) => (pattern === "*" ? byHost.size > 0 : pattern.startsWith("*.") && suffixes().has(pattern.slice(1))),
  };
}

/** The namespaces a Service is exported to: its annotation's list (`.` its own namespace), else `*`. */
function serviceScopes(service: IndexedResource): string[] {
  const annotation = service.annotations[EXPORT_TO_ANNOTATION];
  if (annotation === undefined || annotation === "") return ["*"];
  return annotation.split(",").map((e) => {
    const scope = e.trim();
    return scope === "." ? service.namespace : scope;
  });
}

/** Whether `resource` is exported to `namespace`, for messages. */
export function isExportedTo(resource: IndexedResource, namespace: string): boolean {
  const scopes = resource.kind === "Service" ? serviceScopes(resource) : exportToOf(resource).map((e) => (e === "." ? resource.namespace : e));
  return scopes.length === 0 || scopes.includes("*") || scopes.includes(namespace);
}
