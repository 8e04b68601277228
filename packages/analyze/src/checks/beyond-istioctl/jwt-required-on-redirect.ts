import type { HTTPRouteSpec } from "@meshform/gateway-api/gateway.networking.k8s.io/http-route";
import type { AuthorizationPolicySpec } from "@meshform/istio/security.istio.io/authorization-policy";
import { actionOf } from "../../policy.js";
import { GROUP, type GatewayInfo, type IndexedResource, type ListenerInfo } from "../../resource-index.js";
import { describeRef, isGatewayRef, parentRefsOf, targetRefsOf, type ResourceRef } from "../../refs.js";
import { isObject, itemsOf, listing, stringMap, stringsOf, text, type JsonObject } from "../../read.js";
import type { Check, FieldPath, Finding } from "../../types.js";

/** The label Istio puts on the pods of a Gateway API gateway, naming it. */
const GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";

/** An HTTPRoute's redirect rules on one Gateway, and the listener ports they are reached on. */
interface Redirect {
  readonly route: IndexedResource;
  readonly gateway: GatewayInfo;
  readonly rules: readonly number[];
  readonly ports: readonly number[];
}

/**
 * JWT_REQUIRED_ON_REDIRECT: an AuthorizationPolicy requires a JWT (request principals, or a
 * `request.auth` condition) on a Gateway port where an HTTPRoute rule only redirects (a
 * RequestRedirect filter, e.g. HTTP to HTTPS). Authorization runs before routing, so a request
 * without a token is denied with 403 instead of being redirected.
 */
export const jwtRequiredOnRedirect: Check = {
  code: "JWT_REQUIRED_ON_REDIRECT",
  severity: "warning",
  title: "JWT required on a gateway port that only redirects",
  check: (index) => {
    const redirects = new Map<string, Redirect[]>();
    for (const route of index.ofKind(GROUP.gateway, "HTTPRoute")) {
      const rules = itemsOf((route.spec as Partial<HTTPRouteSpec>).rules)
        .filter(([, rule]) => itemsOf(rule.filters).some(([, filter]) => filter.type === "RequestRedirect"))
        .map(([r]) => r);
      if (rules.length === 0) continue;
      for (const ref of parentRefsOf(route)) {
        if (!isGatewayRef(ref)) continue;
        const gateway = index.gateway(ref.namespace, ref.name);
        if (gateway === undefined || gateway.waypoint) continue;
        const ports = [...new Set(listenersOf(gateway, ref).flatMap((l) => (typeof l.port === "number" ? [l.port] : [])))];
        if (ports.length === 0) continue;
        const key = `${ref.namespace}/${ref.name}`;
        const list = redirects.get(key);
        if (list === undefined) redirects.set(key, [{ route, gateway, rules, ports }]);
        else list.push({ route, gateway, rules, ports });
      }
    }
    if (redirects.size === 0) return [];
    const findings: Finding[] = [];
    for (const policy of index.ofKind(GROUP.security, "AuthorizationPolicy")) {
      for (const target of gatewaysOf(policy)) {
        for (const redirect of redirects.get(target.key) ?? []) {
          const denied = redirect.ports.filter((port) => requiresToken(policy, port));
          if (denied.length === 0) continue;
          const ports = listing(denied.map(String));
          const rules = listing(redirect.rules.map((r) => `spec.rules[${r}]`));
          findings.push({
            resource: policy,
            path: target.path,
            message:
              `AuthorizationPolicy requires a JWT on port ${ports} of ${describeRef(redirect.gateway.resource)}, where HTTPRoute ${redirect.route.namespace}/${redirect.route.name} redirects (RequestRedirect in ${rules}): ` +
              `authorization runs before routing, so a request without a token is denied with 403 (RBAC: access denied) instead of being redirected, and a client that would send its token only after the redirect never gets there`,
            hint:
              `let requests on port ${ports} through without a token: add an ALLOW rule { to: [{ operation: { ports: [${denied.map((p) => `"${p}"`).join(", ")}] } }] } (with the redirect's paths when the port also serves other routes), or exclude the port with notPorts in a DENY rule; requireJwt(gateway) in mesh.config.ts covers every listener of the gateway`,
          });
        }
      }
    }
    return findings;
  },
};

