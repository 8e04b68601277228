/**
 * Egress through an egress gateway, Istio's documented pattern ("Egress Gateways" and "Egress
 * Gateways with TLS Origination"), as one intent: the ServiceEntry of the external host, an Istio
 * Gateway on the egress gateway, a VirtualService that sends the mesh's traffic to the gateway and
 * the gateway's traffic to the host, and the DestinationRules. Every name, port and host the four
 * resources share is written once here, so they cannot disagree.
 */
import type { DestinationRuleSpec, TrafficPolicyTls, GatewaySpec, ServiceEntrySpec, VirtualServiceSpec } from "@meshform/istio/networking.istio.io/v1";
import { addDraft, addIssue, type BuilderContext, type DraftMetadata } from "../draft-store.js";
import type { Draft, DraftKey, MeshModel } from "../model.js";
import { NAME_RULES } from "../names.js";
import { resourceRefOf, type ResourceRef, type ServiceRef, type WorkloadRef } from "../refs.js";
import { hostOf } from "./destination-rule.js";
import { serverOf } from "./istio-gateway.js";
import { selectorOf } from "./security.js";

const GROUP = "networking.istio.io";

/** Istio's default egress gateway: its Service and the labels of its pods. */
const DEFAULT_GATEWAY = { namespace: "istio-system", service: "istio-egressgateway", selector: { istio: "egressgateway" } } as const;

/** Which egress gateway the traffic leaves through. */
export interface EgressGatewayOptions {
  /**
   * The egress gateway's Service, which the sidecars send the host's traffic to.
   * @defaultValue Istio's default egress gateway, `istio-system/istio-egressgateway`
   */
  readonly service?: ServiceRef;
  /**
   * The egress gateway's pods, for the Gateway's selector: their labels or `ns.workload(...)`.
   * @defaultValue `{ istio: "egressgateway" }`
   */
  readonly selector?: Readonly<Record<string, string>> | WorkloadRef;
  /**
   * The port of the egress gateway's Service the sidecars send to, and the Gateway's server port.
   * @defaultValue `80` for HTTP, `443` for TLS passthrough (the ports Istio's egress gateway exposes)
   */
  readonly port?: number;
}

/** TLS the egress gateway opens to the host: the host's certificate is checked against the system's CAs, or a Secret's. */
export interface EgressSimpleTlsOrigination {
  /** The host's TLS port, which the gateway connects to. @defaultValue `443` */
  readonly port?: number;
  /** @defaultValue `"SIMPLE"` */
  readonly mode?: "SIMPLE";
  /**
   * A Secret in the egress gateway's namespace holding the CA bundle (`ca.crt`) that signs the
   * host's certificate. @defaultValue the gateway's system CAs
   */
  readonly credentialName?: string;
  /** The SNI sent to the host. @defaultValue the host */
  readonly sni?: string;
  /** The names the host's certificate must carry. @defaultValue not checked beyond the CA */
  readonly subjectAltNames?: readonly string[];
}

/** Mutual TLS the egress gateway opens to the host, with a client certificate. */
export interface EgressMutualTlsOrigination extends Omit<EgressSimpleTlsOrigination, "mode" | "credentialName"> {
  readonly mode: "MUTUAL";
  /** A Secret in the egress gateway's namespace holding `tls.crt`, `tls.key` and `ca.crt`. */
  readonly credentialName: string;
}

/** How the egress gateway originates TLS to the host. */
export type EgressTlsOrigination = EgressSimpleTlsOrigination | EgressMutualTlsOrigination;

/** What every egress intent says. */
export interface EgressBaseOptions extends DraftMetadata {
  /** The external host, a fully qualified name (`edition.cnn.com`), resolved by DNS at the gateway. */
  readonly host: string;
  /** Which egress gateway. @defaultValue Istio's default egress gateway */
  readonly gateway?: EgressGatewayOptions;
}

/**
 * Plain HTTP from the app: the app calls `http://host:port`; the gateway forwards HTTP to the
 * host, or with `tlsOrigination` opens TLS to it (the app keeps calling `http://`).
 */
