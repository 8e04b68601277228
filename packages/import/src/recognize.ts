/**
 * The recognisers: each looks for resources one intent writes, and claims them only when every
 * field has a place in the intent's options. Whatever they leave is written as a raw resource.
 * A recogniser may be optimistic about details: the round trip (`import.ts`) compiles the config
 * and puts back as raw every resource an intent did not give back exactly.
 */
import { array, arrow, lazy, method, object, ref, use, value, type Expr, type Json, type VarHandle } from "./code.js";
import { isObj, keyOf, type Doc, type Obj } from "./input.js";
import { metadataOptions, onlyKeys, plainMetadata, Rank, type Planner } from "./plan.js";
import { IstioRefs, recognizeVirtualService } from "./recognize-virtual-service.js";

const GW = "gateway.networking.k8s.io";
const NET = "networking.istio.io";
const SEC = "security.istio.io";
const TEL = "telemetry.istio.io";

const AMBIENT = "istio.io/dataplane-mode";
const INJECTION = "istio-injection";
const USE_WAYPOINT = "istio.io/use-waypoint";
const USE_WAYPOINT_NS = "istio.io/use-waypoint-namespace";
const WAYPOINT_FOR = "istio.io/waypoint-for";
const ARGOCD_SYNC = "argocd.argoproj.io/sync-options";
const ARGOCD_DEFAULT = "Delete=false,Prune=false";

/** Issuers whose JSON Web Key Set is published at a known address (their OpenID discovery document's `jwks_uri`). */
const KNOWN_JWKS: Readonly<Record<string, string>> = {
  "https://accounts.google.com": "https://www.googleapis.com/oauth2/v3/certs",
};

/** Runs every recogniser over the input, in the order references need. */
export function recognize(planner: Planner, docs: readonly Doc[]): void {
  const ofKind = (group: string, kind: string): Doc[] => docs.filter((d) => d.group === group && d.kind === kind);
  const waypointUsers = waypointUsersOf(ofKind("", "Namespace"));
  for (const doc of ofKind(GW, "Gateway")) recognizeGateway(planner, doc, waypointUsers);
  const istio = new IstioRefs();
  for (const doc of ofKind(NET, "Gateway")) recognizeIstioGateway(planner, doc, istio);
  for (const doc of ofKind("", "Namespace")) recognizeNamespace(planner, doc);
  const ambient = ofKind("", "Namespace").some((d) => labelsOf(d)[AMBIENT] === "ambient");
  for (const doc of ofKind(NET, "ServiceEntry")) recognizeExternalService(planner, doc, docs, ambient);
  for (const doc of ofKind(NET, "DestinationRule")) recognizeDestinationRule(planner, doc, istio);
  const routeHome = mainWaypointNamespace(planner, ofKind("", "Namespace"));
  for (const doc of ofKind(GW, "HTTPRoute")) recognizeHttpRoute(planner, doc, routeHome);
  for (const doc of ofKind(NET, "VirtualService")) recognizeVirtualService(planner, doc, istio);
  istio.finish(planner);
  for (const doc of ofKind(SEC, "PeerAuthentication")) recognizePeerAuthentication(planner, doc);
  for (const doc of ofKind(SEC, "RequestAuthentication")) recognizeRequireJwt(planner, doc);
  for (const doc of ofKind(SEC, "AuthorizationPolicy")) recognizeAuthorizationPolicy(planner, doc);
  for (const doc of ofKind(TEL, "Telemetry")) recognizeTelemetry(planner, doc);
}

// --- helpers ---

function labelsOf(doc: Doc): Readonly<Record<string, string>> {
  const metadata = doc.object.metadata as Obj;
  return isObj(metadata.labels) ? (metadata.labels as Record<string, string>) : {};
}

function annotationsOf(doc: Doc): Readonly<Record<string, string>> {
  const metadata = doc.object.metadata as Obj;
  return isObj(metadata.annotations) ? (metadata.annotations as Record<string, string>) : {};
}

function specOf(doc: Doc): Obj {
  return isObj(doc.object.spec) ? doc.object.spec : {};
}

/** Whether the object has nothing but apiVersion, kind, metadata and spec. */
function plainObject(doc: Doc): boolean {
  return onlyKeys(doc.object, ["apiVersion", "kind", "metadata", "spec"]) && plainMetadata(doc);
}

/** `{ ...options }` as an expression, without the empty ones. */
function options(entries: Readonly<Record<string, Expr | undefined>>): Expr | undefined {
  const kept = Object.entries(entries).filter(([, v]) => v !== undefined);
  return kept.length === 0 ? undefined : object(Object.fromEntries(kept));
}

function call(on: Expr, name: string, ...args: (Expr | undefined)[]): Expr {
  return method(on, name, ...args.filter((a): a is Expr => a !== undefined));
}

const stringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** Namespaces labelled to use a waypoint, by the waypoint's `namespace/name`. */
function waypointUsersOf(namespaces: readonly Doc[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const doc of namespaces) {
    const labels = labelsOf(doc);
    const waypoint = labels[USE_WAYPOINT];
    if (waypoint === undefined) continue;
    const key = `${labels[USE_WAYPOINT_NS] ?? doc.name}/${waypoint}`;
    users.set(key, [...(users.get(key) ?? []), doc.name]);
  }
  return users;
}

// --- namespaces ---

function recognizeNamespace(planner: Planner, doc: Doc): void {
  if (doc.name === planner.rootNamespace || !planner.available(doc)) return;
  const spec = doc.object.spec;
  if (!onlyKeys(doc.object, ["apiVersion", "kind", "metadata", "spec"]) || !plainMetadata(doc) || (spec !== undefined && !(isObj(spec) && Object.keys(spec).length === 0))) return;
  if (doc.apiVersion !== "v1") return;
  const labels = { ...labelsOf(doc) };
  const annotations = { ...annotationsOf(doc) };
  let dataplane: Expr | undefined;
  if (labels[AMBIENT] === "ambient" && labels[INJECTION] === undefined) {
    dataplane = value("ambient");
    delete labels[AMBIENT];
  } else if (labels[INJECTION] === "enabled" && labels[AMBIENT] === undefined) {
    dataplane = value("sidecar");
    delete labels[INJECTION];
  }
  const waypointName = labels[USE_WAYPOINT];
  const waypointNs = labels[USE_WAYPOINT_NS] ?? doc.name;
  const waypoint = waypointName === undefined ? undefined : planner.gateway(waypointNs, waypointName);
  if (waypoint?.waypoint === true) {
    delete labels[USE_WAYPOINT];
    delete labels[USE_WAYPOINT_NS];
  }
  if (annotations[ARGOCD_SYNC] === ARGOCD_DEFAULT) delete annotations[ARGOCD_SYNC];
  const opts = options({
    dataplane,
    labels: Object.keys(labels).length > 0 ? value(labels) : undefined,
    annotations: Object.keys(annotations).length > 0 ? value(annotations) : undefined,
  });
  planner.manageNamespace(doc, opts);
  if (waypoint?.waypoint === true) {
    planner.add({ namespace: doc.name, rank: Rank.namespaceWiring, docs: [], sortKey: "useWaypoint", expr: method(planner.namespace(doc.name), "useWaypoint", use(waypoint.handle)), as: "useWaypoint" });
  }
}

