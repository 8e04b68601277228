import { qualifyHost, serviceOfHost } from "../hosts.js";
import { namespaceMtls } from "../modes.js";
import { trafficPoliciesOf } from "../policy.js";
import { GROUP, type IndexedResource } from "../resource-index.js";
import { itemsOf, text } from "../read.js";
import type { Check, FieldPath } from "../types.js";

/** DESTINATION_RULE_TLS_DISABLED: client-side TLS turned off toward workloads that require mTLS. */
export const destinationRuleTlsDisabled: Check = {
  code: "DESTINATION_RULE_TLS_DISABLED",
  severity: "error",
  title: "DestinationRule disables TLS toward STRICT workloads",
  check: (index) =>
    index.ofKind(GROUP.networking, "DestinationRule").flatMap((rule) => {
      const host = qualifyHost(text(rule.spec.host) ?? "", rule.namespace);
      const service = serviceOfHost(host);
      if (service === undefined) return [];
      const server = namespaceMtls(index, service.namespace);
      if (server.mode !== "STRICT") return [];
      const by = server.policy ? `PeerAuthentication ${server.policy.namespace}/${server.policy.name}` : "the mesh";
      return disabledAt(rule).map((path) => ({
        resource: rule,
        path,
        message: `tls.mode DISABLE sends plaintext to ${host}, whose workloads accept only mTLS, as ${by} makes them STRICT: the connections are refused`,
        hint: "remove tls from the traffic policy, so Istio uses mTLS automatically, or set tls.mode ISTIO_MUTUAL",
      }));
    }),
};

// --- internal ---

/** The paths of every `tls.mode: DISABLE` in a DestinationRule's traffic policies. */
function disabledAt(rule: IndexedResource): FieldPath[] {
  return trafficPoliciesOf(rule).flatMap(([path, policy]) => {
    const own = policy.tls?.mode === "DISABLE" ? [[...path, "tls", "mode"]] : [];
    const ports = itemsOf(policy.portLevelSettings)
      .filter(([, p]) => p.tls?.mode === "DISABLE")
      .map(([i]) => [...path, "portLevelSettings", i, "tls", "mode"]);
    return [...own, ...ports];
  });
}
