import { waypointUseOf } from "../modes.js";
import type { Check } from "../types.js";

/** WAYPOINT_UNUSED: a waypoint that no namespace, Service or workload of the set uses. */
export const waypointUnused: Check = {
  code: "WAYPOINT_UNUSED",
  severity: "warning",
  title: "Waypoint that nothing uses",
  check: (index) => {
    const used = new Set<string>();
    for (const resource of index.resources) {
      const use = waypointUseOf(resource);
      if (use !== undefined && use !== "none") used.add(`${use.namespace}/${use.name}`);
    }
    return index
      .gateways()
      .filter((g) => g.waypoint && !used.has(`${g.resource.namespace}/${g.resource.name}`))
      .map((g) => ({
        resource: g.resource,
        path: ["metadata", "name"],
        message: `no namespace, Service or workload of the set uses waypoint ${g.resource.namespace}/${g.resource.name} (label istio.io/use-waypoint): no traffic goes through it, so the routes and policies it would apply do nothing`,
        hint: "label the namespace or its Services with istio.io/use-waypoint, or remove the waypoint; if resources outside the set use it, suppress this finding with that reason",
      }));
  },
};
