/**
 * VirtualServices as routes in Istio's API: `ns.httpRoute(name, { api: "istio" })` for `http`
 * sections, `ns.tcpRoute` and `ns.tlsRoute` for `tcp` and `tls` ones. Gateways are the variables of
 * `istioGateway` (or `externalIstioGateway` for one the input does not define), subsets the
 * DestinationRule variables' `subsets.<name>` (or `externalSubsets`). A VirtualService is claimed
 * only when the builders write back every field of it, as `virtual-service.ts` of the DSL writes
 * them; otherwise it stays raw, and the report says why.
 */
import { array, arrow, lazy, member, method, object, use, value, type Expr, type Json, type VarHandle } from "./code.js";
import { hostsMatch } from "@meshform/istio/hosts";
import { describe, isObj, keyOf, type Doc, type Obj } from "./input.js";
import { metadataOptions, onlyKeys, plainMetadata, Rank, type Planner } from "./plan.js";

const NET = "networking.istio.io";
/** A DNS-1123 label: a Service's short name. */
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SERVICE_FQDN = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc\.cluster\.local$/;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** A Gateway API duration of one or two parts, as the route builders' types spell them. */
const GATEWAY_DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,2}$/;
/** An Istio duration of one part (`IstioDuration`). */
const ISTIO_DURATION = /^[0-9]+(\.[0-9]+)?(ms|s|m|h)$/;
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];
const REDIRECT_CODES = [301, 302, 303, 307, 308];
/** The `retryOn` conditions a Gateway API retry is converted with, which `retry({ codes })` writes first. */
const GATEWAY_RETRY_ON = ["connect-failure", "refused-stream", "unavailable", "cancelled"];
const RETRY_ON = new Set([
  "5xx",
  "gateway-error",
  "reset",
  "reset-before-request",
  "connect-failure",
  "retriable-4xx",
  "refused-stream",
  "retriable-status-codes",
  "retriable-headers",
  "envoy-ratelimited",
  "http3-post-connect-failure",
  "cancelled",
  "deadline-exceeded",
  "internal",
  "resource-exhausted",
  "unavailable",
]);
const GRPC_STATUSES = new Set(["CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"]);

type Path = readonly (string | number)[];

/**
 * What VirtualServices refer to, as the other recognisers wrote it: Istio Gateways and
 * DestinationRules (with their subsets) by variable; Gateways and subsets the config does not
 * write are declared external once, with what the routes need of them.
 */
export class IstioRefs {
  readonly #gateways = new Map<string, VarHandle>();
  /** The hosts of the servers of each Istio Gateway written by `istioGateway`, as written. */
  readonly #gatewayHosts = new Map<string, readonly string[]>();
  readonly #externalGateways = new Map<string, { readonly handle: VarHandle; readonly hosts: string[] }>();
  readonly #rules: { readonly namespace: string; readonly host: string; readonly handle: VarHandle; readonly subsets: readonly string[] }[] = [];
  readonly #externalSubsets = new Map<string, { readonly handle: VarHandle; readonly names: string[] }>();
  /** Services a subset destination names without a port: the config must not give them one. */
  readonly #portless = new Set<string>();
  readonly #ports: [string, string, number][] = [];
  /** What the VirtualService being recognised added, undone when it stays raw. */
  #undo: (() => void)[] = [];
  /** The declarations it needs, added once it is claimed. */
  #declare: (() => void)[] = [];

  /** Starts recognising a VirtualService. */
  begin(): void {
    this.#undo = [];
    this.#declare = [];
  }

