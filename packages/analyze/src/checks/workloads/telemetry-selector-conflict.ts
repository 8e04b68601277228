import { GROUP } from "../../resource-index.js";
import { hasKeys, isObject, stringMap } from "../../read.js";
import type { Check } from "../../types.js";
import { describeWorkload, selectorConflicts, workloadsOf, type SelectingResource } from "../../workloads.js";

/**
 * TELEMETRY_SELECTOR_CONFLICT: two or more Telemetries with selectors select the same workload of
 * their namespace (istioctl's IST0159). Reported once per Telemetry, naming the first workload
 * they share.
 */
export const telemetrySelectorConflict: Check = {
  code: "TELEMETRY_SELECTOR_CONFLICT",
  istioctlCode: "IST0159",
  severity: "error",
  title: "Telemetries select the same workload",
  check: (index) => {
    const workloads = workloadsOf(index);
    if (workloads.all.length === 0) return [];
    const telemetries: SelectingResource[] = index.ofKind(GROUP.telemetry, "Telemetry").flatMap((resource) => {
      const selector = isObject(resource.spec.selector) ? resource.spec.selector : {};
      return hasKeys(selector.matchLabels) ? [{ resource, labels: stringMap(selector.matchLabels) }] : [];
    });
    if (telemetries.length < 2) return [];
    return selectorConflicts(workloads, telemetries).map(({ resource, workload, names }) => ({
      resource,
      path: ["spec", "selector", "matchLabels"],
      message: `The Telemetries [${names.join(" ")}] in namespace ${JSON.stringify(resource.namespace)} select the same workload pod ${JSON.stringify(workload.resource.name)}, which can lead to undefined behavior: ${describeWorkload(workload)} gets the metrics, logs and traces settings of one of them, which one is not defined`,
      hint: `merge the Telemetries ${names.join(", ")} into one, or narrow their selector labels so that each workload has at most one`,
    }));
  },
};
