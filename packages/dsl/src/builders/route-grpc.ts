import type { GRPCRouteRule, GRPCRouteFilter, GRPCRouteMatch, GRPCRouteMatchMethod } from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import type { BuilderContext } from "../draft-store.js";
import type { ServiceRef } from "../refs.js";
import { backendRefOf, canaryBackendRefs, type BackendOptions, type BackendRef, type CanaryOptions, type LooseCanary, type MirrorOptions, type PortOf, type ServiceArgs, type ServiceLike } from "./route-backend.js";
import { RouteBuilder, type RouteOptions } from "./route-base.js";
import { guardContext, reportRoute, type RouteSite } from "./route-issue.js";
import { addHeaderModifier, addMirror, valueMatchesOf, type HeaderModifierOptions, type ValueMatch } from "./route-filter.js";
import { guardMethods } from "../input.js";
import { GRPC_ROUTE_METHODS, GRPC_RULE_METHODS } from "../option-schemas/route.js";

/** The options of a GRPCRoute besides its parents and rules. */
export type GRPCRouteOptions = RouteOptions;

/**
 * One way a gRPC call matches a rule: its service and/or method, and headers. Every field given
 * must hold.
 */
export type GRPCMatch = (
  | {
      /** The fully qualified service, e.g. `helloworld.Greeter`. */
      readonly service: string;
      /** The method, e.g. `SayHello`. @defaultValue every method of the service */
      readonly method?: string;
    }
  | { readonly service?: undefined; readonly method: string }
  | { readonly service?: undefined; readonly method?: undefined }
) & {
  /** How `service` and `method` are compared. @defaultValue `"Exact"` */
  readonly type?: NonNullable<GRPCRouteMatchMethod["type"]>;
  /** Header (metadata) values by header name. @defaultValue no condition on headers */
  readonly headers?: Readonly<Record<string, ValueMatch>>;
};

/** What a gRPC rule does so far: `open`, `forward` (backends added with `to`) or `split` (a canary). */
export type GRPCRuleState = "open" | "forward" | "split";

function grpcMatchOf(match: GRPCMatch): GRPCRouteMatch {
  const method = match.service !== undefined || match.method !== undefined
    ? { type: match.type ?? "Exact", ...(match.service !== undefined ? { service: match.service } : {}), ...(match.method !== undefined ? { method: match.method } : {}) }
    : undefined;
  return { ...(method ? { method } : {}), ...(match.headers !== undefined ? { headers: valueMatchesOf(match.headers) } : {}) };
}

/** One rule of a GRPCRoute: matches, header filters, mirrors and backends. */
export class GRPCRuleBuilder<State extends GRPCRuleState = "open"> {
  /** What the rule does so far. */
  readonly state: State;
  readonly #site: RouteSite;

