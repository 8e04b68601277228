import type { Check, Finding } from "../../types.js";
import { appliesToAny, istioAnnotations, kindsOf } from "./annotated.js";
import { ANNOTATION_VALIDATORS } from "./validators.js";

/**
 * ANNOTATION_INVALID (istioctl IST0125): a known Istio annotation, on a kind it applies to, whose
 * value the sidecar injector rejects.
 */
export const annotationInvalid: Check = {
  code: "ANNOTATION_INVALID",
  istioctlCode: "IST0125",
  severity: "warning",
  title: "Invalid value of an Istio annotation",
  check: (index) =>
    istioAnnotations(index).flatMap(({ resource, name, value, entry, path }): Finding[] => {
      if (entry === undefined || appliesToAny(entry) || !kindsOf(entry).includes(resource.kind)) return [];
      const problem = ANNOTATION_VALIDATORS.get(name)?.(value);
      if (problem === undefined) return [];
      return [
        {
          resource,
          path,
          message: `Invalid annotation ${name}: ${problem}: the sidecar injector fails on it, so a Pod that carries it is refused where injection is enabled`,
          hint: `fix the value of ${name}`,
        },
      ];
    }),
};
