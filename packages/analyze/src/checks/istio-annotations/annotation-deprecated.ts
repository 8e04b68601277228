import type { Check, Finding } from "../../types.js";
import { istioAnnotations } from "./annotated.js";

/** The annotation that has a label of the same name in its place, and what the message adds for it. */
const INJECT = "sidecar.istio.io/inject";

/**
 * ANNOTATION_DEPRECATED (istioctl IST0135): an Istio annotation that Istio's list marks deprecated.
 * `sidecar.istio.io/inject` is not reported where the resource also has the label of that name.
 */
export const annotationDeprecated: Check = {
  code: "ANNOTATION_DEPRECATED",
  istioctlCode: "IST0135",
  severity: "info",
  title: "Deprecated Istio annotation",
  check: (index) =>
    istioAnnotations(index).flatMap(({ resource, name, entry, path }): Finding[] => {
      if (entry === undefined || !entry.deprecated) return [];
      const inject = name === INJECT;
      if (inject && Object.hasOwn(resource.labels, INJECT)) return [];
      return [
        {
          resource,
          path,
          message: `Annotation ${JSON.stringify(name)} has been deprecated${inject ? ` in favor of the "${INJECT}" label` : ""} and may not work in future Istio versions: a later release may ignore it`,
          hint: inject ? `write it as the label ${INJECT} (metadata.labels), on the Pod or its template` : `see Istio's annotation reference for what replaces ${name}, and remove it`,
        },
      ];
    }),
};
