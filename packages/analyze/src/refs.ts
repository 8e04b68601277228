/**
 * References between resources, read with the defaults their APIs give them: a Gateway API
 * `parentRef` is a Gateway of the route's namespace unless it says otherwise, a `backendRef` a
 * Service; an Istio policy's `targetRef`/`targetRefs` a resource of the policy's namespace.
 */
import type { HTTPRouteSpec } from "@meshform/gateway-api/gateway.networking.k8s.io/http-route";
import type { VirtualServiceSpec } from "@meshform/istio/networking.istio.io/virtual-service";
import { qualifyHost } from "./hosts.js";
import { registryOf, type Viewer } from "./checks/istio-references/registry.js";
import { GROUP, type IndexedResource, type MeshIndex } from "./resource-index.js";
import { isObject, itemsOf, stringsOf, text } from "./read.js";
import type { FieldPath } from "./types.js";

/** The Gateway API route kinds. */
export const ROUTE_KINDS: readonly string[] = ["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute"];

/** A reference from one resource to another, with its defaults filled and where it is written. */
export interface ResourceRef {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** `parentRef.sectionName`. */
  readonly sectionName?: string;
  /** `parentRef.port`, `backendRef.port`. */
  readonly port?: number;
  readonly path: FieldPath;
}

const routeLists = new WeakMap<MeshIndex, readonly IndexedResource[]>();

/** Every Gateway API route of the set: one list per index, which six checks read. */
export function routesOf(index: MeshIndex): readonly IndexedResource[] {
  let routes = routeLists.get(index);
  if (routes === undefined) routeLists.set(index, (routes = ROUTE_KINDS.flatMap((kind) => index.ofKind(GROUP.gateway, kind))));
  return routes;
}

// Several checks read the references of every route (the parentRefs five times over). During an
// analysis ({@link withRefsKept}) each route's are read once and kept in a map that is dropped
// when the analysis returns; outside one they are read anew on each call.

/** The references read during the analysis running now, by route; `undefined` when none runs. */
let kept: { readonly parents: Map<IndexedResource, readonly ResourceRef[]>; readonly backends: Map<IndexedResource, readonly ResourceRef[]> } | undefined;

/**
 * Runs `analysis` (synchronous) keeping the references of each route once read, and lets them go
 * when it returns. The resources must not change while it runs.
 */
export function withRefsKept<T>(analysis: () => T): T {
  const outer = kept;
  kept = { parents: new Map(), backends: new Map() };
  try {
    return analysis();
  } finally {
    kept = outer;
  }
}

/** What a reference written in a route holds, before its defaults. */
interface WrittenRef {
  readonly group?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: unknown;
  readonly sectionName?: unknown;
  readonly port?: unknown;
}

/** A written reference with the defaults of its place filled: the API group and kind, the route's namespace. */
function refAt(ref: WrittenRef, defaults: { group: string; kind: string }, route: IndexedResource, path: FieldPath): ResourceRef {
  return {
    group: ref.group ?? defaults.group,
    kind: ref.kind ?? defaults.kind,
    namespace: ref.namespace ?? route.namespace,
    name: text(ref.name) ?? "",
    sectionName: text(ref.sectionName),
    port: typeof ref.port === "number" ? ref.port : undefined,
    path,
  };
}

const PARENT = { group: GROUP.gateway, kind: "Gateway" };
const BACKEND = { group: GROUP.core, kind: "Service" };

/** The references of a route without any: shared, as most lists kept for a route would be empty. */
const NO_REFS: readonly ResourceRef[] = Object.freeze([]);

// The field paths of references, one frozen list per position shared by every route, rather than
// one per reference kept for the whole analysis (a route of the benchmark keeps three).
const parentPaths: FieldPath[] = [];
const backendPaths: FieldPath[][] = [];

function parentPath(i: number): FieldPath {
  return (parentPaths[i] ??= Object.freeze(["spec", "parentRefs", i]));
}

function backendPath(r: number, b: number): FieldPath {
  const ofRule = (backendPaths[r] ??= []);
  return (ofRule[b] ??= Object.freeze(["spec", "rules", r, "backendRefs", b]));
}

/**
 * The references read from `list` by `read`, skipping items that are not objects (as {@link
 * itemsOf} does), in a list of their exact length: it is kept for the whole analysis, where one
 * grown by `push` would keep room for more than a dozen.
 */
