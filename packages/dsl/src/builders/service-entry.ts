import type { ServiceEntrySpec, ServiceEntrySpecPorts } from "@meshform/istio/networking.istio.io/v1";
import type { Draft, DraftKey } from "../model.js";
import { addDraft, type BuilderContext, type DraftMetadata } from "../draft-store.js";
import { resourceRefOf, type Patchable, type ResourceRef, type WaypointRef } from "../refs.js";
import { defaultSni, destinationRuleSpec } from "./destination-rule.js";
import { TrafficPolicyBuilder, type TrafficState } from "./traffic-builder.js";
import type { TlsOriginationOptions } from "./traffic-policy.js";
import { describePorts, isHttpProtocol, type HttpProtocol, type PortFacts, type PortProtocol } from "./traffic-protocol.js";
import { guardMethods, type MethodSpecs } from "../input.js";
import { EXTERNAL_SERVICE_METHODS } from "../option-schemas/traffic.js";

/** A port of an external service. */
export interface ExternalPort extends Pick<ServiceEntrySpecPorts, "number" | "targetPort"> {
  /** What the app speaks on this port; it decides which traffic settings can act. */
  readonly protocol: PortProtocol;
  /** @defaultValue the protocol in lower case (`http`), with the number (`http-8080`) when two ports share a protocol */
  readonly name?: string;
}

/**
 * A port the app calls in plain HTTP and the sidecar forwards to `targetPort` over TLS: Istio's
 * egress TLS origination, e.g. `{ number: 80, protocol: "HTTP", targetPort: 443 }`.
 */
export interface OriginatingPort {
  readonly protocol: HttpProtocol;
  readonly targetPort: number;
}

/**
 * What `.tlsOrigination()` accepts: its options when a port can originate TLS (an HTTP port
 * with a `targetPort`), else a sentence saying what to declare, so the call does not type-check.
 */
export type TlsOriginationArgs<Port> = [Extract<Port, OriginatingPort>] extends [never]
  ? [declareAnHttpPortWithTargetPort: "TLS origination needs a port the app calls in plain HTTP: declare { number: 80, protocol: \"HTTP\", targetPort: 443 }"]
  : [options?: TlsOriginationOptions];

/** The options of an external service. */
export interface ExternalServiceOptions<Port extends ExternalPort>
  extends DraftMetadata, Pick<ServiceEntrySpec, "addresses" | "endpoints" | "exportTo" | "location" | "resolution" | "subjectAltNames" | "workloadSelector"> {
  /** The names the service answers to; each gets the traffic policy (one DestinationRule per host). */
  readonly hosts: readonly [string, ...string[]];
  /** Its ports, with the protocol the app speaks on each. */
  readonly ports: readonly Port[];
  /**
   * The name of the DestinationRule that carries the traffic policy, written once a policy
   * method is called; with several hosts, each rule's name ends with its host.
   * @defaultValue the ServiceEntry's name
   */
  readonly destinationRuleName?: string;
  /**
   * The waypoint that carries the service's traffic from ambient workloads: the ServiceEntry is
   * labelled `istio.io/use-waypoint` (and `istio.io/use-waypoint-namespace` when the waypoint is
   * in another namespace). In ambient mode only a waypoint applies the service's traffic policy
   * (TLS origination, circuit breaker, load balancing); ztunnel forwards bytes and applies none.
   * Sidecars apply it either way.
   * @defaultValue none: ambient workloads reach the service without its traffic policy
   */
  readonly waypoint?: WaypointRef;
}

function portsOf(ports: readonly ExternalPort[]): ServiceEntrySpecPorts[] {
  return ports.map((port) => {
    const lower = port.protocol.toLowerCase();
    const shared = ports.filter((p) => p.protocol.toLowerCase() === lower).length > 1;
    const name = port.name ?? (shared ? `${lower}-${port.number}` : lower);
    return { number: port.number, name, protocol: port.protocol, ...(port.targetPort !== undefined ? { targetPort: port.targetPort } : {}) };
  });
}

