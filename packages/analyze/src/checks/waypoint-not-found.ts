import { USE_WAYPOINT, waypointUseOf } from "../modes.js";
import type { Check } from "../types.js";

/** WAYPOINT_NOT_FOUND: an `istio.io/use-waypoint` label names a waypoint that does not exist. */
export const waypointNotFound: Check = {
  code: "WAYPOINT_NOT_FOUND",
  severity: "error",
  title: "Waypoint named by istio.io/use-waypoint not found",
  check: (index) =>
    index.resources.flatMap((resource) => {
      const use = waypointUseOf(resource);
      if (use === undefined || use === "none") return [];
      const gateway = index.gateway(use.namespace, use.name);
      const path = ["metadata", "labels", USE_WAYPOINT];
      const what = `${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ""}${resource.name}`;
      if (gateway === undefined) {
        if (index.isExternalGateway(use.namespace, use.name)) return [];
        return [{ resource, path, message: `${what} uses waypoint ${use.namespace}/${use.name}, which is not in the set: its traffic is not sent through any waypoint`, hint: `create a Gateway of class istio-waypoint named ${use.name} in ${use.namespace}, fix the labels istio.io/use-waypoint and istio.io/use-waypoint-namespace, or declare it with --external Gateway/${use.namespace}/${use.name}` }];
      }
      if (gateway.waypoint) return [];
      return [{ resource, path, message: `${what} uses ${use.namespace}/${use.name} as its waypoint, but that Gateway has class ${JSON.stringify(gateway.className ?? "")}, not istio-waypoint`, hint: "name a Gateway of class istio-waypoint" }];
    }),
};
