import type { Check, Finding } from "../../types.js";
import { istioAnnotations, labelNamed } from "./annotated.js";
import { annotationsAt, NEWEST_ISTIO_RELEASE } from "./metadata.js";

/** The known annotations at a release by lower-cased name, to name the one a mis-cased key meant. */
const byLowerCase = new Map<string, Map<string, string>>();

function knownAs(name: string, release: string): string | undefined {
  let lower = byLowerCase.get(release);
  if (lower === undefined) byLowerCase.set(release, (lower = new Map([...annotationsAt(release).keys()].map((known) => [known.toLowerCase(), known] as const))));
  return lower.get(name.toLowerCase());
}

/**
 * ANNOTATION_UNKNOWN (istioctl IST0108): an annotation in Istio's namespace (`*istio.io/...`) on a
 * Namespace, Service, Pod or Deployment that Istio's annotation list does not hold.
 */
export const annotationUnknown: Check = {
  code: "ANNOTATION_UNKNOWN",
  istioctlCode: "IST0108",
  severity: "warning",
  title: "Unknown Istio annotation",
  check: (index) =>
    istioAnnotations(index).flatMap(({ resource, name, entry, path }): Finding[] => {
      if (entry !== undefined) return [];
      const meant = knownAs(name, NEWEST_ISTIO_RELEASE);
      const label = labelNamed(name);
      return [
        {
          resource,
          path,
          message: `Unknown annotation: ${name}: Istio ${NEWEST_ISTIO_RELEASE} reads no annotation of that name, so it has no effect`,
          hint:
            meant !== undefined
              ? `annotation names are case-sensitive: write ${meant}`
              : label !== undefined
                ? `${name} is a label in Istio, not an annotation: move it to metadata.labels`
                : `check the name against Istio's annotation reference, or remove it`,
        },
      ];
    }),
};