/** The namespace a mesh route in the root namespace was meant for: the only one that uses a waypoint of its own. */
function mainWaypointNamespace(planner: Planner, namespaces: readonly Doc[]): string | undefined {
  const candidates = namespaces.filter((d) => {
    const labels = labelsOf(d);
    return d.name !== planner.rootNamespace && labels[AMBIENT] === "ambient" && labels[USE_WAYPOINT] !== undefined && (labels[USE_WAYPOINT_NS] ?? d.name) === d.name;
  });
  return candidates.length === 1 ? candidates[0]!.name : undefined;
}

// --- gateways ---

function allowedRoutesOption(allowed: unknown): Expr | undefined | null {
  if (allowed === undefined) return undefined;
  if (!onlyKeys(allowed, ["namespaces"]) || !onlyKeys(allowed.namespaces, ["from", "selector"])) return null;
  const { from, selector } = allowed.namespaces as Obj;
  if ((from === undefined || from === "Same") && selector === undefined) return undefined;
  if (from === "All" && selector === undefined) return value("All");
  if (from === "Selector" && onlyKeys(selector, ["matchLabels"]) && isObj((selector as Obj).matchLabels)) return object({ selector: value((selector as Obj).matchLabels as Json) });
  return null;
}

function recognizeGateway(planner: Planner, doc: Doc, waypointUsers: ReadonlyMap<string, readonly string[]>): void {
  if (!planner.available(doc) || !plainObject(doc) || doc.namespace === undefined) return;
  const spec = specOf(doc);
  if (!onlyKeys(spec, ["gatewayClassName", "listeners", "addresses"]) || !Array.isArray(spec.listeners) || spec.listeners.length === 0) return;
  const ns = planner.namespace(doc.namespace);
  const listeners = spec.listeners as unknown[];
  const first = listeners[0];
  if (spec.gatewayClassName === "istio-waypoint" && spec.addresses === undefined && listeners.length === 1 && onlyKeys(first, ["name", "port", "protocol", "allowedRoutes"]) && first.name === "mesh" && first.port === 15008 && first.protocol === "HBONE") {
    const labels = labelsOf(doc);
    const waypointFor = labels[WAYPOINT_FOR];
    const forOption = waypointFor !== undefined && waypointFor !== "service" && ["workload", "all", "none"].includes(waypointFor) ? value(waypointFor) : undefined;
    const meta = metadataOptions(doc, forOption === undefined ? [] : [WAYPOINT_FOR]);
    const handle = planner.handle(doc.name, "waypoint", doc.namespace);
    const notes: string[] = [];
    let patch: Expr | undefined;
    if (first.allowedRoutes !== undefined) {
      const users = waypointUsers.get(`${doc.namespace}/${doc.name}`) ?? [];
      if (users.length > 0 && users.every((u) => u === doc.namespace)) {
        notes.push(planner.correct(doc, ["spec", "listeners", 0, "allowedRoutes"], "allowedRoutes left out: a namespace waypoint serves its own namespace, which Istio's waypoint shape allows without it"));
      } else {
        patch = method(ref("mesh"), "patch", use(handle), value([{ op: "add", path: "/spec/listeners/0/allowedRoutes", value: first.allowedRoutes as Json }]));
      }
    }
    planner.defineGateway(doc.namespace, doc.name, handle, true, ["mesh"]);
    planner.add({ namespace: doc.namespace, rank: Rank.gateway, docs: [doc], expr: call(ns, "waypoint", value(doc.name), options({ for: forOption, ...meta })), bind: handle, as: "waypoint", notes });
    if (patch !== undefined) planner.add({ namespace: doc.namespace, rank: Rank.gateway, docs: [], sortKey: `Gateway/${doc.name}/${GW}~patch`, expr: patch, as: "patch" });
    return;
  }
  const entries: [string, Expr][] = [];
  for (const listener of listeners) {
    if (!onlyKeys(listener, ["name", "port", "protocol", "hostname", "tls", "allowedRoutes"]) || typeof listener.name !== "string") return;
    if (!["HTTP", "HTTPS", "TLS", "TCP", "UDP"].includes(listener.protocol as string) || typeof listener.port !== "number") return;
    const allowed = allowedRoutesOption(listener.allowedRoutes);
    if (allowed === null) return;
    let tls: Expr | undefined;
    if (listener.tls !== undefined) {
      const t = listener.tls as Obj;
      if (onlyKeys(t, ["mode"]) && t.mode === "Passthrough") tls = object({ mode: value("Passthrough") });
      else if (onlyKeys(t, ["mode", "certificateRefs"]) && (t.mode === "Terminate" || t.mode === undefined) && Array.isArray(t.certificateRefs) && t.certificateRefs.length > 0) {
        const certificates: Expr[] = [];
        for (const c of t.certificateRefs as unknown[]) {
          if (!onlyKeys(c, ["name", "namespace", "kind", "group"]) || (c.kind !== undefined && c.kind !== "Secret") || (c.group !== undefined && c.group !== "")) return;
          certificates.push(object({ name: value(c.name as string), namespace: c.namespace === undefined ? undefined : value(c.namespace as string) }));
        }
        tls = object({ mode: value("Terminate"), certificates: array(certificates) });
      } else return;
    }
    entries.push([
      listener.name,
      object({
        port: value(listener.port),
        protocol: value(listener.protocol as string),
        hostname: listener.hostname === undefined ? undefined : value(listener.hostname as string),
        tls,
        allowedRoutes: allowed,
      }),
    ]);
  }
  if (new Set(entries.map(([n]) => n)).size !== entries.length) return;
  const handle = planner.handle(doc.name, "gateway", doc.namespace);
  planner.defineGateway(doc.namespace, doc.name, handle, false, entries.map(([n]) => n));
  const opts = object({
    ...(spec.gatewayClassName !== undefined && spec.gatewayClassName !== "istio" ? { className: value(spec.gatewayClassName as string) } : {}),
    listeners: { t: "object", entries: entries },
    ...(spec.addresses !== undefined ? { addresses: value(spec.addresses as Json) } : {}),
    ...metadataOptions(doc),
  });
  planner.add({ namespace: doc.namespace, rank: Rank.gateway, docs: [doc], expr: method(ns, "gateway", value(doc.name), opts), bind: handle, as: "gateway" });
}

const SERVER_PROTOCOLS = ["HTTP", "HTTPS", "GRPC", "HTTP2", "MONGO", "TCP", "TLS"];
const SERVER_TLS_FIELDS = ["mode", "credentialName", "minProtocolVersion", "maxProtocolVersion", "cipherSuites", "subjectAltNames"];

