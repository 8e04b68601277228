import type {
  TrafficPolicy,
  ConnectionPoolHttp,
  ConnectionPoolTcp,
  LoadBalancer,
  LoadBalancerFields,
  OutlierDetection,
  TrafficPolicyPortLevelSettings,
  TrafficPolicyTls,
} from "@meshform/istio/networking.istio.io/v1";
import type { SpeaksHttp } from "./traffic-protocol.js";

/** An Istio duration: a number and a unit, e.g. `"500ms"`, `"1s"`, `"3m"`, `"1h"`. */
export type IstioDuration = `${number}${"ms" | "s" | "m" | "h"}`;

type Outlier = OutlierDetection;

/** When and for how long outlier detection ejects a host: shared by both circuit breakers. */
export interface EjectionOptions {
  /** Time between two ejection sweeps (`outlierDetection.interval`). */
  readonly interval: IstioDuration;
  /** Minimum ejection time, multiplied by the number of ejections (`outlierDetection.baseEjectionTime`). */
  readonly baseEjectionTime: IstioDuration;
  /** The largest share of hosts ejected at once, in percent. @defaultValue Istio's `10` */
  readonly maxEjectionPercent?: Outlier["maxEjectionPercent"];
}

/**
 * A circuit breaker on HTTP requests: queue at most `maxPendingRequests` requests
 * (`connectionPool.http.http1MaxPendingRequests`) and eject a host after
 * `consecutive5xxErrors` 5xx responses. Only for traffic the sidecar sees as HTTP; on a
 * ServiceEntry that mixes HTTP and opaque ports, the HTTP settings act on the HTTP ports only.
 */
export interface HttpCircuitBreaker extends EjectionOptions {
  /** Requests queued while waiting for a connection (`http1MaxPendingRequests`). */
  readonly maxPendingRequests: NonNullable<ConnectionPoolHttp["http1MaxPendingRequests"]>;
  /** Requests per upstream connection before it is closed. @defaultValue Istio's `0` (unlimited) */
  readonly maxRequestsPerConnection?: ConnectionPoolHttp["maxRequestsPerConnection"];
  /** Connections to each host (`connectionPool.tcp.maxConnections`). @defaultValue Istio's 2³²−1 */
  readonly maxConnections?: ConnectionPoolTcp["maxConnections"];
  /** 5xx responses in a row that eject a host. */
  readonly consecutive5xxErrors: NonNullable<Outlier["consecutive5xxErrors"]>;
}

/**
 * A circuit breaker on connections, for any traffic, and the only one for opaque TLS or TCP
 * traffic: at most `maxConnections` connections per host, and a host is ejected after
 * `consecutiveGatewayErrors` connect timeouts or failures (502, 503 and 504 over HTTP).
 */
export interface ConnectionCircuitBreaker extends EjectionOptions {
  /** Connections to each host (`connectionPool.tcp.maxConnections`). */
  readonly maxConnections: NonNullable<ConnectionPoolTcp["maxConnections"]>;
  /** Time allowed to connect (`connectionPool.tcp.connectTimeout`). @defaultValue Istio's `10s` */
  readonly connectTimeout?: IstioDuration;
  /** Connect timeouts or failures in a row that eject a host (`outlierDetection.consecutiveGatewayErrors`). */
  readonly consecutiveGatewayErrors: NonNullable<Outlier["consecutiveGatewayErrors"]>;
}

/**
 * The circuit breakers a destination whose ports speak the protocols `P` accepts: the HTTP one
 * only when a port speaks HTTP, the connection one always.
 */
export type CircuitBreakerOptions<P extends string> = SpeaksHttp<P> extends true ? HttpCircuitBreaker | ConnectionCircuitBreaker : ConnectionCircuitBreaker;

