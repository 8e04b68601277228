/**
 * What a condition on an attribute that is never set does to an AuthorizationPolicy, in words: a
 * positive match never matches, a negative one always does; what follows depends on the action,
 * and on whether the rule is the policy's only one.
 */
export function describeConsequence(action: string, negative: boolean, soleRule: boolean): string {
  if (action === "ALLOW" && !negative) return soleRule ? "the condition never matches, so the policy allows nothing and every request is denied" : "the condition never matches, so this rule allows nothing";
  if (action === "ALLOW") return "the condition matches every request, so this rule allows them all";
  if (action === "DENY") return negative ? "the condition matches every request, so this rule denies them all" : "the condition never matches, so this rule never denies anything";
  return negative ? "the condition matches every request" : "the condition never matches";
}