/** An Istio Gateway: `ns.istioGateway(name, { selector, servers })`, servers by their port's name. */
function recognizeIstioGateway(planner: Planner, doc: Doc, istio: IstioRefs): void {
  if (!planner.available(doc) || !plainObject(doc) || doc.namespace === undefined) return;
  const spec = specOf(doc);
  if (!onlyKeys(spec, ["selector", "servers"]) || !isObj(spec.selector) || !Array.isArray(spec.servers) || spec.servers.length === 0) return;
  if (!Object.values(spec.selector).every((v) => typeof v === "string")) return;
  const servers: [string, Expr][] = [];
  for (const server of spec.servers as unknown[]) {
    if (!onlyKeys(server, ["port", "hosts", "tls"]) || !onlyKeys(server.port, ["number", "name", "protocol"]) || !stringList(server.hosts) || server.hosts.length === 0) return;
    const port = server.port as Obj;
    if (typeof port.name !== "string" || typeof port.number !== "number" || !SERVER_PROTOCOLS.includes(port.protocol as string)) return;
    const options: Record<string, Expr> = { port: value(port.number), protocol: value(port.protocol as string), hosts: value(server.hosts) };
    if (server.tls !== undefined) {
      if (!isObj(server.tls)) return;
      const { httpsRedirect, ...tls } = server.tls as Record<string, Json>;
      if (!Object.keys(tls).every((k) => SERVER_TLS_FIELDS.includes(k))) return;
      if (httpsRedirect !== undefined && typeof httpsRedirect !== "boolean") return;
      if (httpsRedirect === true) options.httpsRedirect = value(true);
      if (Object.keys(tls).length > 0) options.tls = value(tls);
      else if (httpsRedirect !== true) return;
    }
    servers.push([port.name, object(options)]);
  }
  if (new Set(servers.map(([n]) => n)).size !== servers.length) return;
  const handle = planner.handle(doc.name, "gateway", doc.namespace);
  istio.defineGateway(doc.namespace, doc.name, handle, (spec.servers as Obj[]).flatMap((server) => server.hosts as string[]));
  planner.add({
    namespace: doc.namespace,
    rank: Rank.gateway,
    docs: [doc],
    expr: method(planner.namespace(doc.namespace), "istioGateway", value(doc.name), object({ selector: value(spec.selector as Json), servers: { t: "object", entries: servers }, ...metadataOptions(doc) })),
    bind: handle,
    as: "istioGateway",
  });
}

// --- routes ---

interface Backend {
  readonly service: Expr;
  readonly namespace: string;
  readonly name: string;
  readonly port: number | undefined;
  readonly weight: number | undefined;
}

function backendOf(planner: Planner, routeNs: string, b: unknown): Backend | undefined {
  if (!onlyKeys(b, ["name", "namespace", "port", "weight", "kind", "group"])) return undefined;
  if ((b.kind !== undefined && b.kind !== "Service") || (b.group !== undefined && b.group !== "") || typeof b.name !== "string") return undefined;
  if (b.port !== undefined && typeof b.port !== "number") return undefined;
  const namespace = typeof b.namespace === "string" ? b.namespace : routeNs;
  if (namespace !== routeNs) return undefined; // a backend in another namespace needs a ReferenceGrant, written raw
  const port = b.port as number | undefined;
  return { service: planner.service(namespace, b.name, port), namespace, name: b.name, port, weight: b.weight as number | undefined };
}

/** `{ port }` for a backend, left out when the Service has that one port only. */
function portOption(planner: Planner, backend: Backend): Expr | undefined {
  return lazy(() => {
    const ports = planner.servicePorts(backend.namespace, backend.name);
    return backend.port === undefined || (ports.length === 1 && ports[0] === backend.port) ? value(null) : value(backend.port);
  });
}