  static {
    guardMethods(GRPCRuleBuilder.prototype, (self) => guardContext(self.#site), GRPC_RULE_METHODS);
  }
  readonly #path: readonly (string | number)[];
  readonly #matches: GRPCRouteMatch[] = [];
  readonly #filters: GRPCRouteFilter[] = [];
  readonly #backends: BackendRef[] = [];

  /** @internal */
  constructor(site: RouteSite, index: number) {
    this.state = "open" as State;
    this.#site = site;
    this.#path = ["spec", "rules", index];
  }

  #become<Next extends GRPCRuleState>(next: Next): GRPCRuleBuilder<Next> {
    (this as { state: GRPCRuleState }).state = next;
    return this as unknown as GRPCRuleBuilder<Next>;
  }

  /**
   * Adds a way for calls to match (matches add up as alternatives).
   *
   * @example
   * ```ts
   * r.match({ service: "helloworld.Greeter", method: "SayHello" });
   * ```
   */
  match(match: GRPCMatch): this {
    this.#matches.push(grpcMatchOf(match));
    return this;
  }

  /**
   * Forwards to a Service; call again for a weighted split.
   *
   * @example
   * ```ts
   * r.to(greeterV1, { weight: 90 }).to(greeterV2, { weight: 10 });
   * ```
   */
  to<Service extends ServiceLike>(this: GRPCRuleBuilder<"open" | "forward">, service: Service, ...options: ServiceArgs<Service, BackendOptions<PortOf<Service>>>): GRPCRuleBuilder<"forward"> {
    const path = [...this.#path, "backendRefs", this.#backends.length];
    if ((this.state as GRPCRuleState) === "split") {
      reportRoute(this.#site, "RULE_CONFLICT", path, "a rule that is a canary cannot also forward with to()", "use canary() or to(), not both");
      return this as unknown as GRPCRuleBuilder<"forward">;
    }
    const backend = backendRefOf(this.#site, service as unknown as ServiceRef, (options[0] ?? {}) as { port?: number; weight?: number }, path);
    if (backend) this.#backends.push(backend);
    return this.#become("forward");
  }

  /**
   * A canary release: `weight` percent of the calls to `canary`, the rest to `stable`.
   *
   * @example
   * ```ts
   * r.canary({ stable: greeterV1, canary: greeterV2, weight: 5 });
   * ```
   */
  canary<Stable extends ServiceLike, Canary extends ServiceLike>(this: GRPCRuleBuilder<"open">, options: CanaryOptions<Stable, Canary>): GRPCRuleBuilder<"split"> {
    const path = [...this.#path, "backendRefs"];
    if ((this.state as GRPCRuleState) !== "open") {
      reportRoute(this.#site, "RULE_CONFLICT", path, "a canary sets all of the rule's backends", "use canary() or to(), not both");
      return this as unknown as GRPCRuleBuilder<"split">;
    }
    this.#backends.push(...canaryBackendRefs(this.#site, options as unknown as LooseCanary, path));
    return this.#become("split");
  }

  /**
   * Sends a copy of each call (or of `percent` of them) to another Service.
   *
   * @example
   * ```ts
   * r.to(greeterV1).mirror(greeterV2, { percent: 10 });
   * ```
   */
  mirror<Service extends ServiceLike>(service: Service, ...options: ServiceArgs<Service, MirrorOptions<PortOf<Service>>>): this {
    addMirror(this.#filters, this.#site, service as unknown as ServiceRef, (options[0] ?? {}) as { port?: number; percent?: number }, this.#path);
    return this;
  }

  /**
   * Sets, adds or removes request headers (metadata) before forwarding. Calls add up.
   *
   * @example
   * ```ts
   * r.requestHeaders({ set: { "x-tenant": "blue" } });
   * ```
   */
  requestHeaders(options: HeaderModifierOptions): this {
    return this.#modifyHeaders("RequestHeaderModifier", "requestHeaderModifier", options);
  }

  /**
   * Sets, adds or removes response headers (metadata). Calls add up.
   *
   * @example
   * ```ts
   * r.responseHeaders({ remove: ["x-internal"] });
   * ```
   */
  responseHeaders(options: HeaderModifierOptions): this {
    return this.#modifyHeaders("ResponseHeaderModifier", "responseHeaderModifier", options);
  }

  #modifyHeaders(type: "RequestHeaderModifier" | "ResponseHeaderModifier", key: "requestHeaderModifier" | "responseHeaderModifier", options: HeaderModifierOptions): this {
    addHeaderModifier(this.#filters, type, key, options);
    return this;
  }

  /** @internal The rule as plain data, keys in a fixed order. */
  finish(): GRPCRouteRule {
    return {
      ...(this.#matches.length > 0 ? { matches: this.#matches } : {}),
      ...(this.#filters.length > 0 ? { filters: this.#filters } : {}),
      ...(this.#backends.length > 0 ? { backendRefs: this.#backends } : {}),
    };
  }
}

/**
 * A Gateway API GRPCRoute: attached to Gateways or Services like an HTTPRoute, with rules that
 * match gRPC services and methods.
 */
export class GRPCRouteBuilder extends RouteBuilder {
  static {
    guardMethods(GRPCRouteBuilder.prototype, (self) => guardContext(self.site), GRPC_ROUTE_METHODS);
  }

  /** @internal */
  constructor(ctx: BuilderContext, namespace: string, name: string, options: GRPCRouteOptions) {
    super(ctx, "GRPCRoute", "grpcRoute", namespace, name, options);
  }

  /**
   * Adds a rule, built in the callback.
   *
   * @example
   * ```ts
   * route.rule((r) => r.match({ service: "helloworld.Greeter" }).to(greeter, { port: 50051 }));
   * ```
   */
  rule(build: (rule: GRPCRuleBuilder) => unknown): this {
    const rule = new GRPCRuleBuilder(this.site, this.rules.length);
    build(rule);
    return this.addRule(rule.finish());
  }

  /**
   * Adds a rule that splits all of the route's calls for a canary release.
   *
   * @example
   * ```ts
   * app.grpcRoute("greeter").attachTo(greeter).canary({ stable: greeterV1, canary: greeterV2, weight: 10 });
   * ```
   */
  canary<Stable extends ServiceLike, Canary extends ServiceLike>(options: CanaryOptions<Stable, Canary>): this {
    return this.rule((r) => r.canary(options));
  }
}
