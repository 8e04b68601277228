import type {
  HeaderModifier,
  RequestRedirect,
  Path,
  URLRewrite,
  HTTPRouteMatch,
  Header,
  HTTPRouteMatchPath,
  HTTPRouteRuleTimeouts,
} from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import type { ServiceRef } from "../refs.js";
import { mirrorOf } from "./route-backend.js";
import { reportRoute, type RouteSite } from "./route-issue.js";

type DurationUnit = "h" | "m" | "s" | "ms";

/**
 * A Gateway API duration: whole numbers with units, e.g. `"10s"`, `"500ms"`, `"1m30s"` (up to four
 * parts upstream; the type spells one or two, which is what timeouts need).
 */
export type GatewayDuration =
  | { [U in DurationUnit]: `${number}${U}` }[DurationUnit]
  | { [U in DurationUnit]: { [V in DurationUnit]: `${number}${U}${number}${V}` }[DurationUnit] }[DurationUnit];

/** Gateway API's own pattern for durations. */
const DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
const UNIT_MS: Readonly<Record<DurationUnit, number>> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/** A duration checked against Gateway API's pattern, in milliseconds; `undefined` once reported. */
export function durationMs(site: RouteSite, duration: string, path: readonly (string | number)[]): number | undefined {
  if (!DURATION.test(duration)) {
    reportRoute(site, "INVALID_DURATION", path, `${JSON.stringify(duration)} is not a Gateway API duration`, 'use whole numbers with h, m, s or ms, e.g. "10s", "500ms" or "1m30s"');
    return undefined;
  }
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(/([0-9]+)(ms|h|m|s)/g)) total += Number(amount) * UNIT_MS[unit as DurationUnit];
  return total;
}

/** The timeouts of an HTTP rule, typed as durations. */
export type TimeoutOptions = { readonly [K in keyof HTTPRouteRuleTimeouts]?: GatewayDuration };

/**
 * `previous` with this call's timeouts that are valid durations; reports the others, and a
 * backend timeout longer than the request timeout (which the Gateway API refuses).
 */
export function timeoutsOf(site: RouteSite, previous: HTTPRouteRuleTimeouts | undefined, options: TimeoutOptions, path: readonly (string | number)[]): HTTPRouteRuleTimeouts {
  const merged: HTTPRouteRuleTimeouts = { ...previous };
  for (const key of ["request", "backendRequest"] as const) {
    const duration = options[key];
    if (duration !== undefined && durationMs(site, duration, [...path, key]) !== undefined) merged[key] = duration;
  }
  const [request, backend] = [merged.request, merged.backendRequest].map((d) => (d === undefined ? undefined : durationMs(site, d, [])));
  if (request !== undefined && backend !== undefined && request !== 0 && backend > request) {
    reportRoute(site, "TIMEOUT_CONFLICT", [...path, "backendRequest"], `the backendRequest timeout (${merged.backendRequest}) is longer than the request timeout (${merged.request})`, "a request timeout covers every backend attempt; make backendRequest shorter");
  }
  return { ...(merged.request !== undefined ? { request: merged.request } : {}), ...(merged.backendRequest !== undefined ? { backendRequest: merged.backendRequest } : {}) };
}

/** An absolute path, as Exact and PathPrefix matches and path rewrites need. */
export type AbsolutePath = `/${string}`;

/** A path match: a prefix (`"/api"`), or `{ exact }`, `{ prefix }`, `{ regex }`. */
export type PathMatch = AbsolutePath | { readonly exact: AbsolutePath } | { readonly prefix: AbsolutePath } | { readonly regex: string };

/** A header or query parameter match: an exact value, or `{ regex }`. */
export type ValueMatch = string | { readonly regex: string };

/** One way an HTTP request matches a rule; every field given must hold. */
export interface HTTPMatch {
  /** @defaultValue every path (prefix `/`) */
  readonly path?: PathMatch;
  /** Header values by header name. @defaultValue no condition on headers */
  readonly headers?: Readonly<Record<string, ValueMatch>>;
  /** Query parameter values by parameter name. @defaultValue no condition on the query */
  readonly query?: Readonly<Record<string, ValueMatch>>;
  /** @defaultValue any method */
  readonly method?: HTTPRouteMatch["method"];
  /**
   * The port the request was sent to (Istio's API only, `match.port`). In the Gateway API a route
   * takes the port of what it attaches to: `attachTo(service, { port })`, or a listener.
   * @defaultValue every port
   */
  readonly port?: number;
}

type PathMatchType = NonNullable<HTTPRouteMatchPath["type"]>;
const PATH_TYPES = { exact: "Exact", prefix: "PathPrefix", regex: "RegularExpression" } as const satisfies Record<string, PathMatchType>;

function pathOf(path: PathMatch): HTTPRouteMatchPath {
  if (typeof path === "string") return { type: "PathPrefix", value: path };
  const [key, value] = Object.entries(path)[0] as [keyof typeof PATH_TYPES, string];
  return { type: PATH_TYPES[key], value };
}

