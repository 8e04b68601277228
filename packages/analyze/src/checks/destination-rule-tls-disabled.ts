import { qualifyHost, serviceOfHost } from "../hosts.js";
import { namespaceMtls } from "../modes.js";
import { trafficPoliciesOf } from "../policy.js";
import { GROUP, type IndexedResource } from "../resource-index.js";
import { itemsOf, text } from "../read.js";
import type { Check, FieldPath, Finding } from "../types.js";

/** DESTINATION_RULE_TLS_DISABLED: client-side TLS turned off toward workloads that require mTLS. */
export const destinationRuleTlsDisabled: Check = {
  code: "DESTINATION_RULE_TLS_DISABLED",
  severity: "error",
  title: "DestinationRule disables TLS toward STRICT workloads",
  check: (index) => {
    const findings: Finding[] = [];
    for (const rule of index.ofKind(GROUP.networking, "DestinationRule")) {
      // Most rules disable nothing: that is read before the host and its namespace's mTLS mode.
      const disabled = disabledAt(rule);
      if (disabled.length === 0) continue;
      const host = qualifyHost(text(rule.spec.host) ?? "", rule.namespace);
      const service = serviceOfHost(host);
      if (service === undefined) continue;
      const server = namespaceMtls(index, service.namespace);
      if (server.mode !== "STRICT") continue;
      const by = server.policy ? `PeerAuthentication ${server.policy.namespace}/${server.policy.name}` : "the mesh";
      for (const path of disabled) {
        findings.push({
          resource: rule,
          path,
          message: `tls.mode DISABLE sends plaintext to ${host}, whose workloads accept only mTLS, as ${by} makes them STRICT: the connections are refused`,
          hint: "remove tls from the traffic policy, so Istio uses mTLS automatically, or set tls.mode ISTIO_MUTUAL",
        });
      }
    }
    return findings;
  },
};

// --- internal ---

/** The paths of every `tls.mode: DISABLE` in a DestinationRule's traffic policies. */
function disabledAt(rule: IndexedResource): FieldPath[] {
  const paths: FieldPath[] = [];
  for (const [path, policy] of trafficPoliciesOf(rule)) {
    if (policy.tls?.mode === "DISABLE") paths.push([...path, "tls", "mode"]);
    for (const [i, port] of itemsOf(policy.portLevelSettings)) {
      if (port.tls?.mode === "DISABLE") paths.push([...path, "portLevelSettings", i, "tls", "mode"]);
    }
  }
  return paths;
}