/** The ServiceEntry's labels: the config's, and those that bind it to its waypoint. */
function serviceEntryLabels(options: ExternalServiceOptions<ExternalPort>, namespace: string): Readonly<Record<string, string>> | undefined {
  const waypoint = options.waypoint;
  if (waypoint === undefined) return options.labels;
  return {
    ...options.labels,
    "istio.io/use-waypoint": waypoint.name,
    ...(waypoint.namespace !== namespace ? { "istio.io/use-waypoint-namespace": waypoint.namespace } : {}),
  };
}

function serviceEntrySpec(options: ExternalServiceOptions<ExternalPort>): ServiceEntrySpec {
  const { hosts, ports, addresses, location, resolution, endpoints, exportTo, subjectAltNames, workloadSelector } = options;
  const optional = { addresses, location, resolution, endpoints, exportTo, subjectAltNames, workloadSelector };
  const set = Object.entries(optional).filter(([, value]) => value !== undefined);
  return { hosts: [...hosts], ports: portsOf(ports), ...(Object.fromEntries(set) as Partial<ServiceEntrySpec>) };
}

/** The DestinationRule name for `host`: the base name, or with several hosts the base and the host. */
function ruleNameOf(base: string, host: string, hosts: readonly string[]): string {
  return hosts.length === 1 ? base : `${base}-${host.replace(/^\*\./, "wildcard.").toLowerCase()}`;
}

/**
 * An external service: a ServiceEntry (its hosts, ports and resolution) and the traffic policy of
 * its hosts, written as a DestinationRule whose `host` is the ServiceEntry's own host. What
 * can act depends on the ports' protocols: over TLS or TCP the sidecar sees no HTTP request, so
 * HTTP settings do not type-check there; originate TLS in the sidecar to get them.
 *
 * The builder is the ServiceEntry's reference for `mesh.patch`; {@link ExternalServiceBuilder.destinationRules}
 * are its DestinationRules'.
 *
 * @typeParam Port - the ports as declared, so their protocols and target ports are known to the types
 */
export class ExternalServiceBuilder<Port extends ExternalPort> extends TrafficPolicyBuilder<Port["protocol"]> implements Patchable {
  /** The ServiceEntry's name. */
  readonly name: string;
  /** The namespace it is declared in. */
  readonly namespace: string;
  /** Its hosts: the DestinationRules' `host`s. */
  readonly hosts: readonly string[];
  /** The ServiceEntry, for `mesh.patch`. */
  readonly draftKey: DraftKey;
  /**
   * The DestinationRules that carry the traffic policy, one per host in the order of `hosts`, for
   * `mesh.patch`. They are written once a policy method is called: a patch of one before that is
   * `PATCH_TARGET_MISSING`.
   */
  readonly destinationRules: readonly [ResourceRef<"DestinationRule">, ...ResourceRef<"DestinationRule">[]];
  /** @internal */
  protected readonly ctx: BuilderContext;
  /** @internal */
  protected readonly policyKey: DraftKey;
  /** @internal */
  protected readonly ports: readonly PortFacts[];
  /** @internal A subset names the first host (a route in Istio's API names one host). */
  protected readonly subsetDestination: { readonly host: string; readonly service: undefined; readonly namespace: string };
  readonly #options: ExternalServiceOptions<Port>;
  #rules: readonly { readonly host: string; readonly draft: Draft }[] | undefined;

  static {
    guardMethods(ExternalServiceBuilder.prototype, (self) => self.ctx, EXTERNAL_SERVICE_METHODS as unknown as MethodSpecs<ExternalServiceBuilder<ExternalPort>>);
  }