  /** The VirtualService is claimed: its declarations are added. */
  commit(): void {
    for (const add of this.#declare) add();
    this.#declare = [];
    this.#undo = [];
  }

  /** The VirtualService stays raw: what it added is taken back. */
  rollback(): void {
    for (const undo of this.#undo.reverse()) undo();
    this.#declare = [];
    this.#undo = [];
  }

  /** Appends to a list, undone on rollback. */
  #push<T>(list: T[], item: T): void {
    list.push(item);
    this.#undo.push(() => void list.pop());
  }

  /** An Istio Gateway written by `istioGateway`. */
  defineGateway(namespace: string, name: string, handle: VarHandle, hosts: readonly string[]): void {
    this.#gateways.set(`${namespace}/${name}`, handle);
    this.#gatewayHosts.set(`${namespace}/${name}`, hosts);
  }

  /**
   * Whether a route of `namespace` claiming `hosts` is served by the Istio Gateway the config
   * writes as `namespace/name`, as the builders check it (istioctl's IST0132, a Service's short
   * host also read as its FQDN); true for a gateway the config does not write.
   */
  serves(gatewayNamespace: string, name: string, namespace: string, hosts: readonly string[]): boolean {
    const served = this.#gatewayHosts.get(`${gatewayNamespace}/${name}`);
    if (served === undefined) return true;
    const visible = served.flatMap((entry) => {
      const slash = entry.indexOf("/");
      if (slash < 0) return [entry];
      const ns = entry.slice(0, slash) === "." ? gatewayNamespace : entry.slice(0, slash);
      return ns === namespace || ns === "*" ? [entry.slice(slash + 1)] : [];
    });
    const claimed = [...hosts, ...hosts.filter((h) => LABEL.test(h)).map((h) => `${h}.${namespace}.svc.cluster.local`)];
    return visible.some((g) => claimed.some((h) => hostsMatch(g, h)));
  }

  /** A DestinationRule written by `destinationRule`, for `host` (an FQDN), with its subsets. */
  defineRule(namespace: string, host: string, handle: VarHandle, subsets: readonly string[]): void {
    this.#rules.push({ namespace, host, handle, subsets });
  }

  /**
   * The Istio Gateway `namespace/name`: its variable, or a declaration of it outside the config,
   * listing the hosts of its servers when the input has it (raw), else the hosts of the routes bound to it.
   */
  gateway(planner: Planner, namespace: string, name: string, hosts: readonly string[]): Expr {
    const key = `${namespace}/${name}`;
    const written = this.#gateways.get(key);
    if (written !== undefined) return use(written);
    const raw = planner.byKey.get(keyOf(NET, "Gateway", namespace, name));
    let entry = this.#externalGateways.get(key);
    if (entry === undefined) {
      const servers = raw !== undefined && isObj(raw.object.spec) && Array.isArray(raw.object.spec.servers) ? (raw.object.spec.servers as unknown[]) : [];
      const found = { handle: planner.handle(name, "gateway", namespace), hosts: [...new Set(servers.flatMap((s) => (isObj(s) && Array.isArray(s.hosts) ? (s.hosts as unknown[]).filter((h): h is string => typeof h === "string") : [])))] };
      entry = found;
      this.#externalGateways.set(key, found);
      this.#undo.push(() => this.#externalGateways.delete(key));
      this.#declare.push(() => planner.add({
        namespace,
        rank: Rank.reference,
        docs: [],
        sortKey: `Gateway/${name}/${NET}`,
        expr: method(planner.namespace(namespace), "externalIstioGateway", value(name), lazy(() => object({ hosts: value(found.hosts.length > 0 ? found.hosts : ["*"]) }))),
        bind: found.handle,
        as: "externalIstioGateway",
      }));
    }
    if (raw === undefined) for (const h of hosts) if (!entry.hosts.includes(h)) this.#push(entry.hosts, h);
    return use(entry.handle);
  }

  /** The subset `name` of `host` seen from `namespace`: a DestinationRule variable's, or one declared outside the config. */
  subset(planner: Planner, namespace: string, host: Host, name: string): Expr {
    const rules = this.#rules.filter((r) => r.host === host.fqdn && r.subsets.includes(name));
    const rule = rules.find((r) => r.namespace === namespace) ?? rules[0];
    if (rule !== undefined) return member(member(use(rule.handle), "subsets"), name);
    const key = `${namespace}|${host.fqdn}`;
    let entry = this.#externalSubsets.get(key);
    if (entry === undefined) {
      const handle = planner.handle(`${host.service?.name ?? host.fqdn}-subsets`, "subsets", namespace);
      const found = { handle, names: [] as string[] };
      entry = found;
      this.#externalSubsets.set(key, entry);
      this.#undo.push(() => this.#externalSubsets.delete(key));
      const target = host.service === undefined ? value(host.fqdn) : planner.service(host.service.namespace, host.service.name);
      this.#declare.push(() => planner.add({
        namespace,
        rank: Rank.reference,
        docs: [],
        sortKey: `Subsets/${host.fqdn}`,
        expr: method(planner.namespace(namespace), "externalSubsets", target, lazy(() => value(found.names))),
        bind: handle,
        as: "externalSubsets",
      }));
    }
    if (!entry.names.includes(name)) this.#push(entry.names, name);
    return member(use(entry.handle), name);
  }

  /** A subset destination of the Service names no port. */
  portless(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    if (this.#portless.has(key)) return;
    this.#portless.add(key);
    this.#undo.push(() => this.#portless.delete(key));
  }

  /** A destination uses the Service's `port`. */
  usePort(namespace: string, name: string, port: number): void {
    this.#push(this.#ports, [namespace, name, port]);
  }

  /** Gives the Services the ports destinations use, except those a subset destination names without one. */
  finish(planner: Planner): void {
    for (const [namespace, name, port] of this.#ports) if (!this.#portless.has(`${namespace}/${name}`)) planner.service(namespace, name, port);
  }
}

/** Why a VirtualService stays raw: the field, and what the builders lack. */
class Refusal {
  constructor(
    readonly path: Path,
    readonly reason: string,
  ) {}
}

function refuse(path: Path, reason: string): never {
  throw new Refusal(path, reason);
}

/** Refuses an object with a key outside `keys`, naming it. */
function only(o: unknown, keys: readonly string[], path: Path, what: string): Obj {
  if (!isObj(o)) refuse(path, `${what} is not an object`);
  for (const key of Object.keys(o)) if (!keys.includes(key)) refuse([...path, key], `${what}: no option of the route builders writes ${key}`);
  return o;
}

function strings(v: unknown, path: Path, what: string): string[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === "string")) refuse(path, `${what} must be a list of strings`);
  return v as string[];
}

function stringMap(v: unknown, path: Path, what: string): Record<string, string> {
  if (!isObj(v) || Object.keys(v).length === 0 || !Object.values(v).every((x) => typeof x === "string")) refuse(path, `${what} must be a map of strings`);
  return v as Record<string, string>;
}

/** A host as the config refers to it: its FQDN, and the Service it names when it is one. */
interface Host {
  readonly fqdn: string;
  readonly service?: { readonly namespace: string; readonly name: string };
}

/** What one VirtualService's recognition needs. */
interface Context {
  readonly planner: Planner;
  readonly refs: IstioRefs;
  readonly doc: Doc;
  readonly namespace: string;
  /** Short hosts written as their FQDN, applied once the resource is claimed. */
  readonly rewrites: [Path, string][];
}