function matchOf(m: unknown): Expr | undefined {
  if (!onlyKeys(m, ["path", "headers", "queryParams", "method"])) return undefined;
  const entries: Record<string, Expr> = {};
  if (m.path !== undefined) {
    if (!onlyKeys(m.path, ["type", "value"])) return undefined;
    const { type = "PathPrefix", value: v = "/" } = m.path as { type?: string; value?: string };
    if (type === "PathPrefix") entries.path = value(v);
    else if (type === "Exact") entries.path = object({ exact: value(v) });
    else if (type === "RegularExpression") entries.path = object({ regex: value(v) });
    else return undefined;
  }
  for (const [field, option] of [["headers", "headers"], ["queryParams", "query"]] as const) {
    const list = m[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return undefined;
    const out: Record<string, Json> = {};
    for (const h of list) {
      if (!onlyKeys(h, ["type", "name", "value"]) || typeof h.name !== "string" || typeof h.value !== "string" || h.name in out) return undefined;
      if (h.type === undefined || h.type === "Exact") out[h.name] = h.value;
      else if (h.type === "RegularExpression") out[h.name] = { regex: h.value };
      else return undefined;
    }
    entries[option] = value(out);
  }
  if (m.method !== undefined) entries.method = value(m.method as string);
  return object(entries);
}

function recognizeHttpRoute(planner: Planner, doc: Doc, routeHome: string | undefined): void {
  if (!planner.available(doc) || !plainObject(doc) || doc.namespace === undefined) return;
  const spec = specOf(doc);
  if (!onlyKeys(spec, ["parentRefs", "hostnames", "rules"])) return;
  const parentRefs = (spec.parentRefs ?? []) as unknown[];
  let namespace = doc.namespace;
  const notes: string[] = [];
  // A mesh route in the root namespace whose Service parent names no namespace: its Service is not there.
  const meshParents = parentRefs.filter((p) => isObj(p) && p.kind === "Service");
  if (namespace === planner.rootNamespace && routeHome !== undefined && meshParents.length === parentRefs.length && meshParents.length > 0 && meshParents.every((p) => (p as Obj).namespace === undefined)) {
    const names = meshParents.map((p) => (p as Obj).name);
    if (!names.some((n) => planner.byKey.has(keyOf("", "Service", namespace, n as string)))) {
      namespace = routeHome;
      planner.movedTo.set(doc, keyOf(GW, "HTTPRoute", routeHome, doc.name));
      notes.push(planner.correct(doc, ["metadata", "namespace"], `moved from ${doc.namespace} to ${routeHome}: a mesh route must live in its Service's namespace for the waypoint to apply it, and ${doc.namespace} has no Service ${names.join(", ")}`));
    }
  }
  const ns = planner.namespace(namespace);
  let route: Expr = call(ns, "httpRoute", value(doc.name), options({ hostnames: spec.hostnames === undefined ? undefined : value(spec.hostnames as Json), ...metadataOptions(doc) }));
  if (spec.hostnames !== undefined && !stringList(spec.hostnames)) return;
  for (const p of parentRefs) {
    if (!onlyKeys(p, ["group", "kind", "name", "namespace", "sectionName", "port"]) || typeof p.name !== "string") return;
    const parentNs = typeof p.namespace === "string" ? p.namespace : namespace;
    if (p.kind === "Service" && (p.group === "" || p.group === undefined)) {
      if (p.sectionName !== undefined) return;
      const service = planner.service(parentNs, p.name, p.port as number | undefined);
      route = call(route, "attachTo", service, p.port === undefined ? undefined : object({ port: value(p.port as number) }));
    } else if ((p.kind === undefined || p.kind === "Gateway") && (p.group === undefined || p.group === GW)) {
      if (typeof p.sectionName === "string" && !planner.gatewayHasListener(parentNs, p.name, p.sectionName)) return;
      const gateway = planner.gatewayRef(parentNs, p.name, p.sectionName as string | undefined);
      route = call(route, "attachTo", gateway, options({ sectionName: p.sectionName === undefined ? undefined : value(p.sectionName as string), port: p.port === undefined ? undefined : value(p.port as number) }));
    } else return;
  }
  const rules = (spec.rules ?? []) as unknown[];
  if (!Array.isArray(rules)) return;
  const built: Expr[] = [];
  for (const rule of rules) {
    if (!onlyKeys(rule, ["matches", "backendRefs", "timeouts"])) return;
    const backends: Backend[] = [];
    for (const b of (rule.backendRefs ?? []) as unknown[]) {
      const backend = backendOf(planner, namespace, b);
      if (backend === undefined) return;
      backends.push(backend);
    }
    // The whole route as a canary: one rule without matches, two backends whose weights make 100.
    if (rules.length === 1 && rule.matches === undefined && rule.timeouts === undefined && backends.length === 2 && backends[0]!.weight !== undefined && backends[1]!.weight !== undefined && backends[0]!.weight + backends[1]!.weight === 100 && backends[0]!.port === backends[1]!.port && backends[0]!.port !== undefined) {
      const [stable, canary] = backends as [Backend, Backend];
      const port = lazy(() => {
        const a = planner.servicePorts(stable.namespace, stable.name);
        const b = planner.servicePorts(canary.namespace, canary.name);
        return a.length === 1 && b.length === 1 && a[0] === stable.port && b[0] === stable.port ? value(null) : value(stable.port!);
      });
      built.push(call(ref("$route"), "canary", objectWithOptional({ stable: stable.service, canary: canary.service, weight: value(canary.weight!) }, { port })));
      continue;
    }
    let r: Expr = ref("r");
    if (rule.matches !== undefined) {
      if (!Array.isArray(rule.matches)) return;
      for (const m of rule.matches) {
        const match = matchOf(m);
        if (match === undefined) return;
        r = call(r, "match", match);
      }
    }
    if (rule.timeouts !== undefined) {
      if (!onlyKeys(rule.timeouts, ["request", "backendRequest"])) return;
      r = call(r, "timeouts", value(rule.timeouts as Json));
    }
    for (const backend of backends) {
      const port = portOption(planner, backend);
      r = call(r, "to", backend.service, lazyOptions({ port, weight: backend.weight === undefined ? undefined : value(backend.weight) }));
    }
    built.push(call(ref("$route"), "rule", arrow("r", r)));
  }
  for (const step of built) {
    if (step.t !== "call") continue;
    route = { ...step, callee: route };
  }
  planner.add({ namespace, rank: Rank.route, docs: [doc], expr: route, as: "httpRoute", notes });
}

/** An object whose lazy entries may turn out `null`, which leaves them out. */
function objectWithOptional(fixed: Readonly<Record<string, Expr>>, optional: Readonly<Record<string, Expr>>): Expr {
  return lazy(() => {
    const entries: Record<string, Expr> = { ...fixed };
    for (const [k, e] of Object.entries(optional)) {
      const r = resolve(e);
      if (!(r.t === "value" && r.v === null)) entries[k] = r;
    }
    return object(entries);
  });
}

/** Options of which every entry may turn out `null`: the whole argument is left out when none is left. */
function lazyOptions(entries: Readonly<Record<string, Expr | undefined>>): Expr {
  return lazy(() => {
    const kept: Record<string, Expr> = {};
    for (const [k, e] of Object.entries(entries)) {
      if (e === undefined) continue;
      const r = resolve(e);
      if (!(r.t === "value" && r.v === null)) kept[k] = r;
    }
    return Object.keys(kept).length === 0 ? value(null) : object(kept);
  });
}

function resolve(e: Expr): Expr {
  let x = e;
  while (x.t === "lazy") x = x.get();
  return x;
}

// --- traffic ---

/** A Service's short name (a DNS-1123 label). */
const SHORT_HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SERVICE_FQDN = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc\.cluster\.local$/;

interface PolicyParts {
  readonly calls: [string, Expr][];
}

/** A traffic policy as builder calls: circuitBreaker, loadBalancing, tlsOrigination, and trafficPolicy for the rest. */
function policyCalls(policy: Obj, host: string): PolicyParts | undefined {
  // Copies of the levels taken apart below, so the input stays as it is; what is left is written as it is.
  const rest: Record<string, unknown> = { ...policy };
  const calls: [string, Expr][] = [];
  const pool = isObj(rest.connectionPool) ? (rest.connectionPool = { ...rest.connectionPool }) : undefined;
  const http = pool && isObj(pool.http) ? (pool.http = { ...pool.http }) : undefined;
  const tcp = pool && isObj(pool.tcp) ? (pool.tcp = { ...pool.tcp }) : undefined;
  const outlier = isObj(rest.outlierDetection) ? (rest.outlierDetection as Record<string, unknown>) : undefined;
  if (http?.http1MaxPendingRequests !== undefined && outlier?.consecutive5xxErrors !== undefined && typeof outlier.interval === "string" && typeof outlier.baseEjectionTime === "string" && onlyKeys(outlier, ["consecutive5xxErrors", "interval", "baseEjectionTime", "maxEjectionPercent"])) {
    const breaker: Record<string, Expr> = { maxPendingRequests: value(http.http1MaxPendingRequests as number) };
    delete http.http1MaxPendingRequests;
    if (http.maxRequestsPerConnection !== undefined) {
      breaker.maxRequestsPerConnection = value(http.maxRequestsPerConnection as number);
      delete http.maxRequestsPerConnection;
    }
    if (tcp?.maxConnections !== undefined) {
      breaker.maxConnections = value(tcp.maxConnections as number);
      delete tcp.maxConnections;
    }
    breaker.consecutive5xxErrors = value(outlier.consecutive5xxErrors as number);
    breaker.interval = value(outlier.interval);
    breaker.baseEjectionTime = value(outlier.baseEjectionTime);
    if (outlier.maxEjectionPercent !== undefined) breaker.maxEjectionPercent = value(outlier.maxEjectionPercent as number);
    delete rest.outlierDetection;
    if (http && Object.keys(http).length === 0) delete pool!.http;
    if (tcp && Object.keys(tcp).length === 0) delete pool!.tcp;
    if (pool && Object.keys(pool).length === 0) delete rest.connectionPool;
    calls.push(["circuitBreaker", object(breaker)]);
  }
  if (onlyKeys(rest.loadBalancer, ["simple"]) && typeof (rest.loadBalancer as Obj).simple === "string" && (rest.loadBalancer as Obj).simple !== "UNSPECIFIED") {
    calls.push(["loadBalancing", value((rest.loadBalancer as Obj).simple as string)]);
    delete rest.loadBalancer;
  }
  if (onlyKeys(rest.tls, ["mode", "sni", "caCertificates", "credentialName", "subjectAltNames"]) && (rest.tls as Obj).mode === "SIMPLE" && !host.includes("*")) {
    const { mode: _mode, sni, ...tls } = rest.tls as Record<string, Json>;
    const fields = Object.fromEntries([...(sni !== undefined && sni !== host ? [["sni", value(sni)] as const] : []), ...Object.entries(tls).map(([k, v]) => [k, value(v)] as const)]);
    calls.push(["tlsOrigination", Object.keys(fields).length === 0 ? value(null) : object(fields)]);
    delete rest.tls;
  }
  if (Object.keys(rest).length > 0) calls.unshift(["trafficPolicy", value(rest as Json)]);
  return { calls };
}

function recognizeDestinationRule(planner: Planner, doc: Doc, istio: IstioRefs): void {
  if (!planner.available(doc) || !plainObject(doc) || doc.namespace === undefined) return;
  const spec = specOf(doc);
  if (!onlyKeys(spec, ["host", "trafficPolicy", "subsets", "exportTo", "workloadSelector"]) || typeof spec.host !== "string") return;
  const fqdn = SERVICE_FQDN.exec(spec.host);
  // A short host is the Service of that name in the rule's namespace, as Istio reads it; the builder writes its FQDN.
  const short = SHORT_HOST.test(spec.host);
  const hostName = short ? `${spec.host}.${doc.namespace}.svc.cluster.local` : spec.host;
  let host: Expr;
  if (fqdn) host = planner.service(fqdn[3]!, fqdn[1]!);
  else if (short) host = planner.service(doc.namespace, spec.host);
  else if (spec.host.includes(".")) host = value(spec.host);
  else return;
  let rule: Expr = call(planner.namespace(doc.namespace), "destinationRule", value(doc.name), object({
    host,
    exportTo: spec.exportTo === undefined ? undefined : value(spec.exportTo as Json),
    workloadSelector: spec.workloadSelector === undefined ? undefined : value(spec.workloadSelector as Json),
    ...metadataOptions(doc),
  }));
  if (spec.trafficPolicy !== undefined) {
    if (!isObj(spec.trafficPolicy)) return;
    const parts = policyCalls(spec.trafficPolicy, spec.host);
    if (parts === undefined) return;
    for (const [name, arg] of parts.calls) rule = call(rule, name, arg);
  }
  const subsets: string[] = [];
  for (const subset of (spec.subsets ?? []) as unknown[]) {
    if (!onlyKeys(subset, ["name", "labels", "trafficPolicy"]) || typeof subset.name !== "string") return;
    rule = call(rule, "subset", value(subset.name), value((subset.labels ?? {}) as Json), subset.trafficPolicy === undefined ? undefined : value(subset.trafficPolicy as Json));
    subsets.push(subset.name);
  }
  const handle = planner.handle(doc.name, "destinationRule", doc.namespace);
  istio.defineRule(doc.namespace, hostName, handle, subsets);
  const notes = short ? [planner.correct(doc, ["spec", "host"], `host "${spec.host}" → ${hostName}: Istio reads a short host in the namespace of the resource that names it; the builders write the FQDN`, true)] : [];
  planner.add({ namespace: doc.namespace, rank: Rank.traffic, docs: [doc], expr: rule, bind: handle, as: "destinationRule", notes });
}

function recognizeExternalService(planner: Planner, doc: Doc, docs: readonly Doc[], ambientCallers: boolean): void {
  if (!planner.available(doc) || !plainObject(doc) || doc.namespace === undefined) return;
  const spec = specOf(doc);
  if (!onlyKeys(spec, ["hosts", "ports", "resolution", "location", "addresses", "endpoints", "exportTo", "subjectAltNames", "workloadSelector"])) return;
  if (!stringList(spec.hosts) || spec.hosts.length === 0 || !Array.isArray(spec.ports) || spec.ports.length === 0) return;
  const hosts = spec.hosts;
  const rules = docs.filter((d) => d.group === NET && d.kind === "DestinationRule" && d.namespace === doc.namespace && planner.available(d) && plainObject(d) && hosts.includes(specOf(d).host as string));
  if (rules.length > 1 || (rules.length === 1 && hosts.length > 1)) return;
  const rule = rules[0];
  const ruleSpec = rule ? specOf(rule) : undefined;
  if (ruleSpec && (!onlyKeys(ruleSpec, ["host", "trafficPolicy"]) || (ruleSpec.trafficPolicy !== undefined && !isObj(ruleSpec.trafficPolicy)))) return;
  const policy = (ruleSpec?.trafficPolicy ?? {}) as Obj;
  const notes: string[] = [];
  const labels = { ...labelsOf(doc) };
  let ports = spec.ports as unknown[];
  let originate = false;
  // The guide's mistake: HTTP circuit-breaking settings on a host reached over TLS, which the proxy forwards as opaque bytes.
  const httpSettings = isObj(policy.connectionPool) && isObj((policy.connectionPool as Obj).http);
  const tlsOnly = ports.length === 1 && isObj(ports[0]) && (ports[0] as Obj).protocol === "TLS" && (ports[0] as Obj).number === 443 && (ports[0] as Obj).targetPort === undefined;
  let waypoint: VarHandle | undefined;
  if (rule && httpSettings && tlsOnly && policy.tls === undefined) {
    ports = [{ number: 80, protocol: "HTTP", targetPort: 443 }];
    originate = true;
    notes.push(planner.correct(doc, ["spec", "ports", 0], "port 443/TLS → 80/HTTP with targetPort 443, and the proxy originates TLS: over a TLS port the proxy forwards opaque bytes, so the DestinationRule's HTTP circuit breaker never acted"));
    planner.correct(rule, ["spec", "trafficPolicy"], "adds tls: { mode: SIMPLE, sni } (tlsOrigination()): the proxy originates the TLS the application no longer speaks");
    if (ambientCallers && labels[USE_WAYPOINT] === undefined) {
      const name = "egress-waypoint";
      const existing = planner.gateway(doc.namespace, name);
      if (existing?.waypoint === true) waypoint = existing.handle;
      else if (existing === undefined && !planner.byKey.has(keyOf(GW, "Gateway", doc.namespace, name))) {
        waypoint = planner.handle(name, "waypoint", doc.namespace);
        planner.defineGateway(doc.namespace, name, waypoint, true, ["mesh"]);
        planner.add({ namespace: doc.namespace, rank: Rank.gateway, docs: [], sortKey: `Gateway/${name}/${GW}`, expr: method(planner.namespace(doc.namespace), "waypoint", value(name)), bind: waypoint, as: "waypoint" });
      }
      if (waypoint !== undefined) notes.push(planner.correct(doc, ["metadata", "labels"], `uses the waypoint ${doc.namespace}/${name}: callers in ambient mode get no DestinationRule from ztunnel, only from a waypoint`));
    }
  }
  const portExprs: Expr[] = [];
  for (const p of ports) {
    if (!onlyKeys(p, ["number", "name", "protocol", "targetPort"]) || typeof p.number !== "number") return;
    if (!["HTTP", "HTTPS", "HTTP2", "GRPC", "TLS", "TCP", "MONGO", "MYSQL", "REDIS", "UDP"].includes(p.protocol as string)) return;
    portExprs.push(object({ number: value(p.number), protocol: value(p.protocol as string), ...(p.name !== undefined ? { name: value(p.name as string) } : {}), ...(p.targetPort !== undefined ? { targetPort: value(p.targetPort as number) } : {}) }));
  }
  if (waypoint === undefined && labels[USE_WAYPOINT] !== undefined) {
    const wp = planner.gateway(labels[USE_WAYPOINT_NS] ?? doc.namespace, labels[USE_WAYPOINT]);
    if (wp?.waypoint === true) {
      waypoint = wp.handle;
      delete labels[USE_WAYPOINT];
      delete labels[USE_WAYPOINT_NS];
    }
  }
  const meta = metadataOptions(doc, [USE_WAYPOINT, USE_WAYPOINT_NS].filter((k) => labels[k] === undefined));
  const optional = ["resolution", "location", "addresses", "endpoints", "exportTo", "subjectAltNames", "workloadSelector"] as const;
  let expr: Expr = call(planner.namespace(doc.namespace), "externalService", value(doc.name), object({
    hosts: value(hosts),
    ports: array(portExprs),
    ...Object.fromEntries(optional.filter((k) => spec[k] !== undefined).map((k) => [k, value(spec[k] as Json)])),
    destinationRuleName: rule ? value(rule.name) : undefined,
    waypoint: waypoint === undefined ? undefined : use(waypoint),
    ...meta,
  }));
  if (originate) expr = call(expr, "tlsOrigination");
  if (rule && Object.keys(policy).length > 0) {
    const parts = policyCalls(policy, hosts[0]!);
    if (parts === undefined) return;
    for (const [name, arg] of parts.calls) expr = call(expr, name, arg);
  }
  planner.add({ namespace: doc.namespace, rank: Rank.traffic, docs: rule ? [doc, rule] : [doc], expr, as: "externalService", notes });
}

// --- security ---

function targetOf(planner: Planner, doc: Doc, spec: Obj): Expr | undefined | null {
  if (spec.targetRefs !== undefined && spec.selector !== undefined) return null;
  if (spec.selector !== undefined) {
    if (!onlyKeys(spec.selector, ["matchLabels"]) || !isObj((spec.selector as Obj).matchLabels)) return null;
    return planner.workload(doc.namespace!, (spec.selector as Obj).matchLabels as Record<string, string>);
  }
  if (spec.targetRefs === undefined) return undefined;
  if (!Array.isArray(spec.targetRefs) || spec.targetRefs.length !== 1) return null;
  const t = spec.targetRefs[0];
  if (!onlyKeys(t, ["group", "kind", "name", "namespace"]) || typeof t.name !== "string") return null;
  const ns = typeof t.namespace === "string" ? t.namespace : doc.namespace!;
  if (t.kind === "Gateway" && t.group === GW) return planner.gatewayRef(ns, t.name);
  if (t.kind === "Service" && (t.group === "" || t.group === undefined)) return planner.service(ns, t.name);
  return null;
}

function recognizePeerAuthentication(planner: Planner, doc: Doc): void {
  if (!planner.available(doc) || !plainObject(doc) || doc.namespace === undefined) return;
  const spec = specOf(doc);
  if (!onlyKeys(spec, ["mtls", "selector", "portLevelMtls"]) || (spec.mtls !== undefined && !onlyKeys(spec.mtls, ["mode"]))) return;
  const mode = (spec.mtls as Obj | undefined)?.mode as string | undefined;
  const meta = metadataOptions(doc);
  const root = doc.namespace === planner.rootNamespace;
  if (spec.selector === undefined && spec.portLevelMtls === undefined && mode !== undefined && meta.labels === undefined && meta.annotations === undefined) {
    const notes: string[] = [];
    if (doc.name !== "default") {
      if (!root) {
        planner.add({ namespace: doc.namespace, rank: Rank.policy, docs: [doc], expr: method(planner.namespace(doc.namespace), "peerAuthentication", value(doc.name), object({ mode: value(mode) })), as: "peerAuthentication" });
        return;
      }
      if (planner.byKey.has(keyOf(SEC, "PeerAuthentication", doc.namespace, "default"))) return;
      planner.movedTo.set(doc, keyOf(SEC, "PeerAuthentication", doc.namespace, "default"));
      notes.push(planner.correct(doc, ["metadata", "name"], `named default: the mesh-wide policy is the root namespace's PeerAuthentication default (mesh.mtls), not ${doc.name}`));
    }
    const on = root ? ref("mesh") : planner.namespace(doc.namespace);
    planner.add({ namespace: root ? undefined : doc.namespace, rank: Rank.policy, docs: [doc], expr: method(on, "mtls", value(mode)), as: "mtls", notes });
    return;
  }
  if (spec.selector === undefined) return;
  if (!onlyKeys(spec.selector, ["matchLabels"])) return;
  const selector = planner.workload(doc.namespace, (spec.selector as Obj).matchLabels as Record<string, string>);
  let portLevel: Expr | undefined;
  if (spec.portLevelMtls !== undefined) {
    if (!isObj(spec.portLevelMtls)) return;
    const entries: Record<string, Json> = {};
    for (const [port, v] of Object.entries(spec.portLevelMtls)) {
      if (!onlyKeys(v, ["mode"]) || !/^[0-9]+$/.test(port)) return;
      entries[port] = (v as Obj).mode as string;
    }
    portLevel = value(entries);
  }
  planner.add({ namespace: doc.namespace, rank: Rank.policy, docs: [doc], expr: method(planner.namespace(doc.namespace), "peerAuthentication", value(doc.name), object({ selector, mode: mode === undefined ? undefined : value(mode), portLevel, ...meta })), as: "peerAuthentication" });
}

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];
const CONDITION_KEYS = ["request.auth.principal", "request.auth.audiences", "request.auth.presenter", "source.ip", "remote.ip", "source.namespace", "source.principal", "destination.ip", "destination.port", "connection.sni"];
const CLAIM = /^request\.auth\.claims\[([^\][]+)\]$/;
const HEADER = /^request\.headers\[([^\][]+)\]$/;

