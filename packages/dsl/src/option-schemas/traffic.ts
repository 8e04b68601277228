/** The schemas of the traffic builders' methods: DestinationRules, external services, traffic policies. */
import { strictObject } from "@meshform/kind-runtime";
import { z } from "zod";
import { labels, name, port, reference, type MethodSpecs } from "../input.js";
import type { DestinationRuleBuilder, DestinationRuleOptions, ExternalHost } from "../builders/destination-rule.js";
import type { ExternalPort, ExternalServiceBuilder, ExternalServiceOptions } from "../builders/service-entry.js";
import type { TrafficPolicyBuilder } from "../builders/traffic-builder.js";
import type { ConnectionCircuitBreaker, HttpCircuitBreaker, IstioDuration, TlsOriginationOptions } from "../builders/traffic-policy.js";
import type { ServiceRef } from "../refs.js";
import { copied, draftMetadata, list, options, waypointRef } from "./common.js";

const host = z.union([
  reference<ServiceRef>(["service"], "a service returned by a builder (ns.service(...))"),
  z.string().refine((value) => value.includes("."), { params: { expected: 'a service returned by a builder (ns.service(...)), or the FQDN of a host outside the config ("api.example.com")', reference: true } }),
]) as unknown as z.ZodType<ServiceRef | ExternalHost, ServiceRef | ExternalHost>;

/** A DestinationRule's options. */
export const destinationRuleOptions = strictObject<DestinationRuleOptions>({
  ...draftMetadata,
  host,
  exportTo: list(z.string()).optional() as z.ZodOptional<z.ZodType<NonNullable<DestinationRuleOptions["exportTo"]>, NonNullable<DestinationRuleOptions["exportTo"]>>>,
  workloadSelector: copied<NonNullable<DestinationRuleOptions["workloadSelector"]>>("object").optional(),
});

const externalPort = strictObject<ExternalPort>({
  number: port,
  targetPort: port.optional(),
  protocol: z.enum(["HTTP", "HTTP2", "GRPC", "HTTPS", "TLS", "TCP", "MONGO"]),
  name: z.string().min(1).optional(),
});

type LooseExternalServiceOptions = ExternalServiceOptions<ExternalPort>;
const copiedField = <K extends keyof LooseExternalServiceOptions>(shape: "object" | "array") => copied<NonNullable<LooseExternalServiceOptions[K]>>(shape).optional();

/** An external service's options. */
export const externalServiceOptions = strictObject<LooseExternalServiceOptions>({
  ...draftMetadata,
  hosts: z.array(z.string().min(1)).min(1) as unknown as z.ZodType<readonly [string, ...string[]], readonly [string, ...string[]]>,
  ports: list(externalPort),
  destinationRuleName: name("dns1123Subdomain", "DestinationRule name").optional(),
  addresses: copiedField<"addresses">("array"),
  endpoints: copiedField<"endpoints">("array"),
  exportTo: copiedField<"exportTo">("array"),
  location: z.enum(["MESH_EXTERNAL", "MESH_INTERNAL"]).optional(),
  resolution: z.enum(["NONE", "STATIC", "DNS", "DNS_ROUND_ROBIN", "DYNAMIC_DNS"]).optional(),
  subjectAltNames: copiedField<"subjectAltNames">("array"),
  workloadSelector: copiedField<"workloadSelector">("object"),
  waypoint: waypointRef.optional(),
});

const duration = z.string().regex(/^\d+(\.\d+)?(ms|s|m|h)$/) as unknown as z.ZodType<IstioDuration, IstioDuration>;
const count = z.number().int().min(0);
const ejection = { interval: duration, baseEjectionTime: duration, maxEjectionPercent: z.number().int().min(0).max(100).optional() } as const;
const httpBreaker = strictObject<HttpCircuitBreaker>({ ...ejection, maxPendingRequests: count, maxRequestsPerConnection: count.optional(), maxConnections: count.optional(), consecutive5xxErrors: count });
const connectionBreaker = strictObject<ConnectionCircuitBreaker>({ ...ejection, maxConnections: count, connectTimeout: duration.optional(), consecutiveGatewayErrors: count });
const circuitBreaker: z.ZodType<HttpCircuitBreaker | ConnectionCircuitBreaker, HttpCircuitBreaker | ConnectionCircuitBreaker> = z.union([httpBreaker, connectionBreaker]);

const tlsOrigination = strictObject<TlsOriginationOptions>({
  caCertificates: z.string().optional(),
  credentialName: z.string().optional(),
  subjectAltNames: list(z.string()).optional() as z.ZodOptional<z.ZodType<NonNullable<TlsOriginationOptions["subjectAltNames"]>, NonNullable<TlsOriginationOptions["subjectAltNames"]>>>,
  sni: z.string().optional(),
});

const loadBalancer = z.union([z.enum(["LEAST_REQUEST", "ROUND_ROBIN", "RANDOM", "PASSTHROUGH", "LEAST_CONN"]), copied<object>("object")]);

/** How the traffic-policy methods every destination has are checked. */
export const TRAFFIC_METHODS: MethodSpecs<TrafficPolicyBuilder<string>> = {
  trafficPolicy: { args: [{ label: "policy", schema: copied("object") }], returns: "self" },
  circuitBreaker: { args: [options(circuitBreaker)], returns: "self" },
  loadBalancing: { args: [{ label: "choice", schema: loadBalancer }], returns: "self" },
  subset: { args: [{ label: "name", schema: name("dns1123Label", "subset name") }, { label: "labels", schema: labels("labels") }, { label: "policy", schema: copied("object").optional() }], returns: "self" },
};

/** How a DestinationRule's own methods are checked. */
export const DESTINATION_RULE_METHODS: MethodSpecs<DestinationRuleBuilder> = {
  trafficPolicy: "inherited",
  circuitBreaker: "inherited",
  loadBalancing: "inherited",
  subset: "inherited",
  tlsOrigination: { args: [options(tlsOrigination, true)], returns: "self" },
};

/** How an external service's own methods are checked. */
export const EXTERNAL_SERVICE_METHODS: MethodSpecs<ExternalServiceBuilder<ExternalPort>> = {
  ...DESTINATION_RULE_METHODS,
  tlsOrigination: { args: [options(tlsOrigination, true)], returns: "self" },
};
