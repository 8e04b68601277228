/**
 * References between resources are values a builder returned, so a typo does not compile.
 * What lives outside the config (an application's Service) is referenced explicitly with
 * `namespace.service(name)`, which says so.
 */
import type { DraftKey } from "./model.js";

/**
 * Anything `mesh.patch` can target: a value a builder returned for a resource of the config (a
 * gateway, a route, a policy...), which knows the resource's key.
 */
export interface Patchable {
  /** The resource it stands for: group, kind, namespace and name. */
  readonly draftKey: DraftKey;
}

/**
 * A resource of the config that no other builder takes as a reference (a policy, a telemetry, a
 * ReferenceGrant, a raw resource): what its builder returns, for `mesh.patch`.
 */
export interface ResourceRef<Kind extends string = string> extends Patchable {
  readonly refType: "resource";
  readonly group: string;
  readonly kind: Kind;
  /** `undefined` for a cluster-scoped resource. */
  readonly namespace: string | undefined;
  readonly name: string;
}

/** The {@link ResourceRef} of the resource `key` names. */
export function resourceRefOf<Kind extends string>(key: DraftKey & { readonly kind: Kind }): ResourceRef<Kind> {
  const draftKey: DraftKey = { group: key.group, kind: key.kind, namespace: key.namespace, name: key.name };
  return { refType: "resource", group: key.group, kind: key.kind, namespace: key.namespace, name: key.name, draftKey };
}

/**
 * Which API a route is written in: the Gateway API (HTTPRoute) or Istio's own
 * (VirtualService). Chosen per route, per namespace or mesh-wide; see `docs/dsl.md`.
 */
export type RouteApi = "gateway-api" | "istio";

/** What every reference to a Gateway API Gateway holds, declared in the config or outside it. */
export interface GatewayApiGatewayRef<Listener extends string = string> {
  readonly refType: "gateway";
  readonly group: "gateway.networking.k8s.io";
  readonly kind: "Gateway";
  readonly name: string;
  readonly namespace: string;
  /** The listener names, for `sectionName`. */
  readonly listeners: readonly Listener[];
  /** Whether it is a waypoint (class `istio-waypoint`). */
  readonly waypoint: boolean;
  /** True when the Gateway lives outside the config (`ns.externalGateway(...)`): nothing writes it. */
  readonly external: boolean;
}

/** A reference to a Gateway API Gateway declared in the config, with its listener names. */
export interface GatewayRef<Listener extends string = string> extends GatewayApiGatewayRef<Listener>, Patchable {
  readonly external: false;
}

/**
 * A Gateway API Gateway that lives outside the config (a shared ingress another team owns),
 * declared with `ns.externalGateway(...)`: routes attach to it and policies target it; nothing
 * writes it, and `mesh.patch` cannot name it.
 */
export interface ExternalGatewayRef<Listener extends string = string> extends GatewayApiGatewayRef<Listener> {
  readonly external: true;
}

/**
 * A reference to an Istio `networking.istio.io` Gateway: one the config writes
 * (`ns.istioGateway(...)`), or one that lives outside it (`ns.externalIstioGateway(...)`).
 * VirtualServices bind to it by `namespace/name`.
 */
export interface IstioGatewayRef<Server extends string = string> {
  readonly refType: "istioGateway";
  readonly group: "networking.istio.io";
  readonly kind: "Gateway";
  readonly name: string;
  readonly namespace: string;
  /** The servers' names (each server's `port.name`). */
  readonly servers: readonly Server[];
  /**
   * Every host its servers list, as written (`"bookinfo.example.com"`, `"*"`, `"ns/host"`): a
   * route bound to the gateway must claim one of them.
   */
  readonly hosts: readonly string[];
  /** True when the Gateway lives outside the config: nothing writes it. */
  readonly external: boolean;
}

/** A reference to an Istio Gateway the config writes: also a target for `mesh.patch`. */
export interface WrittenIstioGatewayRef<Server extends string = string> extends IstioGatewayRef<Server>, Patchable {
  readonly external: false;
}

/**
 * A named subset of a destination's endpoints: what `destinationRule(...).subset(name, ...)`
 * declares (read it back from the rule's `subsets`), or what `ns.externalSubsets(...)` declares
 * for a DestinationRule outside the config. Routes written in Istio's API send traffic to it.
 */
export interface SubsetRef<Name extends string = string> {
  readonly refType: "subset";
  /** The subset's name. */
  readonly name: Name;
  /** The destination host, as the DestinationRule writes it: a Service's FQDN, or an external name. */
  readonly host: string;
  /** The Service the host is, when the config knows it: its name, namespace and ports. */
  readonly service: ServiceRef | undefined;
  /** The namespace of the DestinationRule that defines the subset. */
  readonly namespace: string;
  /** True when the subset is defined outside the config. */
  readonly external: boolean;
}

/** A waypoint: a Gateway of class `istio-waypoint`. */
export type WaypointRef = GatewayRef<"mesh"> & { readonly waypoint: true };

/** A reference to a Kubernetes Service, declared in the config or living outside it. */
export interface ServiceRef<Port extends number = number> {
  readonly refType: "service";
  readonly group: "";
  readonly kind: "Service";
  readonly name: string;
  readonly namespace: string;
  /** The ports the config knows of, if it was told. */
  readonly ports: readonly Port[];
  /** True when the Service is not generated by meshform. */
  readonly external: boolean;
}

/** A reference to a workload by its labels, for selectors. */
export interface WorkloadRef {
  readonly refType: "workload";
  readonly namespace: string;
  readonly matchLabels: Readonly<Record<string, string>>;
}

/** Anything a route can attach to: a Gateway of either API, or a Service (mesh routing). */
export type RouteParent = GatewayApiGatewayRef | IstioGatewayRef | ServiceRef;

/** A Gateway API `parentRef` for a route parent. */
export function parentRefOf(parent: GatewayApiGatewayRef | ServiceRef, from: string, options: { sectionName?: string; port?: number } = {}) {
  return {
    group: parent.group,
    kind: parent.kind,
    name: parent.name,
    ...(parent.namespace !== from ? { namespace: parent.namespace } : {}),
    ...(options.sectionName !== undefined ? { sectionName: options.sectionName } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
  };
}

/** A policy `targetRef` (Istio and Gateway API style) for a Gateway or a Service. */
export function targetRefOf(target: GatewayApiGatewayRef | ServiceRef): { group: string; kind: string; name: string } {
  return { group: target.group, kind: target.kind, name: target.name };
}
