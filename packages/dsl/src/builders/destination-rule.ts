import type { DestinationRuleSpec } from "@meshform/istio/networking.istio.io/v1";
import type { Draft, DraftKey } from "../model.js";
import { addDraft, flat, type BuilderContext, type DraftMetadata } from "../draft-store.js";
import type { Patchable, ServiceRef } from "../refs.js";
import { TrafficPolicyBuilder, type TrafficState } from "./traffic-builder.js";
import { renderTrafficPolicy, type TlsOriginationOptions } from "./traffic-policy.js";
import type { PortProtocol } from "./traffic-protocol.js";
import { guardMethods } from "../input.js";
import { DESTINATION_RULE_METHODS } from "../option-schemas/traffic.js";

/**
 * The fully qualified name of a host registered outside this config (a ServiceEntry another
 * team owns, a Service of another cluster). A name without a dot does not type-check: an
 * in-mesh Service is a {@link ServiceRef}, so a typo in it is a compile error.
 */
export type ExternalHost = `${string}.${string}`;

/** The options of a DestinationRule. */
export interface DestinationRuleOptions extends DraftMetadata, Pick<DestinationRuleSpec, "exportTo" | "workloadSelector"> {
  /**
   * The destination: a Service (from `namespace.service(...)`), written as its FQDN
   * `name.namespace.svc.cluster.local`, or the FQDN of a host registered outside this config.
   */
  readonly host: ServiceRef | ExternalHost;
}

/** The DestinationRule `host` of a destination: a Service's FQDN, or the name as it is. */
export function hostOf(host: ServiceRef | ExternalHost): string {
  return typeof host === "string" ? host : flat(`${host.name}.${host.namespace}.svc.cluster.local`);
}

/** The SNI the sidecar sends by default: the host, unless it is a wildcard. */
export function defaultSni(host: string): string | undefined {
  return host.includes("*") ? undefined : host;
}

/**
 * A DestinationRule `spec` for one host: the state's traffic policy (TLS origination with
 * `sniHost` as the default SNI), then the subsets.
 */
export function destinationRuleSpec(host: string, state: TrafficState, extra: Pick<DestinationRuleSpec, "exportTo" | "workloadSelector">, sniHost: string | undefined): DestinationRuleSpec {
  const origination = state.origination && { ...state.origination, tls: { ...(sniHost !== undefined ? { sni: sniHost } : {}), ...state.origination.tls } };
  const trafficPolicy = renderTrafficPolicy(state.policy, origination);
  const spec: { -readonly [K in keyof DestinationRuleSpec]: DestinationRuleSpec[K] } = { host };
  if (trafficPolicy) spec.trafficPolicy = trafficPolicy;
  if (state.subsets.length > 0) spec.subsets = [...state.subsets];
  if (extra.exportTo) spec.exportTo = [...extra.exportTo];
  if (extra.workloadSelector) spec.workloadSelector = extra.workloadSelector;
  return spec;
}

/**
 * A DestinationRule for an in-mesh Service or an external name: its traffic policy (circuit
 * breaker, load balancing, TLS origination) and subsets. The config does not know which
 * protocol a Service's ports speak, so every setting is offered; HTTP settings act only where
 * Istio sees HTTP (a port named `http-*` or with `appProtocol: http`, or detected as HTTP).
 */
export class DestinationRuleBuilder extends TrafficPolicyBuilder<PortProtocol> implements Patchable {
  /** The DestinationRule's name. */
  readonly name: string;
  /** The namespace it is declared in. */
  readonly namespace: string;
  /** The `host` it applies to. */
  readonly host: string;
  /** The DestinationRule, for `mesh.patch`. */
  readonly draftKey: DraftKey;
  /** @internal */
  protected readonly ctx: BuilderContext;
  /** @internal */
  protected readonly policyKey: DraftKey;
  /** @internal */
  protected readonly ports = undefined;
  /** @internal */
  protected readonly subsetDestination: { readonly host: string; readonly service: ServiceRef | undefined; readonly namespace: string };
  readonly #draft: Draft;
  readonly #options: DestinationRuleOptions;

  static {
    guardMethods(DestinationRuleBuilder.prototype, (self) => self.ctx, DESTINATION_RULE_METHODS);
  }

  /** @internal */
  constructor(ctx: BuilderContext, namespace: string, name: string, options: DestinationRuleOptions) {
    super();
    this.name = name;
    this.namespace = namespace;
    this.host = hostOf(options.host);
    this.#options = options;
    this.ctx = ctx;
    this.draftKey = { group: "networking.istio.io", kind: "DestinationRule", namespace, name };
    this.policyKey = this.draftKey;
    this.subsetDestination = { host: this.host, service: typeof options.host === "string" ? undefined : options.host, namespace };
    const spec = destinationRuleSpec(this.host, { policy: {}, origination: undefined, subsets: [] }, options, undefined);
    this.#draft = addDraft(ctx, { group: "networking.istio.io", kind: "DestinationRule", namespace, name, spec, metadata: options, method: "destinationRule" });
  }

  /**
   * The sidecar originates TLS (`tls.mode: SIMPLE`) to the destination: the app sends plain
   * HTTP, and the connection leaves encrypted.
   *
   * @example
   * ```ts
   * app.destinationRule("legacy", { host: legacy }).tlsOrigination({ sni: "legacy.example.com" });
   * ```
   */
  tlsOrigination(options: TlsOriginationOptions = {}): this {
    return this.originate(options, undefined);
  }

  /** @internal */
  protected write(state: TrafficState): void {
    const sni = typeof this.#options.host === "string" ? defaultSni(this.host) : undefined;
    this.#draft.body.spec = destinationRuleSpec(this.host, state, this.#options, sni);
  }
}

/** Declares a DestinationRule in `namespace`; see {@link DestinationRuleBuilder}. */
export function addDestinationRule(ctx: BuilderContext, namespace: string, name: string, options: DestinationRuleOptions): DestinationRuleBuilder {
  return new DestinationRuleBuilder(ctx, namespace, name, options);
}
