/**
 * How the mesh treats a namespace: its data plane (ambient, sidecars, none), the waypoint its
 * Services use, and the mTLS mode its workloads accept, as the set declares them.
 */
import type { PeerAuthenticationSpec } from "@meshform/istio/security.istio.io/peer-authentication";
import { GROUP, type GatewayInfo, type IndexedResource, type MeshIndex } from "./resource-index.js";
import { hasKeys, isObject, text } from "./read.js";

/** The label that puts a namespace in ambient mode (`ambient`). */
export const DATAPLANE_MODE = "istio.io/dataplane-mode";
/** The label that binds a namespace, Service or workload to a waypoint. */
export const USE_WAYPOINT = "istio.io/use-waypoint";
/** The label naming the waypoint's namespace, when it is another one. */
export const USE_WAYPOINT_NAMESPACE = "istio.io/use-waypoint-namespace";

/** A namespace's data plane as its Namespace declares it; `unknown` when the set has no Namespace for it. */
export type Dataplane = "ambient" | "sidecar" | "none" | "unknown";

/** Whether a Namespace's labels inject sidecars: `istio-injection: enabled`, or a non-empty `istio.io/rev`. */
export function injectsSidecars(namespace: IndexedResource): boolean {
  const revision = namespace.labels["istio.io/rev"];
  return namespace.labels["istio-injection"] === "enabled" || (revision !== undefined && revision !== "");
}

/**
 * Whether a Namespace is in ambient mode, as Istio decides it: labelled
 * `istio.io/dataplane-mode: ambient` and not injecting sidecars, since a sidecar injection label
 * beside the ambient one wins (the pods get sidecars, and ztunnel leaves them alone).
 */
export function isAmbientNamespace(namespace: IndexedResource): boolean {
  return namespace.labels[DATAPLANE_MODE] === "ambient" && !injectsSidecars(namespace);
}

/** The data plane of `namespace`. */
export function dataplaneOf(index: MeshIndex, namespace: string): Dataplane {
  const object = index.find(GROUP.core, "Namespace", "", namespace);
  if (object === undefined) return "unknown";
  if (injectsSidecars(object)) return "sidecar";
  if (object.labels[DATAPLANE_MODE] === "ambient") return "ambient";
  return "none";
}

/** Whether the mesh runs in ambient mode: some namespace is ambient or some waypoint exists. */
export function usesAmbient(index: MeshIndex): boolean {
  return index.targets(GROUP.core, "Namespace").some(isAmbientNamespace) || index.gateways().some((g) => g.waypoint && g.resource.input.rejected !== true);
}

/** A waypoint named by an `istio.io/use-waypoint` label. */
export interface WaypointUse {
  readonly namespace: string;
  readonly name: string;
  /** What carries the label. */
  readonly by: IndexedResource;
}

/** The waypoint a resource's labels name; `"none"` when it opts out; `undefined` without the label. */
export function waypointUseOf(resource: IndexedResource): WaypointUse | "none" | undefined {
  const name = resource.labels[USE_WAYPOINT];
  if (name === undefined || name === "") return undefined;
  if (name === "none") return "none";
  const home = resource.kind === "Namespace" && resource.group === "" ? resource.name : resource.namespace;
  return { name, namespace: resource.labels[USE_WAYPOINT_NAMESPACE] ?? home, by: resource };
}

/** The waypoint that serves a Service: its own label, else its namespace's. */
export function serviceWaypoint(index: MeshIndex, namespace: string, name: string): WaypointUse | "none" | undefined {
  const service = index.find(GROUP.core, "Service", namespace, name);
  const own = service ? waypointUseOf(service) : undefined;
  if (own !== undefined) return own;
  const ns = index.find(GROUP.core, "Namespace", "", namespace);
  return ns ? waypointUseOf(ns) : undefined;
}

/** What traffic a waypoint handles (`istio.io/waypoint-for`): `service` unless it says otherwise. */
export function waypointFor(gateway: GatewayInfo): string {
  return gateway.resource.labels["istio.io/waypoint-for"] ?? "service";
}

/** A PeerAuthentication's mTLS mode; `UNSET` inherits from the enclosing scope. */
export type MtlsMode = "STRICT" | "PERMISSIVE" | "DISABLE" | "UNSET";

/** The mode a PeerAuthentication sets for its whole scope. */
export function peerModeOf(policy: IndexedResource): MtlsMode {
  const mode = text((policy.spec as Partial<PeerAuthenticationSpec>).mtls?.mode);
  return mode === "STRICT" || mode === "PERMISSIVE" || mode === "DISABLE" ? mode : "UNSET";
}

/** Whether a policy has no workload selector (it covers its whole namespace, or the mesh in the root namespace). */
export function isNamespaceWide(policy: IndexedResource): boolean {
  const selector = policy.spec.selector;
  return !isObject(selector) || !hasKeys(selector.matchLabels);
}

const widePolicies = new WeakMap<MeshIndex, Map<string, IndexedResource[]>>();

/** The namespace-wide PeerAuthentications of a namespace (the mesh-wide ones, for the root namespace). */
export function widePeerPolicies(index: MeshIndex, namespace: string): readonly IndexedResource[] {
  let byNamespace = widePolicies.get(index);
  if (byNamespace === undefined) {
    byNamespace = new Map();
    for (const policy of index.ofKind(GROUP.security, "PeerAuthentication")) {
      if (isNamespaceWide(policy)) byNamespace.set(policy.namespace, [...(byNamespace.get(policy.namespace) ?? []), policy]);
    }
    widePolicies.set(index, byNamespace);
  }
  return byNamespace.get(namespace) ?? [];
}

/** The mode the mesh-wide PeerAuthentication sets, and that policy; Istio's default is PERMISSIVE. */
export function meshMtls(index: MeshIndex): { readonly mode: MtlsMode; readonly policy?: IndexedResource } {
  const policy = widePeerPolicies(index, index.rootNamespace)[0];
  const mode = policy ? peerModeOf(policy) : "UNSET";
  return mode === "UNSET" ? { mode: "PERMISSIVE" } : { mode, ...(policy ? { policy } : {}) };
}

/** The mode the workloads of a namespace accept, and the policy that sets it (none for Istio's default). */
export function namespaceMtls(index: MeshIndex, namespace: string): { readonly mode: MtlsMode; readonly policy?: IndexedResource } {
  const own = namespace === index.rootNamespace ? undefined : widePeerPolicies(index, namespace)[0];
  const mode = own ? peerModeOf(own) : "UNSET";
  return mode === "UNSET" ? meshMtls(index) : { mode, ...(own ? { policy: own } : {}) };
}
