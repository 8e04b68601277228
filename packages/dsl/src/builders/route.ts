import type { BuilderContext } from "../draft-store.js";
import type { RouteApi } from "../refs.js";
import type { BackendLike, CanaryOptions } from "./route-backend.js";
import { RouteBuilder, type RouteOptions } from "./route-base.js";
import { HTTPRuleBuilder } from "./route-http-rule.js";
import { guardContext } from "./route-issue.js";
import { guardMethods } from "../input.js";
import { HTTP_ROUTE_METHODS } from "../option-schemas/route.js";

/** The options of an HTTPRoute besides its parents and rules. */
export interface HTTPRouteOptions extends RouteOptions {
  /**
   * The API the route is written in: an HTTPRoute (`"gateway-api"`) or a VirtualService of the
   * same name (`"istio"`). Flip it to move a route between the APIs and review the diff.
   * @defaultValue the namespace's `routeApi`, else the mesh's
   */
  readonly api?: RouteApi;
}

/**
 * An HTTP route: attached to Gateways (north-south) or Services (mesh routing), with rules that
 * match requests, filter them and forward them to backends. Written as a Gateway API HTTPRoute,
 * or (`api: "istio"`) as an Istio VirtualService bound to Istio Gateways and the mesh.
 */
export class HTTPRouteBuilder extends RouteBuilder {
  static {
    guardMethods(HTTPRouteBuilder.prototype, (self) => guardContext(self.site), HTTP_ROUTE_METHODS);
  }

  /** @internal */
  constructor(ctx: BuilderContext, namespace: string, name: string, options: HTTPRouteOptions, api: RouteApi = "gateway-api") {
    const { api: _chosen, ...rest } = options;
    super(ctx, "HTTPRoute", "httpRoute", namespace, name, rest, api);
  }

  /**
   * Adds a rule, built in the callback. Rules are kept in the order they are added.
   *
   * @example
   * ```ts
   * route.rule((r) => r.match({ path: "/reviews" }).to(reviews, { port: 9080 }));
   * ```
   */
  rule(build: (rule: HTTPRuleBuilder) => unknown): this {
    const rule = new HTTPRuleBuilder(this.site, this.rules.length, this.api);
    build(rule);
    return this.addRule(rule.finish());
  }

  /**
   * Adds a rule that splits all of the route's traffic for a canary release: `weight` percent to
   * `canary`, the rest to `stable`.
   *
   * @example
   * ```ts
   * app.httpRoute("reviews").attachTo(reviews).canary({ stable: reviewsV1, canary: reviewsV2, weight: 10, port: 9080 });
   * ```
   */
  canary<Stable extends BackendLike, Canary extends BackendLike>(options: CanaryOptions<Stable, Canary>): this {
    return this.addRule(HTTPRuleBuilder.canaryRule(this.site, this.rules.length, options as unknown as CanaryOptions<BackendLike, BackendLike>, this.api));
  }
}
