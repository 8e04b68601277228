/**
 * Routes written in Istio's API: how a rule built with the Gateway API's vocabulary becomes a
 * VirtualService `http[]` entry. The mapping follows Istio's own conversion of an HTTPRoute
 * (`pilot/pkg/config/kube/gateway/conversion.go`), so a route reads the same in either API.
 */
import type {
  HTTPRouteRule,
  HTTPRouteFilter,
  HeaderModifier,
  RequestRedirect,
  HTTPRouteMatch,
  Header,
} from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import type {
  VirtualServiceSpecHttp,
  VirtualServiceSpecHttpCorsPolicy,
  VirtualServiceSpecHttpFault,
  VirtualServiceSpecHttpMatch,
  VirtualServiceSpecHttpMirrors,
  VirtualServiceSpecHttpRedirect,
  VirtualServiceSpecHttpRetries,
  VirtualServiceSpecHttpRewrite,
  VirtualServiceSpecHttpRoute,
  Destination,
} from "@meshform/istio/networking.istio.io/v1";
import type { ServiceRef, SubsetRef } from "../refs.js";
import type { BackendRef } from "./route-backend.js";
import { reportRoute, type RouteSite } from "./route-issue.js";

/** The group and kind a route written in Istio's API is. */
export const VIRTUAL_SERVICE = { group: "networking.istio.io", kind: "VirtualService" } as const;

/** The fully qualified name of a Service, as destinations and DestinationRules write it. */
export function serviceFqdn(service: Pick<ServiceRef, "name" | "namespace">): string {
  return `${service.name}.${service.namespace}.svc.cluster.local`;
}

/** The host a VirtualService names a Service by: its short name in the route's namespace, else its FQDN. */
export function serviceHost(service: Pick<ServiceRef, "name" | "namespace">, routeNamespace: string): string {
  return service.namespace === routeNamespace ? service.name : serviceFqdn(service);
}

/** A destination before the rule's weights are settled: host, subset, port and the weight asked for. */
export interface IstioBackend {
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
  readonly weight?: number;
}

/** The destination of a Gateway API backend reference. */
export function istioBackendOf(ref: BackendRef, routeNamespace: string): IstioBackend {
  return { host: serviceFqdn({ name: ref.name, namespace: ref.namespace ?? routeNamespace }), port: ref.port, ...(ref.weight !== undefined ? { weight: ref.weight } : {}) };
}

/** A `destination` object, keys in a fixed order. */
export function destinationOf(backend: IstioBackend): Destination {
  return { host: backend.host, ...(backend.subset !== undefined ? { subset: backend.subset } : {}), ...(backend.port !== undefined ? { port: { number: backend.port } } : {}) };
}

/**
 * The port of a subset destination: the one given, or the only port its Service knows; none when
 * the Service is not known (Istio then uses the host's only port). `undefined` and reported when
 * the Service knows several ports and none was given, or not the one given.
 */
export function subsetPort(site: RouteSite, subset: SubsetRef, port: number | undefined, path: readonly (string | number)[]): { port: number | undefined } | undefined {
  const service = subset.service;
  if (service === undefined || service.ports.length === 0) return { port };
  const known = ` (it has ${service.ports.join(", ")})`;
  if (port === undefined) {
    if (service.ports.length === 1) return { port: service.ports[0] };
    reportRoute(site, "PORT_REQUIRED", path, `subset ${subset.name} of ${subset.host} needs a port${known}`, "pass { port } with the Service's port");
    return undefined;
  }
  if (!service.ports.includes(port)) {
    reportRoute(site, "UNKNOWN_PORT", path, `subset ${subset.name} of ${subset.host} has no port ${port}${known}`, "use one of the ports given to namespace.service()");
    return undefined;
  }
  return { port };
}

/**
 * The destinations of a rule, weighted as Istio's conversion weighs an HTTPRoute's backends: a
 * backend without a weight weighs 1, a backend of weight 0 is left out, and a lone backend
 * carries no weight.
 */
export function routeOf<R extends { destination: Destination; weight?: number }>(backends: readonly IstioBackend[]): R[] {
  const kept = backends.filter((b) => b.weight !== 0);
  return kept.map((b) => (kept.length === 1 ? { destination: destinationOf(b) } : { destination: destinationOf(b), weight: b.weight ?? 1 }) as R);
}

/** Whether every backend of a rule weighs 0 (Istio's conversion answers 500 then). */
function allZero(backends: readonly IstioBackend[]): boolean {
  return backends.length > 0 && backends.every((b) => b.weight === 0);
}

