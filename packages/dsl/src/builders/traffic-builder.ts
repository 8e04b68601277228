import type { DestinationRuleSpecSubsets, TrafficPolicy, TrafficPolicyTls } from "@meshform/istio/networking.istio.io/v1";
import {
  circuitBreakerPolicy,
  loadBalancerPolicy,
  mergePolicy,
  sortKeys,
  type CircuitBreakerOptions,
  type HttpCircuitBreaker,
  type LoadBalancing,
  type Origination,
  type SubsetPolicyFor,
  type TlsOriginationOptions,
  type TrafficPolicyFor,
} from "./traffic-policy.js";
import { addIssue, type BuilderContext } from "../draft-store.js";
import type { BuilderIssueCode, DraftKey } from "../model.js";
import { httpSettingFindings, type HttpFinding, type PortFacts } from "./traffic-protocol.js";
import { guardMethods, issueReference } from "../input.js";
import type { ServiceRef, SubsetRef } from "../refs.js";
import { TRAFFIC_METHODS } from "../option-schemas/traffic.js";

/** What a traffic builder was told so far, as plain data; written into its DestinationRules after every call. */
export interface TrafficState {
  readonly policy: TrafficPolicy;
  /** TLS origination, without the per-host default SNI. */
  readonly origination: Origination | undefined;
  readonly subsets: readonly DestinationRuleSpecSubsets[];
}

/** The subsets a traffic builder has declared, by name: what routes in Istio's API send traffic to. */
export type SubsetsOf<Name extends string> = { readonly [K in Name]: SubsetRef<K> };

const HTTP_BREAKER_FIELDS = ["maxPendingRequests", "maxRequestsPerConnection", "consecutive5xxErrors"] as const;

/**
 * The traffic-policy methods shared by {@link DestinationRuleBuilder} (an in-mesh Service or an
 * external name) and {@link ExternalServiceBuilder} (a ServiceEntry's hosts). `P` is the union
 * of the destination's port protocols: where none speaks HTTP, the HTTP-only settings do not
 * type-check. When the types could not see them (a value computed at run time), the call is
 * reported by `compile` and leaves the policy as it was.
 *
 * Each call merges into the policy built so far; the order of calls does not change the output.
 *
 * @typeParam P - the protocols of the destination's ports
 */
export abstract class TrafficPolicyBuilder<P extends string> {
  #state: TrafficState = { policy: {}, origination: undefined, subsets: [] };

  /**
   * The subsets declared so far, by name, each a {@link SubsetRef} that routes written in Istio's
   * API send traffic to. Typed by the `subset(...)` calls before it, so a misspelt subset does not
   * compile.
   *
   * @example
   * ```ts
   * const rule = app.destinationRule("reviews", { host: reviews }).subset("v1", { version: "v1" }).subset("v2", { version: "v2" });
   * app.httpRoute("reviews", { api: "istio" }).attachTo(reviews).canary({ stable: rule.subsets.v1, canary: rule.subsets.v2, weight: 10 });
   * ```
   */
  readonly subsets: {} = {};

  static {
    guardMethods(TrafficPolicyBuilder.prototype, (self) => self.ctx, TRAFFIC_METHODS);
  }

  /** @internal Where issues are recorded. */
  protected abstract readonly ctx: BuilderContext;
  /** @internal The DestinationRule that issues name (the first host's, for an external service). */
  protected abstract readonly policyKey: DraftKey;
  /** @internal The destination's ports, or `undefined` when the config does not know their protocols. */
  protected abstract readonly ports: readonly PortFacts[] | undefined;
  /** @internal The destination a subset of this builder names: its host, and the Service when the host is one. */
  protected abstract readonly subsetDestination: { readonly host: string; readonly service: ServiceRef | undefined; readonly namespace: string };
  /** @internal Writes the state into the DestinationRule(s). */
  protected abstract write(state: TrafficState): void;

