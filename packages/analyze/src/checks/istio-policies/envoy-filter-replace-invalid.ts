import type { Check } from "../../types.js";
import { patchFindingsOf } from "./envoy-filter-patches.js";

/**
 * ENVOY_FILTER_REPLACE_INVALID: an EnvoyFilter patch REPLACEs something other than an HTTP
 * filter, a network filter or a virtual host, istioctl's IST0152.
 */
export const envoyFilterReplaceInvalid: Check = {
  code: "ENVOY_FILTER_REPLACE_INVALID",
  istioctlCode: "IST0152",
  severity: "error",
  title: "EnvoyFilter REPLACE on an object it does not apply to",
  check: (index) =>
    patchFindingsOf(index, "replace").map((f) => ({
      resource: f.filter,
      path: f.path,
      message: `The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER: Istio replaces HTTP filters, network filters and virtual hosts only, and ignores patch ${f.patch}, a REPLACE on ${f.applyTo || "no applyTo"}`,
      hint: "use MERGE to change the object in place, or REMOVE it and ADD the new one; REPLACE only with applyTo HTTP_FILTER, NETWORK_FILTER or VIRTUAL_HOST",
    })),
};
