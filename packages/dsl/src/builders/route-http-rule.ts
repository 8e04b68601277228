import type { HTTPRouteSpecRules, HTTPRouteSpecRulesFilters, HTTPRouteSpecRulesMatches, HTTPRouteSpecRulesTimeouts } from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import type { HTTPRouteSpecRulesRetry } from "@meshform/gateway-api/experimental/gateway.networking.k8s.io/v1";
import type { ServiceRef } from "../refs.js";
import { backendRefOf, canaryBackendRefs, type BackendOptions, type BackendRef, type CanaryOptions, type IntegersBelow, type LooseCanary, type MirrorOptions, type PortOf, type ServiceArgs, type ServiceLike } from "./route-backend.js";
import { guardContext, reportRoute, type RouteSite } from "./route-issue.js";
import { guardMethods } from "../input.js";
import { HTTP_RULE_METHODS } from "../option-schemas/route.js";
import {
  durationMs,
  addHeaderModifier,
  addMirror,
  httpMatchOf,
  redirectOrRewriteOf,
  timeoutsOf,
  type GatewayDuration,
  type HeaderModifierOptions,
  type HTTPMatch,
  type RedirectOptions,
  type RewriteOptions,
  type TimeoutOptions,
} from "./route-filter.js";

/**
 * What an HTTP rule does so far, which decides what may follow: `open` (nothing yet),
 * `rewritten` (a URL rewrite, no backends yet), `forward` (backends added with `to`), `split` (a
 * canary), `redirect` (answers with a redirect, so no backends and no rewrite).
 */
export type HTTPRuleState = "open" | "rewritten" | "forward" | "split" | "redirect";

/** An HTTP status code a retry may be for: 400 to 599. */
export type HTTPErrorStatus = Exclude<IntegersBelow<600>, IntegersBelow<400>>;

/** Retries of an HTTP rule (Gateway API experimental channel). */
export interface RetryOptions extends Pick<HTTPRouteSpecRulesRetry, "attempts"> {
  /** The least time between attempts. @defaultValue the implementation's */
  readonly backoff?: GatewayDuration;
  /** The response codes that are retried. @defaultValue the implementation's */
  readonly codes?: readonly HTTPErrorStatus[];
}

/** A rule as written, with `retry` from the experimental channel. */
type Rule = HTTPRouteSpecRules & { retry?: HTTPRouteSpecRulesRetry };

/**
 * One rule of an HTTPRoute: matches, filters, backends, timeouts and retries. The methods offered
 * follow what the rule does so far, so a rule that redirects cannot also forward, and a canary is
 * not mixed with other backends.
 */
export class HTTPRuleBuilder<State extends HTTPRuleState = "open"> {
  /** What the rule does so far. */
  readonly state: State;
  readonly #site: RouteSite;