  /**
   * Merges a traffic policy, as the upstream `trafficPolicy` field writes it. Note Istio's rule:
   * a `portLevelSettings` entry does not inherit the destination-level connection pool, load
   * balancer, outlier detection or TLS (omitted fields take Istio's defaults). An HTTP-only
   * setting for traffic the sidecar forwards as opaque bytes is reported
   * (`HTTP_POLICY_ON_OPAQUE_PORT`), and the call leaves the policy as it was.
   *
   * @example
   * ```ts
   * reviews.trafficPolicy({ connectionPool: { tcp: { connectTimeout: "2s" } } });
   * ```
   */
  trafficPolicy(policy: TrafficPolicyFor<P>): this {
    const merged = mergePolicy(this.#state.policy, policy as TrafficPolicy);
    if (this.#refused(httpSettingFindings(merged, this.ports), ["spec", "trafficPolicy"])) return this;
    return this.#update({ policy: merged });
  }

  /**
   * A circuit breaker: a connection-pool limit plus outlier detection. The HTTP form (pending
   * requests, 5xx responses) needs a port the sidecar sees as HTTP; for TLS or TCP traffic use
   * the connection form (`maxConnections`, `consecutiveGatewayErrors`), or originate TLS in the
   * sidecar ({@link ExternalServiceBuilder.tlsOrigination}) so it sees HTTP. The HTTP form where no
   * port speaks HTTP is reported (`HTTP_POLICY_ON_OPAQUE_PORT`) and left out.
   *
   * @example
   * ```ts
   * api.circuitBreaker({ maxPendingRequests: 1, consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m" });
   * db.circuitBreaker({ maxConnections: 100, consecutiveGatewayErrors: 3, interval: "10s", baseEjectionTime: "1m" });
   * ```
   */
  circuitBreaker(options: CircuitBreakerOptions<P>): this {
    const given = options as Partial<HttpCircuitBreaker>;
    const fields = HTTP_BREAKER_FIELDS.filter((field) => given[field] !== undefined);
    const instead = "break the circuit on connections: .circuitBreaker({ maxConnections, consecutiveGatewayErrors, interval, baseEjectionTime })";
    if (this.#refused(httpSettingFindings({}, this.ports, { fields, instead }), ["spec", "trafficPolicy"])) return this;
    return this.#update({ policy: mergePolicy(this.#state.policy, circuitBreakerPolicy(options)) });
  }

  /**
   * The load balancer: an algorithm (`"LEAST_REQUEST"`), or `{ consistentHash: ... }` for
   * session affinity. A later call replaces the earlier choice. Hashing on a header, cookie or
   * query parameter where no port speaks HTTP is reported (`HTTP_POLICY_ON_OPAQUE_PORT`) and left out.
   *
   * @example
   * ```ts
   * reviews.loadBalancing({ consistentHash: { httpHeaderName: "x-user" } });
   * ```
   */
  loadBalancing(choice: LoadBalancing<P>): this {
    const policy = loadBalancerPolicy(choice);
    if (this.#refused(httpSettingFindings(policy, this.ports), ["spec", "trafficPolicy"])) return this;
    return this.#update({ policy: mergePolicy(this.#state.policy, policy) });
  }

  /**
   * A named subset of the destination's endpoints, selected by labels, with its own policy
   * (fields it sets override the destination's). A name used twice (`DUPLICATE_SUBSET`), or a
   * policy with HTTP-only settings where no port speaks HTTP, is reported and the subset left out.
   *
   * @example
   * ```ts
   * reviews.subset("v2", { version: "v2" }, { loadBalancer: { simple: "ROUND_ROBIN" } });
   * ```
   */
  subset<const Name extends string>(name: Name, labels: Readonly<Record<string, string>>, policy?: SubsetPolicyFor<P>): this & { readonly subsets: SubsetsOf<Name> } {
    type Next = this & { readonly subsets: SubsetsOf<Name> };
    const at = ["spec", "subsets", this.#state.subsets.length];
    if (this.#state.subsets.some((subset) => subset.name === name)) {
      this.report("DUPLICATE_SUBSET", at, `subset ${name} is declared twice`, "give each subset its own name");
      return this as Next;
    }
    if (policy !== undefined && this.#refused(httpSettingFindings(policy, this.ports), [...at, "trafficPolicy"])) return this as Next;
    const subset: DestinationRuleSpecSubsets = { name, labels: { ...labels }, ...(policy !== undefined ? { trafficPolicy: sortKeys(policy) } : {}) };
    const { host, service, namespace } = this.subsetDestination;
    (this.subsets as Record<string, SubsetRef>)[name] = issueReference<SubsetRef>({ refType: "subset", name, host, service, namespace, external: false });
    return this.#update({ subsets: [...this.#state.subsets, subset] }) as Next;
  }

  /** @internal Originates TLS (`mode: SIMPLE`) on every port, or on the given ones. */
  protected originate(options: TlsOriginationOptions, ports: readonly number[] | undefined): this {
    const settings = Object.entries(options).filter(([, value]) => value !== undefined);
    const tls: TrafficPolicyTls = { mode: "SIMPLE", ...Object.fromEntries(settings) };
    return this.#update({ origination: { tls, ports } });
  }

  /** @internal Records an issue at `path` of the DestinationRule, at the caller's line of mesh.config.ts. */
  protected report(code: BuilderIssueCode, path: readonly (string | number)[], message: string, hint: string): void {
    addIssue(this.ctx, { code, message, hint, path, draft: this.policyKey });
  }

  /** Reports each finding under `path`; whether there was any (the call is then left out). */
  #refused(findings: readonly HttpFinding[], path: readonly (string | number)[]): boolean {
    for (const finding of findings) this.report("HTTP_POLICY_ON_OPAQUE_PORT", [...path, ...finding.at], finding.message, finding.hint);
    return findings.length > 0;
  }

  #update(change: Partial<TrafficState>): this {
    this.#state = { ...this.#state, ...change };
    this.write(this.#state);
    return this;
  }
}