/** What an opaque (TLS, TCP) destination cannot carry: the settings that act on HTTP requests only. */
export interface NoHttpSettings {
  /** No `http` pool: it limits HTTP requests, which opaque traffic does not have. Use `tcp`. */
  readonly connectionPool?: { readonly http?: never };
  /** No hashing on headers, cookies or query parameters: only `useSourceIp` works on opaque traffic. */
  readonly loadBalancer?: { readonly consistentHash?: { readonly httpHeaderName?: never; readonly httpCookie?: never; readonly httpQueryParameterName?: never } };
}

/** A destination-level traffic policy, without the HTTP-only settings when no port speaks HTTP. */
export type TrafficPolicyFor<P extends string> = SpeaksHttp<P> extends true ? TrafficPolicy : TrafficPolicy & NoHttpSettings;

/** A subset's traffic policy, without the HTTP-only settings when no port speaks HTTP. */
export type SubsetPolicyFor<P extends string> = SpeaksHttp<P> extends true ? TrafficPolicy : TrafficPolicy & NoHttpSettings;

/** A simple load-balancing algorithm. */
export type SimpleLoadBalancer = Exclude<NonNullable<LoadBalancerFields["simple"]>, "UNSPECIFIED">;

/**
 * A load balancer: an algorithm name, or the upstream object where `simple` and
 * `consistentHash` (and, inside it, the hash keys) exclude each other.
 */
export type LoadBalancing<P extends string> =
  | SimpleLoadBalancer
  | (SpeaksHttp<P> extends true ? LoadBalancer : LoadBalancer & NonNullable<NoHttpSettings["loadBalancer"]>);

/** How the sidecar originates TLS (`tls.mode: SIMPLE`) towards the destination. */
export interface TlsOriginationOptions extends Pick<TrafficPolicyTls, "caCertificates" | "credentialName" | "subjectAltNames"> {
  /** The SNI the sidecar sends. @defaultValue the destination's host when it is an external name without a wildcard */
  readonly sni?: string;
}

