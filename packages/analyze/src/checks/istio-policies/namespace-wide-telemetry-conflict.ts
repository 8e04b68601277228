import { GROUP, type IndexedResource } from "../../resource-index.js";
import { targetRefsOf } from "../../refs.js";
import type { Check, Finding } from "../../types.js";

/**
 * NAMESPACE_WIDE_TELEMETRY_CONFLICT: more than one Telemetry of a namespace has no workload
 * selector (istioctl's IST0160). As Istio's analyzer reads it, a Telemetry is namespace-wide when
 * it has no `selector` at all (an empty `selector: {}` counts as one); meshform also leaves out a
 * Telemetry with `targetRef`/`targetRefs`, which applies to what it targets and not to the
 * namespace (istioctl counts it, a false positive). Each Telemetry involved is reported.
 */
export const namespaceWideTelemetryConflict: Check = {
  code: "NAMESPACE_WIDE_TELEMETRY_CONFLICT",
  istioctlCode: "IST0160",
  severity: "error",
  title: "Several Telemetries without a workload selector in one namespace",
  check: (index) => {
    const byNamespace = new Map<string, IndexedResource[]>();
    for (const telemetry of index.ofKind(GROUP.telemetry, "Telemetry")) {
      const selector = telemetry.spec.selector;
      if ((selector !== undefined && selector !== null) || targetRefsOf(telemetry).length > 0) continue;
      const list = byNamespace.get(telemetry.namespace);
      if (list === undefined) byNamespace.set(telemetry.namespace, [telemetry]);
      else list.push(telemetry);
    }
    const findings: Finding[] = [];
    for (const [namespace, telemetries] of byNamespace) {
      if (telemetries.length < 2) continue;
      const names = telemetries.map((t) => t.name).sort();
      const scope = namespace === index.rootNamespace ? "the whole mesh (the root namespace)" : `namespace ${namespace}`;
      for (const telemetry of telemetries) {
        findings.push({
          resource: telemetry,
          path: ["metadata", "name"],
          message: `The Telemetries [${names.join(" ")}] in namespace ${JSON.stringify(namespace)} have no workload selector, which can lead to undefined behavior: Istio applies one Telemetry without selector to ${scope}, the oldest, and ignores the others`,
          hint: `merge ${names.join(", ")} into a single Telemetry without selector, or give all but one a selector or targetRefs`,
        });
      }
    }
    return findings.sort((a, b) => a.resource.position - b.resource.position);
  },
};
