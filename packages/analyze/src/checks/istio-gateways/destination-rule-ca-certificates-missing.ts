import { GROUP } from "../../resource-index.js";
import { isObject, text } from "../../read.js";
import type { Check, Finding } from "../../types.js";
import { analyzedByIstioctl } from "../../istioctl-scope.js";
import { UNVERIFIED_CONSEQUENCE, UNVERIFIED_HINT, unverifiedMode } from "./tls-settings.js";

/**
 * DESTINATION_RULE_CA_CERTIFICATES_MISSING: a DestinationRule's `trafficPolicy.tls` originates
 * TLS (`SIMPLE` or `MUTUAL`) with no `caCertificates` to verify the server (istioctl's IST0128).
 * As istioctl reads it: a `credentialName` counts only on a DestinationRule with a
 * `workloadSelector`; port-level settings are DESTINATION_RULE_PORT_CA_CERTIFICATES_MISSING;
 * subsets' traffic policies are not read.
 */
export const destinationRuleCaCertificatesMissing: Check = {
  code: "DESTINATION_RULE_CA_CERTIFICATES_MISSING",
  istioctlCode: "IST0128",
  severity: "info",
  title: "DestinationRule originates TLS without caCertificates",
  check: (index) => {
    const findings: Finding[] = [];
    for (const rule of index.ofKind(GROUP.networking, "DestinationRule")) {
      const policy = rule.spec.trafficPolicy;
      if (!isObject(policy) || !analyzedByIstioctl(rule)) continue;
      const mode = unverifiedMode(policy.tls, rule);
      if (mode === undefined) continue;
      findings.push({
        resource: rule,
        path: ["spec", "trafficPolicy", "tls"],
        message: `DestinationRule ${rule.namespace}/${rule.name} in namespace ${rule.namespace} has TLS mode set to ${mode} but no caCertificates are set to validate server identity for host: ${text(rule.spec.host) ?? ""}: ${UNVERIFIED_CONSEQUENCE}`,
        hint: UNVERIFIED_HINT,
      });
    }
    return findings;
  },
};
