import type { GatewaySpec, GatewaySpecListeners } from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import { addDraft, type BuilderContext, type DraftMetadata } from "../draft-store.js";
import type { GatewayRef, WaypointRef } from "../refs.js";

const GROUP = "gateway.networking.k8s.io";

/** Which namespaces' routes may attach to a listener. */
export type AllowedRoutes = "Same" | "All" | { readonly selector: Readonly<Record<string, string>> };

/** A TLS certificate: a Secret in the gateway's namespace, or in another one. */
export interface CertificateRef {
  readonly name: string;
  readonly namespace?: string;
}

/** The protocols a Gateway listener speaks (Istio's class adds `HBONE` for waypoints). */
export type ListenerProtocol = "HTTP" | "HTTPS" | "TLS" | "TCP" | "UDP";

/** One listener of a Gateway. */
export interface ListenerOptions extends Pick<GatewaySpecListeners, "port" | "hostname"> {
  readonly protocol: ListenerProtocol;
  /**
   * TLS for HTTPS and TLS listeners: `terminate` with certificates, or `passthrough` (TLS only).
   * @defaultValue terminate, when certificates are given
   */
  readonly tls?: { readonly mode: "Terminate"; readonly certificates: readonly CertificateRef[] } | { readonly mode: "Passthrough" };
  /** @defaultValue `"Same"` */
  readonly allowedRoutes?: AllowedRoutes;
}

/** The options of a north-south Gateway. */
export interface GatewayOptions<Listener extends string> extends DraftMetadata {
  /** @defaultValue `"istio"` */
  readonly className?: string;
  /** Listeners by name, in order. */
  readonly listeners: Readonly<Record<Listener, ListenerOptions>>;
  /** Fixed addresses the gateway asks for. */
  readonly addresses?: GatewaySpec["addresses"];
}

function allowedRoutesOf(allowed: AllowedRoutes | undefined): GatewaySpecListeners["allowedRoutes"] {
  if (allowed === undefined || allowed === "Same") return undefined;
  if (allowed === "All") return { namespaces: { from: "All" } };
  return { namespaces: { from: "Selector", selector: { matchLabels: { ...allowed.selector } } } };
}

function listenerOf(name: string, options: ListenerOptions): GatewaySpecListeners {
  const tls = options.tls;
  return {
    name,
    port: options.port,
    protocol: options.protocol,
    ...(options.hostname !== undefined ? { hostname: options.hostname } : {}),
    ...(tls?.mode === "Terminate" ? { tls: { mode: "Terminate", certificateRefs: tls.certificates.map((c) => ({ kind: "Secret", group: "", name: c.name, ...(c.namespace ? { namespace: c.namespace } : {}) })) } } : {}),
    ...(tls?.mode === "Passthrough" ? { tls: { mode: "Passthrough" } } : {}),
    ...(allowedRoutesOf(options.allowedRoutes) ? { allowedRoutes: allowedRoutesOf(options.allowedRoutes) } : {}),
  };
}

/** A Gateway API Gateway of class `istio` (or another), one listener per entry. */
export function addGateway<Listener extends string>(ctx: BuilderContext, namespace: string, name: string, options: GatewayOptions<Listener>): GatewayRef<Listener> {
  const entries = Object.entries(options.listeners) as [Listener, ListenerOptions][];
  const spec: GatewaySpec = {
    gatewayClassName: options.className ?? "istio",
    listeners: entries.map(([listener, opts]) => listenerOf(listener, opts)),
    ...(options.addresses ? { addresses: options.addresses } : {}),
  };
  addDraft(ctx, { group: GROUP, kind: "Gateway", name, namespace, spec, metadata: options, method: "gateway" });
  return { refType: "gateway", group: GROUP, kind: "Gateway", name, namespace, listeners: entries.map(([l]) => l), waypoint: false, external: false, draftKey: { group: GROUP, kind: "Gateway", namespace, name } };
}

/** What a waypoint serves traffic for (`istio.io/waypoint-for`). */
export type WaypointFor = "service" | "workload" | "all" | "none";

/** The options of a waypoint. */
export interface WaypointOptions extends DraftMetadata {
  /** @defaultValue `"service"` (Istio's default) */
  readonly for?: WaypointFor;
}

/** A waypoint: a Gateway of class `istio-waypoint` with the HBONE listener on 15008. */
export function addWaypoint(ctx: BuilderContext, namespace: string, name: string, options: WaypointOptions): WaypointRef {
  const labels = { ...options.labels, ...(options.for && options.for !== "service" ? { "istio.io/waypoint-for": options.for } : {}) };
  const spec: GatewaySpec = {
    gatewayClassName: "istio-waypoint",
    listeners: [{ name: "mesh", port: 15008, protocol: "HBONE" }],
  };
  addDraft(ctx, { group: GROUP, kind: "Gateway", name, namespace, spec, metadata: { labels, ...(options.annotations ? { annotations: options.annotations } : {}) }, method: "waypoint" });
  return { refType: "gateway", group: GROUP, kind: "Gateway", name, namespace, listeners: ["mesh"], waypoint: true, external: false, draftKey: { group: GROUP, kind: "Gateway", namespace, name } };
}