/** A destination's host: a Service by its short name or FQDN, or another name (for subsets of a DestinationRule outside the mesh's Services). */
function hostOf(c: Context, host: unknown, path: Path): Host {
  if (typeof host !== "string") refuse(path, "a host must be a string");
  if (LABEL.test(host)) {
    const fqdn = `${host}.${c.namespace}.svc.cluster.local`;
    c.rewrites.push([path, `host "${host}" → ${fqdn}: Istio reads a short host in the namespace of the resource that names it; the builders write the FQDN`]);
    return { fqdn, service: { namespace: c.namespace, name: host } };
  }
  const fqdn = SERVICE_FQDN.exec(host);
  if (fqdn) return { fqdn: host, service: { namespace: fqdn[3]!, name: fqdn[1]! } };
  if (host.includes(".") && !host.includes("*")) return { fqdn: host };
  return refuse(path, `host ${host}: neither a Service (short name or FQDN) nor a fully qualified host`);
}

/** `{ ...entries }` without the ones that turn out `null`; `null` when none is left (the argument is left out). */
function lazyOptions(entries: Readonly<Record<string, Expr | undefined>>): Expr {
  return lazy(() => {
    const kept: Record<string, Expr> = {};
    for (const [k, e] of Object.entries(entries)) {
      if (e === undefined) continue;
      let r = e;
      while (r.t === "lazy") r = r.get();
      if (!(r.t === "value" && r.v === null)) kept[k] = r;
    }
    return Object.keys(kept).length === 0 ? value(null) : object(kept);
  });
}

/** A port, left out when the Service knows that one port only (the builders then take it). */
function portOption(planner: Planner, host: Host, port: number | undefined): Expr | undefined {
  if (port === undefined) return undefined;
  const service = host.service;
  if (service === undefined) return value(port);
  return lazy(() => {
    const ports = planner.servicePorts(service.namespace, service.name);
    return ports.length === 1 && ports[0] === port ? value(null) : value(port);
  });
}

/** A destination as a route's argument: a Service, or a subset; and its port option. */
interface Target {
  readonly target: Expr;
  readonly host: Host;
  readonly subset: boolean;
  readonly port: number | undefined;
}

function targetOf(c: Context, d: unknown, path: Path): Target {
  const destination = only(d, ["host", "subset", "port"], path, "a destination");
  let port: number | undefined;
  if (destination.port !== undefined) {
    const p = only(destination.port, ["number"], [...path, "port"], "a destination port");
    if (!Number.isInteger(p.number) || (p.number as number) < 1 || (p.number as number) > 65535) refuse([...path, "port", "number"], "a port must be a number from 1 to 65535");
    port = p.number as number;
  }
  const host = hostOf(c, destination.host, [...path, "host"]);
  if (destination.subset !== undefined) {
    if (typeof destination.subset !== "string" || !IDENTIFIER.test(destination.subset)) refuse([...path, "subset"], `subset ${String(destination.subset)}: the config reads a subset as a property (rule.subsets.v1), which this name cannot be written as`);
    if (port === undefined && host.service !== undefined) {
      if (c.planner.servicePorts(host.service.namespace, host.service.name).length > 0) refuse([...path, "port"], `a subset destination without a port, of a Service other routes give a port (${host.service.namespace}/${host.service.name}): the builders would write that port`);
      c.refs.portless(host.service.namespace, host.service.name);
    }
    if (port !== undefined && host.service !== undefined) c.refs.usePort(host.service.namespace, host.service.name, port);
    return { target: c.refs.subset(c.planner, c.namespace, host, destination.subset), host, subset: true, port };
  }
  if (host.service === undefined) refuse([...path, "host"], `host ${host.fqdn} without a subset: routes forward to Services (ns.service) or to subsets of a DestinationRule`);
  if (port === undefined) refuse([...path, "port"], "a Service destination without a port: the builders always write the port they forward to");
  c.refs.usePort(host.service.namespace, host.service.name, port);
  return { target: c.planner.service(host.service.namespace, host.service.name), host, subset: false, port };
}

/** The `route` of a rule: `to(...)` calls on `r`, weights as the builders write them. */
function routeCalls(c: Context, r: Expr, route: unknown, path: Path): Expr {
  if (!Array.isArray(route) || route.length === 0) refuse(path, "a route needs at least one destination");
  let out = r;
  for (const [i, entry] of route.entries()) {
    const e = only(entry, ["destination", "weight"], [...path, i], "a route destination");
    if (route.length === 1 && e.weight !== undefined) refuse([...path, i, "weight"], "a lone destination's weight: the builders write none");
    if (route.length > 1 && !(Number.isInteger(e.weight) && (e.weight as number) >= 1 && (e.weight as number) <= 1_000_000)) refuse([...path, i, "weight"], "each of several destinations needs a weight from 1 to 1000000 (the builders write 1 for one without, and leave out one of 0)");
    const t = targetOf(c, e.destination, [...path, i, "destination"]);
    out = method(out, "to", t.target, lazyOptions({ port: portOption(c.planner, t.host, t.port), weight: e.weight === undefined ? undefined : value(e.weight as number) }));
  }
  return out;
}

