import type { HTTPRouteSpec, ParentReference } from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import { addDraft, type BuilderContext, type DraftMetadata } from "../draft-store.js";
import type { Draft, DraftKey } from "../model.js";
import { parentRefOf, type GatewayApiGatewayRef, type IstioGatewayRef, type Patchable, type RouteApi, type RouteParent, type ServiceRef } from "../refs.js";
import { guardContext, reportRoute, type RouteSite } from "./route-issue.js";
import { guardMethods } from "../input.js";
import { ROUTE_METHODS } from "../option-schemas/route.js";
import { hostsMatch } from "@meshform/istio/hosts";
import { gatewayHostsFor, serviceFqdn, serviceHost, VIRTUAL_SERVICE } from "./virtual-service.js";

/**
 * How a route attaches to its parent: to a Gateway, optionally one of its listeners
 * (`sectionName`, typed as that gateway's listener names) or port; to a Service (mesh routing),
 * optionally one of its ports.
 */
export type AttachOptions<Parent> =
  Parent extends GatewayApiGatewayRef<infer Listener>
    ? {
        /** The listener to attach to. @defaultValue every listener that allows the route */
        readonly sectionName?: Listener;
        /** The listener port to attach to. @defaultValue every port */
        readonly port?: ParentReference["port"];
      }
    : Parent extends ServiceRef<infer Port>
      ? {
          /** The Service port whose traffic the route governs. @defaultValue every port */
          readonly port?: Port;
        }
      : never;

/** What every route takes besides its rules. */
export interface RouteOptions extends DraftMetadata {
  /** The hostnames the route answers for (Gateway routes). @defaultValue every hostname of the listener */
  readonly hostnames?: Readonly<NonNullable<HTTPRouteSpec["hostnames"]>>;
}

/** What identifies a route, for a ReferenceGrant's `from`. */
export interface RouteRef {
  readonly group: "gateway.networking.k8s.io";
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

function parentKey(ref: ParentReference, from: string): string {
  return `${ref.group ?? ""}/${ref.kind ?? ""}/${ref.namespace ?? from}/${ref.name}`;
}

/** Where a route written in Istio's API is bound: gateways by name, and the mesh by host. */
interface IstioBinding {
  /** The Istio Gateways, as `gateways:` names them, with their references for the host check. */
  readonly gateways: { readonly name: string; readonly ref: IstioGatewayRef }[];
  /** The hosts of the Services the route attaches to (mesh routing). */
  readonly serviceHosts: string[];
  /** Their FQDNs, which Istio resolves the short ones to. */
  readonly serviceFqdns: string[];
  /** The port given with each Service parent (`undefined`: every port). */
  readonly ports: (number | undefined)[];
  /** The gateways whose hosts were already found wanting (reported once). */
  readonly reported: Set<string>;
}

/**
 * The part HTTPRoute and GRPCRoute share: the draft, its parents and hostnames. The spec is
 * rewritten in a fixed key order (parentRefs, hostnames, rules) after each change, so the output
 * does not depend on the order of the calls. The builder is the route's reference: for a
 * ReferenceGrant's `from`, and for `mesh.patch`.
 *
 * A route written in Istio's API (`api: "istio"`) is a VirtualService of the same name instead:
 * its spec is `hosts`, `gateways`, then the rules (`http`, `tcp` or `tls`), and `mesh.patch`
 * targets the VirtualService.
 */
export abstract class RouteBuilder implements RouteRef, Patchable {
  readonly group = "gateway.networking.k8s.io" as const;
  readonly kind: "HTTPRoute" | "GRPCRoute" | "TCPRoute" | "TLSRoute";
  readonly namespace: string;
  readonly name: string;
  /** The API the route is written in: an HTTPRoute (`"gateway-api"`) or a VirtualService (`"istio"`). */
  readonly api: RouteApi;
  /** The route, for `mesh.patch`. */
  readonly draftKey: DraftKey;
  /** @internal What errors name. */
  protected readonly site: RouteSite;
  /** @internal The plain rules, in order. */
  protected readonly rules: object[] = [];
  readonly #draft: Draft;
  readonly #parents: ParentReference[] = [];
  readonly #hostnames: string[] = [];
  readonly #istio: IstioBinding | undefined;

  static {
    guardMethods(RouteBuilder.prototype, (self) => guardContext(self.site), ROUTE_METHODS);
  }

