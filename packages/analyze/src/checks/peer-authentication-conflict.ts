import { widePeerPolicies } from "../modes.js";
import { GROUP } from "../resource-index.js";
import type { Check } from "../types.js";

/** PEER_AUTHENTICATION_CONFLICT: more than one mesh-wide or namespace-wide PeerAuthentication. */
export const peerAuthenticationConflict: Check = {
  code: "PEER_AUTHENTICATION_CONFLICT",
  severity: "error",
  title: "More than one mesh-wide or namespace-wide PeerAuthentication",
  check: (index) => {
    const namespaces = [...new Set(index.ofKind(GROUP.security, "PeerAuthentication").map((p) => p.namespace))];
    return namespaces.flatMap((namespace) => {
      const [first, ...others] = widePeerPolicies(index, namespace);
      const scope = namespace === index.rootNamespace ? "mesh-wide (root namespace, no selector)" : `namespace-wide in ${namespace} (no selector)`;
      return others.map((policy) => ({
        resource: policy,
        path: ["metadata", "name"],
        message: `PeerAuthentication ${policy.namespace}/${policy.name} and ${first!.namespace}/${first!.name} are both ${scope}: Istio applies only the oldest and ignores the others`,
        hint: "keep one such PeerAuthentication, by convention named default, and give the others a selector",
      }));
    });
  },
};
