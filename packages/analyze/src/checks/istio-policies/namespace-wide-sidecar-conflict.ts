import { dataplaneOf } from "../../modes.js";
import { GROUP, type IndexedResource } from "../../resource-index.js";
import { hasKeys, isObject } from "../../read.js";
import type { Check, Finding } from "../../types.js";

/**
 * NAMESPACE_WIDE_SIDECAR_CONFLICT: more than one Sidecar of a namespace has no workload selector
 * (istioctl's IST0111). As Istio's analyzer reads it, a Sidecar without `workloadSelector.labels`
 * (absent or empty) is namespace-wide; a namespace whose Namespace is in ambient mode (labelled
 * `istio.io/dataplane-mode: ambient`, without `istio-injection: enabled` or a non-empty
 * `istio.io/rev`) is left out, since its Sidecars apply to nothing (SIDECAR_ONLY_IN_AMBIENT says
 * so). Each Sidecar involved is reported.
 */
export const namespaceWideSidecarConflict: Check = {
  code: "NAMESPACE_WIDE_SIDECAR_CONFLICT",
  istioctlCode: "IST0111",
  severity: "error",
  title: "Several Sidecars without a workload selector in one namespace",
  check: (index) => {
    const byNamespace = new Map<string, IndexedResource[]>();
    for (const sidecar of index.ofKind(GROUP.networking, "Sidecar")) {
      const selector = sidecar.spec.workloadSelector;
      if (isObject(selector) && hasKeys(selector.labels)) continue;
      const list = byNamespace.get(sidecar.namespace);
      if (list === undefined) byNamespace.set(sidecar.namespace, [sidecar]);
      else list.push(sidecar);
    }
    const findings: Finding[] = [];
    for (const [namespace, sidecars] of byNamespace) {
      if (sidecars.length < 2 || dataplaneOf(index, namespace) === "ambient") continue;
      const names = sidecars.map((s) => s.name).sort();
      const scope = namespace === index.rootNamespace ? "every namespace without its own (the root namespace's default)" : `namespace ${namespace}`;
      for (const sidecar of sidecars) {
        findings.push({
          resource: sidecar,
          path: ["metadata", "name"],
          message: `The Sidecars [${names.join(" ")}] in namespace ${JSON.stringify(namespace)} have no workload selector, which can lead to undefined behavior: Istio applies one Sidecar without selector to the workloads of ${scope}, the oldest, and ignores the others`,
          hint: `merge ${names.join(", ")} into a single Sidecar without workloadSelector, or give all but one a workloadSelector`,
        });
      }
    }
    return findings.sort((a, b) => a.resource.position - b.resource.position);
  },
};
