import { GROUP } from "../../resource-index.js";
import { hasKeys, isObject, stringMap } from "../../read.js";
import type { Check } from "../../types.js";
import { AMBIENT_REDIRECTION, describeWorkload, selectorConflicts, workloadsOf, type SelectingResource } from "../../workloads.js";

/**
 * SIDECAR_SELECTOR_CONFLICT: two or more Sidecars with workload selectors select the same workload
 * of their namespace (istioctl's IST0110). Reported once per Sidecar, naming the first workload
 * they share; workloads in ambient mode (no sidecar) are left out, as istioctl leaves them.
 */
export const sidecarSelectorConflict: Check = {
  code: "SIDECAR_SELECTOR_CONFLICT",
  istioctlCode: "IST0110",
  severity: "error",
  title: "Sidecars select the same workload",
  check: (index) => {
    const workloads = workloadsOf(index);
    if (workloads.all.length === 0) return [];
    const sidecars: SelectingResource[] = index.ofKind(GROUP.networking, "Sidecar").flatMap((resource) => {
      const selector = isObject(resource.spec.workloadSelector) ? resource.spec.workloadSelector : {};
      return hasKeys(selector.labels) ? [{ resource, labels: stringMap(selector.labels) }] : [];
    });
    if (sidecars.length < 2) return [];
    return selectorConflicts(workloads, sidecars, (w) => w.annotations[AMBIENT_REDIRECTION] === "enabled").map(({ resource, workload, names }) => ({
      resource,
      path: ["spec", "workloadSelector", "labels"],
      message: `The Sidecars [${names.join(" ")}] in namespace ${JSON.stringify(resource.namespace)} select the same workload pod ${JSON.stringify(workload.resource.name)}, which can lead to undefined behavior: the proxies of ${describeWorkload(workload)} take the configuration of one of them, which one is not defined, and ignore the others`,
      hint: `merge the Sidecars ${names.join(", ")} into one, or narrow their workloadSelector labels so that each workload has at most one`,
    }));
  },
};