/** `r.match(...)` for one `HTTPMatchRequest`. */
function httpMatch(m: unknown, path: Path): Expr {
  const match = only(m, ["uri", "headers", "queryParams", "method", "port"], path, "a match");
  const entries: Record<string, Expr> = {};
  if (match.uri !== undefined) {
    const uri = only(match.uri, ["exact", "prefix", "regex"], [...path, "uri"], "a uri match");
    const [kind, v] = Object.entries(uri)[0] ?? [];
    if (Object.keys(uri).length !== 1 || typeof v !== "string") refuse([...path, "uri"], "a uri match is one of exact, prefix, regex");
    if (kind === "regex") entries.path = object({ regex: value(v) });
    else if (!v.startsWith("/")) refuse([...path, "uri", kind!], "a path must start with /");
    else if (kind === "exact") entries.path = object({ exact: value(v) });
    else if (v !== "/" && v.endsWith("/")) refuse([...path, "uri", "prefix"], "a prefix ending in /: the builders write a prefix without its trailing slash, as Istio converts an HTTPRoute");
    else entries.path = value(v);
  }
  for (const [field, option] of [["headers", "headers"], ["queryParams", "query"]] as const) {
    if (match[field] === undefined) continue;
    if (!isObj(match[field]) || Object.keys(match[field]).length === 0) refuse([...path, field], `${field} must be a map of matches`);
    const out: Record<string, Json> = {};
    for (const [name, sm] of Object.entries(match[field] as Obj)) {
      const s = only(sm, ["exact", "regex"], [...path, field, name], "a string match");
      if (Object.keys(s).length !== 1 || typeof Object.values(s)[0] !== "string") refuse([...path, field, name], "a string match is exact or regex");
      out[name] = s.exact !== undefined ? (s.exact as string) : { regex: s.regex as string };
    }
    entries[option] = value(out);
  }
  if (match.method !== undefined) {
    const m2 = only(match.method, ["exact"], [...path, "method"], "a method match");
    if (!HTTP_METHODS.includes(m2.exact as string)) refuse([...path, "method"], "a method match is one exact HTTP method");
    entries.method = value(m2.exact as string);
  }
  if (match.port !== undefined) {
    if (!Number.isInteger(match.port) || (match.port as number) < 1 || (match.port as number) > 65535) refuse([...path, "port"], "a port must be a number from 1 to 65535");
    entries.port = value(match.port as number);
  }
  return object(entries);
}

function headerOptions(h: unknown, path: Path): Expr {
  const ops = only(h, ["set", "add", "remove"], path, "a header change");
  if (Object.keys(ops).length === 0) refuse(path, "an empty header change");
  const out: Record<string, Json> = {};
  for (const key of ["set", "add"] as const) {
    if (ops[key] === undefined) continue;
    const map = stringMap(ops[key], [...path, key], key);
    if (Object.keys(map).some((n) => n !== n.toLowerCase())) refuse([...path, key], "a header name in upper case: the builders write header names in lower case");
    out[key] = map;
  }
  if (ops.remove !== undefined) out.remove = strings(ops.remove, [...path, "remove"], "remove");
  return value(out);
}

function retryOptions(retries: unknown, path: Path): Expr {
  const r = only(retries, ["attempts", "perTryTimeout", "retryOn", "backoff"], path, "retries");
  if (!Number.isInteger(r.attempts) || (r.attempts as number) < 0) refuse([...path, "attempts"], "retries need a number of attempts (the builders write 2 when none is given)");
  const attempts = r.attempts as number;
  const out: Record<string, Expr> = { attempts: value(attempts) };
  if (attempts === 0) {
    if (Object.keys(r).length > 1) refuse(path, "retries of 0 attempts with other settings: the builders write none of them");
    return object(out);
  }
  if (r.perTryTimeout !== undefined) {
    if (typeof r.perTryTimeout !== "string" || !ISTIO_DURATION.test(r.perTryTimeout)) refuse([...path, "perTryTimeout"], "a perTryTimeout of one number and unit");
    out.perTryTimeout = value(r.perTryTimeout);
  }
  if (r.retryOn === undefined) out.retryOn = value([]);
  else {
    if (typeof r.retryOn !== "string") refuse([...path, "retryOn"], "retryOn must be a string");
    const parts = r.retryOn.split(",");
    const codes: number[] = [];
    const on: Json[] = [];
    for (const part of parts) {
      if (/^[45][0-9][0-9]$/.test(part)) on.push(Number(part));
      else if (RETRY_ON.has(part)) on.push(part);
      else refuse([...path, "retryOn"], `retryOn ${JSON.stringify(part)}: not a condition the builders know (Envoy's retry conditions, or a status code from 400 to 599)`);
    }
    const head = on.slice(0, GATEWAY_RETRY_ON.length);
    const rest = on.slice(GATEWAY_RETRY_ON.length);
    if (JSON.stringify(head) === JSON.stringify(GATEWAY_RETRY_ON) && rest.length > 0 && rest.every((x) => typeof x === "number")) {
      for (const x of rest) codes.push(x as number);
      out.codes = value(codes);
    } else if (JSON.stringify(on) !== JSON.stringify(GATEWAY_RETRY_ON)) out.retryOn = value(on);
  }
  if (r.backoff !== undefined) {
    if (typeof r.backoff !== "string" || !GATEWAY_DURATION.test(r.backoff)) refuse([...path, "backoff"], "a backoff the Gateway API's durations can write");
    out.backoff = value(r.backoff);
  }
  return object(out);
}

function percentOf(p: unknown, path: Path): number {
  const pct = only(p, ["value"], path, "a percentage");
  const v = pct.value;
  if (typeof v !== "number" || !(v === 0 || (v >= 0.0001 && v <= 100))) refuse([...path, "value"], "a percentage must be 0, or from 0.0001 to 100");
  return v;
}

