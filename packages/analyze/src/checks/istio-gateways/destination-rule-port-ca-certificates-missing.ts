import { GROUP } from "../../resource-index.js";
import { isObject, itemsOf, text } from "../../read.js";
import type { Check, Finding } from "../../types.js";
import { analyzedByIstioctl } from "../../istioctl-scope.js";
import { UNVERIFIED_CONSEQUENCE, UNVERIFIED_HINT, unverifiedMode } from "./tls-settings.js";

/**
 * DESTINATION_RULE_PORT_CA_CERTIFICATES_MISSING: an entry of a DestinationRule's
 * `trafficPolicy.portLevelSettings` originates TLS (`SIMPLE` or `MUTUAL`) with no
 * `caCertificates` to verify the server (istioctl's IST0129). Read as
 * DESTINATION_RULE_CA_CERTIFICATES_MISSING reads the rule's own settings; the port is named as
 * istioctl prints its selector, `number:<port>`.
 */
export const destinationRulePortCaCertificatesMissing: Check = {
  code: "DESTINATION_RULE_PORT_CA_CERTIFICATES_MISSING",
  istioctlCode: "IST0129",
  severity: "info",
  title: "DestinationRule originates TLS to a port without caCertificates",
  check: (index) => {
    const findings: Finding[] = [];
    for (const rule of index.ofKind(GROUP.networking, "DestinationRule")) {
      const policy = rule.spec.trafficPolicy;
      if (!isObject(policy) || !analyzedByIstioctl(rule)) continue;
      for (const [i, settings] of itemsOf(policy.portLevelSettings as readonly Record<string, unknown>[] | undefined)) {
        const mode = unverifiedMode(settings.tls, rule);
        if (mode === undefined) continue;
        const number = isObject(settings.port) && typeof settings.port.number === "number" ? settings.port.number : undefined;
        findings.push({
          resource: rule,
          path: ["spec", "trafficPolicy", "portLevelSettings", i, "tls"],
          message: `DestinationRule ${rule.namespace}/${rule.name} in namespace ${rule.namespace} has TLS mode set to ${mode} but no caCertificates are set to validate server identity for host: ${text(rule.spec.host) ?? ""} at port ${number === undefined ? "" : `number:${number}`}: ${UNVERIFIED_CONSEQUENCE}`,
          hint: UNVERIFIED_HINT,
        });
      }
    }
    return findings;
  },
};
