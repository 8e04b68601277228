import { GROUP } from "../../resource-index.js";
import { describeRef } from "../../refs.js";
import { listing, text } from "../../read.js";
import type { Check, Finding } from "../../types.js";
import { exportToOf, fqdnOf, registryOf, type Viewer } from "./registry.js";

/**
 * DESTINATION_RULE_HOST_NOT_FOUND: a DestinationRule's host matches no Service or ServiceEntry
 * that its namespace sees, and no external declaration. A wildcard host that covers a host of the
 * set is taken as matching (istioctl compares it with ServiceEntries' wildcard hosts only).
 */
export const destinationRuleHostNotFound: Check = {
  code: "DESTINATION_RULE_HOST_NOT_FOUND",
  istioctlCode: "IST0174",
  severity: "warning",
  title: "DestinationRule host matches no service",
  check: (index) => {
    const rules = index.ofKind(GROUP.networking, "DestinationRule");
    if (rules.length === 0) return [];
    const registry = registryOf(index);
    return rules.flatMap((rule): Finding[] => {
      const host = text(rule.spec.host);
      if (host === undefined || host === "") return [];
      const viewer: Viewer = { namespace: rule.namespace, exportTo: exportToOf(rule) };
      if (registry.lookup(viewer, host) !== undefined) return [];
      const fqdn = fqdnOf(host, rule.namespace);
      if (fqdn.startsWith("*") && registry.hasHostUnder(fqdn)) return [];
      const hidden = registry.providersOf(fqdn);
      const seenFrom = viewer.exportTo.length === 0 ? `namespace ${rule.namespace}` : `the DestinationRule's exportTo (${viewer.exportTo.map((e) => JSON.stringify(e)).join(", ")})`;
      return [
        {
          resource: rule,
          path: ["spec", "host"],
          message: `The host ${host} defined in the DestinationRule does not match any services in the mesh: ${hidden.length === 0 ? `no Service or ServiceEntry of the set provides ${fqdn} and no declaration makes it external` : `${listing(hidden.map(describeRef))} ${hidden.length === 1 ? "provides" : "provide"} ${fqdn} but ${seenFrom} does not see it`}, so its traffic policy and subsets apply to no traffic`,
          hint: `fix the host (a short name means a Service of namespace ${rule.namespace}); add a ServiceEntry for it; export its Service or ServiceEntry to ${rule.namespace}; or declare it with --external ${fqdn}`,
        },
      ];
    });
  },
};