function refsIn<T>(list: readonly T[] | null | undefined, read: (item: T, i: number) => ResourceRef): readonly ResourceRef[] {
  if (!Array.isArray(list)) return NO_REFS;
  let objects = 0;
  for (let i = 0; i < list.length; i += 1) if (isObject(list[i] as unknown)) objects += 1;
  if (objects === 0) return NO_REFS;
  const refs = new Array<ResourceRef>(objects);
  let n = 0;
  for (let i = 0; i < list.length; i += 1) {
    const item = list[i] as T;
    if (isObject(item as unknown)) refs[n++] = read(item, i);
  }
  return refs;
}

/** A route's parentRefs (default: a Gateway in the route's namespace). */
export function parentRefsOf(route: IndexedResource): readonly ResourceRef[] {
  const known = kept?.parents.get(route);
  if (known !== undefined) return known;
  const spec = route.spec as Partial<HTTPRouteSpec>;
  const refs = refsIn(spec.parentRefs, (ref, i) => refAt(ref, PARENT, route, parentPath(i)));
  kept?.parents.set(route, refs);
  return refs;
}

/** A route's backendRefs, over all its rules (default: a Service in the route's namespace). */
export function backendRefsOf(route: IndexedResource): readonly ResourceRef[] {
  const known = kept?.backends.get(route);
  if (known !== undefined) return known;
  const refs = readBackendRefs(route);
  kept?.backends.set(route, refs);
  return refs;
}

function readBackendRefs(route: IndexedResource): readonly ResourceRef[] {
  const spec = route.spec as Partial<HTTPRouteSpec>;
  const rules = itemsOf(spec.rules);
  // Most routes have one rule: its backendRefs are read straight into a list of their exact length.
  if (rules.length === 1) {
    const [r, rule] = rules[0]!;
    return refsIn(rule.backendRefs, (ref, b) => refAt(ref, BACKEND, route, backendPath(r, b)));
  }
  const refs: ResourceRef[] = [];
  for (const [r, rule] of rules) {
    for (const [b, ref] of itemsOf(rule.backendRefs)) refs.push(refAt(ref, BACKEND, route, backendPath(r, b)));
  }
  return refs.length === 0 ? NO_REFS : refs.slice();
}

/** Whether a reference names a Kubernetes Service. */
export function isServiceRef(ref: Pick<ResourceRef, "group" | "kind">): boolean {
  return (ref.group === "" || ref.group === "core") && ref.kind === "Service";
}

/** Whether a reference names a Gateway API Gateway. */
export function isGatewayRef(ref: Pick<ResourceRef, "group" | "kind">): boolean {
  return ref.group === GROUP.gateway && ref.kind === "Gateway";
}

/** The kinds whose `targetRef`/`targetRefs` analysis follows. */
export const POLICY_KINDS: readonly (readonly [string, string])[] = [
  [GROUP.security, "AuthorizationPolicy"],
  [GROUP.security, "RequestAuthentication"],
  [GROUP.telemetry, "Telemetry"],
  [GROUP.extensions, "WasmPlugin"],
  [GROUP.networking, "EnvoyFilter"],
];

/** Every resource of the set that has targetRefs: Istio policies, Telemetry, WasmPlugin, EnvoyFilter. */
export function policiesOf(index: MeshIndex): IndexedResource[] {
  return POLICY_KINDS.flatMap(([group, kind]) => index.ofKind(group, kind));
}

/** A policy's `targetRef` and `targetRefs`, in the policy's namespace. */
export function targetRefsOf(policy: IndexedResource): ResourceRef[] {
  const read = (ref: Record<string, unknown>, path: FieldPath): ResourceRef => ({
    group: text(ref.group) ?? "",
    kind: text(ref.kind) ?? "",
    namespace: text(ref.namespace) ?? policy.namespace,
    name: text(ref.name) ?? "",
    path,
  });
  const single = policy.spec.targetRef;
  const refs = itemsOf(Array.isArray(policy.spec.targetRefs) ? (policy.spec.targetRefs as Record<string, unknown>[]) : []);
  return [
    ...(typeof single === "object" && single !== null && !Array.isArray(single) ? [read(single as Record<string, unknown>, ["spec", "targetRef"])] : []),
    ...refs.map(([i, ref]) => read(ref, ["spec", "targetRefs", i])),
  ];
}

