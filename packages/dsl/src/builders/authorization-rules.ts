import type {
  AuthorizationPolicySpecRules,
  AuthorizationPolicySpecRulesFromSource,
  AuthorizationPolicySpecRulesToOperation,
  AuthorizationPolicySpecRulesWhen,
} from "@meshform/istio/security.istio.io/v1";
import { plainCopy, type ReadonlyLists } from "./security.js";

/**
 * The attributes Istio can match in an AuthorizationPolicy `when` condition. JWT attributes
 * (`request.auth.*`) are only set when a RequestAuthentication validated the token: pair them
 * with one, or use `ns.requireJwt`.
 */
export type ConditionKey =
  | `request.auth.claims[${string}]`
  | "request.auth.principal"
  | "request.auth.audiences"
  | "request.auth.presenter"
  | `request.headers[${string}]`
  | "source.ip"
  | "remote.ip"
  | "source.namespace"
  | "source.principal"
  | "destination.ip"
  | "destination.port"
  | "connection.sni"
  | `experimental.envoy.filters.${string}`;

type ConditionValues = ReadonlyLists<Pick<AuthorizationPolicySpecRulesWhen, "values" | "notValues">>;

/** One `when` condition: an attribute and the values it must (or must not) have; at least one list. */
export type Condition = { readonly key: ConditionKey } & (
  | (ConditionValues & Required<Pick<ConditionValues, "values">>)
  | (ConditionValues & Required<Pick<ConditionValues, "notValues">>)
);

/** The `source` fields of a rule's `from` entry (principals, namespaces, IP blocks, request principals). */
export type RuleSource = ReadonlyLists<AuthorizationPolicySpecRulesFromSource>;

/** An HTTP method, as `to.operation.methods` matches it (gRPC requests are always `POST`). */
export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "CONNECT" | "OPTIONS" | "TRACE" | "PATCH";

type OperationLists = ReadonlyLists<AuthorizationPolicySpecRulesToOperation>;

/** The `operation` fields of a rule's `to` entry; ports are numbers and methods typed. */
export interface RuleOperation extends Omit<OperationLists, "ports" | "notPorts" | "methods" | "notMethods"> {
  readonly ports?: readonly number[];
  readonly notPorts?: readonly number[];
  readonly methods?: readonly HttpMethod[];
  readonly notMethods?: readonly HttpMethod[];
}

/** One rule of an AuthorizationPolicy: every part that is set must match. */
export interface AuthorizationRule {
  /** Who sends the request; any entry may match. @defaultValue any source */
  readonly from?: readonly RuleSource[];
  /** What the request does; any entry may match. @defaultValue any operation */
  readonly to?: readonly RuleOperation[];
  /** Further conditions; all must hold. @defaultValue none */
  readonly when?: readonly Condition[];
}

/** Builds a {@link Condition} on one attribute. */
export interface ConditionBuilder<Key extends ConditionKey> {
  readonly key: Key;
  /** The attribute has one of `values`. */
  equals(value: string, ...more: string[]): Condition & { readonly key: Key };
  /** The attribute has none of `values`. */
  notEquals(value: string, ...more: string[]): Condition & { readonly key: Key };
}

/**
 * A condition on any attribute Istio knows.
 *
 * @example
 * ```ts
 * attribute("source.ip").equals("10.0.0.0/8") // { key: "source.ip", values: ["10.0.0.0/8"] }
 * ```
 */
export function attribute<Key extends ConditionKey>(key: Key): ConditionBuilder<Key> {
  return {
    key,
    equals: (value, ...more) => ({ key, values: [value, ...more] }),
    notEquals: (value, ...more) => ({ key, notValues: [value, ...more] }),
  };
}

/**
 * A condition on a claim of the validated JWT; more names reach nested claims.
 *
 * @example
 * ```ts
 * claim("iss").equals("https://accounts.google.com") // request.auth.claims[iss]
 * claim("realm_access", "roles").equals("admin")     // request.auth.claims[realm_access][roles]
 * ```
 */
export function claim(name: string, ...nested: string[]): ConditionBuilder<`request.auth.claims[${string}]`> {
  return attribute(`request.auth.claims[${[name, ...nested].join("][")}]`);
}

/**
 * A condition on a request header.
 *
 * @example
 * ```ts
 * header("x-tenant").equals("acme") // request.headers[x-tenant]
 * ```
 */
export function header(name: string): ConditionBuilder<`request.headers[${string}]`> {
  return attribute(`request.headers[${name}]`);
}

/**
 * A `from` entry matching callers in these namespaces (by their mTLS identity).
 *
 * @example
 * ```ts
 * rules: [{ from: [fromNamespaces(frontend, "monitoring")] }]
 * ```
 */
export function fromNamespaces(...namespaces: readonly [string | { readonly name: string }, ...(string | { readonly name: string })[]]): RuleSource {
  return { namespaces: namespaces.map((ns) => (typeof ns === "string" ? ns : ns.name)) };
}

/**
 * A `from` entry matching callers with these mTLS identities
 * (`cluster.local/ns/<namespace>/sa/<service account>`). At an ingress gateway, external callers
 * have no mesh identity, and the gateway's own service account is not its caller: match them by
 * JWT (`ns.requireJwt`) or by IP (`remoteIpBlocks`) instead.
 *
 * @example
 * ```ts
 * rules: [{ from: [fromPrincipals("cluster.local/ns/shop/sa/frontend")] }]
 * ```
 */
export function fromPrincipals(...principals: readonly [string, ...string[]]): RuleSource {
  return { principals: [...principals] };
}

function operationOf(operation: RuleOperation): AuthorizationPolicySpecRulesToOperation {
  const { ports, notPorts, ...rest } = operation;
  return {
    ...plainCopy<AuthorizationPolicySpecRulesToOperation>(rest),
    ...(ports !== undefined ? { ports: ports.map(String) } : {}),
    ...(notPorts !== undefined ? { notPorts: notPorts.map(String) } : {}),
  };
}

/** The upstream `rules` of an AuthorizationPolicy: `from[].source`, `to[].operation`, `when`. */
export function rulesOf(rules: readonly AuthorizationRule[]): AuthorizationPolicySpecRules[] {
  return rules.map((rule) => ({
    ...(rule.from !== undefined ? { from: rule.from.map((source) => ({ source: plainCopy(source) })) } : {}),
    ...(rule.to !== undefined ? { to: rule.to.map((operation) => ({ operation: operationOf(operation) })) } : {}),
    ...(rule.when !== undefined ? { when: plainCopy<AuthorizationPolicySpecRulesWhen[]>(rule.when) } : {}),
  }));
}
