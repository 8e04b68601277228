import type { Check } from "../../types.js";
import { patchFindingsOf } from "./envoy-filter-patches.js";

/**
 * ENVOY_FILTER_RELATIVE_OPERATION_WITH_PROXY_VERSION: a relative patch of an EnvoyFilter without
 * priority names a filter that a patch with `match.proxy.proxyVersion` (earlier in the set) names
 * too, istioctl's IST0155.
 */
export const envoyFilterRelativeOperationWithProxyVersion: Check = {
  code: "ENVOY_FILTER_RELATIVE_OPERATION_WITH_PROXY_VERSION",
  istioctlCode: "IST0155",
  severity: "warning",
  title: "EnvoyFilter with a relative operation on a proxyVersion-bound filter and no priority",
  check: (index) =>
    patchFindingsOf(index, "relative-with-proxy-version").map((f) => ({
      resource: f.filter,
      path: f.path,
      message: `This EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) and proxyVersion set which can cause the EnvoyFilter not to be applied during an upgrade. Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly: patch ${f.patch} (${f.operation} on ${f.applyTo || "no applyTo"}) names a filter that a patch bound to a proxyVersion also names, so while proxies of two versions run, the filter it is relative to exists on some of them only`,
      hint: "set spec.priority so that this EnvoyFilter applies after the version-bound one, or use an absolute operation (INSERT_FIRST, ADD)",
    })),
};
