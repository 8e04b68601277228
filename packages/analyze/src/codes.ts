import type { Issue } from "@meshform/diagnostics";
import type { IstioctlCode } from "./types.js";
import type { BeyondIstioctlCode } from "./checks/beyond-istioctl/codes.js";
import type { IstioAnnotationsCode } from "./checks/istio-annotations/codes.js";
import type { IstioGatewaysCode } from "./checks/istio-gateways/codes.js";
import type { IstioPoliciesCode } from "./checks/istio-policies/codes.js";
import type { IstioReferencesCode } from "./checks/istio-references/codes.js";
import type { WorkloadsCode } from "./checks/workloads/codes.js";

/**
 * The stable codes of the findings of mesh analysis. Each has a page, docs/analysis/<CODE>.md,
 * saying what it means, why it matters and how to fix it. A code is never reused for another
 * meaning; a retired code stays in this union, documented as retired.
 */
export type AnalysisCode =
  // --- references ---
  /** A route's parentRef names a Gateway (or ListenerSet, or listener of one) that does not exist. */
  | "ROUTE_GATEWAY_NOT_FOUND"
  /** A route's parent Gateway exists, but no listener it names accepts routes of its kind from its namespace. */
  | "ROUTE_NOT_ALLOWED"
  /** A reference into another namespace that no ReferenceGrant there permits. */
  | "REFERENCE_NOT_PERMITTED"
  /** A Service named by a route or a policy is neither in the set nor declared external. */
  | "SERVICE_NOT_FOUND"
  /** A policy's or Telemetry's targetRef names a Gateway or ServiceEntry that does not exist. */
  | "TARGET_REF_NOT_FOUND"
  /** A VirtualService is bound to an Istio Gateway that does not exist. */
  | "VIRTUAL_SERVICE_GATEWAY_NOT_FOUND"
  /** A VirtualService names the internal Istio Gateway Istio generates for a Gateway API Gateway (istioctl's IST0165). */
  | "VIRTUAL_SERVICE_INTERNAL_GATEWAY"
  /** A VirtualService is bound to an Istio Gateway whose servers list none of its hosts (istioctl's IST0132). */
  | "VIRTUAL_SERVICE_HOST_NOT_IN_GATEWAY"
  /** A VirtualService routes to a host no Service, ServiceEntry or external declaration provides. */
  | "DESTINATION_HOST_NOT_FOUND"
  /** A VirtualService routes to a subset no DestinationRule of its host defines. */
  | "SUBSET_NOT_FOUND"
  /** An `istio.io/use-waypoint` label names a waypoint that does not exist. */
  | "WAYPOINT_NOT_FOUND"
  // --- conflicts ---
  /** Two routes claim the same hostname and match on the same parent; one of them loses. */
  | "ROUTE_CONFLICT"
  /** Two listeners of one Gateway (and its ListenerSets) share a port with the same hostname, or with protocols that cannot share it. */
  | "LISTENER_CONFLICT"
  /** More than one mesh-wide (or namespace-wide) PeerAuthentication. */
  | "PEER_AUTHENTICATION_CONFLICT"
  /** Several DestinationRules for one host in one namespace; only one traffic policy applies. */
  | "DESTINATION_RULE_CONFLICT"
  /** VirtualServices bound to the mesh define the same host for the same namespaces (istioctl's IST0109). */
  | "VIRTUAL_SERVICE_HOST_CONFLICT"
  /** ServiceEntries define the same host and port with different protocols for namespaces that see both (istioctl's IST0177). */
  | "SERVICE_ENTRY_PROTOCOL_CONFLICT"
  /** One resource (group, kind, namespace and name) defined more than once; the last definition replaces the others. */
  | "RESOURCE_DUPLICATE"
  // --- security posture ---
  /** An AuthorizationPolicy uses JWT attributes, but no RequestAuthentication covers its workload or gateway. */
  | "REQUEST_AUTHENTICATION_MISSING"
  /** An AuthorizationPolicy at an ingress gateway requires an mTLS identity its callers cannot have. */
  | "SOURCE_IDENTITY_AT_INGRESS"
  /** An ALLOW AuthorizationPolicy has an empty rule, which allows every request. */
  | "ALLOW_ALL_RULE"
  /** A PeerAuthentication makes mTLS PERMISSIVE or DISABLE inside a STRICT scope. */
  | "MTLS_WEAKENED"
  /** A DestinationRule turns TLS off for an in-mesh host whose workloads require mTLS. */
  | "DESTINATION_RULE_TLS_DISABLED"
  // --- protocol sense ---
  /** HTTP-only DestinationRule settings on a host Istio handles as TLS or TCP, where they do nothing. */
  | "HTTP_SETTINGS_ON_NON_HTTP_PORT"
  /** HTTP routes for a host or Service Istio handles as TLS or TCP, where they never apply. */
  | "HTTP_ROUTE_ON_NON_HTTP_PORT"
  /** A port whose protocol is declared neither by its name nor by appProtocol (or a ServiceEntry's protocol). */
  | "PORT_PROTOCOL_UNDECLARED"
  // --- ambient mode ---
  /** A route attached to a Service that no waypoint serves: in ambient mode nothing applies it. */
  | "ROUTE_NOT_ENFORCED"
  /** A sidecar-only resource or setting in an ambient namespace, where no sidecar applies it. */
  | "SIDECAR_ONLY_IN_AMBIENT"
  /** A waypoint that no namespace, Service or workload uses. */
  | "WAYPOINT_UNUSED"
  // --- the checks of each folder under checks/, each folder's codes in its codes.ts ---
  | IstioReferencesCode
  | IstioGatewaysCode
  | IstioPoliciesCode
  | IstioAnnotationsCode
  | WorkloadsCode
  | BeyondIstioctlCode
  // --- suppressions ---
  /** A `meshform.dev/suppress` entry (or a configured suppression) without a reason, or with an unknown code. */
  | "SUPPRESSION_INVALID"
  /** A suppression that matches no finding. */
  | "SUPPRESSION_UNUSED";

/** A finding of mesh analysis, with the code `istioctl analyze` gives it when it has one. */
export type AnalysisIssue = Issue<AnalysisCode> & { readonly istioctlCode?: IstioctlCode };