/** Header (or query parameter) matches, one per name. */
export function valueMatchesOf(values: Readonly<Record<string, ValueMatch>>): Header[] {
  return Object.entries(values).map(([name, value]) =>
    typeof value === "string" ? { type: "Exact", name, value } : { type: "RegularExpression", name, value: value.regex },
  );
}

/** An `HTTPRouteMatch`. */
export function httpMatchOf(match: HTTPMatch): HTTPRouteMatch {
  return {
    ...(match.path !== undefined ? { path: pathOf(match.path) } : {}),
    ...(match.headers !== undefined ? { headers: valueMatchesOf(match.headers) } : {}),
    ...(match.query !== undefined ? { queryParams: valueMatchesOf(match.query) } : {}),
    ...(match.method !== undefined ? { method: match.method } : {}),
  };
}

/** Changes to the request's (or the response's) headers. Calls add up. */
export interface HeaderModifierOptions {
  /** Headers to set, replacing any value they have. @defaultValue none */
  readonly set?: Readonly<Record<string, string>>;
  /** Headers to add to the values they have. @defaultValue none */
  readonly add?: Readonly<Record<string, string>>;
  /** Header names to remove. @defaultValue none */
  readonly remove?: Readonly<NonNullable<HeaderModifier["remove"]>>;
}


function mergeHeaders(into: { name: string; value: string }[] | undefined, values: Readonly<Record<string, string>> | undefined) {
  if (values === undefined) return into;
  const merged = [...(into ?? [])];
  for (const [name, value] of Object.entries(values)) {
    const at = merged.findIndex((h) => h.name.toLowerCase() === name.toLowerCase());
    if (at >= 0) merged[at] = { name, value };
    else merged.push({ name, value });
  }
  return merged;
}

/** One header modifier with this call's changes added: Gateway API allows one per rule. */
export function mergeHeaderModifier(modifier: HeaderModifier | undefined, options: HeaderModifierOptions): HeaderModifier {
  const set = mergeHeaders(modifier?.set, options.set);
  const add = mergeHeaders(modifier?.add, options.add);
  const remove = options.remove === undefined ? modifier?.remove : [...new Set([...(modifier?.remove ?? []), ...options.remove])];
  return { ...(set ? { set } : {}), ...(add ? { add } : {}), ...(remove ? { remove } : {}) };
}

/** A path rewrite: the whole path (`{ full }`) or the part a prefix match matched (`{ prefix }`). */
export type PathModifier = { readonly full: AbsolutePath } | { readonly prefix: AbsolutePath };

/** The `path` of a redirect or rewrite. */
export function pathModifierOf(path: PathModifier): Path {
  return "full" in path ? { type: "ReplaceFullPath", replaceFullPath: path.full } : { type: "ReplacePrefixMatch", replacePrefixMatch: path.prefix };
}

/** Where a redirect sends the client. */
export interface RedirectOptions extends Pick<RequestRedirect, "scheme" | "hostname" | "port" | "statusCode"> {
  /** @defaultValue the request's path */
  readonly path?: PathModifier;
}

/** How a request is rewritten before it is forwarded. */
export interface RewriteOptions extends Pick<URLRewrite, "hostname"> {
  /** @defaultValue the request's path */
  readonly path?: PathModifier;
}

/** The filter body of a redirect or rewrite, keys in a fixed order. */
export function redirectOrRewriteOf(options: RedirectOptions | RewriteOptions): RequestRedirect {
  const { path, ...rest } = options;
  const ordered = ["scheme", "hostname", "port", "statusCode"] as const;
  const out: Record<string, unknown> = {};
  for (const key of ordered) if ((rest as Record<string, unknown>)[key] !== undefined) out[key] = (rest as Record<string, unknown>)[key];
  if (path !== undefined) out.path = pathModifierOf(path);
  return out as RequestRedirect;
}

/** The filters both route kinds share: header modifiers and request mirrors. */
type SharedFilter = { type: string; requestHeaderModifier?: HeaderModifier; responseHeaderModifier?: HeaderModifier };

/**
 * Adds a header modifier to a rule's filters, or merges into the one already there: the Gateway
 * API allows one of each kind per rule, and calls add up.
 */
export function addHeaderModifier<F extends SharedFilter>(
  filters: F[],
  type: "RequestHeaderModifier" | "ResponseHeaderModifier",
  key: "requestHeaderModifier" | "responseHeaderModifier",
  options: HeaderModifierOptions,
): void {
  const existing = filters.find((f) => f.type === type);
  if (existing) existing[key] = mergeHeaderModifier(existing[key], options);
  else filters.push({ type, [key]: mergeHeaderModifier(undefined, options) } as F);
}

/** Adds a RequestMirror filter to a rule's filters, unless the mirror was refused (and reported). */
export function addMirror<F extends { type: string }>(filters: F[], site: RouteSite, service: ServiceRef, options: { port?: number; percent?: number }, rulePath: readonly (string | number)[]): void {
  const requestMirror = mirrorOf(site, service, options, [...rulePath, "filters", filters.length, "requestMirror"]);
  if (requestMirror) filters.push({ type: "RequestMirror", requestMirror } as unknown as F);
}
