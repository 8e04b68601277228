/** The schemas of the route builders' methods: HTTPRoute, GRPCRoute, their rules, ReferenceGrant. */
import { strictObject } from "@meshform/kind-runtime";
import { z } from "zod";
import { name, port, reference, type ArgumentSpec, type MethodSpec, type MethodSpecs } from "../input.js";
import type { RouteBuilder, RouteOptions, RouteRef } from "../builders/route-base.js";
import type { HTTPRouteBuilder, HTTPRouteOptions } from "../builders/route.js";
import type { GRPCRouteBuilder, GRPCRuleBuilder } from "../builders/route-grpc.js";
import type { CorsOptions, FaultOptions, HTTPRuleBuilder, RetryOptions } from "../builders/route-http-rule.js";
import type { ReferenceGrantOptions } from "../builders/route-grant.js";
import { copied, draftMetadata, istioGatewayRef, list, options, routeApi, routeParent, serviceRef, subsetRef } from "./common.js";
import type { L4RuleBuilder, TCPRouteBuilder, TCPRouteOptions, TLSMatch, TLSRouteBuilder, TLSRouteOptions } from "../builders/route-l4.js";

/** What every route takes besides its rules. */
const commonRouteOptions = { ...draftMetadata, hostnames: list(z.string().min(1)).optional() };

/** An HTTP route's options: besides what every route takes, the API it is written in. */
export const httpRouteOptions = strictObject<HTTPRouteOptions>({ ...commonRouteOptions, api: routeApi.optional() });

/**
 * What every route takes besides its rules. At run time it also lets `api` through, so that a
 * GRPCRoute given `api: "istio"` (a config the compiler did not check) is told that gRPC routes are
 * written in the Gateway API only, rather than that `api` is unknown.
 */
export const routeOptions = httpRouteOptions as unknown as z.ZodType<RouteOptions, RouteOptions>;

const routeRef = reference<RouteRef>(["route"], "a route returned by a builder (ns.httpRoute(...), ns.grpcRoute(...))");

/** A ReferenceGrant's options. */
export const referenceGrantOptions = strictObject<ReferenceGrantOptions>({ ...draftMetadata, from: list(routeRef), to: list(serviceRef) });

/** `attachTo`'s options: a listener (`sectionName`) or a port. */
const attachOptions = strictObject<{ readonly sectionName?: string; readonly port?: number }>({ sectionName: name("sectionName", "sectionName").optional(), port: port.optional() });

// Ranges are the builders' own checks (VALUE_OUT_OF_RANGE, with the resource's field path).
const weight = z.number();
const percent = z.number();

/** A backend's options: its port and weight. */
const backendOptions = strictObject<{ readonly port?: number; readonly weight?: number }>({ port: port.optional(), weight: weight.optional() });
/** A mirror's options: its port and the share mirrored. */
const mirrorOptions = strictObject<{ readonly port?: number; readonly percent?: number }>({ port: port.optional(), percent: percent.optional() });
/** A canary split's options. */
const canaryOptions = strictObject<{ readonly stable: unknown; readonly canary: unknown; readonly weight: number; readonly port?: number }>({ stable: serviceRef, canary: serviceRef, weight: percent, port: port.optional() });
/** A backend of an HTTP route: a Service, or a subset (refused with its reason in the Gateway API). */
const httpBackend = z.union([serviceRef, subsetRef]);
/** An HTTP canary's options: two Services, or two subsets. */
const httpCanaryOptions = strictObject<{ readonly stable: unknown; readonly canary: unknown; readonly weight: number; readonly port?: number }>({ stable: httpBackend, canary: httpBackend, weight: percent, port: port.optional() });
const httpCanary: MethodSpec = { args: [options(httpCanaryOptions)], returns: "self" };
const httpTo: MethodSpec = { args: [{ label: "service", schema: httpBackend }, options(backendOptions, true)], returns: "self" };
const httpMirror: MethodSpec = { args: [{ label: "service", schema: httpBackend }, options(mirrorOptions, true)], returns: "self" };
const duration = z.string().min(1);
const retryOn = z.union([z.enum(["5xx", "gateway-error", "reset", "reset-before-request", "connect-failure", "retriable-4xx", "refused-stream", "retriable-status-codes", "retriable-headers", "envoy-ratelimited", "http3-post-connect-failure", "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable"]), z.number().int().min(400).max(599)]);
/** A retry's options. */
const retryOptions = strictObject<RetryOptions>({
  attempts: z.number().int().min(0).optional(),
  backoff: z.string().optional(),
  codes: list(z.number().int().min(400).max(599)).optional(),
  perTryTimeout: duration.optional(),
  retryOn: list(retryOn).optional(),
} as never);
/** Fault injection's options; the ranges are the builder's own checks (with the field path). */
const faultOptions = strictObject<FaultOptions>({
  delay: strictObject<{ readonly fixed: string; readonly percent: number }>({ fixed: duration, percent: z.number() }).optional(),
  abort: strictObject<{ readonly httpStatus?: number; readonly grpcStatus?: string; readonly percent: number }>({ httpStatus: z.number().optional(), grpcStatus: z.string().optional(), percent: z.number() }).optional(),
} as never);
const corsOrigin = z.union([z.string(), strictObject<{ readonly exact: string }>({ exact: z.string() }), strictObject<{ readonly prefix: string }>({ prefix: z.string().min(1) }), strictObject<{ readonly regex: string }>({ regex: z.string().min(1) })]);
/** A CORS policy's options. */
const corsOptions = strictObject<CorsOptions>({
  allowOrigins: list(corsOrigin),
  allowMethods: list(z.string()).optional(),
  allowHeaders: list(z.string()).optional(),
  exposeHeaders: list(z.string()).optional(),
  maxAge: duration.optional(),
  allowCredentials: z.boolean().optional(),
} as never);

