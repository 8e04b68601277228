import { dataplaneOf, serviceWaypoint, usesAmbient, waypointFor } from "../modes.js";
import type { IndexedResource, MeshIndex } from "../resource-index.js";
import { describeRef, isServiceRef, parentRefsOf, routesOf, type ResourceRef } from "../refs.js";
import type { Check, Finding } from "../types.js";

/** ROUTE_NOT_ENFORCED: in an ambient mesh, a route attached to a Service that no waypoint serves. */
export const routeNotEnforced: Check = {
  code: "ROUTE_NOT_ENFORCED",
  severity: "warning",
  title: "Route to a Service that no waypoint enforces",
  check: (index) => (usesAmbient(index) ? routesOf(index).flatMap((route) => parentRefsOf(route).flatMap((ref) => (isServiceRef(ref) ? checkParent(index, route, ref) : []))) : []),
};

// --- internal ---

function checkParent(index: MeshIndex, route: IndexedResource, ref: ResourceRef): Finding[] {
  const mode = dataplaneOf(index, ref.namespace);
  if (mode === "sidecar") return [];
  const service = describeRef(ref);
  const finding = (why: string, hint: string): Finding[] => [{ resource: route, path: ref.path, message: `${route.kind} attaches to ${service}, but ${why}, so nothing enforces this route`, hint }];
  if (route.namespace !== ref.namespace) {
    return finding(`the route is in namespace ${route.namespace}: a waypoint applies only routes in its Service's namespace`, `move the route to namespace ${ref.namespace}`);
  }
  const use = serviceWaypoint(index, ref.namespace, ref.name);
  if (use === undefined || use === "none") {
    const waypoints = index.gateways().filter((g) => g.waypoint).map((g) => `${g.resource.namespace}/${g.resource.name}`);
    return finding(
      `neither the Service nor namespace ${ref.namespace} uses a waypoint (istio.io/use-waypoint${use === "none" ? " is none" : ""}), and in ambient mode only a waypoint applies routes to a Service`,
      `label the Service or namespace ${ref.namespace} with istio.io/use-waypoint, or move the route and its Service to a namespace that uses a waypoint${waypoints.length > 0 ? `; the set has ${waypoints.join(", ")}` : ""}`,
    );
  }
  const gateway = index.gateway(use.namespace, use.name);
  const handles = gateway ? waypointFor(gateway) : "service";
  if (handles === "service" || handles === "all") return [];
  return finding(`its waypoint ${use.namespace}/${use.name} handles ${handles} traffic only (istio.io/waypoint-for: ${handles})`, "set istio.io/waypoint-for to service or all on the waypoint");
}
