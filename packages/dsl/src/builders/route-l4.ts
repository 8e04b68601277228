/**
 * TCP and TLS routes, always written in Istio's API as a VirtualService's `tcp` or `tls`
 * section: the Gateway API's TCPRoute and TLSRoute are not in the standard channel of every
 * release meshform targets.
 */
import type { VirtualServiceSpecTcp, Route, VirtualServiceSpecTls } from "@meshform/istio/networking.istio.io/v1";
import type { BuilderContext } from "../draft-store.js";
import { guardMethods } from "../input.js";
import { L4_RULE_METHODS, TCP_ROUTE_METHODS, TLS_ROUTE_METHODS } from "../option-schemas/route.js";
import type { IstioGatewayRef, ServiceRef, SubsetRef } from "../refs.js";
import { backendRefOf, checkWeight, type BackendLike, type BackendOptions, type PortOf, type ServiceArgs } from "./route-backend.js";
import { RouteBuilder, type RouteOptions } from "./route-base.js";
import { guardContext, reportRoute, type RouteSite } from "./route-issue.js";
import { hostSubsetOf } from "@meshform/istio/hosts";
import { istioBackendOf, routeOf, subsetPort, type IstioBackend } from "./virtual-service.js";

/** The options of a TCP route: its hosts (besides its Services') and metadata. */
export interface TCPRouteOptions extends RouteOptions {}

/** The options of a TLS route: its hosts (besides its Services') and metadata. @defaultValue hosts: the rules' SNI hosts */
export interface TLSRouteOptions extends RouteOptions {}

/** Where a connection is matched: what TCP and TLS matches share. */
export interface L4Match {
  /** The port the connection is addressed to. @defaultValue every port */
  readonly port?: number;
  /** The labels of the client workloads the rule applies to. @defaultValue every client */
  readonly sourceLabels?: Readonly<Record<string, string>>;
  /**
   * The gateways the rule applies at, of the route's (`"mesh"` for its sidecars). @defaultValue
   * every gateway the route is bound to
   */
  readonly gateways?: readonly (IstioGatewayRef | "mesh")[];
}

/** A TCP connection match. */
export interface TCPMatch extends L4Match {}

/** A TLS connection match: by the SNI the client sends, which must lie within the route's hosts. */
export interface TLSMatch extends L4Match {
  /** The SNI hosts matched (wildcards allowed), each within one of the route's hosts. */
  readonly sniHosts: readonly [string, ...string[]];
}

/** The gateway names a match lists, as the route's `gateways:` names them. */
function gatewayNames(gateways: readonly (IstioGatewayRef | "mesh")[], namespace: string): string[] {
  return gateways.map((g) => (g === "mesh" ? g : g.namespace === namespace ? g.name : `${g.namespace}/${g.name}`));
}

/**
 * One rule of a TCP or TLS route: the connections it matches, and the weighted destinations
 * (Services, or subsets of one) it forwards them to.
 */
export abstract class L4RuleBuilder<Match extends L4Match> {
  /** @internal */
  protected readonly site: RouteSite;
  /** @internal */
  protected readonly path: readonly (string | number)[];
  /** @internal */
  protected readonly matches: Record<string, unknown>[] = [];
  readonly #backends: IstioBackend[] = [];

  static {
    guardMethods(L4RuleBuilder.prototype, (self) => guardContext(self.site), L4_RULE_METHODS);
  }

  /** @internal */
  constructor(site: RouteSite, path: readonly (string | number)[]) {
    this.site = site;
    this.path = path;
  }

  /**
   * Adds a way for connections to match (matches add up as alternatives; fields of one match
   * must all hold).
   *
   * @example
   * ```ts
   * r.match({ port: 9000 });
   * ```
   */
  match(match: Match): this {
    const out = this.matchOf(match);
    if (out !== undefined) this.matches.push(out);
    return this;
  }

