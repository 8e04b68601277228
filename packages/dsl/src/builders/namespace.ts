// The namespace builder's whole surface: every method is a one-line delegation to its family's
// module (routing, traffic, security, telemetry) under its TSDoc and example. Past 300 lines by
// its documentation, not by its logic, which lives in those modules.
import type { Draft, DraftKey } from "../model.js";
import { addRaw, type RawResource } from "./raw.js";
import { addDraft, type BuilderContext } from "../draft-store.js";
import { setNamespaceDeletion } from "../namespace-deletion.js";
import type { ExternalGatewayRef, GatewayApiGatewayRef, GatewayRef, IstioGatewayRef, Patchable, ResourceRef, RouteApi, ServiceRef, SubsetRef, WaypointRef, WorkloadRef, WrittenIstioGatewayRef } from "../refs.js";
import { addIstioGateway, type IstioGatewayOptions } from "./istio-gateway.js";
import { addEgress, type EgressOptions, type EgressRef } from "./egress.js";
import { addTcpRoute, addTlsRoute, type TCPRouteBuilder, type TCPRouteOptions, type TLSRouteBuilder, type TLSRouteOptions } from "./route-l4.js";
import { externalGatewayOf, externalIstioGatewayOf, externalSubsetsOf, type ExternalGatewayOptions, type ExternalIstioGatewayOptions } from "./external-refs.js";
import { addHttpRoute, addGrpcRoute, addReferenceGrant, type GRPCRouteBuilder, type GRPCRouteOptions, type HTTPRouteBuilder, type HTTPRouteOptions, type ReferenceGrantOptions } from "./route-namespace.js";
import { addGateway, addWaypoint, type GatewayOptions, type WaypointOptions } from "./gateway.js";
import { addDestinationRule, addExternalService, type DestinationRuleBuilder, type ExternalHost, type DestinationRuleOptions, type ExternalPort, type ExternalServiceBuilder, type ExternalServiceOptions } from "./traffic.js";
import type { MtlsMode } from "./mesh-security.js";
import { addNamespaceMtls, addPeerAuthentication, workloadOf, type NamespacePeerAuthenticationOptions, type PeerAuthenticationOptions, type WorkloadLabels, type WorkloadPeerAuthenticationOptions } from "./security.js";
import { addRequestAuthentication, addRequireJwt, type JwtIssuerRefs, type JwtRuleOptions, type RequestAuthenticationOptions, type RequiredJwtRef, type RequireJwtOptions } from "./security-jwt.js";
import { addAuthorizationPolicy, type AuthorizationPolicyOptions } from "./authorization-policy.js";
import { addTelemetry, type TelemetryOptions } from "./telemetry.js";
import { guardMethods } from "../input.js";
import { NAMESPACE_METHODS } from "../option-schemas/namespace.js";

/** How workloads in a namespace join the mesh. */
export type DataplaneMode = "ambient" | "sidecar";

/** The options of a namespace. */
export interface NamespaceOptions {
  /**
   * Whether meshform writes the Namespace object. `false` for namespaces that exist already
   * (`istio-system`), which then only hold the resources declared in them.
   * @defaultValue `true`
   */
  readonly managed?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * `ambient` labels the namespace `istio.io/dataplane-mode: ambient`; `sidecar` labels it
   * `istio-injection: enabled`.
   */
  readonly dataplane?: DataplaneMode;
  /** What Argo CD may do to the Namespace object. */
  readonly argocd?: NamespaceArgoCdOptions;
  /**
   * The API the namespace's routes are written in, unless a route says otherwise: `"gateway-api"`
   * (HTTPRoute) or `"istio"` (VirtualService). Read when a route is declared, so set it before.
   * @defaultValue the mesh's `routeApi`
   */
  readonly routeApi?: RouteApi;
}

/** What Argo CD may do to a namespace's Namespace object. */
export interface NamespaceArgoCdOptions {
  /**
   * Whether Argo CD may prune or delete the Namespace object, and with it everything in the
   * namespace. Left `false`, the Namespace object carries the annotation
   * `argocd.argoproj.io/sync-options: Delete=false,Prune=false` (merged with sync options the
   * config sets there): Argo CD neither prunes it when it leaves the namespace's folder nor
   * deletes it when the folder's Application is deleted with cascade. `true` leaves the
   * annotation as the config writes it. It also covers a Namespace object added with
   * `mesh.resource(...)`; declare that namespace with `managed: false`. The latest
   * `mesh.namespace(name, ...)` call that sets it decides.
   *
   * @defaultValue `false`
   */
  readonly allowDeletion?: boolean;
}

