import type { Check } from "../../types.js";
import { patchFindingsOf } from "./envoy-filter-patches.js";

/** ENVOY_FILTER_ADD_IGNORED: an EnvoyFilter patch ADDs a route configuration or an HTTP route, istioctl's IST0153. */
export const envoyFilterAddIgnored: Check = {
  code: "ENVOY_FILTER_ADD_IGNORED",
  istioctlCode: "IST0153",
  severity: "error",
  title: "EnvoyFilter ADD on a route configuration or HTTP route",
  check: (index) =>
    patchFindingsOf(index, "add").map((f) => ({
      resource: f.filter,
      path: f.path,
      message: `The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE: patch ${f.patch} (ADD on ${f.applyTo}) changes nothing on any proxy`,
      hint: f.applyTo === "HTTP_ROUTE" ? "add the route with a VirtualService (or an HTTPRoute), or patch a VIRTUAL_HOST with MERGE" : "change the route configuration with MERGE, or add virtual hosts with applyTo VIRTUAL_HOST",
    })),
};