export interface EgressHttpOptions extends EgressBaseOptions {
  /** @defaultValue `"HTTP"` */
  readonly protocol?: "HTTP";
  /** The port the app calls. @defaultValue `80` */
  readonly port?: number;
  /**
   * The gateway originates TLS to the host: sidecars reach the gateway over Istio mutual TLS
   * (`ISTIO_MUTUAL`), and the gateway sends HTTPS to the host's TLS port. `true` takes the defaults.
   * @defaultValue none: the gateway forwards plain HTTP
   */
  readonly tlsOrigination?: EgressTlsOrigination | true;
}

/**
 * TLS from the app (`https://host`), passed through: the sidecar and the gateway route by SNI
 * without terminating TLS.
 */
export interface EgressTlsOptions extends EgressBaseOptions {
  readonly protocol: "TLS";
  /** The port the app calls, and the host's. @defaultValue `443` */
  readonly port?: number;
  readonly tlsOrigination?: never;
}

/** The options of egress through an egress gateway. */
export type EgressOptions = EgressHttpOptions | EgressTlsOptions;

/**
 * The TLS-origination DestinationRule's reference as the options decide it: a reference when they
 * ask for TLS origination, `undefined` when they do not, either when the types cannot tell.
 */
export type TlsOriginationRuleOf<Options> = Options extends { readonly tlsOrigination: EgressTlsOrigination | true }
  ? ResourceRef<"DestinationRule">
  : "tlsOrigination" extends keyof Options
    ? ResourceRef<"DestinationRule"> | undefined
    : undefined;

/**
 * What an egress intent wrote: a reference per resource, for `mesh.patch`.
 *
 * @typeParam Options - the intent's options, which decide whether it has a TLS-origination rule
 */
export interface EgressRef<Options extends EgressOptions = EgressOptions> {
  /** The external host, as the resources name it. */
  readonly host: string;
  /** The ServiceEntry of the host (named as the intent). */
  readonly serviceEntry: ResourceRef<"ServiceEntry">;
  /** The Istio Gateway on the egress gateway (`<name>-egressgateway`). */
  readonly gateway: ResourceRef<"Gateway">;
  /** The VirtualService that routes mesh → gateway → host (`direct-<name>-through-egress-gateway`). */
  readonly virtualService: ResourceRef<"VirtualService">;
  /**
   * The DestinationRule of the egress gateway's subsets, named as the gateway's Service
   * (`istio-egressgateway`): one per namespace and gateway, shared by the namespace's egress
   * intents, each adding its subset (Istio keeps one rule's policy per host and namespace).
   */
  readonly gatewayDestinationRule: ResourceRef<"DestinationRule">;
  /**
   * With TLS origination, the DestinationRule that opens TLS to the host
   * (`originate-tls-for-<name>`); typed as present when the options ask for it.
   */
  readonly tlsOriginationDestinationRule: TlsOriginationRuleOf<Options>;
}

/** The names of the resources an egress intent named `name` writes. */
export function egressNames(name: string): { readonly serviceEntry: string; readonly gateway: string; readonly virtualService: string; readonly tlsOriginationDestinationRule: string; readonly subset: string } {
  return {
    serviceEntry: name,
    gateway: `${name}-egressgateway`,
    virtualService: `direct-${name}-through-egress-gateway`,
    tlsOriginationDestinationRule: `originate-tls-for-${name}`,
    subset: name,
  };
}

function keyOf<Kind extends string>(kind: Kind, namespace: string, name: string): DraftKey & { readonly kind: Kind } {
  return { group: GROUP, kind, namespace, name };
}

/** The egress gateway's Service: the one given, or Istio's default, declared as living outside the config. */
function gatewayService(ctx: BuilderContext, options: EgressGatewayOptions | undefined): ServiceRef {
  if (options?.service !== undefined) return options.service;
  const key = `${DEFAULT_GATEWAY.namespace}/${DEFAULT_GATEWAY.service}`;
  if (!ctx.model.externals.services.includes(key)) ctx.model.externals.services.push(key);
  return { refType: "service", group: "", kind: "Service", name: DEFAULT_GATEWAY.service, namespace: DEFAULT_GATEWAY.namespace, ports: [], external: true };
}

