/**
 * The schemas builder options share: references (values a builder returned), object names,
 * labels and annotations.
 */
import { z } from "zod";
import type { DraftMetadata } from "../draft-store.js";
import { labels, name, reference, type ArgumentSpec } from "../input.js";
import type { GatewayRef, IstioGatewayRef, Patchable, RouteParent, ServiceRef, SubsetRef, WaypointRef, WorkloadRef } from "../refs.js";
import { strictObject } from "@meshform/kind-runtime";

/** A Service reference: `ns.service(...)`. */
export const serviceRef = reference<ServiceRef>(["service"], "a service returned by a builder (ns.service(...))");
/** A Gateway reference: `ns.gateway(...)` or `ns.waypoint(...)`. */
export const gatewayRef = reference<GatewayRef>(["gateway"], "a gateway returned by a builder (mesh.root.gateway(...))");
/** A waypoint reference: `ns.waypoint(...)`. */
export const waypointRef = reference<WaypointRef>(["waypoint"], "a waypoint returned by a builder (ns.waypoint(...))");
/** A route parent: a Service or a Gateway. */
export const routeParent = reference<RouteParent>(["service", "gateway", "istioGateway"], "a service or gateway returned by a builder (ns.service(...), mesh.root.gateway(...), mesh.root.istioGateway(...))");
/** A policy target: a Gateway, a Service, or workloads. */
export const policyTarget = reference<GatewayRef | ServiceRef | WorkloadRef>(["gateway", "service", "workload"], "a gateway, service or workload returned by a builder (mesh.root.gateway(...), ns.service(...), ns.workload(...))");
/** Anything `mesh.patch` and `mesh.suppress` can name. */
export const patchable = reference<Patchable>(["patchable"], "a resource returned by a builder (a gateway, route, policy, namespace...)");

/** Which API a route is written in. */
export const routeApi = z.enum(["gateway-api", "istio"]);

/** An Istio Gateway reference: `ns.istioGateway(...)` or `ns.externalIstioGateway(...)`. */
export const istioGatewayRef = reference<IstioGatewayRef>(["istioGateway"], "an Istio gateway returned by a builder (ns.istioGateway(...), ns.externalIstioGateway(...))");
/** A subset reference: `destinationRule(...).subset(...)` read back from `subsets`, or `ns.externalSubsets(...)`. */
export const subsetRef = reference<SubsetRef>(["subset"], "a subset returned by a builder (destinationRule(...).subset(...).subsets.v1, ns.externalSubsets(...))");

/** The `metadata` options most builders take. */
export const draftMetadata = {
  labels: labels("labels").optional(),
  annotations: labels("annotations").optional(),
} as const;

/** {@link DraftMetadata} alone. */
export const draftMetadataSchema = strictObject<DraftMetadata>(draftMetadata);

/** The name argument of a builder that declares an object of `kind` (an RFC 1123 subdomain). */
export function objectName(kind: string): ArgumentSpec {
  return { label: "name", schema: name("dns1123Subdomain", `${kind} name`) };
}

/** An options argument. */
export function options(schema: z.ZodType, optional = false): ArgumentSpec {
  return { label: "options", schema: optional ? schema.optional() : schema };
}

/**
 * A part of the options copied into the resource as it is (a generated upstream type): only its
 * shape is checked here; `compile` checks its fields against the kind's schema, with their path.
 */
export function copied<T>(shape: "object" | "array"): z.ZodType<T, T> {
  const test = shape === "array" ? (value: unknown) => Array.isArray(value) : (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);
  return z.custom<T>(test, { params: { expected: shape === "array" ? "an array" : "an object" } });
}

/** A list of `element`, accepted as a readonly list. */
export function list<T>(element: z.ZodType<T, T>): z.ZodType<readonly T[], readonly T[]> {
  return z.array(element) as unknown as z.ZodType<readonly T[], readonly T[]>;
}