/** The TLS origination a builder asked for: at the destination level, or on some ports only. */
export interface Origination {
  readonly tls: TrafficPolicyTls;
  /** The ports that originate TLS, or `undefined` for every port. */
  readonly ports: readonly number[] | undefined;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Sets `key` of `target` (made when missing) to `value` when it is set; returns `target`. */
function setDefined(target: Json | undefined, key: string, value: unknown): Json | undefined {
  if (value === undefined) return target;
  (target ??= {})[key] = value;
  return target;
}

/**
 * The connection-pool and outlier-detection settings of a circuit breaker: each object holds the
 * fields that are set, in this order, and is left out when none is. Built field by field (every
 * DestinationRule of a large mesh may call it).
 */
export function circuitBreakerPolicy(options: HttpCircuitBreaker | ConnectionCircuitBreaker): TrafficPolicy {
  const o = options as Partial<HttpCircuitBreaker & ConnectionCircuitBreaker>;
  const http = setDefined(setDefined(undefined, "http1MaxPendingRequests", o.maxPendingRequests), "maxRequestsPerConnection", o.maxRequestsPerConnection);
  const tcp = setDefined(setDefined(undefined, "maxConnections", o.maxConnections), "connectTimeout", o.connectTimeout);
  let outlierDetection = setDefined(undefined, "consecutive5xxErrors", o.consecutive5xxErrors);
  outlierDetection = setDefined(outlierDetection, "consecutiveGatewayErrors", o.consecutiveGatewayErrors);
  outlierDetection = setDefined(outlierDetection, "interval", o.interval);
  outlierDetection = setDefined(outlierDetection, "baseEjectionTime", o.baseEjectionTime);
  outlierDetection = setDefined(outlierDetection, "maxEjectionPercent", o.maxEjectionPercent);
  const connectionPool = setDefined(setDefined(undefined, "http", http), "tcp", tcp);
  const policy: Json = {};
  if (connectionPool) policy.connectionPool = connectionPool;
  if (outlierDetection) policy.outlierDetection = outlierDetection;
  return policy as TrafficPolicy;
}

/** The `loadBalancer` of a {@link LoadBalancing}. */
export function loadBalancerPolicy(choice: SimpleLoadBalancer | LoadBalancer): TrafficPolicy {
  return { loadBalancer: typeof choice === "string" ? { simple: choice } : choice };
}

type PortLevel = TrafficPolicyPortLevelSettings;

function mergeByPort(before: unknown, next: readonly PortLevel[]): PortLevel[] {
  const merged = Array.isArray(before) ? [...(before as PortLevel[])] : [];
  for (const entry of next) {
    const index = merged.findIndex((e) => e.port?.number !== undefined && e.port.number === entry.port?.number);
    if (index >= 0) merged[index] = mergePolicy(merged[index]!, entry);
    else merged.push(entry);
  }
  return merged;
}

/**
 * Merges a later policy fragment into an earlier one: objects field by field, the later value
 * winning; `portLevelSettings` by port number; a later `simple` or `consistentHash` replaces
 * the earlier choice, since they exclude each other.
 */
export function mergePolicy<T extends object>(base: T, next: T): T {
  const out: Json = { ...(base as Json) };
  for (const key in next) {
    if (!Object.hasOwn(next, key)) continue;
    const value: unknown = next[key];
    if (value === undefined) continue;
    const before = out[key];
    if (key === "portLevelSettings") out[key] = mergeByPort(before, value as PortLevel[]);
    else if (key === "loadBalancer" && isObject(before) && isObject(value) && ("simple" in value || "consistentHash" in value)) {
      const { simple: _s, consistentHash: _c, ...kept } = before;
      out[key] = mergePolicy(kept, value);
    } else if (isObject(before) && isObject(value)) out[key] = mergePolicy(before, value);
    else out[key] = value;
  }
  return out as T;
}

/** The value with the keys of every object sorted, so output does not depend on call order. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (!isObject(value)) return value;
  const sorted: Json = {};
  const keys = Object.keys(value);
  // Most objects arrive sorted already (a builder writes its fields in order): sort only the others.
  if (!inOrder(keys)) keys.sort();
  for (const key of keys) {
    // An own property named `__proto__` stays one, as a plain assignment would not keep it.
    if (key === "__proto__") Object.defineProperty(sorted, key, { value: sortKeys(value[key]), enumerable: true, writable: true, configurable: true });
    else sorted[key] = sortKeys(value[key]);
  }
  return sorted as T;
}

/** Whether `keys` are in the order `Array.prototype.sort` puts them (by UTF-16 code units). */
function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i += 1) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

const INHERITED = ["connectionPool", "loadBalancer", "outlierDetection"] as const;

/**
 * Adds TLS origination on some ports. Istio does not inherit destination-level settings into a
 * `portLevelSettings` entry (omitted fields take Istio's defaults), so an entry this creates
 * carries the destination's connection pool, load balancer and outlier detection with it.
 */
function originateOnPorts(policy: TrafficPolicy, ports: readonly number[], tls: TrafficPolicyTls): PortLevel[] {
  const entries = [...(policy.portLevelSettings ?? [])];
  const inherited = Object.fromEntries(INHERITED.filter((key) => policy[key] !== undefined).map((key) => [key, policy[key]])) as PortLevel;
  for (const number of ports) {
    const index = entries.findIndex((entry) => entry.port?.number === number);
    if (index >= 0) entries[index] = { ...entries[index], tls };
    else entries.push({ port: { number }, ...inherited, tls });
  }
  return entries;
}

/** The `trafficPolicy` to write, TLS origination included, keys sorted; `undefined` when empty. */
export function renderTrafficPolicy(policy: TrafficPolicy, origination: Origination | undefined): TrafficPolicy | undefined {
  let result = policy;
  if (origination !== undefined) {
    result = origination.ports === undefined ? mergePolicy(result, { tls: origination.tls }) : { ...result, portLevelSettings: originateOnPorts(result, origination.ports, origination.tls) };
  }
  return Object.keys(result).length > 0 ? sortKeys(result) : undefined;
}
