import type { HTTPRouteRule, HTTPRouteFilter, HTTPRouteMatch, HTTPRouteRuleTimeouts } from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import type { HTTPRouteRuleRetry } from "@meshform/gateway-api/experimental/gateway.networking.k8s.io/v1";
import type { VirtualServiceSpecHttp, VirtualServiceSpecHttpCorsPolicy, VirtualServiceSpecHttpFault } from "@meshform/istio/networking.istio.io/v1";
import type { RouteApi, ServiceRef, SubsetRef } from "../refs.js";
import { backendRefOf, canaryBackendRefs, checkPercent, checkWeight, type BackendLike, type BackendOptions, type BackendRef, type CanaryOptions, type IntegersBelow, type LooseCanary, type MirrorOptions, type PortOf, type ServiceArgs } from "./route-backend.js";
import type { IstioDuration } from "./traffic-policy.js";
import { compareReleases } from "../targets.js";
import { destinationOf, GATEWAY_RETRY_ON, istioBackendOf, istioHttpOf, retryKeys, subsetPort, type IstioBackend, type IstioRuleExtras } from "./virtual-service.js";
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

const MAX_AGE_UNITS: Readonly<Record<string, number>> = { h: 3600, m: 60, s: 1, ms: 0.001 };

/** A CORS maxAge in whole seconds; `null` when it is not whole seconds. */
function corsMaxAge(duration: string): number | null {
  const parsed = /^([0-9]+(?:\.[0-9]+)?)(h|m|s|ms)$/.exec(duration);
  if (parsed === null) return null;
  const seconds = Number(parsed[1]) * MAX_AGE_UNITS[parsed[2]!]!;
  return Number.isInteger(seconds) ? seconds : null;
}

/** An origin for Istio's `corsPolicy`: a Gateway API origin string converted as Istio converts it. */
function istioOriginOf(origin: CorsOrigin): { exact: string } | { prefix: string } | { regex: string } {
  if (typeof origin !== "string") return { ...origin };
  if (origin === "*") return { regex: "^[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s?#]+$" };
  if (!origin.includes("*")) return { exact: origin };
  if (origin.indexOf("*") === origin.length - 1) return { prefix: origin.slice(0, -1) };
  return { regex: `^${origin.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$` };
}

/**
 * What an HTTP rule does so far, which decides what may follow: `open` (nothing yet),
 * `rewritten` (a URL rewrite, no backends yet), `forward` (backends added with `to`), `split` (a
 * canary), `redirect` (answers with a redirect, so no backends and no rewrite).
 */
export type HTTPRuleState = "open" | "rewritten" | "forward" | "split" | "redirect";

/** An HTTP status code a retry may be for: 400 to 599. */
export type HTTPErrorStatus = Exclude<IntegersBelow<600>, IntegersBelow<400>>;

/**
 * A condition Istio retries on (`retries.retryOn`): Envoy's `x-envoy-retry-on` policies, the gRPC
 * statuses of `x-envoy-retry-grpc-on`, or a bare HTTP status code.
 */
export type RetryOn =
  | "5xx"
  | "gateway-error"
  | "reset"
  | "reset-before-request"
  | "connect-failure"
  | "retriable-4xx"
  | "refused-stream"
  | "retriable-status-codes"
  | "retriable-headers"
  | "envoy-ratelimited"
  | "http3-post-connect-failure"
  | "cancelled"
  | "deadline-exceeded"
  | "internal"
  | "resource-exhausted"
  | "unavailable"
  | HTTPErrorStatus;

/**
 * Retries of an HTTP rule. `attempts`, `backoff` and `codes` mean the same in both APIs (the
 * Gateway API has them in its experimental channel); `perTryTimeout` and `retryOn` are Istio's.
 */
