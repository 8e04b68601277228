import type { Check } from "../../types.js";
import { patchFindingsOf } from "./envoy-filter-patches.js";

/** ENVOY_FILTER_REMOVE_IGNORED: an EnvoyFilter patch REMOVEs a route configuration or an HTTP route, istioctl's IST0154. */
export const envoyFilterRemoveIgnored: Check = {
  code: "ENVOY_FILTER_REMOVE_IGNORED",
  istioctlCode: "IST0154",
  severity: "error",
  title: "EnvoyFilter REMOVE on a route configuration or HTTP route",
  check: (index) =>
    patchFindingsOf(index, "remove").map((f) => ({
      resource: f.filter,
      path: f.path,
      message: `The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE: patch ${f.patch} (REMOVE on ${f.applyTo}) removes nothing, and the routes it meant to remove stay in force`,
      hint: f.applyTo === "HTTP_ROUTE" ? "remove the route from its VirtualService (or HTTPRoute), or REMOVE the VIRTUAL_HOST that holds it" : "remove the routes at their source, or REMOVE the VIRTUAL_HOSTs of the route configuration",
    })),
};
