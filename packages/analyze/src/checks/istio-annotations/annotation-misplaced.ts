import type { Check, Finding } from "../../types.js";
import { appliesToAny, istioAnnotations, kindsOf } from "./annotated.js";

/**
 * ANNOTATION_MISPLACED (istioctl IST0107): a known Istio annotation on a Namespace, Service, Pod or
 * Deployment, where Istio's list says it does not apply.
 */
export const annotationMisplaced: Check = {
  code: "ANNOTATION_MISPLACED",
  istioctlCode: "IST0107",
  severity: "warning",
  title: "Istio annotation on the wrong kind of resource",
  check: (index) =>
    istioAnnotations(index).flatMap(({ resource, name, entry, path }): Finding[] => {
      if (entry === undefined || appliesToAny(entry)) return [];
      const kinds = kindsOf(entry);
      if (kinds.includes(resource.kind)) return [];
      const template = resource.kind === "Deployment" && kinds.includes("Pod");
      return [
        {
          resource,
          path,
          message: `Misplaced annotation: ${name} can only be applied to ${kinds.join(", ")}: Istio does not read it on a ${resource.kind}, so it has no effect`,
          hint: template ? `move it to the Pod template, spec.template.metadata.annotations` : `move it to the ${kinds.join(" or ")} it is meant for, or remove it`,
        },
      ];
    }),
};