export interface RetryOptions extends Pick<HTTPRouteRuleRetry, "attempts"> {
  /** The least time between attempts (Istio 1.30 and later, in Istio's API). @defaultValue the implementation's */
  readonly backoff?: GatewayDuration;
  /** The response codes that are retried. @defaultValue the implementation's */
  readonly codes?: readonly HTTPErrorStatus[];
  /**
   * The time each attempt may take (Istio's API only; in the Gateway API, use
   * `timeouts({ backendRequest })`). @defaultValue the request timeout
   */
  readonly perTryTimeout?: IstioDuration;
  /**
   * What is retried (Istio's API only): joined into `retryOn`, `codes` added. @defaultValue the
   * connection errors Istio retries a Gateway API retry on: connect-failure, refused-stream,
   * unavailable, cancelled
   */
  readonly retryOn?: readonly RetryOn[];
}

/** A gRPC status an aborted request answers with (Istio's fault injection). */
export type GrpcStatus =
  | "CANCELLED"
  | "UNKNOWN"
  | "INVALID_ARGUMENT"
  | "DEADLINE_EXCEEDED"
  | "NOT_FOUND"
  | "ALREADY_EXISTS"
  | "PERMISSION_DENIED"
  | "RESOURCE_EXHAUSTED"
  | "FAILED_PRECONDITION"
  | "ABORTED"
  | "OUT_OF_RANGE"
  | "UNIMPLEMENTED"
  | "INTERNAL"
  | "UNAVAILABLE"
  | "DATA_LOSS"
  | "UNAUTHENTICATED";

/** A delay injected before requests are forwarded. */
export interface FaultDelay {
  /** How long each delayed request waits (`fixedDelay`). */
  readonly fixed: IstioDuration;
  /** The share of requests delayed, in percent: 0, or 0.0001 to 100. */
  readonly percent: number;
}

/** An abort: requests answered with an error status instead of being forwarded. */
export type FaultAbort = ({ readonly httpStatus: number; readonly grpcStatus?: never } | { readonly grpcStatus: GrpcStatus; readonly httpStatus?: never }) & {
  /** The share of requests aborted, in percent: 0, or 0.0001 to 100. */
  readonly percent: number;
};

/** Fault injection (Istio's API only): a delay, an abort, or both. */
export type FaultOptions = { readonly delay: FaultDelay; readonly abort?: FaultAbort } | { readonly delay?: FaultDelay; readonly abort: FaultAbort };

/**
 * An origin CORS allows: a string as the Gateway API reads it (`*` a wildcard), or, in Istio's
 * API, `{ exact }`, `{ prefix }`, `{ regex }`.
 */
export type CorsOrigin = string | { readonly exact: string } | { readonly prefix: string } | { readonly regex: string };

/** A CORS policy. */
export interface CorsOptions {
  /** The origins allowed. */
  readonly allowOrigins: readonly CorsOrigin[];
  /** @defaultValue none besides the simple methods */
  readonly allowMethods?: readonly string[];
  /** @defaultValue none */
  readonly allowHeaders?: readonly string[];
  /** @defaultValue none */
  readonly exposeHeaders?: readonly string[];
  /** How long a preflight answer may be cached, in whole seconds (e.g. `"24h"`). @defaultValue the browser's */
  readonly maxAge?: IstioDuration;
  /** @defaultValue false */
  readonly allowCredentials?: boolean;
}