function conditionOf(planner: Planner, w: unknown): Expr | undefined {
  if (!onlyKeys(w, ["key", "values", "notValues"]) || typeof w.key !== "string") return undefined;
  const lists = [w.values, w.notValues].filter((l) => l !== undefined);
  if (lists.length !== 1 || !stringList(lists[0]) || lists[0].length === 0) return undefined;
  const values = (lists[0] as string[]).map((v) => value(v));
  const verb = w.values !== undefined ? "equals" : "notEquals";
  const claim = CLAIM.exec(w.key);
  if (claim) return method({ t: "call", callee: planner.helper("claim"), args: [value(claim[1]!)] }, verb, ...values);
  const header = HEADER.exec(w.key);
  if (header) return method({ t: "call", callee: planner.helper("header"), args: [value(header[1]!)] }, verb, ...values);
  if (CONDITION_KEYS.includes(w.key) || w.key.startsWith("experimental.envoy.filters.")) return method({ t: "call", callee: planner.helper("attribute"), args: [value(w.key)] }, verb, ...values);
  return undefined;
}

function rulesOf(planner: Planner, rules: unknown): Expr | undefined {
  if (!Array.isArray(rules)) return undefined;
  const out: Expr[] = [];
  for (const rule of rules) {
    if (!onlyKeys(rule, ["from", "to", "when"])) return undefined;
    const entries: Record<string, Expr> = {};
    if (rule.from !== undefined) {
      if (!Array.isArray(rule.from)) return undefined;
      const from: Expr[] = [];
      for (const f of rule.from) {
        if (!onlyKeys(f, ["source"]) || !isObj(f.source)) return undefined;
        const source = f.source;
        if (onlyKeys(source, ["principals"]) && stringList(source.principals) && source.principals.length > 0) from.push({ t: "call", callee: planner.helper("fromPrincipals"), args: source.principals.map((p) => value(p)) });
        else if (onlyKeys(source, ["namespaces"]) && stringList(source.namespaces) && source.namespaces.length > 0) from.push({ t: "call", callee: planner.helper("fromNamespaces"), args: source.namespaces.map((n) => (planner.isManaged(n) ? planner.namespace(n) : value(n))) });
        else from.push(value(source as Json));
      }
      entries.from = array(from);
    }
    if (rule.to !== undefined) {
      if (!Array.isArray(rule.to)) return undefined;
      const to: Expr[] = [];
      for (const t of rule.to) {
        if (!onlyKeys(t, ["operation"]) || !isObj(t.operation)) return undefined;
        const op: Record<string, Json> = { ...(t.operation as Record<string, Json>) };
        for (const k of ["ports", "notPorts"]) {
          if (op[k] === undefined) continue;
          if (!stringList(op[k]) || !(op[k] as string[]).every((p) => /^[1-9][0-9]*$/.test(p))) return undefined;
          op[k] = (op[k] as string[]).map(Number);
        }
        for (const k of ["methods", "notMethods"]) if (op[k] !== undefined && !(stringList(op[k]) && (op[k] as string[]).every((m) => HTTP_METHODS.includes(m)))) return undefined;
        to.push(value(op));
      }
      entries.to = array(to);
    }
    if (rule.when !== undefined) {
      if (!Array.isArray(rule.when)) return undefined;
      const when: Expr[] = [];
      for (const w of rule.when) {
        const c = conditionOf(planner, w);
        if (c === undefined) return undefined;
        when.push(c);
      }
      entries.when = array(when);
    }
    out.push(object(entries));
  }
  return array(out);
}

