/** The schemas of {@link NamespaceBuilder}'s methods: namespaces, Services, gateways and waypoints. */
import { strictObject } from "@meshform/kind-runtime";
import { z } from "zod";
import { labels, name, port, type MethodSpecs } from "../input.js";
import type { AllowedRoutes, CertificateRef, GatewayOptions, ListenerOptions, WaypointOptions } from "../builders/gateway.js";
import type { NamespaceArgoCdOptions, NamespaceBuilder, NamespaceOptions } from "../builders/namespace.js";
import { copied, draftMetadata, gatewayRef, list, objectName, options, routeApi, serviceRef, waypointRef } from "./common.js";
import { egressOptions, istioGatewayOptions } from "./istio.js";
import { tcpRouteOptions, tlsRouteOptions } from "./route.js";
import { destinationRuleOptions, externalServiceOptions } from "./traffic.js";
import { authorizationPolicyOptions, mtlsMode, peerAuthenticationOptions, requestAuthenticationOptions, requireJwtOptions, telemetryOptions } from "./security.js";
import { httpRouteOptions, referenceGrantOptions, routeOptions } from "./route.js";

/** The fields of a namespace's options, for the schemas that take them and more. */
export const namespaceOptionsShape = {
  managed: z.boolean().optional(),
  ...draftMetadata,
  dataplane: z.enum(["ambient", "sidecar"]).optional(),
  routeApi: routeApi.optional(),
  argocd: strictObject<NamespaceArgoCdOptions>({ allowDeletion: z.boolean().optional() }).optional(),
} as const;

/** A namespace's options. */
export const namespaceOptions = strictObject<NamespaceOptions>(namespaceOptionsShape);

/** A Service's options: the ports the config knows of. */
export const serviceOptions = strictObject<{ readonly ports?: readonly number[] }>({ ports: list(port).optional() });

const allowedRoutes: z.ZodType<AllowedRoutes, AllowedRoutes> = z.union([z.enum(["Same", "All"]), strictObject<Extract<AllowedRoutes, object>>({ selector: labels("labels") })]);
const certificateRef = strictObject<CertificateRef>({ name: name("dns1123Subdomain", "Secret name"), namespace: name("dns1123Label", "namespace name").optional() });
const listener = strictObject<ListenerOptions>({
  port,
  hostname: z.string().optional(),
  protocol: z.enum(["HTTP", "HTTPS", "TLS", "TCP", "UDP"]),
  tls: z.union([strictObject<{ readonly mode: "Terminate"; readonly certificates: readonly CertificateRef[] }>({ mode: z.literal("Terminate"), certificates: list(certificateRef) }), strictObject<{ readonly mode: "Passthrough" }>({ mode: z.literal("Passthrough") })]).optional(),
  allowedRoutes: allowedRoutes.optional(),
});

/** A Gateway's options; listener names follow the Gateway API's SectionName rule. */
export const gatewayOptions = strictObject<GatewayOptions<string>>({
  ...draftMetadata,
  className: name("dns1123Subdomain", "GatewayClass name").optional(),
  listeners: z.record(name("sectionName", "listener name"), listener).refine((listeners) => Object.keys(listeners).length > 0, { params: { expected: "at least one listener" } }),
  addresses: copied<NonNullable<GatewayOptions<string>["addresses"]>>("array").optional(),
});

/** A waypoint's options. */
export const waypointOptions = strictObject<WaypointOptions>({ ...draftMetadata, for: z.enum(["service", "workload", "all", "none"]).optional() });

/** How each of {@link NamespaceBuilder}'s methods is checked. */
export const NAMESPACE_METHODS: MethodSpecs<NamespaceBuilder> = {
  merge: "internal",
  useWaypoint: { args: [{ label: "waypoint", schema: waypointRef }], returns: "self" },
  service: { args: [{ label: "name", schema: name("dns1035Label", "Service name") }, options(serviceOptions, true)], returns: "value" },
  gateway: { args: [objectName("Gateway"), options(gatewayOptions)], returns: "value" },
  waypoint: { args: [{ label: "name", schema: name("dns1123Subdomain", "Gateway name").optional() }, options(waypointOptions, true)], returns: "value" },
  resource: { args: [{ label: "object", schema: z.looseObject({ kind: z.string(), metadata: z.looseObject({ name: z.string() }) }) }], returns: "value" },
  httpRoute: { args: [objectName("HTTPRoute"), options(httpRouteOptions, true)], returns: "value" },
  grpcRoute: { args: [objectName("GRPCRoute"), options(routeOptions, true)], returns: "value" },
  referenceGrant: { args: [objectName("ReferenceGrant"), options(referenceGrantOptions)], returns: "value" },
  tcpRoute: { args: [objectName("VirtualService"), options(tcpRouteOptions, true)], returns: "value" },
  tlsRoute: { args: [objectName("VirtualService"), options(tlsRouteOptions, true)], returns: "value" },
  // Istio refuses a Gateway whose name is not a DNS-1123 label ("invalid gateway name").
  istioGateway: { args: [{ label: "name", schema: name("dns1123Label", "Gateway name") }, options(istioGatewayOptions)], returns: "value" },
  externalGateway: { args: [objectName("Gateway"), options(strictObject<{ readonly listeners?: readonly string[] }>({ listeners: list(name("sectionName", "listener name")).optional() }), true)], returns: "value" },
  externalIstioGateway: {
    args: [objectName("Gateway"), options(strictObject<{ readonly hosts: readonly [string, ...string[]]; readonly servers?: readonly string[] }>({ hosts: z.tuple([z.string().min(1)], z.string().min(1)) as unknown as z.ZodType<readonly [string, ...string[]], readonly [string, ...string[]]>, servers: list(z.string().min(1)).optional() }))],
    returns: "value",
  },
  externalSubsets: {
    args: [
      { label: "host", schema: z.union([serviceRef, z.string().regex(/\./, { message: "an external host is a fully qualified name, with a dot" })]) },
      { label: "names", schema: z.tuple([name("dns1123Label", "subset name")], name("dns1123Label", "subset name")) },
    ],
    returns: "value",
  },
  egress: { args: [objectName("ServiceEntry"), options(egressOptions)], returns: "value" },
  externalService: { args: [objectName("ServiceEntry"), options(externalServiceOptions)], returns: "value" },
  destinationRule: { args: [objectName("DestinationRule"), options(destinationRuleOptions)], returns: "value" },
  workload: { args: [{ label: "labels", schema: labels("labels") }], returns: "value" },
  mtls: { args: [{ label: "mode", schema: mtlsMode }], returns: "value" },
  peerAuthentication: { args: [objectName("PeerAuthentication"), options(peerAuthenticationOptions)], returns: "value" },
  requestAuthentication: { args: [objectName("RequestAuthentication"), options(requestAuthenticationOptions)], returns: "value" },
  authorizationPolicy: { args: [objectName("AuthorizationPolicy"), options(authorizationPolicyOptions)], returns: "value" },
  requireJwt: { args: [{ label: "gateway", schema: gatewayRef }, options(requireJwtOptions)], returns: "value" },
  telemetry: { args: [objectName("Telemetry"), options(telemetryOptions)], returns: "value" },
};