/** `Kind namespace/name`, the way messages name a referenced resource. */
export function describeRef(ref: Pick<ResourceRef, "kind" | "namespace" | "name">): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}

/** A destination of a VirtualService route (or mirror), its host qualified in the VirtualService's namespace. */
export interface Destination {
  readonly host: string;
  /** The host as written. */
  readonly written: string;
  readonly subset?: string;
  /**
   * `destination.port.number` when the destination has a `port` (`0` when the port names no
   * number), `undefined` when it has none.
   */
  readonly port?: number;
  /** Whether it is an http `mirror` or `mirrors` entry rather than a route's destination. */
  readonly mirror: boolean;
  readonly path: FieldPath;
}

/** Every destination of a VirtualService: its http, tcp and tls routes, and http mirrors. */
export function destinationsOf(service: IndexedResource): Destination[] {
  const spec = service.spec as Partial<VirtualServiceSpec>;
  const read = (value: unknown, path: FieldPath, mirror: boolean): Destination[] => {
    if (!isObject(value)) return [];
    const written = text(value.host);
    if (written === undefined) return [];
    const subset = text(value.subset);
    const port = isObject(value.port) ? (typeof value.port.number === "number" ? value.port.number : 0) : undefined;
    return [{ host: qualifyHost(written, service.namespace), written, ...(subset ? { subset } : {}), ...(port === undefined ? {} : { port }), mirror, path }];
  };
  const routes = (section: "http" | "tcp" | "tls") =>
    itemsOf(spec[section] as { route?: { destination?: unknown }[] }[] | undefined).flatMap(([r, rule]) =>
      itemsOf(rule.route).flatMap(([d, route]) => read(route.destination, ["spec", section, r, "route", d, "destination"], false)),
    );
  const mirrors = itemsOf(spec.http).flatMap(([r, rule]) => [
    ...read(rule.mirror, ["spec", "http", r, "mirror"], true),
    ...itemsOf(rule.mirrors).flatMap(([m, mirror]) => read(mirror.destination, ["spec", "http", r, "mirrors", m, "destination"], true)),
  ]);
  return [...routes("http"), ...routes("tcp"), ...routes("tls"), ...mirrors];
}

/**
 * Whether a host is provided to a resource of `viewer.namespace` (with the `exportTo` of that
 * VirtualService or DestinationRule) by a Service or ServiceEntry of the set exported to it, or
 * declared external; as istioctl resolves destination hosts.
 */
export function isKnownHost(index: MeshIndex, host: string, viewer: Viewer): boolean {
  return registryOf(index).lookup(viewer, host) !== undefined;
}

/** The marker in the name of the Istio Gateway that Istio generates for a Gateway API Gateway's listener. */
export const INTERNAL_GATEWAY_MARKER = "~istio-autogenerated-k8s-gateway~";

/** An entry of a VirtualService's `spec.gateways`, other than `mesh`. */
export interface VirtualServiceGatewayEntry {
  /** The entry as written. */
  readonly written: string;
  /** Its namespace: written before `/`, else the VirtualService's. */
  readonly namespace: string;
  readonly name: string;
  /** Whether the entry is written without a namespace. */
  readonly short: boolean;
  /**
   * Whether it names the internal Istio Gateway Istio generates for a Gateway API Gateway
   * (`<gateway>~istio-autogenerated-k8s-gateway~<listener>`), which Istio reports as IST0165.
   */
  readonly internal: boolean;
  readonly path: FieldPath;
}

/** The gateways a VirtualService is bound to, as Istio's analyzers read `spec.gateways` (`mesh` left out). */
export function virtualServiceGatewaysOf(service: IndexedResource): VirtualServiceGatewayEntry[] {
  return stringsOf((service.spec as Partial<VirtualServiceSpec>).gateways).flatMap(([i, written]) => {
    if (written === "mesh") return [];
    const slash = written.indexOf("/");
    const [namespace, name] = slash >= 0 ? [written.slice(0, slash), written.slice(slash + 1)] : [service.namespace, written];
    return [{ written, namespace, name, short: slash < 0, internal: name.includes(INTERNAL_GATEWAY_MARKER), path: ["spec", "gateways", i] }];
  });
}