/** What a list of names held when last looked at: a set of its entries, and how many it had. */
const listEntries = new WeakMap<string[], { readonly entries: Set<string>; length: number }>();

/**
 * Appends `item` to `list` unless the list holds it already. A set beside the list answers the
 * question, caught up with whatever was appended to the list since, so that ten thousand services
 * cost ten thousand lookups, not a scan of the list each.
 */
function pushNew(list: string[], item: string): void {
  let seen = listEntries.get(list);
  if (seen === undefined || seen.length > list.length) listEntries.set(list, (seen = { entries: new Set(), length: 0 }));
  for (; seen.length < list.length; seen.length += 1) seen.entries.add(list[seen.length]!);
  if (seen.entries.has(item)) return;
  list.push(item);
  seen.entries.add(item);
  seen.length += 1;
}

const DATAPLANE_LABELS: Readonly<Record<DataplaneMode, Readonly<Record<string, string>>>> = {
  ambient: { "istio.io/dataplane-mode": "ambient" },
  sidecar: { "istio-injection": "enabled" },
};

/**
 * A namespace and everything declared in it. It is also the Namespace object's reference, for
 * `mesh.patch` (a namespace declared with `managed: false` has none to patch).
 */
export class NamespaceBuilder implements Patchable {
  /** The namespace's name. */
  readonly name: string;
  /** The Namespace object, for `mesh.patch`. */
  readonly draftKey: DraftKey;
  /** @internal */
  readonly ctx: BuilderContext;
  #draft: Draft | undefined;
  #routeApi: RouteApi | undefined;

  /** @internal */
  constructor(parent: BuilderContext, name: string, options: NamespaceOptions) {
    this.name = name;
    this.draftKey = { group: "", kind: "Namespace", namespace: undefined, name };
    this.ctx = { model: parent.model, path: `namespace(${JSON.stringify(name)})` };
    this.merge(options);
  }

  /** @internal Adds options given by a later `mesh.namespace(name, ...)` call. */
  merge(options: NamespaceOptions): this {
    if (options.routeApi !== undefined) this.#routeApi = options.routeApi;
    if (options.argocd?.allowDeletion !== undefined) setNamespaceDeletion(this.ctx.model, this.name, options.argocd.allowDeletion === true);
    if (options.managed === false) return this;
    this.#draft ??= addDraft({ model: this.ctx.model, path: "" }, { group: "", kind: "Namespace", name: this.name, namespace: undefined, method: "namespace" });
    const metadata = this.#draft.body.metadata as { labels?: Record<string, string>; annotations?: Record<string, string> };
    const labels = { ...options.labels, ...(options.dataplane ? DATAPLANE_LABELS[options.dataplane] : {}) };
    if (Object.keys(labels).length > 0) metadata.labels = { ...metadata.labels, ...labels };
    if (options.annotations) metadata.annotations = { ...metadata.annotations, ...options.annotations };
    return this;
  }

  /**
   * Routes the namespace's traffic through a waypoint (`istio.io/use-waypoint`).
   *
   * @example
   * ```ts
   * app.useWaypoint(app.waypoint("waypoint"));
   * ```
   */
  useWaypoint(waypoint: WaypointRef): this {
    const labels: Record<string, string> = { "istio.io/use-waypoint": waypoint.name };
    if (waypoint.namespace !== this.name) labels["istio.io/use-waypoint-namespace"] = waypoint.namespace;
    return this.merge({ labels });
  }

  /**
   * A Service that lives outside the config (an application's), to route to or attach to.
   *
   * @example
   * ```ts
   * const reviews = app.service("reviews", { ports: [9080] });
   * ```
   */
  service<Port extends number>(name: string, options: { readonly ports?: readonly Port[] } = {}): ServiceRef<Port> {
    pushNew(this.ctx.model.externals.services, `${this.name}/${name}`);
    return { refType: "service", group: "", kind: "Service", name, namespace: this.name, ports: options.ports ?? [], external: true };
  }

  /**
   * A north-south Gateway (Gateway API, class `istio` by default).
   *
   * @example
   * ```ts
   * const gw = istioSystem.gateway("prod-gateway", {
   *   listeners: { http: { port: 80, protocol: "HTTP", allowedRoutes: "All" } },
   * });
   * ```
   */
  gateway<Listener extends string>(name: string, options: GatewayOptions<Listener>): GatewayRef<Listener> {
    return addGateway(this.ctx, this.name, name, options);
  }

