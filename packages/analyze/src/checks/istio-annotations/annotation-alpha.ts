import type { PodSpec } from "@meshform/k8s/core/v1";
import type { IndexedResource } from "../../resource-index.js";
import { itemsOf } from "../../read.js";
import type { Check, Finding } from "../../types.js";
import { istioAnnotations } from "./annotated.js";
import { isAlpha } from "./metadata.js";

/** Annotations the istio-cni node agent sets on every Pod it handles: not reported on a Pod without istio-init. */
const SET_BY_CNI: ReadonlySet<string> = new Set(["sidecar.istio.io/interceptionMode", "traffic.sidecar.istio.io/includeInboundPorts", "traffic.sidecar.istio.io/excludeInboundPorts", "traffic.sidecar.istio.io/includeOutboundIPRanges"]);

/** Whether a Pod runs with istio-cni: it has no `istio-init` init container. */
function withCni(pod: IndexedResource): boolean {
  return !itemsOf((pod.spec as Partial<PodSpec>).initContainers).some(([, c]) => c.name === "istio-init");
}

/**
 * ANNOTATION_ALPHA (istioctl IST0136): an Istio annotation of an alpha-phase feature. On a Pod
 * without the `istio-init` container, the annotations istio-cni sets are not reported.
 */
export const annotationAlpha: Check = {
  code: "ANNOTATION_ALPHA",
  istioctlCode: "IST0136",
  severity: "info",
  title: "Istio annotation of an alpha feature",
  check: (index) => {
    const cni = new Map<IndexedResource, boolean>();
    return istioAnnotations(index).flatMap(({ resource, name, entry, path }): Finding[] => {
      if (entry === undefined || !isAlpha(entry)) return [];
      if (resource.kind === "Pod" && SET_BY_CNI.has(name)) {
        let skip = cni.get(resource);
        if (skip === undefined) cni.set(resource, (skip = withCni(resource)));
        if (skip) return [];
      }
      return [
        {
          resource,
          path,
          message: `Annotation ${JSON.stringify(name)} is part of an alpha-phase feature and may be incompletely supported: its meaning may change, or it may go, in a later Istio release`,
          hint: `keep it only where the feature is needed, and check Istio's release notes on upgrade`,
        },
      ];
    });
  },
};
