import { GROUP } from "../../resource-index.js";
import type { Check, Finding } from "../../types.js";
import { gatewayCredentials, secretLookup } from "./gateway-credentials.js";

/**
 * GATEWAY_CREDENTIAL_NOT_FOUND: an Istio Gateway's server names, in `tls.credentialName`, a Secret
 * that is not in the namespace of the gateway's workload (istioctl's IST0101, "Referenced
 * credentialName not found"). The namespace is that of the first workload of the set the
 * Gateway's selector matches, as istioctl takes it; a `namespace/name` credentialName names its
 * namespace. A cert-manager Certificate of that namespace whose `secretName` is the name
 * provides the Secret. Runs only when the set holds Secrets and workloads; a Gateway that
 * selects no workload is SELECTOR_MATCHES_NO_WORKLOAD's.
 */
export const gatewayCredentialNotFound: Check = {
  code: "GATEWAY_CREDENTIAL_NOT_FOUND",
  istioctlCode: "IST0101",
  severity: "error",
  title: "Gateway credentialName Secret not found",
  check: (index) => {
    if (index.ofKind(GROUP.core, "Secret").length === 0) return [];
    const secrets = secretLookup(index);
    const findings: Finding[] = [];
    for (const credential of gatewayCredentials(index)) {
      if (secrets.find(credential.namespace, credential.name) !== undefined || secrets.certificateProvides(credential.namespace, credential.name)) continue;
      findings.push({
        resource: credential.gateway,
        path: credential.path,
        message: `Referenced credentialName not found: ${JSON.stringify(credential.credentialName)}: the set has no Secret ${credential.namespace}/${credential.name}, in the namespace of the gateway's workload ${credential.workload}, so the gateway has no certificate for this server and its TLS handshakes fail`,
        hint: `create the Secret ${credential.name} (type kubernetes.io/tls, with tls.crt and tls.key) in namespace ${credential.namespace}, where the gateway runs, or fix the credentialName`,
      });
    }
    return findings;
  },
};
