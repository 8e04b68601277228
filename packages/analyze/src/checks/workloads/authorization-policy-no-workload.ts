import { GROUP } from "../../resource-index.js";
import { isObject, stringMap } from "../../read.js";
import type { Check, Finding } from "../../types.js";
import { inMesh, selectorText, workloadsOf, type Workload } from "../../workloads.js";

/**
 * AUTHORIZATION_POLICY_NO_WORKLOAD: an AuthorizationPolicy applies to no workload of the mesh in
 * the set (istioctl's IST0127): its selector matches no workload in the mesh of its namespace
 * (of any namespace, for a policy of the root namespace), or, without a selector, its namespace
 * has no workload in the mesh. A policy of the root namespace without a selector applies to the
 * whole mesh and is never reported; a policy with `targetRefs` applies to gateways and waypoints,
 * not to the workloads of the set, and is left out. Runs only when the set holds workloads.
 */
export const authorizationPolicyNoWorkload: Check = {
  code: "AUTHORIZATION_POLICY_NO_WORKLOAD",
  istioctlCode: "IST0127",
  severity: "warning",
  title: "AuthorizationPolicy selects no workload",
  check: (index) => {
    const workloads = workloadsOf(index);
    if (workloads.all.length === 0) return [];
    const meshed = new Map<Workload, boolean>();
    const isMeshed = (w: Workload) => {
      let value = meshed.get(w);
      if (value === undefined) meshed.set(w, (value = inMesh(w, index)));
      return value;
    };
    // Whether a namespace has a workload in the mesh, read once per namespace.
    const namespaces = new Map<string, boolean>();
    const hasMeshed = (namespace: string) => {
      let value = namespaces.get(namespace);
      if (value === undefined) namespaces.set(namespace, (value = workloads.inNamespace(namespace).some(isMeshed)));
      return value;
    };
    const findings: Finding[] = [];
    for (const policy of index.ofKind(GROUP.security, "AuthorizationPolicy")) {
      if (Array.isArray(policy.spec.targetRefs) && policy.spec.targetRefs.length > 0) continue;
      if (isObject(policy.spec.targetRef)) continue;
      const root = policy.namespace === index.rootNamespace;
      if (!isObject(policy.spec.selector)) {
        if (root || hasMeshed(policy.namespace)) continue;
        findings.push({
          resource: policy,
          path: ["metadata", "name"],
          message: `No matching workloads for this resource with the following labels: none (the policy has no selector): namespace ${policy.namespace} has no workload in the mesh in the set, so the policy applies to nothing`,
          hint: `move the policy to the namespace of the workloads it is for, or add the namespace's workloads to the mesh (label the namespace istio-injection: enabled or istio.io/dataplane-mode: ambient); if they are deployed from outside the set, suppress this finding with the reason`,
        });
        continue;
      }
      const labels = stringMap(policy.spec.selector.matchLabels);
      if (workloads.matching(labels, root ? undefined : policy.namespace).some(isMeshed)) continue;
      findings.push({
        resource: policy,
        path: ["spec", "selector"],
        message: `No matching workloads for this resource with the following labels: ${selectorText(labels)}: no workload in the mesh ${root ? "in any namespace" : `in namespace ${policy.namespace}`} of the set has these labels, so the policy applies to nothing`,
        hint: `fix spec.selector.matchLabels to the labels of the workload's pods (a Deployment's spec.template.metadata.labels), and check that the workload is in the mesh; if it is deployed from outside the set, suppress this finding with the reason`,
      });
    }
    return findings;
  },
};