function recognizeAuthorizationPolicy(planner: Planner, doc: Doc): void {
  if (!planner.available(doc) || !plainObject(doc) || doc.namespace === undefined) return;
  const spec = specOf(doc);
  if (!onlyKeys(spec, ["action", "rules", "targetRefs", "selector", "provider"]) || typeof spec.action !== "string") return;
  if (recognizeGuideJwt(planner, doc, spec)) return;
  const target = targetOf(planner, doc, spec);
  if (target === null) return;
  let provider: Expr | undefined;
  if (spec.provider !== undefined) {
    if (spec.action !== "CUSTOM" || !onlyKeys(spec.provider, ["name"])) return;
    provider = value((spec.provider as Obj).name as string);
  } else if (spec.action === "CUSTOM") return;
  const rules = spec.rules === undefined ? undefined : rulesOf(planner, spec.rules);
  if (spec.rules !== undefined && rules === undefined) return;
  planner.add({ namespace: doc.namespace, rank: Rank.policy, docs: [doc], expr: method(planner.namespace(doc.namespace), "authorizationPolicy", value(doc.name), object({ target, action: value(spec.action), provider, rules, ...metadataOptions(doc) })), as: "authorizationPolicy" });
}

/**
 * The guide's JWT policy: an ALLOW policy on a gateway whose only rule asks for a principal and
 * the issuer's claim, with no RequestAuthentication to validate the token. Callers of an ingress
 * gateway have no mTLS identity, so the rule never matched; what it means is `requireJwt`, when
 * the issuer's key set is known.
 */
