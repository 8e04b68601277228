import type { DestinationRuleSpecSubsets, DestinationRuleSpecTrafficPolicy, DestinationRuleSpecTrafficPolicyTls } from "@meshform/istio/networking.istio.io/v1";
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
import { checkHttpSettings, TrafficPolicyError, type PortFacts } from "./traffic-protocol.js";

/** What a traffic builder was told so far, as plain data; written into its DestinationRules after every call. */
export interface TrafficState {
  readonly policy: DestinationRuleSpecTrafficPolicy;
  /** TLS origination, without the per-host default SNI. */
  readonly origination: Origination | undefined;
  readonly subsets: readonly DestinationRuleSpecSubsets[];
}

const HTTP_BREAKER_FIELDS = ["maxPendingRequests", "maxRequestsPerConnection", "consecutive5xxErrors"] as const;

/**
 * The traffic-policy methods shared by {@link DestinationRuleBuilder} (an in-mesh Service or an
 * external name) and {@link ExternalServiceBuilder} (a ServiceEntry's hosts). `P` is the union
 * of the destination's port protocols: where none speaks HTTP, the HTTP-only settings do not
 * type-check (and are refused at run time when the types could not see them).
 *
 * Each call merges into the policy built so far; the order of calls does not change the output.
 *
 * @typeParam P - the protocols of the destination's ports
 */
export abstract class TrafficPolicyBuilder<P extends string> {
  #state: TrafficState = { policy: {}, origination: undefined, subsets: [] };

  /** @internal The builder path, for messages. */
  protected abstract readonly path: string;
  /** @internal The destination's ports, or `undefined` when the config does not know their protocols. */
  protected abstract readonly ports: readonly PortFacts[] | undefined;
  /** @internal Writes the state into the DestinationRule(s). */
  protected abstract write(state: TrafficState): void;

  /**
   * Merges a traffic policy, as the upstream `trafficPolicy` field writes it. Note Istio's rule:
   * a `portLevelSettings` entry does not inherit the destination-level connection pool, load
   * balancer, outlier detection or TLS (omitted fields take Istio's defaults).
   *
   * @example
   * ```ts
   * reviews.trafficPolicy({ connectionPool: { tcp: { connectTimeout: "2s" } } });
   * ```
   * @throws TrafficPolicyError when an HTTP-only setting targets a port that does not speak HTTP
   */
  trafficPolicy(policy: TrafficPolicyFor<P>): this {
    checkHttpSettings(policy, this.ports, `${this.path}.trafficPolicy()`);
    return this.#update({ policy: mergePolicy(this.#state.policy, policy as DestinationRuleSpecTrafficPolicy) });
  }

  /**
   * A circuit breaker: a connection-pool limit plus outlier detection. The HTTP form (pending
   * requests, 5xx responses) needs a port the sidecar sees as HTTP; for TLS or TCP traffic use
   * the connection form (`maxConnections`, `consecutiveGatewayErrors`), or originate TLS in the
   * sidecar ({@link ExternalServiceBuilder.tlsOrigination}) so it sees HTTP.
   *
   * @example
   * ```ts
   * api.circuitBreaker({ maxPendingRequests: 1, consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m" });
   * db.circuitBreaker({ maxConnections: 100, consecutiveGatewayErrors: 3, interval: "10s", baseEjectionTime: "1m" });
   * ```
   * @throws TrafficPolicyError when the HTTP form is given and no port speaks HTTP
   */
  circuitBreaker(options: CircuitBreakerOptions<P>): this {
    const given = options as Partial<HttpCircuitBreaker>;
    const fields = HTTP_BREAKER_FIELDS.filter((field) => given[field] !== undefined);
    const instead = "break the circuit on connections: .circuitBreaker({ maxConnections, consecutiveGatewayErrors, interval, baseEjectionTime })";
    checkHttpSettings({}, this.ports, `${this.path}.circuitBreaker()`, { fields, instead });
    return this.#update({ policy: mergePolicy(this.#state.policy, circuitBreakerPolicy(options)) });
  }

  /**
   * The load balancer: an algorithm (`"LEAST_REQUEST"`), or `{ consistentHash: ... }` for
   * session affinity. A later call replaces the earlier choice.
   *
   * @example
   * ```ts
   * reviews.loadBalancing({ consistentHash: { httpHeaderName: "x-user" } });
   * ```
   */
  loadBalancing(choice: LoadBalancing<P>): this {
    const policy = loadBalancerPolicy(choice);
    checkHttpSettings(policy, this.ports, `${this.path}.loadBalancing()`);
    return this.#update({ policy: mergePolicy(this.#state.policy, policy) });
  }

  /**
   * A named subset of the destination's endpoints, selected by labels, with its own policy
   * (fields it sets override the destination's).
   *
   * @example
   * ```ts
   * reviews.subset("v2", { version: "v2" }, { loadBalancer: { simple: "ROUND_ROBIN" } });
   * ```
   * @throws TrafficPolicyError when the name is taken, or the policy sets HTTP-only settings and no port speaks HTTP
   */
  subset(name: string, labels: Readonly<Record<string, string>>, policy?: SubsetPolicyFor<P>): this {
    const path = `${this.path}.subset(${JSON.stringify(name)})`;
    if (this.#state.subsets.some((subset) => subset.name === name)) {
      throw new TrafficPolicyError("DUPLICATE_SUBSET", path, `subset ${name} is declared twice`, "give each subset its own name");
    }
    if (policy !== undefined) checkHttpSettings(policy, this.ports, path);
    const subset: DestinationRuleSpecSubsets = { name, labels: { ...labels }, ...(policy !== undefined ? { trafficPolicy: sortKeys(policy) } : {}) };
    return this.#update({ subsets: [...this.#state.subsets, subset] });
  }

  /** @internal Originates TLS (`mode: SIMPLE`) on every port, or on the given ones. */
  protected originate(options: TlsOriginationOptions, ports: readonly number[] | undefined): this {
    const settings = Object.entries(options).filter(([, value]) => value !== undefined);
    const tls: DestinationRuleSpecTrafficPolicyTls = { mode: "SIMPLE", ...Object.fromEntries(settings) };
    return this.#update({ origination: { tls, ports } });
  }

  #update(change: Partial<TrafficState>): this {
    this.#state = { ...this.#state, ...change };
    this.write(this.#state);
    return this;
  }
}
