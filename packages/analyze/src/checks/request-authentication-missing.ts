import { describeConsequence } from "../consequence.js";
import { actionOf, describeScope, hasSoleRule, selectorOf, sourceUses, whenUses } from "../policy.js";
import { GROUP, type IndexedResource, type MeshIndex } from "../resource-index.js";
import { describeRef, targetRefsOf } from "../refs.js";
import { selects } from "../read.js";
import type { Check } from "../types.js";

/** REQUEST_AUTHENTICATION_MISSING: JWT attributes in an AuthorizationPolicy with no RequestAuthentication covering it. */
export const requestAuthenticationMissing: Check = {
  code: "REQUEST_AUTHENTICATION_MISSING",
  severity: "error",
  title: "JWT conditions without a RequestAuthentication",
  check: (index) =>
    index.ofKind(GROUP.security, "AuthorizationPolicy").flatMap((policy) => {
      const uses = [...sourceUses(policy, ["requestPrincipals"]), ...whenUses(policy, (key) => key.startsWith("request.auth."))];
      const uncovered = uses.length === 0 ? undefined : uncoveredScope(index, policy);
      if (uncovered === undefined) return [];
      return uses.map((use) => ({
        resource: policy,
        path: use.path,
        message: `${use.attribute} is set only for requests whose JWT a RequestAuthentication validated, and no RequestAuthentication of the set covers ${uncovered}: ${describeConsequence(actionOf(policy), use.negative, hasSoleRule(policy))}`,
        hint: "add a RequestAuthentication with the issuer's jwtRules and the same targetRefs or selector as this policy",
      }));
    }),
};

// --- internal ---

/** What part of the policy's scope no RequestAuthentication covers, in words; `undefined` when covered. */
function uncoveredScope(index: MeshIndex, policy: IndexedResource): string | undefined {
  const all = index.ofKind(GROUP.security, "RequestAuthentication");
  const wide = (ra: IndexedResource) => targetRefsOf(ra).length === 0 && selectorOf(ra) === undefined;
  const meshWide = all.some((ra) => ra.namespace === index.rootNamespace && wide(ra));
  const local = all.filter((ra) => ra.namespace === policy.namespace);
  if (meshWide || local.some(wide)) return undefined;
  const targets = targetRefsOf(policy);
  if (targets.length > 0) {
    const missing = targets.find((t) => !local.some((ra) => targetRefsOf(ra).some((r) => r.group === t.group && r.kind === t.kind && r.name === t.name)));
    return missing ? describeRef(missing) : undefined;
  }
  const selector = selectorOf(policy);
  if (selector !== undefined) {
    const covered = local.some((ra) => targetRefsOf(ra).length === 0 && selects(selectorOf(ra) ?? {}, selector));
    return covered ? undefined : describeScope(index, policy);
  }
  const covered = policy.namespace === index.rootNamespace ? all.length > 0 : local.length > 0;
  return covered ? undefined : describeScope(index, policy);
}
