import type { DestinationRuleSpec } from "@meshform/istio/networking.istio.io/destination-rule";
import { qualifyHost } from "../hosts.js";
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
    const rules = rulesByHost(index.ofKind(GROUP.networking, "DestinationRule"));
    return index.ofKind(GROUP.networking, "VirtualService").flatMap((service) =>
      destinationsOf(service).flatMap((d) => {
        if (d.subset === undefined) return [];
        const forHost = rulesFor(rules, d.host);
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

/** The DestinationRules by their host, qualified in their namespace. */
function rulesByHost(rules: readonly IndexedResource[]): Map<string, IndexedResource[]> {
  const byHost = new Map<string, IndexedResource[]>();
  for (const rule of rules) {
    const host = qualifyHost(text(rule.spec.host) ?? "", rule.namespace);
    const list = byHost.get(host);
    if (list === undefined) byHost.set(host, [rule]);
    else list.push(rule);
  }
  return byHost;
}

/**
 * The DestinationRules whose host covers `host` (`*`, the host itself, or a wildcard over it, as
 * `hostMatches` reads them), in input order: found by the host's suffixes, not by a scan.
 */
function rulesFor(byHost: ReadonlyMap<string, readonly IndexedResource[]>, host: string): IndexedResource[] {
  const patterns = new Set([host, "*", `*.${host}`]);
  for (let dot = host.indexOf("."); dot >= 0; dot = host.indexOf(".", dot + 1)) patterns.add(`*${host.slice(dot)}`);
  const found: IndexedResource[] = [];
  for (const pattern of patterns) found.push(...(byHost.get(pattern) ?? []));
  return found.sort((a, b) => a.position - b.position);
}