/** The `retryOn` conditions Istio's conversion of a Gateway API retry uses: connection errors. */
export const GATEWAY_RETRY_ON = ["connect-failure", "refused-stream", "unavailable", "cancelled"] as const;

/** What a rule has that only Istio's API expresses, gathered by the rule builder. */
export interface IstioRuleExtras {
  /** The port of each match, in the order of the rule's matches (`undefined`: any port). */
  readonly matchPorts: (number | undefined)[];
  readonly backends: IstioBackend[];
  readonly mirrors: VirtualServiceSpecHttpMirrors[];
  fault?: VirtualServiceSpecHttpFault;
  corsPolicy?: VirtualServiceSpecHttpCorsPolicy;
  /** A retry policy: attempts, perTryTimeout, retryOn (joined), backoff. */
  retries?: VirtualServiceSpecHttpRetries;
}

function stringMatchOf(match: Header): { exact: string } | { regex: string } {
  return match.type === "RegularExpression" ? { regex: match.value } : { exact: match.value };
}

function valueMapOf(matches: readonly Header[] | undefined): Record<string, { exact: string } | { regex: string }> | undefined {
  if (matches === undefined || matches.length === 0) return undefined;
  const out: Record<string, { exact: string } | { regex: string }> = {};
  for (const m of matches) out[m.name] = stringMatchOf(m);
  return out;
}

/** An `HTTPMatchRequest` for a Gateway API match: uri, headers, queryParams, method (as Istio's conversion). */
export function istioMatchOf(match: HTTPRouteMatch): VirtualServiceSpecHttpMatch {
  const out: Record<string, unknown> = {};
  const path = match.path;
  if (path !== undefined) {
    const value = path.value ?? "/";
    if (path.type === "Exact") out.uri = { exact: value };
    else if (path.type === "RegularExpression") out.uri = { regex: value };
    else out.uri = { prefix: value === "/" ? value : value.replace(/\/$/, "") };
  }
  const headers = valueMapOf(match.headers);
  if (headers) out.headers = headers;
  const query = valueMapOf(match.queryParams);
  if (query) out.queryParams = query;
  if (match.method !== undefined) out.method = { exact: match.method };
  return out as VirtualServiceSpecHttpMatch;
}

function headerMapOf(list: readonly { name: string; value: string }[] | undefined): Record<string, string> | undefined {
  if (list === undefined || list.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const h of list) {
    const name = h.name.toLowerCase();
    if (!(name in out)) out[name] = h.value;
  }
  return out;
}

/** A header operation (`set`, `add`, `remove`) for a Gateway API header modifier. */
function headerOperationsOf(modifier: HeaderModifier): Record<string, unknown> {
  const set = headerMapOf(modifier.set);
  const add = headerMapOf(modifier.add);
  return { ...(set ? { set } : {}), ...(add ? { add } : {}), ...(modifier.remove?.length ? { remove: [...modifier.remove] } : {}) };
}

/**
 * A `redirect` for a Gateway API redirect. The port is derived as Istio's conversion derives it
 * when none is given. A prefix replacement is refused by the rule builder before it gets here.
 */
export function istioRedirectOf(redirect: RequestRedirect): VirtualServiceSpecHttpRedirect {
  const out: Record<string, unknown> = {};
  if (redirect.path?.type === "ReplaceFullPath" && redirect.path.replaceFullPath !== undefined) out.uri = redirect.path.replaceFullPath;
  if (redirect.hostname !== undefined) out.authority = redirect.hostname;
  if (redirect.scheme !== undefined) out.scheme = redirect.scheme;
  if (redirect.port !== undefined) out.port = redirect.port;
  else out.derivePort = redirect.scheme !== undefined ? "FROM_PROTOCOL_DEFAULT" : "FROM_REQUEST_PORT";
  if (redirect.statusCode !== undefined) out.redirectCode = redirect.statusCode;
  return out as VirtualServiceSpecHttpRedirect;
}

/** A `rewrite` for a Gateway API URL rewrite: a prefix as `uri`, a full path as a regex rewrite. */
function istioRewriteOf(rewrite: RequestRedirect): VirtualServiceSpecHttpRewrite {
  const out: Record<string, unknown> = {};
  const path = rewrite.path;
  if (path?.type === "ReplacePrefixMatch" && path.replacePrefixMatch !== undefined) out.uri = path.replacePrefixMatch.replace(/\/$/, "") || "/";
  if (path?.type === "ReplaceFullPath" && path.replaceFullPath !== undefined) out.uriRegexRewrite = { match: "/.*", rewrite: path.replaceFullPath };
  if (rewrite.hostname !== undefined) out.authority = rewrite.hostname;
  return out as VirtualServiceSpecHttpRewrite;
}

