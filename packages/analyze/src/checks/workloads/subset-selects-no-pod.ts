import { qualifyHost, serviceHost } from "../../hosts.js";
import { destinationsOf } from "../../refs.js";
import { GROUP, type IndexedResource } from "../../resource-index.js";
import { hasKeys, isObject, itemsOf, stringMap, stringsOf, text } from "../../read.js";
import type { Check, Finding } from "../../types.js";
import { workloadsOf } from "../../workloads.js";

/**
 * Labels Istio gives an endpoint from its node, cluster or network rather than from its pod: a
 * subset selecting on them is not judged from the set's workloads.
 */
const PLATFORM_LABELS = new Set(["topology.kubernetes.io/region", "topology.kubernetes.io/zone", "topology.istio.io/subzone", "topology.istio.io/cluster", "topology.istio.io/network", "kubernetes.io/hostname"]);

/**
 * SUBSET_SELECTS_NO_POD: a DestinationRule subset whose labels match no workload of the set
 * (istioctl's IST0173). Read as istioctl reads it: the DestinationRule's host must be a Service of
 * the set, or a host of a ServiceEntry; a subset of a Service selects by its own labels, in any
 * namespace; a subset of a ServiceEntry with a workloadSelector selects by those labels and its
 * own. A ServiceEntry without a workloadSelector has endpoints, not pods, and a subset on
 * node, cluster or network labels is judged from what the set cannot hold: both are left out.
 * Runs only when the set holds workloads, and reports only subsets a VirtualService of the set
 * routes to (or mirrors to): a subset kept for a version not deployed yet, which no route uses,
 * fails no request (Istio's Bookinfo defines `v2-mysql` beside the Deployments of v1).
 */
export const subsetSelectsNoPod: Check = {
  code: "SUBSET_SELECTS_NO_POD",
  istioctlCode: "IST0173",
  severity: "error",
  title: "DestinationRule subset selects no pod",
  check: (index) => {
    const workloads = workloadsOf(index);
    if (workloads.all.length === 0) return [];
    const rules = index.ofKind(GROUP.networking, "DestinationRule");
    if (rules.length === 0) return [];
    // What a host selects: the labels its subsets are merged with, or null when it has no pods.
    const hosts = new Map<string, Readonly<Record<string, string>> | null>();
    for (const service of index.ofKind(GROUP.core, "Service")) if (!hosts.has(serviceHost(service.namespace, service.name))) hosts.set(serviceHost(service.namespace, service.name), {});
    for (const entry of index.ofKind(GROUP.networking, "ServiceEntry")) {
      const selector = isObject(entry.spec.workloadSelector) ? stringMap(entry.spec.workloadSelector.labels) : null;
      for (const [, host] of stringsOf(entry.spec.hosts as unknown[])) if (!hosts.has(host)) hosts.set(host, selector);
    }
    // The subsets routes send traffic to, as `host \0 subset`.
    const routed = new Set<string>();
    for (const service of index.ofKind(GROUP.networking, "VirtualService")) {
      for (const d of destinationsOf(service)) if (d.subset !== undefined) routed.add(`${d.host}\u0000${d.subset}`);
    }
    const findings: Finding[] = [];
    for (const rule of rules) {
      const host = text(rule.spec.host);
      if (host === undefined) continue;
      const qualified = qualifyHost(host, rule.namespace);
      const base = hosts.get(qualified);
      if (base === undefined || base === null) continue;
      for (const [i, subset] of itemsOf(rule.spec.subsets as unknown[])) {
        if (!isObject(subset) || !routed.has(`${qualified}\u0000${text(subset.name) ?? ""}`)) continue;
        const labels = { ...base, ...stringMap(subset.labels) };
        if (Object.keys(labels).some((key) => PLATFORM_LABELS.has(key))) continue;
        if (workloads.matching(labels, undefined).length > 0) continue;
        findings.push(finding(rule, i, text(subset.name) ?? "", hasKeys(subset.labels)));
      }
    }
    return findings;
  },
};

function finding(rule: IndexedResource, i: number, name: string, labelled: boolean): Finding {
  return {
    resource: rule,
    path: labelled ? ["spec", "subsets", i, "labels"] : ["spec", "subsets", i, "name"],
    message: `The Subset ${name} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream): no workload of the set has the subset's labels, so the subset has no endpoints and the requests routed to it fail`,
    hint: `fix the subset's labels to those of the pods it stands for (a Deployment's spec.template.metadata.labels), or deploy that version; if its workloads are deployed from outside the set, suppress this finding with the reason`,
  };
}