/**
 * The DestinationRule of the egress gateway's subsets in each namespace, shared by the egress
 * intents of that namespace: Istio keeps the policy of one DestinationRule per host and namespace,
 * so one rule per intent would conflict. Keyed by namespace and gateway host.
 */
const gatewayRules = new WeakMap<MeshModel, Map<string, Draft>>();

/** The name of the shared DestinationRule of an egress gateway's subsets: the gateway Service's. */
function ruleNameOf(service: ServiceRef): string {
  return service.name;
}

type Subset = NonNullable<DestinationRuleSpec["subsets"]>[number];

/** Adds `subset` to the namespace's DestinationRule of the gateway's subsets, kept in name order. */
function addGatewaySubset(ctx: BuilderContext, key: DraftKey, host: string, subset: Subset, metadata: DraftMetadata): void {
  let rules = gatewayRules.get(ctx.model);
  if (rules === undefined) gatewayRules.set(ctx.model, (rules = new Map()));
  const id = `${key.namespace ?? ""}/${host}`;
  let draft = rules.get(id);
  if (draft === undefined) {
    draft = addDraft(ctx, { group: key.group, kind: key.kind, namespace: key.namespace, name: key.name, spec: { host, subsets: [] } satisfies DestinationRuleSpec, metadata, method: "egress" });
    rules.set(id, draft);
  }
  const spec = draft.body.spec as DestinationRuleSpec;
  spec.subsets = [...(spec.subsets ?? []).filter((s) => s.name !== subset.name), subset].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The ClientTLSSettings the gateway originates with. */
function originationTls(host: string, origination: EgressTlsOrigination): TrafficPolicyTls {
  return {
    mode: origination.mode ?? "SIMPLE",
    sni: origination.sni ?? host,
    ...(origination.credentialName !== undefined ? { credentialName: origination.credentialName } : {}),
    ...(origination.subjectAltNames !== undefined ? { subjectAltNames: [...origination.subjectAltNames] } : {}),
  };
}

/**
 * Egress named `name` in `namespace` through an egress gateway; see {@link EgressOptions}. Every
 * resource lives in `namespace`, as in Istio's tasks: the Gateway selects the egress gateway's
 * pods wherever they run.
 */
export function addEgress<const Options extends EgressOptions>(ctx: BuilderContext, namespace: string, name: string, options: Options): EgressRef<Options>;
export function addEgress(ctx: BuilderContext, namespace: string, name: string, options: EgressOptions): EgressRef {
  const names = egressNames(name);
  const service = gatewayService(ctx, options.gateway);
  const refs: EgressRef = {
    host: options.host,
    serviceEntry: resourceRefOf(keyOf("ServiceEntry", namespace, names.serviceEntry)),
    gateway: resourceRefOf(keyOf("Gateway", namespace, names.gateway)),
    virtualService: resourceRefOf(keyOf("VirtualService", namespace, names.virtualService)),
    gatewayDestinationRule: resourceRefOf(keyOf("DestinationRule", namespace, ruleNameOf(service))),
    tlsOriginationDestinationRule: options.tlsOrigination !== undefined ? resourceRefOf(keyOf("DestinationRule", namespace, names.tlsOriginationDestinationRule)) : undefined,
  };
  const nameProblem = NAME_RULES.dns1123Label.problem(names.gateway) ?? NAME_RULES.dns1123Label.problem(name);
  if (nameProblem !== undefined) {
    const message = `egress() got the name ${JSON.stringify(name)}, which names the subset ${JSON.stringify(names.subset)} and the Gateway ${JSON.stringify(names.gateway)}: both must be DNS-1123 labels (no dots, at most 63 characters): ${nameProblem}`;
    addIssue(ctx, { code: "INVALID_NAME", message, hint: "name the egress with a short DNS label, such as the host's first label (\"cnn\")", path: ["metadata", "name"], draft: refs.gateway.draftKey });
    return refs;
  }
  const tls = options.protocol === "TLS";
  const appPort = options.port ?? (tls ? 443 : 80);
  const gatewayPort = options.gateway?.port ?? (tls ? 443 : 80);
  let origination = options.protocol !== "TLS" && options.tlsOrigination !== undefined ? (options.tlsOrigination === true ? {} : options.tlsOrigination) : undefined;
  const originationPort = origination?.port ?? 443;
  if (origination !== undefined && originationPort === appPort) {
    const message = `egress() originates TLS to port ${originationPort} of ${options.host}, the port the app calls in plain HTTP: the ServiceEntry cannot give one port two protocols`;
    addIssue(ctx, { code: "INVALID_OPTION", message, hint: "let the app call another port in plain HTTP (port: 80), or originate TLS to another port of the host (tlsOrigination: { port })", path: ["spec", "ports"], draft: refs.serviceEntry.draftKey });
    origination = undefined;
  }
  const gatewayHost = hostOf(service);
  const metadata = { ...(options.labels ? { labels: options.labels } : {}), ...(options.annotations ? { annotations: options.annotations } : {}) };
  const write = (key: DraftKey, spec: unknown) => addDraft(ctx, { group: key.group, kind: key.kind, namespace: key.namespace, name: key.name, spec, metadata, method: "egress" });

  const ports: ServiceEntrySpec["ports"] = tls
    ? [{ number: appPort, name: "tls", protocol: "TLS" }]
    : [{ number: appPort, name: "http", protocol: "HTTP" }, ...(origination !== undefined ? [{ number: originationPort, name: "https", protocol: "HTTPS" }] : [])];
  write(refs.serviceEntry.draftKey, { hosts: [options.host], ports, resolution: "DNS" } satisfies ServiceEntrySpec);

  const server = tls
    ? serverOf("tls", { protocol: "TLS", port: gatewayPort, hosts: [options.host], tls: { mode: "PASSTHROUGH" } })
    : origination !== undefined
      ? serverOf("https", { protocol: "HTTPS", port: gatewayPort, hosts: [options.host], tls: { mode: "ISTIO_MUTUAL" } })
      : serverOf("http", { protocol: "HTTP", port: gatewayPort, hosts: [options.host] });
  write(refs.gateway.draftKey, { selector: selectorOf(options.gateway?.selector ?? DEFAULT_GATEWAY.selector).matchLabels, servers: [server] } satisfies GatewaySpec);

  const toGateway = { destination: { host: gatewayHost, subset: names.subset, port: { number: gatewayPort } } };
  const toHost = { destination: { host: options.host, port: { number: origination !== undefined ? originationPort : appPort } } };
  const hops = [
    { gateways: ["mesh"], port: appPort, route: [toGateway] },
    { gateways: [names.gateway], port: gatewayPort, route: [toHost] },
  ];
  const routes: Pick<VirtualServiceSpec, "http" | "tls"> = tls
    ? { tls: hops.map(({ gateways, port, route }) => ({ match: [{ gateways, port, sniHosts: [options.host] }], route })) }
    : { http: hops.map(({ gateways, port, route }) => ({ match: [{ gateways, port }], route })) };
  write(refs.virtualService.draftKey, { hosts: [options.host], gateways: [names.gateway, "mesh"], ...routes } satisfies VirtualServiceSpec);

  const subsetPolicy = origination !== undefined ? { trafficPolicy: { portLevelSettings: [{ port: { number: gatewayPort }, tls: { mode: "ISTIO_MUTUAL" as const, sni: options.host } }] } } : {};
  addGatewaySubset(ctx, refs.gatewayDestinationRule.draftKey, gatewayHost, { name: names.subset, ...subsetPolicy }, metadata);

  if (origination !== undefined && refs.tlsOriginationDestinationRule !== undefined) {
    const policy = { portLevelSettings: [{ port: { number: originationPort }, tls: originationTls(options.host, origination) }] };
    write(refs.tlsOriginationDestinationRule.draftKey, { host: options.host, trafficPolicy: policy } satisfies DestinationRuleSpec);
  }
  return refs;
}
