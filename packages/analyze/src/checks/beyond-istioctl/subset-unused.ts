import type { DestinationRuleSpec } from "@meshform/istio/networking.istio.io/destination-rule";
import { HostTable, qualifyHost } from "../../hosts.js";
import { GROUP } from "../../resource-index.js";
import { destinationsOf } from "../../refs.js";
import { isObject, itemsOf, text } from "../../read.js";
import type { Check, Finding } from "../../types.js";

/**
 * SUBSET_UNUSED: a DestinationRule subset that no VirtualService of the set routes to
 * (`destination.subset`, in a route or a mirror), when that silently loses something: the subset
 * has a traffic policy of its own, which then applies to nothing; or no route of the set names any
 * subset of the host, so the DestinationRule's subsets are all dead (the routing is written
 * without them, e.g. as a Gateway API route, which cannot name a subset). A subset kept for a
 * later rollout beside subsets in use, with no policy of its own, is not reported.
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
        if (policy.length === 0 && anyRouted) continue;
        findings.push({
          resource: rule,
          path: ["spec", "subsets", i, "name"],
          message:
            `DestinationRule defines subset ${JSON.stringify(name)} of host ${host}, and no VirtualService of the set routes to it (destination.subset)` +
            (anyRouted ? "" : `, nor to any subset of that host`) +
            `: no request goes to the subset` +
            (policy.length > 0 ? `, so its trafficPolicy (${policy.join(", ")}) applies to nothing` : ", so the host's traffic is routed without its subsets"),
          hint: `route to it with destination.subset in a VirtualService, or remove it; a Gateway API route cannot name a subset: to split traffic by version with an HTTPRoute, give each version its own Service and put the policy in a DestinationRule for that Service; if a VirtualService outside the set routes to it, suppress this finding with that reason`,
        });
      }
    }
    return findings;
  },
};