  /**
   * An ambient waypoint for this namespace (class `istio-waypoint`, HBONE on 15008). Bind it
   * with {@link NamespaceBuilder.useWaypoint}.
   *
   * @example
   * ```ts
   * const waypoint = app.waypoint("waypoint", { for: "service" });
   * ```
   */
  waypoint(name = "waypoint", options: WaypointOptions = {}): WaypointRef {
    return addWaypoint(this.ctx, this.name, name, options);
  }

  /**
   * The escape hatch in this namespace: adds any generated kind as it is, fully typed, with
   * `metadata.namespace` set to this namespace unless the object names one.
   *
   * @example
   * ```ts
   * import { sidecar } from "@meshform/istio/networking.istio.io/v1";
   * app.resource(sidecar({ metadata: { name: "default" }, spec: { outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } } }));
   * ```
   */
  resource<T extends RawResource>(object: T): ResourceRef {
    const namespace = object.metadata.namespace ?? this.name;
    return addRaw(this.ctx, { ...object, metadata: { ...object.metadata, namespace } });
  }

  // --- routing: builders/route.ts ---

  /**
   * An HTTPRoute in this namespace: attach it to a Gateway or, for mesh routing, to a Service;
   * add rules, or a canary split.
   *
   * @example
   * ```ts
   * app.httpRoute("reviews").attachTo(reviews).canary({ stable: reviewsV1, canary: reviewsV2, weight: 10, port: 9080 });
   * app.httpRoute("bookinfo", { hostnames: ["bookinfo.example.com"] })
   *   .attachTo(gateway, { sectionName: "http" })
   *   .rule((r) => r.match({ path: "/productpage" }).to(productpage, { port: 9080 }));
   * ```
   */
  httpRoute(name: string, options: HTTPRouteOptions = {}): HTTPRouteBuilder {
    return addHttpRoute(this.ctx, this.name, name, options, this.#routeApi ?? this.ctx.model.routeApi);
  }

  /**
   * A GRPCRoute in this namespace, attached like an HTTPRoute, matching gRPC services and methods.
   *
   * @example
   * ```ts
   * app.grpcRoute("greeter").attachTo(gateway).rule((r) => r.match({ service: "helloworld.Greeter" }).to(greeter, { port: 50051 }));
   * ```
   */
  grpcRoute(name: string, options: GRPCRouteOptions = {}): GRPCRouteBuilder {
    return addGrpcRoute(this.ctx, this.name, name, options);
  }

  /**
   * A ReferenceGrant in this namespace: lets routes of other namespaces forward to its Services.
   *
   * @example
   * ```ts
   * app.referenceGrant("allow-gateway-routes", { from: [ingressRoute], to: [productpage] });
   * ```
   */
  referenceGrant(name: string, options: ReferenceGrantOptions): ResourceRef<"ReferenceGrant"> {
    return addReferenceGrant(this.ctx, this.name, name, options);
  }

  /**
   * TCP routing, written as a VirtualService with `tcp` routes: weighted destinations (Services
   * or subsets) for a Service's TCP port, or for a port of an Istio Gateway.
   *
   * @example
   * ```ts
   * const echo = app.destinationRule("tcp-echo", { host: tcpEcho }).subset("v1", { version: "v1" }).subset("v2", { version: "v2" });
   * app.tcpRoute("tcp-echo").attachTo(tcpEcho).rule((r) => r.match({ port: 9000 }).to(echo.subsets.v1, { weight: 80 }).to(echo.subsets.v2, { weight: 20 }));
   * ```
   */
  tcpRoute(name: string, options: TCPRouteOptions = {}): TCPRouteBuilder {
    return addTcpRoute(this.ctx, this.name, name, options);
  }

  /**
   * TLS routing by SNI, written as a VirtualService with `tls` routes: the proxy reads the server
   * name of the TLS handshake, without terminating TLS, and forwards to weighted destinations.
   *
   * @example
   * ```ts
   * app.tlsRoute("nginx").attachTo(ingress).rule((r) => r.match({ port: 443, sniHosts: ["nginx.example.com"] }).to(nginx, { port: 443 }));
   * ```
   */
  tlsRoute(name: string, options: TLSRouteOptions = {}): TLSRouteBuilder {
    return addTlsRoute(this.ctx, this.name, name, options);
  }

  /**
   * An Istio `networking.istio.io` Gateway: servers (ports, hosts, TLS) on the gateway
   * workloads its selector picks. Routes written in Istio's API attach to it.
   *
   * @example
   * ```ts
   * const ingress = mesh.root.istioGateway("bookinfo-gateway", {
   *   selector: { istio: "ingressgateway" },
   *   servers: {
   *     https: { port: 443, protocol: "HTTPS", hosts: ["bookinfo.example.com"], tls: { mode: "SIMPLE", credentialName: "bookinfo-cert" } },
   *     http: { port: 80, protocol: "HTTP", hosts: ["bookinfo.example.com"], httpsRedirect: true },
   *   },
   * });
   * ```
   */
  istioGateway<const Server extends string>(name: string, options: IstioGatewayOptions<Server>): WrittenIstioGatewayRef<Server> {
    return addIstioGateway(this.ctx, this.name, name, options);
  }

  /**
   * A Gateway API Gateway of this namespace that lives outside the config (a shared ingress
   * another team owns): routes attach to it, policies target it, and nothing writes it.
   *
   * @example
   * ```ts
   * const shared = istioSystem.externalGateway("shared-ingress", { listeners: ["https"] });
   * app.httpRoute("shop").attachTo(shared, { sectionName: "https" });
   * ```
   */
  externalGateway<const Listener extends string = never>(name: string, options: ExternalGatewayOptions<Listener> = {}): ExternalGatewayRef<Listener> {
    return externalGatewayOf(this.ctx, this.name, name, options);
  }

  /**
   * An Istio Gateway of this namespace that lives outside the config: routes written in Istio's
   * API bind to it, and nothing writes it. `hosts` are the hosts its servers list.
   *
   * @example
   * ```ts
   * const legacy = istioSystem.externalIstioGateway("legacy-ingress", { hosts: ["*.example.com"] });
   * ```
   */
  externalIstioGateway<const Server extends string = never>(name: string, options: ExternalIstioGatewayOptions<Server>): IstioGatewayRef<Server> {
    return externalIstioGatewayOf(this.ctx, this.name, name, options);
  }

  /**
   * Subsets of a host that a DestinationRule of this namespace, outside the config, defines; by
   * name, for routes written in Istio's API. Nothing is written.
   *
   * @example
   * ```ts
   * const { v1, v2 } = app.externalSubsets(reviews, ["v1", "v2"]);
   * ```
   */
  externalSubsets<const Name extends string>(host: ServiceRef | ExternalHost, names: readonly [Name, ...Name[]]): { readonly [K in Name]: SubsetRef<K> } {
    return externalSubsetsOf(this.ctx, this.name, host, names);
  }

  /**
   * Egress through an egress gateway, Istio's documented pattern, as one intent: a ServiceEntry
   * for the external host, an Istio Gateway on the egress gateway, a VirtualService that sends
   * the mesh's traffic to the gateway and the gateway's traffic to the host, and the
   * DestinationRules, optionally originating TLS at the gateway.
   */
  egress<const Options extends EgressOptions>(name: string, options: Options): EgressRef<Options> {
    return addEgress(this.ctx, this.name, name, options);
  }

  // --- traffic: builders/traffic.ts ---

  /**
   * A service outside the mesh: a ServiceEntry for its hosts and ports, and a builder for the
   * traffic policy of those hosts (a DestinationRule, written once a policy method is called).
   * The ports' protocols decide what can act: over TLS or TCP the sidecar sees no HTTP request.
   *
   * @example
   * ```ts
   * istioSystem
   *   .externalService("external-svc", { hosts: ["api.external.com"], ports: [{ number: 80, protocol: "HTTP", targetPort: 443 }], resolution: "DNS" })
   *   .tlsOrigination()
   *   .circuitBreaker({ maxPendingRequests: 1, consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m" });
   * ```
   */
  externalService<const Port extends ExternalPort>(name: string, options: ExternalServiceOptions<Port>): ExternalServiceBuilder<Port> {
    return addExternalService(this.ctx, this.name, name, options);
  }

  /**
   * A DestinationRule for an in-mesh Service (a {@link ServiceRef}) or the FQDN of a host
   * registered outside this config: circuit breaker, load balancing, TLS origination, subsets.
   *
   * @example
   * ```ts
   * app.destinationRule("reviews", { host: app.service("reviews") }).subset("v1", { version: "v1" });
   * ```
   */
  destinationRule(name: string, options: DestinationRuleOptions): DestinationRuleBuilder {
    return addDestinationRule(this.ctx, this.name, name, options);
  }

  // --- security: builders/security.ts ---

  /**
   * The workloads of this namespace that carry `labels`, for policy selectors and targets.
   *
   * @example
   * ```ts
   * const ratings = app.workload({ app: "ratings" });
   * ```
   */
  workload(labels: WorkloadLabels): WorkloadRef {
    return workloadOf(this.name, labels);
  }

  /**
   * Namespace-wide mutual TLS: a PeerAuthentication named `default` in this namespace. Returns its
   * reference, for `mesh.patch`.
   *
   * @example
   * ```ts
   * app.mtls("STRICT");
   * ```
   */
  mtls(mode: MtlsMode): ResourceRef<"PeerAuthentication"> {
    return addNamespaceMtls(this.ctx, this.name, mode);
  }

  /**
   * A PeerAuthentication for selected workloads, with per-port modes (which need a selector).
   * Returns its reference, for `mesh.patch`.
   *
   * @example
   * ```ts
   * app.peerAuthentication("ratings-metrics", { selector: app.workload({ app: "ratings" }), mode: "STRICT", portLevel: { 9090: "PERMISSIVE" } });
   * ```
   */
  peerAuthentication(name: string, options: WorkloadPeerAuthenticationOptions): ResourceRef<"PeerAuthentication">;
  /** A PeerAuthentication for the whole namespace, under another name than `default`. */
  peerAuthentication(name: string, options: NamespacePeerAuthenticationOptions): ResourceRef<"PeerAuthentication">;
  peerAuthentication(name: string, options: PeerAuthenticationOptions): ResourceRef<"PeerAuthentication"> {
    return addPeerAuthentication(this.ctx, this.name, name, options);
  }

  /**
   * A RequestAuthentication: the JWT issuers validated at a gateway, a service or workloads.
   * Returns one reference per issuer, for `requestPrincipal` in authorization rules (and, for
   * `mesh.patch`, each stands for the RequestAuthentication).
   *
   * @example
   * ```ts
   * const [google] = istioSystem.requestAuthentication("google-jwt", {
   *   target: gw,
   *   jwt: [{ issuer: "https://accounts.google.com", jwksUri: "https://www.googleapis.com/oauth2/v3/certs" }],
   * });
   * ```
   */
  requestAuthentication<const Rules extends readonly [JwtRuleOptions, ...JwtRuleOptions[]]>(name: string, options: RequestAuthenticationOptions<Rules>): JwtIssuerRefs<Rules> {
    return addRequestAuthentication(this.ctx, this.name, name, options);
  }

  /**
   * An AuthorizationPolicy (ALLOW, DENY, AUDIT, or CUSTOM with its provider) for a gateway, a
   * service, workloads, or the whole namespace. Returns its reference, for `mesh.patch`.
   *
   * @example
   * ```ts
   * app.authorizationPolicy("reviews-readers", {
   *   action: "ALLOW",
   *   target: reviews,
   *   rules: [{ from: [fromNamespaces("frontend")], to: [{ methods: ["GET"], paths: ["/reviews/*"] }] }],
   * });
   * ```
   */
  authorizationPolicy(name: string, options: AuthorizationPolicyOptions): ResourceRef<"AuthorizationPolicy"> {
    return addAuthorizationPolicy(this.ctx, this.name, name, options);
  }

  /**
   * Requires a valid JWT of one issuer (and the claims asked for) on every request through a
   * gateway: a RequestAuthentication plus an ALLOW AuthorizationPolicy on its request principals.
   * Returns the issuer's reference, which stands for the RequestAuthentication in `mesh.patch`;
   * its `authorizationPolicy` is the policy's.
   *
   * @example
   * ```ts
   * istioSystem.requireJwt(gw, {
   *   issuer: "https://accounts.google.com",
   *   jwksUri: "https://www.googleapis.com/oauth2/v3/certs",
   *   claims: { iss: "https://accounts.google.com" },
   * });
   * ```
   */
  requireJwt<const Issuer extends string>(gateway: GatewayApiGatewayRef, options: RequireJwtOptions<Issuer>): RequiredJwtRef<Issuer> {
    return addRequireJwt(this.ctx, this.name, gateway, options);
  }

  // --- telemetry: builders/telemetry.ts ---

  /**
   * A Telemetry resource: access logging, metrics and tracing for a gateway, a service,
   * workloads, or the whole namespace. Returns its reference, for `mesh.patch`.
   *
   * @example
   * ```ts
   * istioSystem.telemetry("gateway-observability", {
   *   target: gw,
   *   accessLogging: [{ providers: ["envoy"], filter: { expression: "response.code >= 400" } }],
   * });
   * ```
   */
  telemetry(name: string, options: TelemetryOptions): ResourceRef<"Telemetry"> {
    return addTelemetry(this.ctx, this.name, name, options);
  }
}

// Every public method passes through the one guard: sealed models, names, options, references.
guardMethods(NamespaceBuilder.prototype, (self) => self.ctx, NAMESPACE_METHODS);
