import type { DestinationRuleSpec } from "@meshform/istio/networking.istio.io/destination-rule";
import { hostMatches, qualifyHost } from "../hosts.js";
import { GROUP, type IndexedResource } from "../resource-index.js";
import { destinationsOf } from "../refs.js";
import { itemsOf, listing, text } from "../read.js";
import type { Check } from "../types.js";

/** SUBSET_NOT_FOUND: a VirtualService routes to a subset no DestinationRule of its host defines. */
export const subsetNotFound: Check = {
  code: "SUBSET_NOT_FOUND",
  istioctlCode: "IST0101",
  severity: "error",
  title: "DestinationRule subset not found",
  check: (index) => {
    if (index.ofKind(GROUP.networking, "VirtualService").length === 0) return [];
    const rules = index.ofKind(GROUP.networking, "DestinationRule").map((rule) => ({ rule, host: qualifyHost(text(rule.spec.host) ?? "", rule.namespace) }));
    return index.ofKind(GROUP.networking, "VirtualService").flatMap((service) =>
      destinationsOf(service).flatMap((d) => {
        if (d.subset === undefined) return [];
        const forHost = rules.filter((r) => hostMatches(r.host, d.host)).map((r) => r.rule);
        const subsets = forHost.flatMap(subsetNames);
        if (subsets.includes(d.subset) || index.isExternalSubset(d.host, d.subset)) return [];
        const rulesText = forHost.map((r) => `DestinationRule ${r.namespace}/${r.name}`);
        return [
          {
            resource: service,
            path: [...d.path, "subset"],
            message: `Referenced ${d.mirror ? "mirror" : "host"}+subset in destinationrule not found: ${JSON.stringify(`${d.written}+${d.subset}`)}: ${
              forHost.length === 0
                ? `VirtualService ${d.mirror ? "mirrors" : "routes"} to subset ${JSON.stringify(d.subset)} of host ${d.host}, but no DestinationRule of the set defines subsets for that host: the requests sent there fail with 503, no cluster found`
                : `VirtualService ${d.mirror ? "mirrors" : "routes"} to subset ${JSON.stringify(d.subset)} of host ${d.host}, which ${listing(rulesText)} does not define${subsets.length > 0 ? `; it defines ${listing(subsets.map((s) => JSON.stringify(s)))}` : ""}: the requests sent there fail with 503, no cluster found`
            }`,
            hint: `define the subset, with its name and labels, in the host's DestinationRule, or fix the subset name; if a DestinationRule outside the set defines it, declare it with --external Subset/${d.host}/${d.subset}`,
          },
        ];
      }),
    );
  },
};

function subsetNames(rule: IndexedResource): string[] {
  return itemsOf((rule.spec as Partial<DestinationRuleSpec>).subsets)
    .map(([, s]) => text(s.name))
    .filter((n): n is string => n !== undefined);
}
