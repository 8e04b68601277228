import type { AllowedRoutes } from "@meshform/gateway-api/gateway.networking.k8s.io/gateway";
import { USE_WAYPOINT, waypointUseOf } from "../../modes.js";
import { GROUP, type GatewayInfo, type IndexedResource, type ListenerInfo, type MeshIndex } from "../../resource-index.js";
import { isObject, stringMap, text } from "../../read.js";
import type { Check, Finding } from "../../types.js";

/** The label every namespace carries with its own name. */
const NAMESPACE_NAME = "kubernetes.io/metadata.name";

/**
 * WAYPOINT_USE_NOT_ALLOWED: a namespace, Service, ServiceEntry or workload uses
 * (`istio.io/use-waypoint`) a waypoint of another namespace whose mesh listener does not admit it.
 * Istio reads a waypoint's `allowedRoutes.namespaces` (on its HBONE listener, port 15008) as the
 * namespaces that may use it, `Same` by default; a use from any other namespace is denied (a
 * status condition, nothing more), and the resource has no waypoint at all.
 */
export const waypointUseNotAllowed: Check = {
  code: "WAYPOINT_USE_NOT_ALLOWED",
  severity: "error",
  title: "Waypoint of another namespace that does not admit its user",
  check: (index) => {
    if (!index.gateways().some((g) => g.waypoint)) return [];
    const findings: Finding[] = [];
    for (const resource of index.resources) {
      const use = waypointUseOf(resource);
      if (use === undefined || use === "none") continue;
      const from = resource.kind === "Namespace" && resource.group === GROUP.core ? resource.name : resource.namespace;
      if (from === use.namespace) continue;
      const gateway = index.gateway(use.namespace, use.name);
      if (gateway === undefined || !gateway.waypoint) continue;
      const listener = meshListener(gateway);
      const refusal = refusalOf(index, gateway, listener, from);
      if (refusal === undefined) continue;
      const what = resource.kind === "Namespace" ? `namespace ${resource.name}` : `${resource.kind} ${resource.namespace}/${resource.name}`;
      findings.push({
        resource,
        path: ["metadata", "labels", USE_WAYPOINT],
        message:
          `${what} uses waypoint ${use.namespace}/${use.name} of another namespace, but ${refusal}: Istio denies the use, so ${resource.kind === "Namespace" ? "the namespace's Services have" : `the ${resource.kind} has`} no waypoint, ` +
          `and the routes and L7 policies meant for ${resource.kind === "Namespace" ? "them" : "it"} (HTTPRoutes, AuthorizationPolicies with HTTP rules, DestinationRule traffic policies) are not applied`,
        hint: `on the waypoint's listener ${JSON.stringify(listener?.name ?? "mesh")}, set allowedRoutes.namespaces.from: Selector with a selector matching namespace ${from} (e.g. ${NAMESPACE_NAME}: ${from}), or use a waypoint in namespace ${from}`,
      });
    }
    return findings;
  },
};

// --- internal ---

/** The listener whose allowedRoutes Istio reads for a waypoint: the HBONE listener on port 15008. */
function meshListener(gateway: GatewayInfo): ListenerInfo | undefined {
  return gateway.listeners.find((l) => l.owner === gateway.resource && l.protocol === "HBONE" && l.port === 15008);
}

/** Why the waypoint refuses a user in namespace `from`, or `undefined` when it admits it (or that is not known). */
function refusalOf(index: MeshIndex, gateway: GatewayInfo, listener: ListenerInfo | undefined, from: string): string | undefined {
  const home = gateway.resource.namespace;
  if (listener === undefined) return `it has no HBONE listener on port 15008, so only namespace ${home} may use it`;
  const allowed = (isObject(listener.allowedRoutes) ? listener.allowedRoutes : {}) as AllowedRoutes;
  const mode = text(allowed.namespaces?.from) ?? "Same";
  if (mode === "All") return undefined;
  if (mode === "Selector") {
    const selector = allowed.namespaces?.selector;
    if (!isObject(selector) || isObject(selector.matchExpressions) || (Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0)) return undefined;
    const namespace = index.find(GROUP.core, "Namespace", "", from);
    const labels: Record<string, string> = { ...(namespace?.labels ?? {}), [NAMESPACE_NAME]: from };
    const wanted = Object.entries(stringMap(selector.matchLabels));
    // A namespace outside the set has only its name label known.
    if (wanted.some(([key]) => namespace === undefined && key !== NAMESPACE_NAME)) return undefined;
    return wanted.every(([key, value]) => labels[key] === value) ? undefined : `its listener ${JSON.stringify(listener.name ?? "")} admits only the namespaces its allowedRoutes.namespaces.selector matches, and namespace ${from} does not match`;
  }
  return `its listener ${JSON.stringify(listener.name ?? "")} admits only namespace ${home} (allowedRoutes.namespaces.from is Same${allowed.namespaces?.from === undefined ? " by default" : ""})`;
}
