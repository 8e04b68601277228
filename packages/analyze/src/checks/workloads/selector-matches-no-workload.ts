import { GROUP, type IndexedResource, type MeshIndex } from "../../resource-index.js";
import { hasKeys, isObject, stringMap } from "../../read.js";
import type { Check, FieldPath, Finding } from "../../types.js";
import { firstSelectorKey, selectorText, workloadsOf } from "../../workloads.js";

/** A label selector written on a resource, and what it is for. */
interface Selector {
  readonly resource: IndexedResource;
  readonly labels: Readonly<Record<string, string>>;
  readonly path: FieldPath;
  /** The namespace its workloads must be in; `undefined` for any. */
  readonly namespace: string | undefined;
  /** What the resource fails to do when it selects nothing. */
  readonly consequence: string;
}

/**
 * SELECTOR_MATCHES_NO_WORKLOAD: the workload selector of a Sidecar or a Telemetry matches no
 * workload of its namespace, or an Istio Gateway's selector matches no workload of any namespace
 * (istioctl's IST0101, "Referenced selector not found"). Runs only when the set holds the
 * workloads the selector could mean: a Sidecar's or Telemetry's, when the set holds workloads of
 * its namespace; an Istio Gateway's, when some workload of the set carries one of the selector's
 * label keys. A set of applications whose gateway pods Istio's installation deploys (Istio's own
 * samples: `istio: ingressgateway`) then draws nothing.
 */
export const selectorMatchesNoWorkload: Check = {
  code: "SELECTOR_MATCHES_NO_WORKLOAD",
  istioctlCode: "IST0101",
  severity: "error",
  title: "Workload selector matches no workload",
  check: (index) => {
    const workloads = workloadsOf(index);
    if (workloads.all.length === 0) return [];
    const findings: Finding[] = [];
    for (const selector of selectorsOf(index)) {
      if (workloads.matching(selector.labels, selector.namespace).length > 0) continue;
      const meant = selector.namespace === undefined ? Object.keys(selector.labels).some((key) => workloads.hasLabelKey(key)) : workloads.inNamespace(selector.namespace).length > 0;
      if (!meant) continue;
      const where = selector.namespace === undefined ? "in any namespace" : `in namespace ${selector.namespace}`;
      findings.push({
        resource: selector.resource,
        path: selector.path,
        message: `Referenced selector not found: ${JSON.stringify(selectorText(selector.labels))}: no workload of the set ${where} has these labels, so ${selector.consequence}`,
        hint: `fix the labels to those of the workload's pods (a Deployment's spec.template.metadata.labels)${selector.namespace === undefined ? "" : `, in namespace ${selector.namespace}`}; if the workload is deployed from outside the set, suppress this finding with the reason`,
      });
    }
    return findings;
  },
};

function selectorsOf(index: MeshIndex): Selector[] {
  const out: Selector[] = [];
  for (const sidecar of index.ofKind(GROUP.networking, "Sidecar")) {
    const selector = isObject(sidecar.spec.workloadSelector) ? sidecar.spec.workloadSelector : {};
    // A Sidecar without selector labels applies to its whole namespace.
    if (!hasKeys(selector.labels)) continue;
    const labels = stringMap(selector.labels);
    out.push({ resource: sidecar, labels, path: ["spec", "workloadSelector", "labels", firstSelectorKey(labels) ?? ""], namespace: sidecar.namespace, consequence: "the Sidecar configures no proxy" });
  }
  for (const telemetry of index.ofKind(GROUP.telemetry, "Telemetry")) {
    const selector = isObject(telemetry.spec.selector) ? telemetry.spec.selector : {};
    if (!hasKeys(selector.matchLabels)) continue;
    const labels = stringMap(selector.matchLabels);
    out.push({ resource: telemetry, labels, path: ["spec", "selector", "matchLabels", firstSelectorKey(labels) ?? ""], namespace: telemetry.namespace, consequence: "the Telemetry changes the metrics, logs and traces of no workload" });
  }
  for (const gateway of index.ofKind(GROUP.networking, "Gateway")) {
    const labels = stringMap(gateway.spec.selector);
    const key = firstSelectorKey(labels);
    out.push({
      resource: gateway,
      labels,
      path: key === undefined ? ["spec", "selector"] : ["spec", "selector", key],
      namespace: undefined,
      consequence: "no gateway proxy serves the Gateway's servers, and the routes bound to it reach no one",
    });
  }
  return out.sort((a, b) => a.resource.position - b.resource.position);
}