function recognizeGuideJwt(planner: Planner, doc: Doc, spec: Obj): boolean {
  if (spec.action !== "ALLOW" || !Array.isArray(spec.targetRefs) || spec.targetRefs.length !== 1 || !Array.isArray(spec.rules) || spec.rules.length !== 1) return false;
  const target = spec.targetRefs[0] as Obj;
  if (!onlyKeys(target, ["group", "kind", "name"]) || target.kind !== "Gateway" || target.group !== GW) return false;
  const rule = spec.rules[0];
  if (!onlyKeys(rule, ["from", "when"]) || !Array.isArray(rule.when) || !Array.isArray(rule.from) || rule.from.length !== 1) return false;
  const source = (rule.from[0] as Obj).source;
  if (!onlyKeys(rule.from[0], ["source"]) || !onlyKeys(source, ["principals"])) return false;
  const issuers = rule.when.filter((w) => isObj(w) && w.key === "request.auth.claims[iss]" && stringList(w.values) && w.values.length === 1);
  if (issuers.length !== 1) return false;
  const issuer = ((issuers[0] as Obj).values as string[])[0]!;
  const jwksUri = KNOWN_JWKS[issuer];
  const hasRequestAuthentication = [...planner.byKey.values()].some((d) => d.group === SEC && d.kind === "RequestAuthentication" && d.namespace === doc.namespace);
  if (jwksUri === undefined || hasRequestAuthentication) return false;
  const claims: Record<string, Json> = {};
  for (const w of rule.when as Obj[]) {
    const claim = CLAIM.exec(w.key as string);
    if (!claim || !onlyKeys(w, ["key", "values"]) || !stringList(w.values) || w.values.length === 0) return false;
    claims[claim[1]!] = w.values.length === 1 ? w.values[0]! : w.values;
  }
  const notes = [
    planner.correct(doc, ["spec", "rules", 0, "from", 0, "source", "principals"], "source.principals → source.requestPrincipals of the issuer: callers of an ingress gateway have no mTLS identity, so the rule never matched"),
    planner.correct(doc, ["spec", "rules", 0, "when"], `adds RequestAuthentication ${doc.name} for ${issuer} (key set ${jwksUri}): a policy on request.auth.claims matches nothing unless a RequestAuthentication validates the token`),
  ];
  const gateway = planner.gatewayRef(doc.namespace!, target.name as string);
  planner.add({
    namespace: doc.namespace,
    rank: Rank.policy,
    docs: [doc],
    expr: method(planner.namespace(doc.namespace!), "requireJwt", gateway, object({ name: value(doc.name), issuer: value(issuer), jwksUri: value(jwksUri), claims: value(claims), ...metadataOptions(doc) })),
    as: "requireJwt",
    notes,
  });
  return true;
}