/** A rule as the HTTP rule builder writes it for the Gateway API. */
type GatewayRule = HTTPRouteRule & { retry?: unknown };

/**
 * The VirtualService `http[]` entry for a rule: its matches, filters and timeouts read as Istio's
 * conversion reads them, its backends, mirrors, fault, CORS and retries from `extras`. Keys are
 * written in a fixed order: match, route / redirect / directResponse, rewrite, timeout, retries,
 * fault, mirrors, corsPolicy, headers.
 */
export function istioHttpOf(rule: GatewayRule, extras: IstioRuleExtras): VirtualServiceSpecHttp {
  const out: Record<string, unknown> = {};
  if (rule.matches !== undefined && rule.matches.length > 0) {
    out.match = rule.matches.map((match, i) => {
      const port = extras.matchPorts[i];
      return port === undefined ? istioMatchOf(match) : { ...istioMatchOf(match), port };
    });
  }
  let redirect: VirtualServiceSpecHttpRedirect | undefined;
  let rewrite: VirtualServiceSpecHttpRewrite | undefined;
  const headers: Record<string, unknown> = {};
  for (const filter of (rule.filters ?? []) as HTTPRouteFilter[]) {
    if (filter.requestRedirect !== undefined) redirect = istioRedirectOf(filter.requestRedirect);
    else if (filter.urlRewrite !== undefined) rewrite = istioRewriteOf(filter.urlRewrite);
    else if (filter.requestHeaderModifier !== undefined) headers.request = headerOperationsOf(filter.requestHeaderModifier);
    else if (filter.responseHeaderModifier !== undefined) headers.response = headerOperationsOf(filter.responseHeaderModifier);
  }
  if (redirect !== undefined) out.redirect = redirect;
  else if (extras.backends.length === 0) out.directResponse = { status: 404 };
  else if (allZero(extras.backends)) out.directResponse = { status: 500 };
  else out.route = routeOf<VirtualServiceSpecHttpRoute>(extras.backends);
  if (rewrite !== undefined) out.rewrite = rewrite;
  let retries = extras.retries;
  const timeouts = rule.timeouts;
  if (timeouts?.request !== undefined && !isZero(timeouts.request)) out.timeout = timeouts.request;
  if (timeouts?.backendRequest !== undefined && !isZero(timeouts.backendRequest)) {
    if (retries === undefined) out.timeout = timeouts.backendRequest;
    else if (retries.perTryTimeout === undefined) retries = retryKeys({ ...retries, perTryTimeout: timeouts.backendRequest });
  }
  if (retries !== undefined) out.retries = retries;
  if (extras.fault !== undefined) out.fault = extras.fault;
  if (extras.mirrors.length > 0) out.mirrors = extras.mirrors;
  if (extras.corsPolicy !== undefined) out.corsPolicy = extras.corsPolicy;
  if (headers.request !== undefined || headers.response !== undefined) out.headers = { ...(headers.request ? { request: headers.request } : {}), ...(headers.response ? { response: headers.response } : {}) };
  return out as VirtualServiceSpecHttp;
}

/** A retry policy, keys in a fixed order. */
export function retryKeys(retries: VirtualServiceSpecHttpRetries): VirtualServiceSpecHttpRetries {
  const order = ["attempts", "perTryTimeout", "retryOn", "backoff"] as const;
  const out: Record<string, unknown> = {};
  for (const key of order) if (retries[key] !== undefined) out[key] = retries[key];
  return out as VirtualServiceSpecHttpRetries;
}

function isZero(duration: string): boolean {
  return /^(0+(h|m|s|ms))+$/.test(duration);
}

/**
 * The hosts of an Istio Gateway a VirtualService in `namespace` may claim: `ns/host` entries of
 * other namespaces are left out, `./host` is the gateway's namespace, `*\/host` any namespace
 * (as `istioctl analyze` reads them).
 */
export function gatewayHostsFor(hosts: readonly string[], gatewayNamespace: string, namespace: string): string[] {
  const out: string[] = [];
  for (const entry of hosts) {
    const slash = entry.indexOf("/");
    if (slash < 0) {
      out.push(entry);
      continue;
    }
    const ns = entry.slice(0, slash) === "." ? gatewayNamespace : entry.slice(0, slash);
    if (ns === namespace || ns === "*") out.push(entry.slice(slash + 1));
  }
  return out;
}
