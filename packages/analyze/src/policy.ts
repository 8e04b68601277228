/**
 * Reading AuthorizationPolicies: their action, what they apply to, and where their rules use a
 * given attribute (a `from.source` field or a `when` key).
 */
import type { DestinationRuleSpec, TrafficPolicy } from "@meshform/istio/networking.istio.io/destination-rule";
import type { AuthorizationPolicySpec } from "@meshform/istio/security.istio.io/authorization-policy";
import { WAYPOINT_CLASS, type IndexedResource, type MeshIndex } from "./resource-index.js";
import { describeRef, isGatewayRef, targetRefsOf } from "./refs.js";
import { isObject, itemsOf, stringMap, text } from "./read.js";
import type { FieldPath } from "./types.js";

/** An AuthorizationPolicy's action; ALLOW when unset. */
export function actionOf(policy: IndexedResource): string {
  return text((policy.spec as Partial<AuthorizationPolicySpec>).action) ?? "ALLOW";
}

/** A policy's `selector.matchLabels`, or `undefined` when it has none. */
export function selectorOf(policy: IndexedResource): Readonly<Record<string, string>> | undefined {
  const selector = policy.spec.selector;
  const labels = isObject(selector) ? stringMap(selector.matchLabels) : {};
  return Object.keys(labels).length > 0 ? labels : undefined;
}

/** What a policy applies to, in words: `Gateway ns/name`, `workloads app=x in ns`, `namespace ns`, `the whole mesh`. */
export function describeScope(index: MeshIndex, policy: IndexedResource): string {
  const targets = targetRefsOf(policy);
  if (targets.length > 0) return targets.map(describeRef).join(", ");
  const selector = selectorOf(policy);
  if (selector) return `workloads ${Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(",")} in ${policy.namespace}`;
  return policy.namespace === index.rootNamespace ? "the whole mesh" : `namespace ${policy.namespace}`;
}

/** Where a rule uses an attribute. */
export interface AttributeUse {
  /** The attribute as written: `source.principals`, `notPrincipals`, `request.auth.claims[iss]`. */
  readonly attribute: string;
  /** Whether it is a negative match (`notPrincipals`, `notValues`), which matches when the attribute is absent. */
  readonly negative: boolean;
  readonly path: FieldPath;
}

/** The uses of `from[].source` fields (each field, and its `not` form). */
export function sourceUses(policy: IndexedResource, fields: readonly string[]): AttributeUse[] {
  const spec = policy.spec as Partial<AuthorizationPolicySpec>;
  return itemsOf(spec.rules).flatMap(([r, rule]) =>
    itemsOf(rule.from).flatMap(([f, from]) => {
      const source = isObject(from.source) ? from.source : {};
      return fields.flatMap((field) => {
        const not = `not${field[0]!.toUpperCase()}${field.slice(1)}`;
        return [
          ...(Array.isArray(source[field]) && source[field].length > 0 ? [{ attribute: `source.${field}`, negative: false, path: ["spec", "rules", r, "from", f, "source", field] }] : []),
          ...(Array.isArray(source[not]) && source[not].length > 0 ? [{ attribute: `source.${not}`, negative: true, path: ["spec", "rules", r, "from", f, "source", not] }] : []),
        ];
      });
    }),
  );
}

/** The uses of `when` conditions whose key passes `test`. */
export function whenUses(policy: IndexedResource, test: (key: string) => boolean): AttributeUse[] {
  const spec = policy.spec as Partial<AuthorizationPolicySpec>;
  return itemsOf(spec.rules).flatMap(([r, rule]) =>
    itemsOf(rule.when)
      .filter(([, w]) => typeof w.key === "string" && test(w.key))
      .map(([w, when]) => ({ attribute: when.key, negative: !Array.isArray(when.values) && Array.isArray(when.notValues), path: ["spec", "rules", r, "when", w, "key"] })),
  );
}

/** The ingress Gateway (not a waypoint) a policy applies to, by targetRef or by the usual gateway labels. */
export function ingressGatewayOf(index: MeshIndex, policy: IndexedResource): string | undefined {
  for (const ref of targetRefsOf(policy)) {
    const gateway = isGatewayRef(ref) ? index.gateway(ref.namespace, ref.name) : undefined;
    if (gateway && gateway.className !== WAYPOINT_CLASS) return `ingress Gateway ${ref.namespace}/${ref.name}`;
  }
  const selector = selectorOf(policy);
  if (selector === undefined) return undefined;
  if (selector.istio === "ingressgateway" || selector.app === "istio-ingressgateway") return "the ingress gateway";
  const name = selector["gateway.networking.k8s.io/gateway-name"];
  const gateway = name === undefined ? undefined : index.gateway(policy.namespace, name);
  return gateway && !gateway.waypoint ? `ingress Gateway ${policy.namespace}/${name}` : undefined;
}

/** Whether a policy has exactly one rule. */
export function hasSoleRule(policy: IndexedResource): boolean {
  const rules = (policy.spec as Partial<AuthorizationPolicySpec>).rules;
  return Array.isArray(rules) && rules.length === 1;
}

/** A DestinationRule's traffic policies with their paths: the rule's own and each subset's. */
export function trafficPoliciesOf(rule: IndexedResource): [FieldPath, TrafficPolicy][] {
  const spec = rule.spec as Partial<DestinationRuleSpec>;
  const policies: [FieldPath, TrafficPolicy][] = [];
  if (isObject(spec.trafficPolicy)) policies.push([["spec", "trafficPolicy"], spec.trafficPolicy]);
  for (const [s, subset] of itemsOf(spec.subsets)) {
    if (isObject(subset.trafficPolicy)) policies.push([["spec", "subsets", s, "trafficPolicy"], subset.trafficPolicy]);
  }
  return policies;
}