const build: ArgumentSpec = { label: "build", schema: z.custom<(rule: unknown) => unknown>((value) => typeof value === "function", { params: { expected: "a function that builds the rule ((r) => r.match(...).to(...))" } }) };
const canary: MethodSpec = { args: [options(canaryOptions)], returns: "self" };
const to: MethodSpec = { args: [{ label: "service", schema: serviceRef }, options(backendOptions, true)], returns: "self" };
const mirror: MethodSpec = { args: [{ label: "service", schema: serviceRef }, options(mirrorOptions, true)], returns: "self" };
const headers: MethodSpec = { args: [options(copied("object"))], returns: "self" };
const match: MethodSpec = { args: [{ label: "match", schema: copied("object") }], returns: "self" };

/** A TCP route's options. */
export const tcpRouteOptions = strictObject<TCPRouteOptions>({ ...commonRouteOptions });
/** A TLS route's options. */
export const tlsRouteOptions = strictObject<TLSRouteOptions>({ ...commonRouteOptions });

/** A TCP or TLS match; `sniHosts` is the TLS rule's (its type requires it there). */
const l4Match = strictObject<TLSMatch>({
  port: port.optional(),
  sourceLabels: z.record(z.string(), z.string()).optional(),
  gateways: list(z.union([istioGatewayRef, z.literal("mesh")])).optional(),
  sniHosts: list(z.string().min(1)).optional(),
} as never);

/** How the methods every route has are checked. */
export const ROUTE_METHODS: MethodSpecs<RouteBuilder> = {
  attachTo: { args: [{ label: "parent", schema: routeParent }, options(attachOptions, true)], returns: "self" },
  hostnames: { args: [], rest: { label: "hostnames", schema: z.string().min(1) }, returns: "self" },
};

/** How an HTTPRoute's own methods are checked. */
export const HTTP_ROUTE_METHODS: MethodSpecs<HTTPRouteBuilder> = {
  attachTo: "inherited",
  hostnames: "inherited",
  rule: { args: [build], returns: "self" },
  // Checked here, so that a refused canary adds no rule; the rule it adds is split without a second check.
  canary: httpCanary,
};

/** How a GRPCRoute's own methods are checked. */
export const GRPC_ROUTE_METHODS: MethodSpecs<GRPCRouteBuilder> = { ...HTTP_ROUTE_METHODS, canary };

/** How an HTTP rule's methods are checked. */
export const HTTP_RULE_METHODS: MethodSpecs<HTTPRuleBuilder> = {
  match,
  to: httpTo,
  canary: httpCanary,
  redirect: { args: [options(copied("object"))], returns: "self" },
  rewrite: { args: [options(copied("object"))], returns: "self" },
  mirror: httpMirror,
  requestHeaders: headers,
  responseHeaders: headers,
  timeouts: { args: [options(strictObject<{ readonly request?: string; readonly backendRequest?: string }>({ request: z.string().optional(), backendRequest: z.string().optional() }))], returns: "self" },
  retry: { args: [options(retryOptions)], returns: "self" },
  fault: { args: [options(faultOptions)], returns: "self" },
  cors: { args: [options(corsOptions)], returns: "self" },
  finish: "internal",
};

/** How a gRPC rule's methods are checked. */
export const GRPC_RULE_METHODS: MethodSpecs<GRPCRuleBuilder> = {
  match,
  to,
  canary,
  mirror,
  requestHeaders: headers,
  responseHeaders: headers,
  finish: "internal",
};

/** How a TCP route's own methods are checked. */
export const TCP_ROUTE_METHODS: MethodSpecs<TCPRouteBuilder> = { attachTo: "inherited", hostnames: "inherited", rule: { args: [build], returns: "self" } };

/** How a TLS route's own methods are checked. */
export const TLS_ROUTE_METHODS: MethodSpecs<TLSRouteBuilder> = { ...TCP_ROUTE_METHODS };

/** How a TCP or TLS rule's methods are checked. */
export const L4_RULE_METHODS: MethodSpecs<L4RuleBuilder<TLSMatch>> = {
  match: { args: [{ label: "match", schema: l4Match }], returns: "self" },
  to: httpTo,
  finish: "internal",
};
