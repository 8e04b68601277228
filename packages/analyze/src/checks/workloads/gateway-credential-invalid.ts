import { GROUP } from "../../resource-index.js";
import type { Check, Finding } from "../../types.js";
import { credentialProblem, gatewayCredentials, secretLookup } from "./gateway-credentials.js";

/**
 * GATEWAY_CREDENTIAL_INVALID: the Secret an Istio Gateway's `tls.credentialName` names (in the
 * namespace of the gateway's workload) holds no usable certificate (istioctl's IST0161): it has
 * neither non-empty `cert` and `key` nor non-empty `tls.crt` and `tls.key`, or its certificate is
 * not a PEM X.509 certificate. `stringData` counts as the API server merges it into `data`.
 * Runs only when the set holds Secrets and workloads.
 */
export const gatewayCredentialInvalid: Check = {
  code: "GATEWAY_CREDENTIAL_INVALID",
  istioctlCode: "IST0161",
  severity: "error",
  title: "Gateway credential Secret holds no valid certificate",
  check: (index) => {
    if (index.ofKind(GROUP.core, "Secret").length === 0) return [];
    const secrets = secretLookup(index);
    const findings: Finding[] = [];
    for (const credential of gatewayCredentials(index)) {
      const secret = secrets.find(credential.namespace, credential.name);
      if (secret === undefined) continue;
      const problem = credentialProblem(secret);
      if (problem === undefined) continue;
      findings.push({
        resource: credential.gateway,
        path: credential.path,
        message: `The credential referenced by the Gateway ${credential.gateway.name} in namespace ${credential.namespace} is invalid, which can cause the traffic not to work as expected: Secret ${credential.namespace}/${credential.name} ${problem}, so the gateway serves no certificate for this server and its TLS handshakes fail`,
        hint: `put the PEM certificate chain in tls.crt and its private key in tls.key of Secret ${credential.namespace}/${credential.name} (kubectl create secret tls ${credential.name} --cert=... --key=... -n ${credential.namespace})`,
      });
    }
    return findings;
  },
};