/** A rule as written, with `retry` from the experimental channel. */
type Rule = HTTPRouteRule & { retry?: HTTPRouteRuleRetry };

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
    guardMethods(this.prototype, (self) => guardContext(self.#site), HTTP_RULE_METHODS);
  }
  readonly #path: readonly (string | number)[];
  /** What only Istio's API expresses; `undefined` for a rule written in the Gateway API. */
  readonly #istio: IstioRuleExtras | undefined;
  readonly #matches: HTTPRouteMatch[] = [];
  readonly #filters: HTTPRouteFilter[] = [];
  readonly #backends: BackendRef[] = [];
  #timeouts: HTTPRouteRuleTimeouts | undefined;
  #retry: HTTPRouteRuleRetry | undefined;
  #rewritten = false;

  /** @internal */
  constructor(site: RouteSite, index: number, api: RouteApi = "gateway-api") {
    this.state = "open" as State;
    this.#site = site;
    if (api === "istio") {
      this.#istio = { matchPorts: [], backends: [], mirrors: [] };
      this.#path = ["spec", "http", index];
    } else {
      this.#istio = undefined;
      this.#path = ["spec", "rules", index];
    }
  }

  /** Reports an intent the Gateway API cannot express (the rule is written in it). */
  #cannot(path: readonly (string | number)[], intent: string, hint: string): void {
    reportRoute(this.#site, "API_CANNOT_EXPRESS", path, `the Gateway API cannot express ${intent}`, hint);
  }

  /** The Istio destination of a Service or subset backend; `undefined` once reported. */
  #istioBackend(target: ServiceRef | SubsetRef, options: { readonly port?: number | undefined; readonly weight?: number | undefined }, path: readonly (string | number)[]): IstioBackend | undefined {
    if (target.refType === "service") {
      const ref = backendRefOf(this.#site, target, options, path);
      return ref === undefined ? undefined : istioBackendOf(ref, this.#site.namespace);
    }
    const port = subsetPort(this.#site, target, options.port, [...path, "destination", "port"]);
    const weighted = options.weight === undefined || checkWeight(this.#site, options.weight, [...path, "weight"]);
    if (port === undefined || !weighted) return undefined;
    return { host: target.host, subset: target.name, ...(port.port !== undefined ? { port: port.port } : {}), ...(options.weight !== undefined ? { weight: options.weight } : {}) };
  }

  static #subsetHint(subset: SubsetRef): string {
    return `route to a Service per version (ns.service("${subset.service?.name ?? "name"}-${subset.name}")), or write the route in Istio's API (api: "istio")`;
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
   * r.match({ path: "/admin", port: 8443 }); // api: "istio"
   * ```
   */
  match(match: HTTPMatch): this {
    if (match.port !== undefined) {
      const path = this.#istio === undefined ? [...this.#path, "matches", this.#matches.length] : [...this.#path, "match", this.#matches.length, "port"];
      if (this.#istio === undefined) {
        this.#cannot(path, "a match on the port a request was sent to", 'attach the route with the port (attachTo(service, { port }), or a listener of that port), or write it in Istio\'s API (httpRoute(name, { api: "istio" }))');
        return this;
      }
      if (!(Number.isInteger(match.port) && match.port >= 1 && match.port <= 65535)) {
        reportRoute(this.#site, "VALUE_OUT_OF_RANGE", path, `a port must be an integer from 1 to 65535, got ${match.port}`);
        return this;
      }
    }
    this.#matches.push(httpMatchOf(match));
    this.#istio?.matchPorts.push(match.port);
    return this;
  }

  /**
   * Forwards to a Service, or (Istio's API) to a subset of one; call again for a weighted split
   * (`weight` is relative). The port is needed unless the ServiceRef knows exactly one.
   *
   * @example
   * ```ts
   * r.to(reviewsV1, { weight: 90 }).to(reviewsV2, { weight: 10 });
   * r.to(rule.subsets.v1, { weight: 90 }).to(rule.subsets.v2, { weight: 10 }); // api: "istio"
   * ```
   */
  to<Service extends BackendLike>(this: HTTPRuleBuilder<"open" | "rewritten" | "forward">, service: Service, ...options: ServiceArgs<Service, BackendOptions<PortOf<Service>>>): HTTPRuleBuilder<"forward"> {
    const istio = this.#istio;
    const path = istio === undefined ? [...this.#path, "backendRefs", this.#backends.length] : [...this.#path, "route", istio.backends.length];
    const redirects = (this.state as HTTPRuleState) === "redirect";
    if (this.#refuses(["open", "rewritten", "forward"], path, `a rule that ${redirects ? "redirects" : "is a canary"} cannot also forward with to()`, redirects ? "put the redirect in a rule of its own" : "use canary() or to(), not both")) {
      return this as unknown as HTTPRuleBuilder<"forward">;
    }
    const target = service as unknown as ServiceRef | SubsetRef;
    const opts = (options[0] ?? {}) as { port?: number; weight?: number };
    if (istio !== undefined) {
      const backend = this.#istioBackend(target, opts, path);
      if (backend) istio.backends.push(backend);
      return this.#become("forward");
    }
    if (target.refType === "subset") {
      this.#cannot(path, `a backend that is a subset (${target.name} of ${target.host})`, HTTPRuleBuilder.#subsetHint(target));
      return this.#become("forward");
    }
    const backend = backendRefOf(this.#site, target, opts, path);
    if (backend) this.#backends.push(backend);
    return this.#become("forward");
  }

  /**
   * A canary release: `weight` percent of the traffic to `canary`, the rest to `stable`: two
   * Services, or (Istio's API) two subsets of one Service.
   *
   * @example
   * ```ts
   * r.canary({ stable: reviewsV1, canary: reviewsV2, weight: 10, port: 9080 }); // 90/10
   * r.canary({ stable: rule.subsets.v1, canary: rule.subsets.v2, weight: 10 }); // api: "istio"
   * ```
   */
  canary<Stable extends BackendLike, Canary extends BackendLike>(this: HTTPRuleBuilder<"open" | "rewritten">, options: CanaryOptions<Stable, Canary>): HTTPRuleBuilder<"split"> {
    const path = [...this.#path, this.#istio === undefined ? "backendRefs" : "route"];
    if (this.#refuses(["open", "rewritten"], path, "a canary sets all of the rule's backends", "use canary() or to(), not both")) return this as unknown as HTTPRuleBuilder<"split">;
    this.#split(options as unknown as LooseCanary, path);
    return this.#become("split");
  }

  /** The two backends of a canary, in either API. */
  #split(options: LooseCanary, path: readonly (string | number)[]): void {
    const istio = this.#istio;
    if (istio !== undefined) {
      if (!checkPercent(this.#site, options.weight, "a canary weight", path)) return;
      const stable = this.#istioBackend(options.stable, { port: options.port, weight: 100 - options.weight }, [...path, 0]);
      const canary = this.#istioBackend(options.canary, { port: options.port, weight: options.weight }, [...path, 1]);
      if (stable && canary) istio.backends.push(stable, canary);
      return;
    }
    const subset = [options.stable, options.canary].find((b): b is SubsetRef => b.refType === "subset");
    if (subset !== undefined) {
      this.#cannot(path, "a canary between subsets of one Service", HTTPRuleBuilder.#subsetHint(subset));
      return;
    }
    this.#backends.push(...canaryBackendRefs(this.#site, options, path));
  }

  /**
   * @internal The rule `route.canary(options)` adds: a new rule, split as {@link HTTPRuleBuilder.canary}
   * splits it. Not a method of the builder, so the route's own guard, which checked `options`
   * already, is the only one the call passes.
   */
  static canaryRule(site: RouteSite, index: number, options: CanaryOptions<BackendLike, BackendLike>, api: RouteApi = "gateway-api"): Rule | VirtualServiceSpecHttp {
    const rule = new HTTPRuleBuilder(site, index, api);
    rule.#split(options as unknown as LooseCanary, [...rule.#path, api === "istio" ? "route" : "backendRefs"]);
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
    const path = this.#istio === undefined ? [...this.#path, "filters", this.#filters.length] : [...this.#path, "redirect"];
    if (this.#refuses(["open"], path, this.#rewritten ? "a rule cannot both redirect and rewrite" : "a rule that forwards to backends cannot also redirect", "put the redirect in a rule of its own")) {
      return this as unknown as HTTPRuleBuilder<"redirect">;
    }
    if (this.#istio !== undefined && options.path !== undefined && "prefix" in options.path) {
      reportRoute(this.#site, "API_CANNOT_EXPRESS", [...this.#path, "redirect", "uri"], "Istio's API cannot express a redirect that replaces the matched path prefix: a VirtualService redirect replaces the whole path", "redirect to a full path ({ path: { full } }), or write the route in the Gateway API (api: \"gateway-api\")");
      return this.#become("redirect");
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
    const path = this.#istio === undefined ? [...this.#path, "filters", this.#filters.length] : [...this.#path, "rewrite"];
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
   * Sends a copy of each request (or of `percent` of them) to another Service, or (Istio's API) a
   * subset of one; replies are dropped.
   *
   * @example
   * ```ts
   * r.to(reviewsV1).mirror(reviewsV2, { percent: 10 });
   * ```
   */
  mirror<Service extends BackendLike>(service: Service, ...options: ServiceArgs<Service, MirrorOptions<PortOf<Service>>>): this {
    const target = service as unknown as ServiceRef | SubsetRef;
    const opts = (options[0] ?? {}) as { port?: number; percent?: number };
    const istio = this.#istio;
    if (istio !== undefined) {
      const path = [...this.#path, "mirrors", istio.mirrors.length];
      const backend = this.#istioBackend(target, { port: opts.port }, [...path, "destination"]);
      const sampled = opts.percent === undefined || checkPercent(this.#site, opts.percent, "a mirror percent", [...path, "percentage", "value"]);
      if (backend && sampled) istio.mirrors.push({ destination: destinationOf(backend), ...(opts.percent !== undefined ? { percentage: { value: opts.percent } } : {}) });
      return this;
    }
    if (target.refType === "subset") {
      this.#cannot([...this.#path, "filters", this.#filters.length], `a mirror to a subset (${target.name} of ${target.host})`, HTTPRuleBuilder.#subsetHint(target));
      return this;
    }
    addMirror(this.#filters, this.#site, target, opts, this.#path);
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
    const timeouts = timeoutsOf(this.#site, this.#timeouts, options, [...this.#path, this.#istio === undefined ? "timeouts" : "timeout"]);
    if (Object.keys(timeouts).length > 0) this.#timeouts = timeouts;
    return this;
  }

  /**
   * Retries. In the Gateway API (`spec.rules[].retry`) they are in the experimental channel only:
   * the config must target it (`targets: { gatewayApi: { channel: "experimental" } }`). In Istio's
   * API (`retries`), `perTryTimeout` and `retryOn` may be given too; `codes` are added to
   * `retryOn`, and `attempts` defaults to 2, as Istio converts a Gateway API retry.
   *
   * @example
   * ```ts
   * r.retry({ attempts: 3, backoff: "100ms", codes: [503] });
   * r.retry({ attempts: 3, perTryTimeout: "2s", retryOn: ["5xx", "reset"] }); // api: "istio"
   * ```
   */
  retry(options: RetryOptions): this {
    if (this.#istio !== undefined) return this.#istioRetry(this.#istio, options);
    const path = [...this.#path, "retry"];
    const istioOnly = (["perTryTimeout", "retryOn"] as const).find((key) => options[key] !== undefined);
    if (istioOnly !== undefined) {
      this.#cannot([...path, istioOnly], `a retry's ${istioOnly}`, istioOnly === "retryOn" ? "retry on response codes ({ codes })" : "time each attempt with timeouts({ backendRequest })");
      return this;
    }
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

  /** Istio's `retries`: attempts (2 unless given), perTryTimeout, retryOn with the codes, backoff. */
  #istioRetry(istio: IstioRuleExtras, options: RetryOptions): this {
    const attempts = options.attempts ?? 2;
    const retryOn = attempts === 0 ? [] : [...(options.retryOn ?? GATEWAY_RETRY_ON), ...(options.codes ?? [])];
    istio.retries = retryKeys({
      attempts,
      ...(attempts !== 0 && options.perTryTimeout !== undefined ? { perTryTimeout: options.perTryTimeout } : {}),
      ...(retryOn.length > 0 ? { retryOn: retryOn.join(",") } : {}),
      ...(attempts !== 0 && options.backoff !== undefined ? { backoff: options.backoff } : {}),
    });
    return this;
  }

  /**
   * Injects faults (Istio's API only): a delay before forwarding, or an abort with an error status,
   * each for a share of the requests.
   *
   * @example
   * ```ts
   * r.fault({ delay: { fixed: "5s", percent: 10 }, abort: { httpStatus: 503, percent: 1.5 } }).to(ratings);
   * ```
   */
  fault(options: FaultOptions): this {
    const istio = this.#istio;
    const path = [...this.#path, this.#istio === undefined ? "filters" : "fault"];
    if (istio === undefined) {
      this.#cannot(path, "fault injection", 'write the route in Istio\'s API (httpRoute(name, { api: "istio" }))');
      return this;
    }
    const percentOk = (percent: number, at: string) => {
      if (percent === 0 || (percent >= 0.0001 && percent <= 100)) return true;
      reportRoute(this.#site, "VALUE_OUT_OF_RANGE", [...path, at, "percentage", "value"], `a fault's percent must be 0, or from 0.0001 to 100, got ${percent}`);
      return false;
    };
    const { delay, abort } = options;
    if (delay === undefined && abort === undefined) {
      reportRoute(this.#site, "INVALID_OPTION", path, "fault injection needs a delay, an abort, or both", "pass { delay: { fixed, percent } } or { abort: { httpStatus, percent } }");
      return this;
    }
    if (abort?.httpStatus !== undefined && !(Number.isInteger(abort.httpStatus) && abort.httpStatus >= 200 && abort.httpStatus <= 599)) {
      reportRoute(this.#site, "VALUE_OUT_OF_RANGE", [...path, "abort", "httpStatus"], `an abort's HTTP status must be from 200 to 599, got ${abort.httpStatus}`);
      return this;
    }
    if ((delay !== undefined && !percentOk(delay.percent, "delay")) || (abort !== undefined && !percentOk(abort.percent, "abort"))) return this;
    const fault: VirtualServiceSpecHttpFault = {
      ...(abort !== undefined ? { abort: { ...(abort.httpStatus !== undefined ? { httpStatus: abort.httpStatus } : { grpcStatus: abort.grpcStatus }), percentage: { value: abort.percent } } } : {}),
      ...(delay !== undefined ? { delay: { fixedDelay: delay.fixed, percentage: { value: delay.percent } } } : {}),
    } as VirtualServiceSpecHttpFault;
    istio.fault = fault;
    return this;
  }

  /**
   * Answers cross-origin requests: a `CORS` filter in the Gateway API (v1.6.1 and later), a
   * `corsPolicy` in Istio's API. An origin given as a string is read as the Gateway API reads it
   * (`*` a wildcard, as in `"https://*.example.com"`), and written for Istio as Istio converts it;
   * `{ exact }`, `{ prefix }` and `{ regex }` are Istio's alone (`{ exact }` is a plain string).
   *
   * @example
   * ```ts
   * r.cors({ allowOrigins: ["https://shop.example.com", "https://*.dev.example.com"], allowMethods: ["GET", "POST"], maxAge: "24h" });
   * ```
   */
  cors(options: CorsOptions): this {
    const istio = this.#istio;
    const path = istio === undefined ? [...this.#path, "filters", this.#filters.length, "cors"] : [...this.#path, "corsPolicy"];
    const maxAge = options.maxAge === undefined ? undefined : corsMaxAge(options.maxAge);
    if (maxAge === null) {
      reportRoute(this.#site, "VALUE_OUT_OF_RANGE", [...path, "maxAge"], `a CORS maxAge is whole seconds, got ${options.maxAge}`, 'give it in seconds, minutes or hours, e.g. "600s" or "24h"');
      return this;
    }
    const list = (values: readonly string[] | undefined) => (values !== undefined && values.length > 0 ? [...values] : undefined);
    const [methods, headers, expose] = [list(options.allowMethods), list(options.allowHeaders), list(options.exposeHeaders)];
    if (istio === undefined) {
      const release = this.#site.ctx.model.targets.gatewayApi.release;
      if (compareReleases(release, "v1.6.1") < 0) {
        reportRoute(this.#site, "API_CANNOT_EXPRESS", path, `the Gateway API cannot express a CORS policy in ${release}: its CORS filter is in v1.6.1 and later`, 'target a later Gateway API release (targets: { gatewayApi: { release: "v1.6.1" } }), or write the route in Istio\'s API (httpRoute(name, { api: "istio" }))');
        return this;
      }
      const origins: string[] = [];
      for (const [index, origin] of options.allowOrigins.entries()) {
        if (typeof origin === "string" || "exact" in origin) origins.push(typeof origin === "string" ? origin : origin.exact);
        else {
          this.#cannot([...path, "allowOrigins", index], `an origin matched by ${"prefix" in origin ? "prefix" : "regex"}`, 'write origins as strings with * wildcards ("https://*.example.com"), or write the route in Istio\'s API (api: "istio")');
          return this;
        }
      }
      const cors: Record<string, unknown> = { allowOrigins: origins };
      if (methods) cors.allowMethods = methods;
      if (headers) cors.allowHeaders = headers;
      if (expose) cors.exposeHeaders = expose;
      if (maxAge !== undefined) cors.maxAge = maxAge;
      if (options.allowCredentials !== undefined) cors.allowCredentials = options.allowCredentials;
      this.#filters.push({ type: "CORS", cors } as HTTPRouteFilter);
      return this;
    }
    const policy: Record<string, unknown> = { allowOrigins: options.allowOrigins.map(istioOriginOf) };
    if (methods) policy.allowMethods = methods;
    if (headers) policy.allowHeaders = headers;
    if (expose) policy.exposeHeaders = expose;
    if (options.maxAge !== undefined) policy.maxAge = options.maxAge;
    if (options.allowCredentials !== undefined) policy.allowCredentials = options.allowCredentials;
    istio.corsPolicy = policy as VirtualServiceSpecHttpCorsPolicy;
    return this;
  }

  /** @internal The rule as plain data, keys in a fixed order, after the checks that span calls. */
  finish(): Rule | VirtualServiceSpecHttp {
    const istio = this.#istio;
    if (istio !== undefined) {
      if (istio.retries?.perTryTimeout !== undefined && this.#timeouts?.backendRequest !== undefined) {
        reportRoute(this.#site, "RULE_CONFLICT", [...this.#path, "retries", "perTryTimeout"], `the retry's perTryTimeout (${istio.retries.perTryTimeout}) and the backendRequest timeout (${this.#timeouts.backendRequest}) both time each attempt, which Istio writes as one perTryTimeout`, "give one of them");
        const { backendRequest: _dropped, ...timeouts } = this.#timeouts;
        this.#timeouts = timeouts;
      }
      return istioHttpOf(this.#gatewayRule(), istio);
    }
    this.#checkPrefixReplacement();
    return this.#gatewayRule();
  }

  /** The rule as the Gateway API writes it; its lists are copies as long as they are (the builder's grow by pushes, with room to spare). */
  #gatewayRule(): Rule {
    return {
      ...(this.#matches.length > 0 ? { matches: this.#matches.slice() } : {}),
      ...(this.#filters.length > 0 ? { filters: this.#filters.slice() } : {}),
      ...(this.#backends.length > 0 ? { backendRefs: this.#backends.slice() } : {}),
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