function faultOptions(f: unknown, path: Path): Expr {
  const fault = only(f, ["delay", "abort"], path, "a fault");
  const out: Record<string, Json> = {};
  if (fault.delay !== undefined) {
    const d = only(fault.delay, ["fixedDelay", "percentage"], [...path, "delay"], "a delay");
    if (typeof d.fixedDelay !== "string" || !ISTIO_DURATION.test(d.fixedDelay)) refuse([...path, "delay", "fixedDelay"], "a delay needs a fixedDelay of one number and unit");
    if (d.percentage === undefined) refuse([...path, "delay"], "a delay without a percentage: the builders always write one");
    out.delay = { fixed: d.fixedDelay, percent: percentOf(d.percentage, [...path, "delay", "percentage"]) };
  }
  if (fault.abort !== undefined) {
    const a = only(fault.abort, ["httpStatus", "grpcStatus", "percentage"], [...path, "abort"], "an abort");
    if (a.percentage === undefined) refuse([...path, "abort"], "an abort without a percentage: the builders always write one");
    const percent = percentOf(a.percentage, [...path, "abort", "percentage"]);
    if (a.httpStatus !== undefined && a.grpcStatus === undefined && Number.isInteger(a.httpStatus) && (a.httpStatus as number) >= 200 && (a.httpStatus as number) <= 599) out.abort = { httpStatus: a.httpStatus as number, percent };
    else if (a.grpcStatus !== undefined && a.httpStatus === undefined && GRPC_STATUSES.has(a.grpcStatus as string)) out.abort = { grpcStatus: a.grpcStatus as string, percent };
    else refuse([...path, "abort"], "an abort is an HTTP status from 200 to 599 or a gRPC status name");
  }
  if (Object.keys(out).length === 0) refuse(path, "a fault needs a delay or an abort");
  return value(out);
}

