import type { AuthorizationPolicySpec } from "@meshform/istio/security.istio.io/authorization-policy";
import { actionOf, describeScope } from "../policy.js";
import { GROUP } from "../resource-index.js";
import { itemsOf } from "../read.js";
import type { Check } from "../types.js";

/** ALLOW_ALL_RULE: an ALLOW AuthorizationPolicy with an empty rule, which allows every request. */
export const allowAllRule: Check = {
  code: "ALLOW_ALL_RULE",
  severity: "warning",
  title: "ALLOW policy with a rule that allows everything",
  check: (index) =>
    index.ofKind(GROUP.security, "AuthorizationPolicy").flatMap((policy) => {
      if (actionOf(policy) !== "ALLOW") return [];
      const rules = itemsOf((policy.spec as Partial<AuthorizationPolicySpec>).rules);
      return rules
        .filter(([, rule]) => ["from", "to", "when"].every((key) => !Array.isArray(rule[key as "from"]) || rule[key as "from"]!.length === 0))
        .map(([r]) => ({
          resource: policy,
          path: ["spec", "rules", r],
          message: `an empty rule matches every request, so this policy allows all traffic to ${describeScope(index, policy)}, and other ALLOW policies there no longer restrict anything`,
          hint: "add from, to or when conditions to the rule; to allow nothing, write the policy with no rules",
        }));
    }),
};
