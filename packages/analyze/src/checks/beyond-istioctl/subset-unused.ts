import type { DestinationRuleSpec } from "@meshform/istio/networking.istio.io/destination-rule";
import { HostTable, qualifyHost, serviceHost } from "../../hosts.js";
import { GROUP } from "../../resource-index.js";
import { destinationsOf, isServiceRef, parentRefsOf, routesOf } from "../../refs.js";
import { isObject, itemsOf, text } from "../../read.js";
import type { Check, Finding } from "../../types.js";

/**
 * SUBSET_UNUSED: a DestinationRule subset that no VirtualService of the set routes to
 * (`destination.subset`, in a route or a mirror), when that silently loses something: the subset
 * has a traffic policy of its own, which then applies to nothing; or the host's mesh traffic is
 * routed by a Gateway API route (which cannot name a subset) and no VirtualService names any of
 * its subsets, so the DestinationRule's subsets are all dead. A subset without a policy of its
 * own kept for a later rollout (Istio's tasks apply `destination-rule-all.yaml` before the
 * VirtualServices that use it) is not reported.
 */
export const subsetUnused: Check = {
  code: "SUBSET_UNUSED",
  severity: "warning",
  title: "DestinationRule subset that no route uses",
  check: (index) => {
    const rules = index.ofKind(GROUP.networking, "DestinationRule");
    if (rules.length === 0) return [];
    // The hosts each subset name is routed to, and the hosts routed to by any subset, looked up by
    // overlap as Istio matches a destination to a DestinationRule.
    const routed = new Map<string, HostTable<true>>();
    const bySubset = new HostTable<true>();
    for (const service of index.ofKind(GROUP.networking, "VirtualService")) {
      for (const d of destinationsOf(service)) {
        if (d.subset === undefined) continue;
        let hosts = routed.get(d.subset);
        if (hosts === undefined) routed.set(d.subset, (hosts = new HostTable<true>()));
        hosts.add(d.host, true);
        bySubset.add(d.host, true);
      }
    }
    // The Services whose mesh traffic a Gateway API route governs (a parentRef to the Service).
    const routedByGatewayApi = new Set<string>();
    for (const route of routesOf(index)) {
      for (const parent of parentRefsOf(route)) if (isServiceRef(parent)) routedByGatewayApi.add(serviceHost(parent.namespace, parent.name));
    }
    const findings: Finding[] = [];
    for (const rule of rules) {
      const spec = rule.spec as Partial<DestinationRuleSpec>;
      const written = text(spec.host);
      if (written === undefined) continue;
      const host = qualifyHost(written, rule.namespace);
      let anyRouted: boolean | undefined;
      for (const [i, subset] of itemsOf(spec.subsets)) {
        const name = text(subset.name);
        if (name === undefined || routed.get(name)?.has(host)) continue;
        const policy = isObject(subset.trafficPolicy) ? Object.keys(subset.trafficPolicy) : [];
        anyRouted ??= bySubset.has(host);
        if (policy.length === 0 && (anyRouted || !routedByGatewayApi.has(host))) continue;
        findings.push({
          resource: rule,
          path: ["spec", "subsets", i, "name"],
          message:
            `DestinationRule defines subset ${JSON.stringify(name)} of host ${host}, and no VirtualService of the set routes to it (destination.subset)` +
            (anyRouted ? "" : `, nor to any subset of that host, whose mesh traffic a Gateway API route governs`) +
            `: no request goes to the subset` +
            (policy.length > 0 ? `, so its trafficPolicy (${policy.join(", ")}) applies to nothing` : ", so the host's traffic is routed without its subsets"),
          hint: `route to it with destination.subset in a VirtualService, or remove it; a Gateway API route cannot name a subset: to split traffic by version with an HTTPRoute, give each version its own Service and put the policy in a DestinationRule for that Service; if a VirtualService outside the set routes to it, suppress this finding with that reason`,
        });
      }
    }
    return findings;
  },
};
