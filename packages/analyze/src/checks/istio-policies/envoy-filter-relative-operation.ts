import type { Check } from "../../types.js";
import { patchFindingsOf } from "./envoy-filter-patches.js";

/**
 * ENVOY_FILTER_RELATIVE_OPERATION: an EnvoyFilter without priority has a patch whose operation is
 * relative to another filter (INSERT_BEFORE, INSERT_AFTER, REPLACE, REMOVE), istioctl's IST0151.
 */
export const envoyFilterRelativeOperation: Check = {
  code: "ENVOY_FILTER_RELATIVE_OPERATION",
  istioctlCode: "IST0151",
  severity: "warning",
  title: "EnvoyFilter with a relative operation and no priority",
  check: (index) =>
    patchFindingsOf(index, "relative").map((f) => ({
      resource: f.filter,
      path: f.path,
      message: `This EnvoyFilter does not have a priority and has a relative patch operation set which can cause the EnvoyFilter not to be applied. Using the INSERT_FIRST of ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly: patch ${f.patch} (${f.operation} on ${f.applyTo || "no applyTo"}) acts relative to a filter another EnvoyFilter may add, move or remove, and EnvoyFilters of equal priority apply in creation order, so whether it applies depends on which was created first`,
      hint: "set spec.priority to order this EnvoyFilter against the ones it depends on, or use an absolute operation (INSERT_FIRST, ADD)",
    })),
};
