import { qualifyHost } from "../hosts.js";
import { GROUP, type IndexedResource } from "../resource-index.js";
import { hasKeys, text } from "../read.js";
import type { Check, Finding } from "../types.js";

/** DESTINATION_RULE_CONFLICT: several DestinationRules for one host in one namespace. */
export const destinationRuleConflict: Check = {
  code: "DESTINATION_RULE_CONFLICT",
  severity: "warning",
  title: "Several DestinationRules for one host",
  check: (index) => {
    const first = new Map<string, IndexedResource>();
    const findings: Finding[] = [];
    for (const rule of index.ofKind(GROUP.networking, "DestinationRule")) {
      const written = text(rule.spec.host);
      if (written === undefined || hasKeys(rule.spec.workloadSelector)) continue;
      const host = qualifyHost(written, rule.namespace);
      const key = `${rule.namespace}\u0000${host}`;
      const earlier = first.get(key);
      if (earlier === undefined) {
        first.set(key, rule);
        continue;
      }
      findings.push({
        resource: rule,
        path: ["spec", "host"],
        message: `DestinationRules ${rule.namespace}/${rule.name} and ${earlier.namespace}/${earlier.name} both configure host ${host}: Istio merges only their subsets, and the traffic policy of the oldest alone applies`,
        hint: "merge them into one DestinationRule per host",
      });
    }
    return findings;
  },
};
