import { describeConsequence } from "../consequence.js";
import { actionOf, hasSoleRule, ingressGatewayOf, sourceUses, whenUses } from "../policy.js";
import { GROUP } from "../resource-index.js";
import type { Check } from "../types.js";

/** SOURCE_IDENTITY_AT_INGRESS: an ingress gateway policy requires an mTLS identity its callers cannot have. */
export const sourceIdentityAtIngress: Check = {
  code: "SOURCE_IDENTITY_AT_INGRESS",
  severity: "error",
  title: "Source identity required at an ingress gateway",
  check: (index) =>
    index.ofKind(GROUP.security, "AuthorizationPolicy").flatMap((policy) => {
      const gateway = ingressGatewayOf(index, policy);
      if (gateway === undefined) return [];
      const uses = [...sourceUses(policy, ["principals", "namespaces"]), ...whenUses(policy, (key) => key === "source.principal" || key === "source.namespace")];
      return uses.map((use) => ({
        resource: policy,
        path: use.path,
        message: `${use.attribute} matches the caller's mTLS identity, but the callers of ${gateway} are clients outside the mesh, which have none: ${describeConsequence(actionOf(policy), use.negative, hasSoleRule(policy))}`,
        hint: "at an ingress gateway, authenticate end users with a RequestAuthentication and match requestPrincipals or request.auth.claims; match the network origin with remoteIpBlocks",
      }));
    }),
};