function corsOptions(p: unknown, path: Path): Expr {
  const cors = only(p, ["allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "maxAge", "allowCredentials"], path, "a CORS policy");
  if (!Array.isArray(cors.allowOrigins) || cors.allowOrigins.length === 0) refuse([...path, "allowOrigins"], "a CORS policy needs allowOrigins");
  const origins: Json[] = [];
  for (const [i, o] of (cors.allowOrigins as unknown[]).entries()) {
    const origin = only(o, ["exact", "prefix", "regex"], [...path, "allowOrigins", i], "an origin");
    const [kind, v] = Object.entries(origin)[0] ?? [];
    if (Object.keys(origin).length !== 1 || typeof v !== "string") refuse([...path, "allowOrigins", i], "an origin is one of exact, prefix, regex");
    origins.push(kind === "exact" && !v.includes("*") ? v : { [kind!]: v });
  }
  const out: Record<string, Json> = { allowOrigins: origins };
  for (const key of ["allowMethods", "allowHeaders", "exposeHeaders"] as const) if (cors[key] !== undefined) out[key] = strings(cors[key], [...path, key], key);
  if (cors.maxAge !== undefined) {
    const parsed = typeof cors.maxAge === "string" ? /^([0-9]+(?:\.[0-9]+)?)(h|m|s|ms)$/.exec(cors.maxAge) : null;
    const seconds = parsed === null ? NaN : Number(parsed[1]) * { h: 3600, m: 60, s: 1, ms: 0.001 }[parsed[2] as "h"];
    if (!Number.isInteger(seconds)) refuse([...path, "maxAge"], "a CORS maxAge in whole seconds");
    out.maxAge = cors.maxAge as string;
  }
  if (cors.allowCredentials !== undefined) {
    if (typeof cors.allowCredentials !== "boolean") refuse([...path, "allowCredentials"], "allowCredentials must be true or false");
    out.allowCredentials = cors.allowCredentials;
  }
  return value(out);
}

function redirectOptions(rd: unknown, path: Path): Expr {
  const redirect = only(rd, ["uri", "authority", "scheme", "port", "derivePort", "redirectCode"], path, "a redirect");
  const out: Record<string, Json> = {};
  if (redirect.scheme !== undefined) {
    if (redirect.scheme !== "http" && redirect.scheme !== "https") refuse([...path, "scheme"], "a redirect's scheme is http or https");
    out.scheme = redirect.scheme;
  }
  if (redirect.authority !== undefined) {
    if (typeof redirect.authority !== "string") refuse([...path, "authority"], "authority must be a string");
    out.hostname = redirect.authority;
  }
  if (redirect.port !== undefined) {
    if (!Number.isInteger(redirect.port) || redirect.derivePort !== undefined) refuse([...path, "port"], "a redirect's port is a number, without derivePort");
    out.port = redirect.port as number;
  } else if (redirect.derivePort !== (redirect.scheme !== undefined ? "FROM_PROTOCOL_DEFAULT" : "FROM_REQUEST_PORT")) {
    refuse([...path, "derivePort"], `a redirect without a port: the builders write derivePort ${redirect.scheme !== undefined ? "FROM_PROTOCOL_DEFAULT (with a scheme)" : "FROM_REQUEST_PORT"}`);
  }
  if (redirect.redirectCode !== undefined) {
    if (!REDIRECT_CODES.includes(redirect.redirectCode as number)) refuse([...path, "redirectCode"], "a redirect code is 301, 302, 303, 307 or 308");
    out.statusCode = redirect.redirectCode as number;
  }
  if (redirect.uri !== undefined) {
    if (typeof redirect.uri !== "string" || !redirect.uri.startsWith("/")) refuse([...path, "uri"], "a redirect's uri must be a path");
    out.path = { full: redirect.uri };
  }
  return value(out);
}

function rewriteOptions(rw: unknown, path: Path): Expr {
  const rewrite = only(rw, ["uri", "authority", "uriRegexRewrite"], path, "a rewrite");
  const out: Record<string, Json> = {};
  if (rewrite.authority !== undefined) {
    if (typeof rewrite.authority !== "string") refuse([...path, "authority"], "authority must be a string");
    out.hostname = rewrite.authority;
  }
  if (rewrite.uri !== undefined && rewrite.uriRegexRewrite !== undefined) refuse(path, "a rewrite of both uri and uriRegexRewrite");
  if (rewrite.uri !== undefined) {
    if (typeof rewrite.uri !== "string" || !rewrite.uri.startsWith("/") || (rewrite.uri !== "/" && rewrite.uri.endsWith("/"))) refuse([...path, "uri"], "a prefix rewrite is a path without a trailing slash");
    out.path = { prefix: rewrite.uri };
  }
  if (rewrite.uriRegexRewrite !== undefined) {
    const rx = only(rewrite.uriRegexRewrite, ["match", "rewrite"], [...path, "uriRegexRewrite"], "a regex rewrite");
    if (rx.match !== "/.*" || typeof rx.rewrite !== "string" || !rx.rewrite.startsWith("/")) refuse([...path, "uriRegexRewrite"], 'a regex rewrite other than the whole path (match "/.*")');
    out.path = { full: rx.rewrite };
  }
  if (Object.keys(out).length === 0) refuse(path, "an empty rewrite");
  return value(out);
}

/** The body of `rule((r) => ...)` for one `http` entry. */
function httpRule(c: Context, rule: unknown, path: Path): Expr {
  const h = only(rule, ["match", "route", "redirect", "directResponse", "rewrite", "timeout", "retries", "fault", "mirrors", "corsPolicy", "headers"], path, "an HTTP route");
  let r: Expr = { t: "ref", name: "r" };
  if (h.match !== undefined) {
    if (!Array.isArray(h.match) || h.match.length === 0) refuse([...path, "match"], "match must be a list");
    for (const [i, m] of h.match.entries()) r = method(r, "match", httpMatch(m, [...path, "match", i]));
  }
  const outcomes = ["route", "redirect", "directResponse"].filter((k) => h[k] !== undefined);
  if (outcomes.length !== 1) refuse(path, "an HTTP route needs one of route, redirect, or a directResponse of 404");
  if (h.rewrite !== undefined) r = method(r, "rewrite", rewriteOptions(h.rewrite, [...path, "rewrite"]));
  if (h.redirect !== undefined) {
    if (h.rewrite !== undefined) refuse([...path, "rewrite"], "a redirect with a rewrite");
    r = method(r, "redirect", redirectOptions(h.redirect, [...path, "redirect"]));
  } else if (h.directResponse !== undefined) {
    const d = only(h.directResponse, ["status"], [...path, "directResponse"], "a direct response");
    if (d.status !== 404) refuse([...path, "directResponse", "status"], "a direct response other than 404 (what a rule without backends writes)");
  } else r = routeCalls(c, r, h.route, [...path, "route"]);
  if (h.timeout !== undefined) {
    if (typeof h.timeout !== "string" || !GATEWAY_DURATION.test(h.timeout) || /^(0+(h|m|s|ms))+$/.test(h.timeout)) refuse([...path, "timeout"], "a timeout the Gateway API's durations can write (whole numbers, h, m, s or ms), other than 0");
    r = method(r, "timeouts", object({ request: value(h.timeout) }));
  }
  if (h.retries !== undefined) r = method(r, "retry", retryOptions(h.retries, [...path, "retries"]));
  if (h.fault !== undefined) r = method(r, "fault", faultOptions(h.fault, [...path, "fault"]));
  if (h.mirrors !== undefined) {
    if (!Array.isArray(h.mirrors) || h.mirrors.length === 0) refuse([...path, "mirrors"], "mirrors must be a list");
    for (const [i, m] of h.mirrors.entries()) {
      const mirror = only(m, ["destination", "percentage"], [...path, "mirrors", i], "a mirror");
      let percent: number | undefined;
      if (mirror.percentage !== undefined) {
        percent = percentOf(mirror.percentage, [...path, "mirrors", i, "percentage"]);
        if (!Number.isInteger(percent)) refuse([...path, "mirrors", i, "percentage"], "a mirror's percentage in whole percent");
      }
      const t = targetOf(c, mirror.destination, [...path, "mirrors", i, "destination"]);
      r = method(r, "mirror", t.target, lazyOptions({ port: portOption(c.planner, t.host, t.port), percent: percent === undefined ? undefined : value(percent) }));
    }
  }
  if (h.corsPolicy !== undefined) r = method(r, "cors", corsOptions(h.corsPolicy, [...path, "corsPolicy"]));
  if (h.headers !== undefined) {
    const headers = only(h.headers, ["request", "response"], [...path, "headers"], "header changes");
    if (headers.request !== undefined) r = method(r, "requestHeaders", headerOptions(headers.request, [...path, "headers", "request"]));
    if (headers.response !== undefined) r = method(r, "responseHeaders", headerOptions(headers.response, [...path, "headers", "response"]));
  }
  return r;
}

/** The whole route as a canary: one rule with only a route of two destinations whose weights make 100. */
function canaryOf(c: Context, http: readonly unknown[], path: Path): Expr | undefined {
  if (http.length !== 1 || !onlyKeys(http[0], ["route"]) || !Array.isArray(http[0].route) || http[0].route.length !== 2) return undefined;
  const [a, b] = http[0].route as unknown[];
  if (!onlyKeys(a, ["destination", "weight"]) || !onlyKeys(b, ["destination", "weight"])) return undefined;
  const [wa, wb] = [a.weight, b.weight];
  if (!Number.isInteger(wa) || !Number.isInteger(wb) || (wa as number) < 1 || (wb as number) < 1 || (wa as number) + (wb as number) !== 100) return undefined;
  const stable = targetOf(c, a.destination, [...path, 0, "route", 0, "destination"]);
  const canary = targetOf(c, b.destination, [...path, 0, "route", 1, "destination"]);
  if (stable.subset !== canary.subset || stable.port !== canary.port) return undefined;
  const port = stable.port;
  const portExpr =
    port === undefined
      ? undefined
      : lazy(() => {
          const known = [stable.host, canary.host].every((h) => {
            if (h.service === undefined) return false;
            const ports = c.planner.servicePorts(h.service.namespace, h.service.name);
            return ports.length === 1 && ports[0] === port;
          });
          return known ? value(null) : value(port);
        });
  return lazy(() => {
    const entries: Record<string, Expr> = { stable: stable.target, canary: canary.target, weight: value(wb as number) };
    if (portExpr !== undefined) {
      let p = portExpr;
      while (p.t === "lazy") p = p.get();
      if (!(p.t === "value" && p.v === null)) entries.port = p;
    }
    return object(entries);
  });
}

/** `r.match(...)` for a TCP or TLS match. */
function l4Match(c: Context, m: unknown, path: Path, tls: boolean): Expr {
  const match = only(m, tls ? ["port", "sniHosts", "sourceLabels", "gateways"] : ["port", "sourceLabels", "gateways"], path, "a match");
  const entries: Record<string, Expr> = {};
  if (match.port !== undefined) {
    if (!Number.isInteger(match.port) || (match.port as number) < 1 || (match.port as number) > 65535) refuse([...path, "port"], "a port must be a number from 1 to 65535");
    entries.port = value(match.port as number);
  }
  if (tls) entries.sniHosts = value(strings(match.sniHosts, [...path, "sniHosts"], "sniHosts"));
  if (match.sourceLabels !== undefined) entries.sourceLabels = value(stringMap(match.sourceLabels, [...path, "sourceLabels"], "sourceLabels"));
  if (match.gateways !== undefined) {
    const names = strings(match.gateways, [...path, "gateways"], "gateways");
    entries.gateways = array(names.map((g, i) => (g === "mesh" ? value("mesh") : gatewayExpr(c, g, [...path, "gateways", i], []))));
  }
  return object(entries);
}

function l4Rule(c: Context, rule: unknown, path: Path, tls: boolean): Expr {
  const body = only(rule, ["match", "route"], path, tls ? "a TLS route" : "a TCP route");
  let r: Expr = { t: "ref", name: "r" };
  if (body.match === undefined && tls) refuse(path, "a TLS route needs a match on SNI hosts");
  if (body.match !== undefined) {
    if (!Array.isArray(body.match) || body.match.length === 0) refuse([...path, "match"], "match must be a list");
    for (const [i, m] of body.match.entries()) r = method(r, "match", l4Match(c, m, [...path, "match", i], tls));
  }
  if (body.route !== undefined) r = routeCalls(c, r, body.route, [...path, "route"]);
  return r;
}

/** A gateway named in `gateways`: `name` in the route's namespace, `namespace/name` in another. */
function gatewayExpr(c: Context, entry: string, path: Path, hosts: readonly string[]): Expr {
  const slash = entry.indexOf("/");
  const namespace = slash < 0 ? c.namespace : entry.slice(0, slash);
  const name = slash < 0 ? entry : entry.slice(slash + 1);
  if (!LABEL.test(name) || !LABEL.test(namespace) || (slash >= 0 && namespace === c.namespace)) refuse(path, `gateway ${entry}: the builders name a gateway of the route's namespace by its name, another's as namespace/name`);
  return c.refs.gateway(c.planner, namespace, name, hosts);
}

/** Claims a VirtualService the route builders write back exactly; otherwise reports why it stays raw. */
export function recognizeVirtualService(planner: Planner, doc: Doc, refs: IstioRefs): void {
  if (doc.namespace === undefined || planner.claimed.has(doc)) return;
  const raw = (path: Path, reason: string): void => {
    planner.issues.push({
      code: "KEPT_RAW",
      severity: "info",
      message: `${describe(doc)} is written as a raw resource: ${reason}`,
      path,
      source: { file: doc.file, ...(lineOf(doc, path) === undefined ? {} : { line: lineOf(doc, path)! }) },
    });
  };
  if (planner.forcedRaw.has(doc.key)) {
    raw([], "the route the builders wrote for it did not give it back exactly, so it is written as it is");
    return;
  }
  if (!onlyKeys(doc.object, ["apiVersion", "kind", "metadata", "spec"]) || !plainMetadata(doc)) {
    raw(["metadata"], "metadata besides name, namespace, labels and annotations");
    return;
  }
  const c: Context = { planner, refs, doc, namespace: doc.namespace, rewrites: [] };
  refs.begin();
  try {
    const statement = routeOf(c);
    refs.commit();
    const seen = new Set<string>();
    const notes = c.rewrites.filter(([path]) => !seen.has(path.join("/")) && seen.add(path.join("/")) !== undefined).map(([path, message]) => planner.correct(doc, path, message, true));
    planner.add({ namespace: doc.namespace, rank: Rank.route, docs: [doc], expr: statement.expr, as: statement.as, notes: [...new Set(notes)] });
  } catch (error) {
    refs.rollback();
    if (!(error instanceof Refusal)) throw error;
    raw(error.path, error.reason);
  }
}

function lineOf(doc: Doc, path: Path): number | undefined {
  try {
    return doc.lineOf(path) ?? doc.line;
  } catch {
    return doc.line;
  }
}

function routeOf(c: Context): { expr: Expr; as: string } {
  const spec = only(c.doc.object.spec, ["hosts", "gateways", "http", "tcp", "tls"], ["spec"], "a VirtualService");
  const sections = (["http", "tcp", "tls"] as const).filter((k) => spec[k] !== undefined);
  if (sections.length !== 1) refuse(["spec"], sections.length === 0 ? "no http, tcp or tls routes" : `both ${sections.join(" and ")} routes: each builder writes one kind`);
  const kind = sections[0]!;
  const rules = spec[kind];
  if (!Array.isArray(rules) || rules.length === 0) refuse(["spec", kind], `${kind} must be a list of routes`);
  const hosts = strings(spec.hosts, ["spec", "hosts"], "hosts");
  if (new Set(hosts).size !== hosts.length) refuse(["spec", "hosts"], "a host listed twice");
  const gateways = spec.gateways === undefined ? [] : strings(spec.gateways, ["spec", "gateways"], "gateways");
  if (new Set(gateways).size !== gateways.length) refuse(["spec", "gateways"], "a gateway listed twice");
  const mesh = gateways.includes("mesh");
  const bound = gateways.filter((g) => g !== "mesh");
  if (mesh && bound.length === 0) refuse(["spec", "gateways"], 'gateways: ["mesh"] alone: the builders write no gateways for a route of the mesh');
  // Services are hosts of the mesh: attached when the route applies to the mesh.
  const services: { namespace: string; name: string }[] = [];
  const hostnames: string[] = [];
  for (const host of hosts) {
    const fqdn = SERVICE_FQDN.exec(host);
    if ((bound.length === 0 || mesh) && LABEL.test(host)) services.push({ namespace: c.namespace, name: host });
    else if ((bound.length === 0 || mesh) && fqdn && fqdn[3] !== c.namespace) services.push({ namespace: fqdn[3]!, name: fqdn[1]! });
    else hostnames.push(host);
  }
  if (mesh && services.length === 0) refuse(["spec", "gateways"], '"mesh" with gateways, and no Service among the hosts: the builders add "mesh" for a route attached to Services');
  const sni: string[] = [];
  if (kind === "tls") for (const rule of rules) if (isObj(rule) && Array.isArray(rule.match)) for (const m of rule.match) if (isObj(m) && Array.isArray(m.sniHosts)) for (const s of m.sniHosts) if (typeof s === "string" && !sni.includes(s)) sni.push(s);
  const defaultHosts = kind === "tls" ? (sni.length > 0 ? sni : ["*"]) : ["*"];
  const hostnamesOption = services.length === 0 && JSON.stringify([...hostnames].sort()) === JSON.stringify([...defaultHosts].sort()) ? undefined : hostnames;
  const method0 = kind === "http" ? "httpRoute" : kind === "tcp" ? "tcpRoute" : "tlsRoute";
  const meta = metadataOptions(c.doc);
  let route: Expr = method(c.planner.namespace(c.namespace), method0, value(c.doc.name), ...optionArgs({ ...(kind === "http" ? { api: value("istio") } : {}), ...(hostnamesOption !== undefined && hostnamesOption.length > 0 ? { hostnames: value(hostnamesOption) } : {}), ...meta }));
  for (const [i, g] of gateways.entries()) {
    if (g === "mesh") continue;
    route = method(route, "attachTo", gatewayExpr(c, g, ["spec", "gateways", i], hosts));
    const slash = g.indexOf("/");
    const [gatewayNamespace, name] = slash < 0 ? [c.namespace, g] : [g.slice(0, slash), g.slice(slash + 1)];
    if (!c.refs.serves(gatewayNamespace!, name!, c.namespace, hosts)) refuse(["spec", "hosts"], `none of its hosts is served by Gateway ${gatewayNamespace}/${name} (istioctl's IST0132), which the builders report and leave the route's binding out for`);
  }
  for (const s of services) route = method(route, "attachTo", c.planner.service(s.namespace, s.name));
  if (kind === "http") {
    const canary = canaryOf(c, rules, ["spec", "http"]);
    if (canary !== undefined) return { expr: method(route, "canary", canary), as: "httpRoute" };
    for (const [i, rule] of rules.entries()) route = method(route, "rule", arrow("r", httpRule(c, rule, ["spec", "http", i])));
    return { expr: route, as: "httpRoute" };
  }
  for (const [i, rule] of rules.entries()) route = method(route, "rule", arrow("r", l4Rule(c, rule, ["spec", kind, i], kind === "tls")));
  return { expr: route, as: method0 };
}

function optionArgs(entries: Readonly<Record<string, Expr>>): Expr[] {
  return Object.keys(entries).length === 0 ? [] : [object(entries)];
}