  /** @internal */
  constructor(ctx: BuilderContext, namespace: string, name: string, options: ExternalServiceOptions<Port>) {
    super();
    this.name = name;
    this.namespace = namespace;
    this.hosts = [...options.hosts];
    this.subsetDestination = { host: options.hosts[0], service: undefined, namespace };
    this.ports = options.ports.map((port) => ({ number: port.number, protocol: port.protocol, ...(port.targetPort !== undefined ? { targetPort: port.targetPort } : {}) }));
    this.#options = options;
    this.draftKey = { group: "networking.istio.io", kind: "ServiceEntry", namespace, name };
    const base = options.destinationRuleName ?? name;
    const ruleRef = (ruleName: string) => resourceRefOf({ group: "networking.istio.io", kind: "DestinationRule", namespace, name: ruleName });
    const [first = ruleRef(base), ...more] = options.hosts.map((host) => ruleRef(ruleNameOf(base, host, options.hosts)));
    this.destinationRules = [first, ...more];
    this.policyKey = first.draftKey;
    const labels = serviceEntryLabels(options, namespace);
    const metadata = { ...(labels !== undefined ? { labels } : {}), ...(options.annotations !== undefined ? { annotations: options.annotations } : {}) };
    const draft = addDraft(ctx, { ...this.draftKey, spec: serviceEntrySpec(options), metadata, method: "externalService" });
    this.ctx = { model: ctx.model, path: draft.builder };
  }

  /**
   * The sidecar originates TLS: the app calls `http://host` on an HTTP port whose `targetPort`
   * is the service's TLS port, and the DestinationRule opens TLS (`mode: SIMPLE`, SNI the host)
   * on those ports. Since the sidecar sees HTTP, the HTTP circuit breaker acts. When every port
   * originates, `tls` is written at the destination level; otherwise one `portLevelSettings`
   * entry per originating port, which carries the destination's connection pool, load balancer
   * and outlier detection too (Istio does not inherit them into port-level settings).
   *
   * Without a port that speaks HTTP and has a `targetPort` the call does not type-check; when the
   * types could not see the ports, it is reported (`TLS_ORIGINATION_WITHOUT_HTTP_PORT`) and left out.
   *
   * @example
   * ```ts
   * egress
   *   .externalService("api", { hosts: ["api.example.com"], ports: [{ number: 80, protocol: "HTTP", targetPort: 443 }], resolution: "DNS" })
   *   .tlsOrigination();
   * ```
   */
  tlsOrigination(...args: TlsOriginationArgs<Port>): this {
    const originating = this.ports.filter((port) => isHttpProtocol(port.protocol) && port.targetPort !== undefined);
    if (originating.length === 0) {
      const message = `no port speaks HTTP with a targetPort (${describePorts(this.ports)}), so the app sends no plain HTTP for the sidecar to encrypt`;
      const target = this.ports.find((port) => !isHttpProtocol(port.protocol))?.number ?? 443;
      this.report("TLS_ORIGINATION_WITHOUT_HTTP_PORT", ["spec", "trafficPolicy", "tls"], message, `declare the port the app calls as { number: 80, protocol: "HTTP", targetPort: ${target} }`);
      return this;
    }
    const every = originating.length === this.ports.length;
    return this.originate((args[0] ?? {}) as TlsOriginationOptions, every ? undefined : originating.map((port) => port.number));
  }

  /** @internal */
  protected write(state: TrafficState): void {
    const metadata = { ...(this.#options.labels ? { labels: this.#options.labels } : {}), ...(this.#options.annotations ? { annotations: this.#options.annotations } : {}) };
    this.#rules ??= this.hosts.map((host, i) => ({ host, draft: addDraft(this.ctx, { ...this.destinationRules[i]!.draftKey, metadata, method: "destinationRule" }) }));
    for (const rule of this.#rules) rule.draft.body.spec = destinationRuleSpec(rule.host, state, {}, defaultSni(rule.host));
  }
}

/** Declares an external service in `namespace`; see {@link ExternalServiceBuilder}. */
export function addExternalService<Port extends ExternalPort>(ctx: BuilderContext, namespace: string, name: string, options: ExternalServiceOptions<Port>): ExternalServiceBuilder<Port> {
  return new ExternalServiceBuilder(ctx, namespace, name, options);
}