// --- internal ---

/** The listeners of a Gateway a parentRef attaches to: its sectionName, else its port, else every HTTP or HTTPS listener. */
function listenersOf(gateway: GatewayInfo, ref: ResourceRef): ListenerInfo[] {
  if (ref.sectionName !== undefined) return gateway.listeners.filter((l) => l.name === ref.sectionName);
  if (ref.port !== undefined) return gateway.listeners.filter((l) => l.port === ref.port);
  return gateway.listeners.filter((l) => l.protocol === "HTTP" || l.protocol === "HTTPS");
}

/** The Gateways a policy applies to: its targetRefs of kind Gateway, or the gateway its selector names by Istio's pod label. */
function gatewaysOf(policy: IndexedResource): { readonly key: string; readonly path: FieldPath }[] {
  const targets = targetRefsOf(policy).filter((ref) => ref.group === GROUP.gateway && ref.kind === "Gateway").map((ref) => ({ key: `${ref.namespace}/${ref.name}`, path: ref.path }));
  if (targets.length > 0) return targets;
  const selector = isObject(policy.spec.selector) ? stringMap(policy.spec.selector.matchLabels) : {};
  const name = selector[GATEWAY_NAME_LABEL];
  return name === undefined ? [] : [{ key: `${policy.namespace}/${name}`, path: ["spec", "selector", "matchLabels", GATEWAY_NAME_LABEL] }];
}

type Rule = NonNullable<AuthorizationPolicySpec["rules"]>[number];

/** Whether a policy denies a request without a token on `port`, where it lets one with a token through. */
function requiresToken(policy: IndexedResource, port: number): boolean {
  const rules = itemsOf((policy.spec as Partial<AuthorizationPolicySpec>).rules).map(([, rule]) => rule);
  const action = actionOf(policy);
  if (action === "ALLOW") {
    // An ALLOW policy without rules denies everything, token or not: not this finding.
    // Nor is one whose token rules do not reach the port: there a token does not help either.
    if (!rules.some((rule) => needsToken(rule) && reaches(rule, port))) return false;
    return !rules.some((rule) => !needsToken(rule) && reaches(rule, port));
  }
  if (action === "DENY") return rules.some((rule) => deniesTokenless(rule) && reaches(rule, port, true));
  return false;
}

/** Whether an ALLOW rule matches only requests with a validated token: every source names request principals, or a condition reads `request.auth`. */
function needsToken(rule: Rule): boolean {
  const sources = itemsOf(rule.from).map(([, from]) => (isObject(from.source) ? from.source : {}));
  const bySource = sources.length > 0 && sources.every((source) => nonEmpty(source.requestPrincipals));
  return bySource || itemsOf(rule.when).some(([, condition]) => (text(condition.key) ?? "").startsWith("request.auth."));
}

/** Whether a DENY rule matches every request without a token (`notRequestPrincipals: ["*"]`), whatever else it asks. */
function deniesTokenless(rule: Rule): boolean {
  if (itemsOf(rule.when).length > 0) return false;
  const sources = itemsOf(rule.from).map(([, from]) => (isObject(from.source) ? from.source : {}));
  return sources.some((source) => Object.keys(source).length === 1 && stringsOf(source.notRequestPrincipals as unknown[] | undefined).some(([, p]) => p === "*"));
}

/**
 * Whether a rule's `to` can match a request on `port`; with `every`, whether it matches every
 * request on that port (its operations name ports only).
 */
function reaches(rule: Rule, port: number, every = false): boolean {
  const to = itemsOf(rule.to);
  if (to.length === 0) return true;
  return to.some(([, item]) => {
    const operation: JsonObject = isObject(item.operation) ? item.operation : {};
    if (every && Object.keys(operation).some((key) => key !== "ports" && key !== "notPorts")) return false;
    const ports = stringsOf(operation.ports as unknown[] | undefined).map(([, p]) => p);
    const notPorts = stringsOf(operation.notPorts as unknown[] | undefined).map(([, p]) => p);
    return (ports.length === 0 || ports.includes(String(port))) && !notPorts.includes(String(port));
  });
}

function nonEmpty(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}