  static {
    guardMethods(HTTPRuleBuilder.prototype, (self) => guardContext(self.#site), HTTP_RULE_METHODS);
  }
  readonly #path: readonly (string | number)[];
  readonly #matches: HTTPRouteSpecRulesMatches[] = [];
  readonly #filters: HTTPRouteSpecRulesFilters[] = [];
  readonly #backends: BackendRef[] = [];
  #timeouts: HTTPRouteSpecRulesTimeouts | undefined;
  #retry: HTTPRouteSpecRulesRetry | undefined;
  #rewritten = false;

  /** @internal */
  constructor(site: RouteSite, index: number) {
    this.state = "open" as State;
    this.#site = site;
    this.#path = ["spec", "rules", index];
  }

  #become<Next extends HTTPRuleState>(next: Next): HTTPRuleBuilder<Next> {
    (this as { state: HTTPRuleState }).state = next;
    return this as unknown as HTTPRuleBuilder<Next>;
  }

  /** Whether the call is refused in the rule's state (and reported then). */
  #refuses(allowed: readonly HTTPRuleState[], path: readonly (string | number)[], message: string, hint: string): boolean {
    if (allowed.includes(this.state)) return false;
    reportRoute(this.#site, "RULE_CONFLICT", path, message, hint);
    return true;
  }

  /**
   * Adds a way for requests to match (matches add up as alternatives; fields of one match must
   * all hold). A string path is a prefix.
   *
   * @example
   * ```ts
   * r.match({ path: "/reviews", headers: { "x-user": "jason" } }).match({ path: { exact: "/login" }, method: "POST" });
   * ```
   */
  match(match: HTTPMatch): this {
    this.#matches.push(httpMatchOf(match));
    return this;
  }

  /**
   * Forwards to a Service; call again for a weighted split (`weight` is relative). The port is
   * needed unless the ServiceRef knows exactly one.
   *
   * @example
   * ```ts
   * r.to(reviewsV1, { weight: 90 }).to(reviewsV2, { weight: 10 });
   * ```
   */
  to<Service extends ServiceLike>(this: HTTPRuleBuilder<"open" | "rewritten" | "forward">, service: Service, ...options: ServiceArgs<Service, BackendOptions<PortOf<Service>>>): HTTPRuleBuilder<"forward"> {
    const path = [...this.#path, "backendRefs", this.#backends.length];
    const redirects = (this.state as HTTPRuleState) === "redirect";
    if (this.#refuses(["open", "rewritten", "forward"], path, `a rule that ${redirects ? "redirects" : "is a canary"} cannot also forward with to()`, redirects ? "put the redirect in a rule of its own" : "use canary() or to(), not both")) {
      return this as unknown as HTTPRuleBuilder<"forward">;
    }
    const backend = backendRefOf(this.#site, service as unknown as ServiceRef, (options[0] ?? {}) as { port?: number; weight?: number }, path);
    if (backend) this.#backends.push(backend);
    return this.#become("forward");
  }

  /**
   * A canary release: `weight` percent of the traffic to `canary`, the rest to `stable`.
   *
   * @example
   * ```ts
   * r.canary({ stable: reviewsV1, canary: reviewsV2, weight: 10, port: 9080 }); // 90/10
   * ```
   */
  canary<Stable extends ServiceLike, Canary extends ServiceLike>(this: HTTPRuleBuilder<"open" | "rewritten">, options: CanaryOptions<Stable, Canary>): HTTPRuleBuilder<"split"> {
    const path = [...this.#path, "backendRefs"];
    if (this.#refuses(["open", "rewritten"], path, "a canary sets all of the rule's backends", "use canary() or to(), not both")) return this as unknown as HTTPRuleBuilder<"split">;
    this.#backends.push(...canaryBackendRefs(this.#site, options as unknown as LooseCanary, path));
    return this.#become("split");
  }

  /**
   * @internal The rule `route.canary(options)` adds: a new rule, split as {@link HTTPRuleBuilder.canary}
   * splits it. Not a method of the builder, so the route's own guard, which checked `options`
   * already, is the only one the call passes.
   */
  static canaryRule(site: RouteSite, index: number, options: CanaryOptions<ServiceLike, ServiceLike>): Rule {
    const rule = new HTTPRuleBuilder(site, index);
    rule.#backends.push(...canaryBackendRefs(site, options as unknown as LooseCanary, [...rule.#path, "backendRefs"]));
    rule.#become("split");
    return rule.finish();
  }

  /**
   * Answers with a redirect instead of forwarding.
   *
   * @example
   * ```ts
   * r.match({ path: "/" }).redirect({ scheme: "https", statusCode: 301 });
   * ```
   */
  redirect(this: HTTPRuleBuilder<"open">, options: RedirectOptions): HTTPRuleBuilder<"redirect"> {
    const path = [...this.#path, "filters", this.#filters.length];
    if (this.#refuses(["open"], path, this.#rewritten ? "a rule cannot both redirect and rewrite" : "a rule that forwards to backends cannot also redirect", "put the redirect in a rule of its own")) {
      return this as unknown as HTTPRuleBuilder<"redirect">;
    }
    this.#filters.push({ type: "RequestRedirect", requestRedirect: redirectOrRewriteOf(options) });
    return this.#become("redirect");
  }

  /**
   * Rewrites the host or path before forwarding (once per rule).
   *
   * @example
   * ```ts
   * r.match({ path: "/v1/reviews" }).rewrite({ path: { prefix: "/reviews" } }).to(reviews);
   * ```
   */
  rewrite<Now extends "open" | "forward" | "split">(this: HTTPRuleBuilder<Now>, options: RewriteOptions): HTTPRuleBuilder<Now extends "open" ? "rewritten" : Now> {
    const path = [...this.#path, "filters", this.#filters.length];
    type Next = HTTPRuleBuilder<Now extends "open" ? "rewritten" : Now>;
    if (this.#refuses(["open", "forward", "split"], path, "a rule that redirects cannot also rewrite", "put the redirect in a rule of its own")) return this as unknown as Next;
    if (this.#rewritten) {
      reportRoute(this.#site, "RULE_CONFLICT", path, "a rule rewrites once", "give rewrite() the hostname and the path together");
      return this as unknown as Next;
    }
    this.#rewritten = true;
    this.#filters.push({ type: "URLRewrite", urlRewrite: redirectOrRewriteOf(options) });
    return (this.state === "open" ? this.#become("rewritten") : this) as Next;
  }

  /**
   * Sends a copy of each request (or of `percent` of them) to another Service; replies are dropped.
   *
   * @example
   * ```ts
   * r.to(reviewsV1).mirror(reviewsV2, { percent: 10 });
   * ```
   */
  mirror<Service extends ServiceLike>(service: Service, ...options: ServiceArgs<Service, MirrorOptions<PortOf<Service>>>): this {
    addMirror(this.#filters, this.#site, service as unknown as ServiceRef, (options[0] ?? {}) as { port?: number; percent?: number }, this.#path);
    return this;
  }

  /**
   * Sets, adds or removes request headers before forwarding. Calls add up.
   *
   * @example
   * ```ts
   * r.requestHeaders({ set: { "x-canary": "true" }, remove: ["x-debug"] });
   * ```
   */
  requestHeaders(options: HeaderModifierOptions): this {
    return this.#modifyHeaders("RequestHeaderModifier", "requestHeaderModifier", options);
  }

  /**
   * Sets, adds or removes response headers. Calls add up.
   *
   * @example
   * ```ts
   * r.responseHeaders({ set: { "cache-control": "no-store" } });
   * ```
   */
  responseHeaders(options: HeaderModifierOptions): this {
    return this.#modifyHeaders("ResponseHeaderModifier", "responseHeaderModifier", options);
  }

  #modifyHeaders(type: "RequestHeaderModifier" | "ResponseHeaderModifier", key: "requestHeaderModifier" | "responseHeaderModifier", options: HeaderModifierOptions): this {
    addHeaderModifier(this.#filters, type, key, options);
    return this;
  }

  /**
   * Timeouts: for the whole request (retries included) and for each backend attempt.
   *
   * @example
   * ```ts
   * r.timeouts({ request: "10s", backendRequest: "2s" });
   * ```
   */
  timeouts(options: TimeoutOptions): this {
    const timeouts = timeoutsOf(this.#site, this.#timeouts, options, [...this.#path, "timeouts"]);
    if (Object.keys(timeouts).length > 0) this.#timeouts = timeouts;
    return this;
  }

  /**
   * Retries (`spec.rules[].retry`), which the Gateway API has in its experimental channel only: the
   * config must target it (`targets: { gatewayApi: { channel: "experimental" } }`).
   *
   * @example
   * ```ts
   * r.retry({ attempts: 3, backoff: "100ms", codes: [503] });
   * ```
   */
  retry(options: RetryOptions): this {
    const path = [...this.#path, "retry"];
    if (this.#site.ctx.model.targets.gatewayApi.channel !== "experimental") {
      reportRoute(this.#site, "FIELD_NOT_IN_CHANNEL", path, "retry is in the Gateway API experimental channel only, and the config targets the standard channel", 'set targets: { gatewayApi: { channel: "experimental" } } in defineMesh, or leave retries out');
      return this;
    }
    const backoff = options.backoff !== undefined && durationMs(this.#site, options.backoff, [...path, "backoff"]) !== undefined;
    this.#retry = {
      ...(options.attempts !== undefined ? { attempts: options.attempts } : {}),
      ...(backoff ? { backoff: options.backoff } : {}),
      ...(options.codes !== undefined ? { codes: [...options.codes] } : {}),
    };
    return this;
  }

  /** @internal The rule as plain data, keys in a fixed order, after the checks that span calls. */
  finish(): Rule {
    this.#checkPrefixReplacement();
    return {
      ...(this.#matches.length > 0 ? { matches: this.#matches } : {}),
      ...(this.#filters.length > 0 ? { filters: this.#filters } : {}),
      ...(this.#backends.length > 0 ? { backendRefs: this.#backends } : {}),
      ...(this.#timeouts !== undefined ? { timeouts: this.#timeouts } : {}),
      ...(this.#retry !== undefined ? { retry: this.#retry } : {}),
    };
  }

  /** A prefix replacement needs one match, on a path prefix (the Gateway API's rule). */
  #checkPrefixReplacement(): void {
    const at = this.#filters.findIndex((f) => (f.requestRedirect ?? f.urlRewrite)?.path?.type === "ReplacePrefixMatch");
    if (at < 0) return;
    const [first, ...more] = this.#matches;
    if (more.length > 0 || (first?.path !== undefined && first.path.type !== "PathPrefix")) {
      reportRoute(this.#site, "RULE_CONFLICT", [...this.#path, "filters", at], "replacing a path prefix needs exactly one match, on a path prefix", 'match({ path: "/prefix" }) once, or replace the full path with { full }');
    }
  }
}