  /** @internal The match as written, keys in a fixed order; `undefined` once reported. */
  protected matchOf(match: L4Match): Record<string, unknown> | undefined {
    return {
      ...(match.port !== undefined ? { port: match.port } : {}),
      ...(match.sourceLabels !== undefined ? { sourceLabels: { ...match.sourceLabels } } : {}),
      ...(match.gateways !== undefined ? { gateways: gatewayNames(match.gateways, this.site.namespace) } : {}),
    };
  }

  /**
   * Forwards to a Service or a subset of one; call again for a weighted split (`weight` is
   * relative: an unweighted destination weighs 1 when there are several, as in HTTP rules).
   *
   * @example
   * ```ts
   * r.to(echo.subsets.v1, { weight: 80 }).to(echo.subsets.v2, { weight: 20 });
   * ```
   */
  to<Backend extends BackendLike>(backend: Backend, ...options: ServiceArgs<Backend, BackendOptions<PortOf<Backend>>>): this {
    const target = backend as unknown as ServiceRef | SubsetRef;
    const opts = (options[0] ?? {}) as { port?: number; weight?: number };
    const path = [...this.path, "route", this.#backends.length];
    if (target.refType === "service") {
      const ref = backendRefOf(this.site, target, opts, path);
      if (ref) this.#backends.push(istioBackendOf(ref, this.site.namespace));
      return this;
    }
    const port = subsetPort(this.site, target, opts.port, [...path, "destination", "port"]);
    const weighted = opts.weight === undefined || checkWeight(this.site, opts.weight, [...path, "weight"]);
    if (port !== undefined && weighted) this.#backends.push({ host: target.host, subset: target.name, ...(port.port !== undefined ? { port: port.port } : {}), ...(opts.weight !== undefined ? { weight: opts.weight } : {}) });
    return this;
  }

  /** @internal The rule as plain data: match, then route. */
  finish(): { match?: Record<string, unknown>[]; route?: Route[] } {
    return {
      ...(this.matches.length > 0 ? { match: this.matches } : {}),
      ...(this.#backends.length > 0 ? { route: routeOf<Route>(this.#backends) } : {}),
    };
  }
}

/** A rule of a TCP route. */
export class TCPRuleBuilder extends L4RuleBuilder<TCPMatch> {}

/** A rule of a TLS route: matched by SNI. */
export class TLSRuleBuilder extends L4RuleBuilder<TLSMatch> {
  readonly #hosts: readonly string[];

  /** @internal `hosts`: the route's hosts so far, which each SNI host must lie within (none: any). */
  constructor(site: RouteSite, path: readonly (string | number)[], hosts: readonly string[]) {
    super(site, path);
    this.#hosts = hosts;
  }

  /** @internal Leaves out (and reports) the SNI hosts outside the route's hosts, as Istio's admission refuses them. */
  protected override matchOf(match: TLSMatch): Record<string, unknown> | undefined {
    const at = [...this.path, "match", this.matches.length, "sniHosts"];
    const sniHosts = match.sniHosts.filter((sni, index) => {
      if (this.#hosts.length === 0 || this.#hosts.some((host) => hostSubsetOf(sni, host))) return true;
      reportRoute(this.site, "RULE_CONFLICT", [...at, index], `SNI host "${sni}" is not a compatible subset of any of the virtual service hosts: [${this.#hosts.join(", ")}]`, "match SNI hosts within the route's hostnames, or add the host with hostnames(...)");
      return false;
    });
    if (sniHosts.length === 0) return undefined;
    const rest = super.matchOf(match) ?? {};
    return { ...("port" in rest ? { port: rest.port } : {}), sniHosts, ...Object.fromEntries(Object.entries(rest).filter(([key]) => key !== "port")) };
  }

  /** @internal The SNI hosts of the rule's matches. */
  get sniHosts(): string[] {
    return this.matches.flatMap((m) => m.sniHosts as string[]);
  }
}

/**
 * A TCP route, written as a VirtualService's `tcp` section: bound to Services (the mesh) and
 * Istio Gateways, with rules that forward connections by port to weighted destinations.
 */
export class TCPRouteBuilder extends RouteBuilder {
  static {
    guardMethods(TCPRouteBuilder.prototype, (self) => guardContext(self.site), TCP_ROUTE_METHODS);
  }

  /** @internal */
  constructor(ctx: BuilderContext, namespace: string, name: string, options: TCPRouteOptions) {
    super(ctx, "TCPRoute", "tcpRoute", namespace, name, options, "istio");
  }

  /** @internal */
  protected override get istioRulesKey(): "tcp" {
    return "tcp";
  }

  /**
   * Adds a rule, built in the callback. Rules are kept in the order they are added.
   *
   * @example
   * ```ts
   * route.rule((r) => r.match({ port: 9000 }).to(echo.subsets.v1, { weight: 80 }).to(echo.subsets.v2, { weight: 20 }));
   * ```
   */
  rule(build: (rule: TCPRuleBuilder) => unknown): this {
    const rule = new TCPRuleBuilder(this.site, ["spec", "tcp", this.rules.length]);
    build(rule);
    return this.addRule(rule.finish() as VirtualServiceSpecTcp);
  }
}

/**
 * A TLS route, written as a VirtualService's `tls` section: forwards TLS connections, not
 * terminated, by the SNI the client sends. The VirtualService's hosts are the route's hostnames
 * and Services, or, when it has neither, its rules' SNI hosts.
 */
export class TLSRouteBuilder extends RouteBuilder {
  readonly #sniHosts: string[] = [];

  static {
    guardMethods(TLSRouteBuilder.prototype, (self) => guardContext(self.site), TLS_ROUTE_METHODS);
  }

  /** @internal */
  constructor(ctx: BuilderContext, namespace: string, name: string, options: TLSRouteOptions) {
    super(ctx, "TLSRoute", "tlsRoute", namespace, name, options, "istio");
  }

  /** @internal */
  protected override get istioRulesKey(): "tls" {
    return "tls";
  }

  /** @internal With no hostnames or Services, the hosts are the SNI hosts the rules match. */
  protected override defaultIstioHosts(): string[] {
    return this.#sniHosts.length > 0 ? [...this.#sniHosts] : ["*"];
  }

  /**
   * Adds a rule, built in the callback: it must match on SNI hosts. Rules are kept in the order
   * they are added.
   *
   * @example
   * ```ts
   * route.rule((r) => r.match({ port: 443, sniHosts: ["nginx.example.com"] }).to(nginx, { port: 443 }));
   * ```
   */
  rule(build: (rule: TLSRuleBuilder) => unknown): this {
    const path = ["spec", "tls", this.rules.length];
    const rule = new TLSRuleBuilder(this.site, path, this.claimedHosts);
    build(rule);
    const finished = rule.finish();
    if (finished.match === undefined) {
      reportRoute(this.site, "RULE_CONFLICT", [...path, "match"], "a TLS rule needs a match on SNI hosts", 'call r.match({ sniHosts: ["host.example.com"] })');
      return this;
    }
    for (const sni of rule.sniHosts) if (!this.#sniHosts.includes(sni)) this.#sniHosts.push(sni);
    return this.addRule(finished as unknown as VirtualServiceSpecTls);
  }
}

/** A TCP route named `name` in `namespace`. */
export function addTcpRoute(ctx: BuilderContext, namespace: string, name: string, options: TCPRouteOptions): TCPRouteBuilder {
  return new TCPRouteBuilder(ctx, namespace, name, options);
}

/** A TLS route named `name` in `namespace`. */
export function addTlsRoute(ctx: BuilderContext, namespace: string, name: string, options: TLSRouteOptions): TLSRouteBuilder {
  return new TLSRouteBuilder(ctx, namespace, name, options);
}