/** A RequestAuthentication with the AuthorizationPolicy that requires its JWT: `requireJwt`; alone: `requestAuthentication`. */
function recognizeRequireJwt(planner: Planner, doc: Doc): void {
  if (!planner.available(doc) || !plainObject(doc) || doc.namespace === undefined) return;
  const spec = specOf(doc);
  if (!onlyKeys(spec, ["targetRefs", "selector", "jwtRules"]) || !Array.isArray(spec.jwtRules) || spec.jwtRules.length === 0) return;
  const rules = spec.jwtRules as unknown[];
  if (!rules.every((r) => isObj(r) && typeof r.issuer === "string")) return;
  const policy = planner.byKey.get(keyOf(SEC, "AuthorizationPolicy", doc.namespace, doc.name));
  const target = spec.targetRefs as Obj[] | undefined;
  const onGateway = Array.isArray(target) && target.length === 1 && onlyKeys(target[0], ["group", "kind", "name"]) && target[0]!.kind === "Gateway" && target[0]!.group === GW;
  if (policy !== undefined && planner.available(policy) && plainObject(policy) && onGateway && rules.length === 1 && JSON.stringify(metadataOptions(policy)) === JSON.stringify(metadataOptions(doc))) {
    const rule = rules[0] as Obj;
    const p = specOf(policy);
    const issuer = rule.issuer as string;
    const sameTarget = JSON.stringify(p.targetRefs) === JSON.stringify(spec.targetRefs);
    const only = Array.isArray(p.rules) && p.rules.length === 1 ? (p.rules[0] as Obj) : undefined;
    const from = only && Array.isArray(only.from) && only.from.length === 1 ? (only.from[0] as Obj) : undefined;
    const requested = from && onlyKeys(from, ["source"]) && onlyKeys(from.source, ["requestPrincipals"]) ? ((from.source as Obj).requestPrincipals as unknown) : undefined;
    if (onlyKeys(p, ["action", "rules", "targetRefs"]) && p.action === "ALLOW" && sameTarget && only && onlyKeys(only, ["from", "when"]) && stringList(requested) && requested.length === 1 && requested[0] === `${issuer}/*` && typeof rule.jwksUri === "string") {
      const claims: Record<string, Json> = {};
      let ok = true;
      for (const w of (only.when ?? []) as Obj[]) {
        const claim = CLAIM.exec(w.key as string);
        if (!claim || !onlyKeys(w, ["key", "values"]) || !stringList(w.values) || w.values.length === 0 || claim[1]! in claims) ok = false;
        else claims[claim[1]!] = w.values.length === 1 ? w.values[0]! : w.values;
      }
      if (ok) {
        const gateway = planner.gatewayRef(doc.namespace, target![0]!.name as string);
        const { issuer: _issuer, jwksUri, ...more } = rule;
        const name = doc.name === `${target![0]!.name as string}-jwt` ? undefined : value(doc.name);
        planner.add({
          namespace: doc.namespace,
          rank: Rank.policy,
          docs: [doc, policy],
          expr: method(planner.namespace(doc.namespace), "requireJwt", gateway, object({ name, issuer: value(issuer), jwksUri: value(jwksUri as string), ...Object.fromEntries(Object.entries(more).map(([k, v]) => [k, value(v as Json)])), claims: Object.keys(claims).length > 0 ? value(claims) : undefined, ...metadataOptions(doc) })),
          as: "requireJwt",
        });
        return;
      }
    }
  }
  const t = targetOf(planner, doc, spec);
  if (t === null) return;
  planner.add({ namespace: doc.namespace, rank: Rank.policy, docs: [doc], expr: method(planner.namespace(doc.namespace), "requestAuthentication", value(doc.name), object({ target: t, jwt: value(rules as Json), ...metadataOptions(doc) })), as: "requestAuthentication" });
}

// --- telemetry ---

function providersOf(list: unknown): Json | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || !list.every((p) => onlyKeys(p, ["name"]) && typeof p.name === "string")) return null;
  return list.map((p) => (p as Obj).name as string);
}

function recognizeTelemetry(planner: Planner, doc: Doc): void {
  if (!planner.available(doc) || !plainObject(doc) || doc.namespace === undefined) return;
  const spec = structuredClone(specOf(doc)) as Record<string, unknown>;
  if (!onlyKeys(spec, ["targetRefs", "selector", "accessLogging", "metrics", "tracing"])) return;
  const notes: string[] = [];
  const target = targetOf(planner, doc, spec);
  if (target === null) return;
  const sections: Record<string, Expr> = {};
  for (const section of ["accessLogging", "metrics", "tracing"] as const) {
    const list = spec[section];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return;
    const items: Json[] = [];
    for (const [i, entry] of list.entries()) {
      if (!isObj(entry)) return;
      const item: Record<string, Json> = { ...(entry as Record<string, Json>) };
      const providers = providersOf(entry.providers);
      if (providers === null) return;
      delete item.providers;
      if (section === "metrics" && Array.isArray(item.overrides)) {
        item.overrides = (item.overrides as Json[]).map((o, j) => {
          if (!isObj(o) || !("statName" in o) || "match" in o || typeof o.statName !== "string") return o;
          const { statName, ...rest } = o as Record<string, Json>;
          notes.push(planner.correct(doc, ["spec", "metrics", i, "overrides", j, "statName"], `statName → match.metric: a metrics override names its metric in match.metric; statName is no field of it, and the API server refuses it`));
          return { match: { metric: statName as string }, ...rest };
        });
      }
      if (section === "tracing" && isObj(item.customTags)) {
        const tags: Record<string, Json> = {};
        for (const [name, tag] of Object.entries(item.customTags as Record<string, Json>)) {
          if (isObj(tag) && typeof tag.literal === "string") {
            notes.push(planner.correct(doc, ["spec", "tracing", i, "customTags", name, "literal"], `customTags.${name}.literal: "${tag.literal}" → literal: { value: "${tag.literal}" }: a literal tag is an object with its value`));
            tags[name] = { ...(tag as Record<string, Json>), literal: { value: tag.literal } };
          } else tags[name] = tag;
        }
        item.customTags = tags;
      }
      items.push(providers === undefined ? item : { providers, ...item });
    }
    sections[section] = value(items);
  }
  const root = doc.namespace === planner.rootNamespace && target === undefined;
  const on = root ? ref("mesh") : planner.namespace(doc.namespace);
  planner.add({ namespace: root ? undefined : doc.namespace, rank: Rank.telemetry, docs: [doc], expr: method(on, "telemetry", value(doc.name), object({ target, ...sections, ...metadataOptions(doc) })), as: "telemetry", notes });
}