  /** @internal */
  constructor(ctx: BuilderContext, kind: RouteBuilder["kind"], method: string, namespace: string, name: string, options: RouteOptions, api: RouteApi = "gateway-api") {
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
    this.api = api;
    const written = api === "istio" ? VIRTUAL_SERVICE : { group: this.group, kind };
    this.draftKey = { group: written.group, kind: written.kind, namespace, name };
    this.#draft = addDraft(ctx, { group: written.group, kind: written.kind, name, namespace, spec: {}, metadata: options, method });
    this.site = { ctx, draft: this.#draft, namespace };
    this.#istio = api === "istio" ? { gateways: [], serviceHosts: [], serviceFqdns: [], ports: [], reported: new Set() } : undefined;
    if (kind === "GRPCRoute" && (options as { readonly api?: RouteApi }).api === "istio") {
      reportRoute(this.site, "API_CANNOT_EXPRESS", [], "meshform writes gRPC routes in the Gateway API only (GRPCRoute)", 'leave out api: "istio", or route gRPC with httpRoute(name, { api: "istio" }) matching on the gRPC path');
    }
    if (options.hostnames) this.hostnames(...options.hostnames);
  }

  /**
   * Attaches the route to a Gateway (north-south), or to a Service for mesh (GAMMA) routing. A
   * parent in another namespace is referenced with its namespace.
   *
   * @example
   * ```ts
   * route.attachTo(gateway, { sectionName: "https" });
   * route.attachTo(reviews); // mesh routing: traffic to the reviews Service
   * ```
   *
   * The parent is typed by its `refType` only, so that a ServiceRef written inline keeps its ports.
   */
  attachTo<Parent extends Pick<RouteParent, "refType">>(parent: Parent, ...options: Parent extends RouteParent ? [options?: AttachOptions<Parent>] : never): this {
    const opts = (options[0] ?? {}) as { readonly sectionName?: string; readonly port?: number };
    return this.#attach(parent as unknown as RouteParent, opts);
  }

  #attach(parent: RouteParent, opts: { readonly sectionName?: string; readonly port?: number }): this {
    if (this.#istio !== undefined) return this.#bind(this.#istio, parent, opts);
    const path = ["spec", "parentRefs", this.#parents.length];
    if (parent.refType === "service" && opts.port !== undefined && parent.ports.length > 0 && !parent.ports.includes(opts.port)) {
      reportRoute(this.site, "UNKNOWN_PORT", [...path, "port"], `Service ${parent.namespace}/${parent.name} has no port ${opts.port} (it has ${parent.ports.join(", ")})`, "use one of the ports given to namespace.service()");
      return this;
    }
    if (parent.refType === "istioGateway") {
      reportRoute(this.site, "API_CANNOT_EXPRESS", path, `the Gateway API cannot attach a ${this.kind} to the Istio Gateway ${parent.namespace}/${parent.name}: a ${this.kind} attaches to Gateway API Gateways`, `attach to a Gateway API Gateway (ns.gateway(...)), or write this route in Istio's API: ${this.kind === "HTTPRoute" ? `httpRoute(${JSON.stringify(this.name)}, { api: "istio" })` : "routes of this kind are Gateway API only"}`);
      return this;
    }
    const ref = parentRefOf(parent, this.namespace, opts);
    const same = this.#parents.filter((p) => parentKey(p, this.namespace) === parentKey(ref, this.namespace));
    if (same.length > 0 && (ref.sectionName === undefined || same.some((p) => p.sectionName === undefined || p.sectionName === ref.sectionName))) {
      reportRoute(this.site, "DUPLICATE_PARENT", path, `the route attaches to ${parent.kind} ${parent.namespace}/${parent.name} twice`, "attach once, or once per listener, each with its own sectionName");
      return this;
    }
    this.#parents.push(ref);
    return this.sync();
  }

  /**
   * Adds hostnames the route answers for.
   *
   * @example
   * ```ts
   * route.hostnames("bookinfo.example.com");
   * ```
   */
  hostnames(...hostnames: readonly string[]): this {
    for (const hostname of hostnames) if (!this.#hostnames.includes(hostname)) this.#hostnames.push(hostname);
    if (this.#istio !== undefined) this.#checkGatewayHosts(this.#istio);
    return this.sync();
  }

  /** Binds a route written in Istio's API: a Service by host (the mesh), an Istio Gateway by name. */
  #bind(binding: IstioBinding, parent: RouteParent, opts: { readonly port?: number }): this {
    const path = ["spec", parent.refType === "service" ? "hosts" : "gateways"];
    if (parent.refType === "gateway") {
      reportRoute(this.site, "API_CANNOT_EXPRESS", ["spec", "gateways"], `Istio's API cannot bind a VirtualService to the Gateway API Gateway ${parent.namespace}/${parent.name}: Istio binds VirtualServices to Istio (networking.istio.io) Gateways only`, `write this route in the Gateway API (api: "gateway-api"), or bind it to an Istio Gateway (ns.istioGateway(...))`);
      return this;
    }
    if (parent.refType === "istioGateway") {
      const name = parent.namespace === this.namespace ? parent.name : `${parent.namespace}/${parent.name}`;
      if (binding.gateways.some((g) => g.name === name)) {
        reportRoute(this.site, "DUPLICATE_PARENT", path, `the route binds to Gateway ${parent.namespace}/${parent.name} twice`, "bind once");
        return this;
      }
      binding.gateways.push({ name, ref: parent });
      this.#checkGatewayHosts(binding);
      return this.sync();
    }
    if (opts.port !== undefined && parent.ports.length > 0 && !parent.ports.includes(opts.port)) {
      reportRoute(this.site, "UNKNOWN_PORT", path, `Service ${parent.namespace}/${parent.name} has no port ${opts.port} (it has ${parent.ports.join(", ")})`, "use one of the ports given to namespace.service()");
      return this;
    }
    const host = serviceHost(parent, this.namespace);
    if (binding.serviceHosts.includes(host)) {
      reportRoute(this.site, "DUPLICATE_PARENT", path, `the route attaches to Service ${parent.namespace}/${parent.name} twice`, "attach once; a VirtualService governs every port of its hosts, or one port for all of them");
      return this;
    }
    if (binding.ports.length > 0 && !binding.ports.every((p) => p === opts.port)) {
      reportRoute(this.site, "API_CANNOT_EXPRESS", path, "Istio's API narrows a VirtualService's rules to one port for all of its hosts, and the route's Services are attached with different ports", "attach every Service with the same port (or none), or write one route per port");
      return this;
    }
    binding.serviceHosts.push(host);
    binding.serviceFqdns.push(serviceFqdn(parent));
    binding.ports.push(opts.port);
    return this.sync();
  }

  /** The hosts a route written in Istio's API claims: its hostnames and its Services; `*` when it has neither. */
  #virtualServiceHosts(): string[] {
    const hosts = this.claimedHosts;
    return hosts.length > 0 ? hosts : this.defaultIstioHosts();
  }

  /**
   * Reports an Istio Gateway none of whose hosts the route claims (as `istioctl analyze`'s
   * IST0132 does, with a Service's short host also read as its FQDN, as Istio resolves it): the
   * gateway would not apply the route. Each gateway is reported once.
   */
  #checkGatewayHosts(binding: IstioBinding): void {
    const hosts = this.#virtualServiceHosts();
    // A Service's short host is its FQDN to Istio (istioctl compares the host as written).
    const resolved = [...hosts, ...binding.serviceFqdns];
    for (const { name, ref } of binding.gateways) {
      if (binding.reported.has(name)) continue;
      const served = gatewayHostsFor(ref.hosts, ref.namespace, this.namespace);
      if (served.some((g) => resolved.some((h) => hostsMatch(g, h)))) continue;
      binding.reported.add(name);
      reportRoute(this.site, "INVALID_REFERENCE", ["spec", "hosts"], `one or more host [${hosts.join(" ")}] defined in VirtualService ${this.namespace}/${this.name} not found in Gateway ${ref.namespace}/${ref.name}`, `claim a host the gateway's servers list (${ref.hosts.join(", ") || "none"}), or add the host to the gateway`);
    }
  }

  /** @internal The hosts a route in Istio's API claims so far: its hostnames, then its Services'. */
  protected get claimedHosts(): string[] {
    const serviceHosts = this.#istio?.serviceHosts ?? [];
    return [...this.#hostnames, ...serviceHosts.filter((h) => !this.#hostnames.includes(h))];
  }

  /** @internal The hosts of a route in Istio's API that claims none: every host (`*`). */
  protected defaultIstioHosts(): string[] {
    return ["*"];
  }

  /** @internal The one port every rule of a route in Istio's API is narrowed to, if its Services were attached with one. */
  protected get istioPort(): number | undefined {
    return this.#istio?.ports[0];
  }

  /** @internal Appends a finished rule. */
  protected addRule(rule: object): this {
    this.rules.push(rule);
    return this.sync();
  }

  /** @internal The rules' key in a VirtualService: `http`, `tcp` or `tls`. */
  protected get istioRulesKey(): "http" | "tcp" | "tls" {
    return "http";
  }

  /**
   * A rule of a route in Istio's API narrowed to `port`, as Istio's conversion narrows the rules of
   * a route attached to one Service port: every match gets the port, and a rule without matches
   * one match on it.
   */
  #narrowed(rule: object, port: number): object {
    const { match, ...rest } = rule as { match?: readonly { port?: number }[] };
    return { match: match === undefined ? [{ port }] : match.map((m) => (m.port === undefined ? { ...m, port } : m)), ...rest };
  }

  /** Writes the spec in its fixed key order. */
  protected sync(): this {
    if (this.#istio !== undefined) {
      const binding = this.#istio;
      const spec: { hosts?: unknown; gateways?: unknown; http?: unknown; tcp?: unknown; tls?: unknown } = { hosts: this.#virtualServiceHosts() };
      if (binding.gateways.length > 0) spec.gateways = [...binding.gateways.map((g) => g.name), ...(binding.serviceHosts.length > 0 ? ["mesh"] : [])];
      if (this.rules.length > 0) {
        const port = this.istioPort;
        spec[this.istioRulesKey] = port === undefined ? this.rules : this.rules.map((rule) => this.#narrowed(rule, port));
      }
      this.#draft.body.spec = spec;
      return this;
    }
    // Copies, as long as the lists: the builder's own lists grow by pushes, which leave room for
    // more items than most routes get, and the model keeps the spec of every route.
    const spec: { parentRefs?: unknown; hostnames?: unknown; rules?: unknown } = {};
    if (this.#parents.length > 0) spec.parentRefs = this.#parents.slice();
    if (this.#hostnames.length > 0) spec.hostnames = this.#hostnames.slice();
    if (this.rules.length > 0) spec.rules = this.rules.slice();
    this.#draft.body.spec = spec;
    return this;
  }
}
