/**
 * Every check of mesh analysis, in the order their findings are reported for one resource. Each
 * module under `checks/` is one code; this list is the only dispatcher.
 */
import type { Check } from "../types.js";
import { allowAllRule } from "./allow-all-rule.js";
import { destinationHostNotFound } from "./destination-host-not-found.js";
import { destinationRuleConflict } from "./destination-rule-conflict.js";
import { destinationRuleTlsDisabled } from "./destination-rule-tls-disabled.js";
import { httpRouteOnNonHttpPort } from "./http-route-on-non-http-port.js";
import { httpSettingsOnNonHttpPort } from "./http-settings-on-non-http-port.js";
import { listenerConflict } from "./listener-conflict.js";
import { mtlsWeakened } from "./mtls-weakened.js";
import { peerAuthenticationConflict } from "./peer-authentication-conflict.js";
import { portProtocolUndeclared } from "./port-protocol-undeclared.js";
import { referenceNotPermitted } from "./reference-not-permitted.js";
import { resourceDuplicate } from "./resource-duplicate.js";
import { requestAuthenticationMissing } from "./request-authentication-missing.js";
import { routeConflict } from "./route-conflict.js";
import { routeGatewayNotFound } from "./route-gateway-not-found.js";
import { routeNotAllowed } from "./route-not-allowed.js";
import { routeNotEnforced } from "./route-not-enforced.js";
import { serviceNotFound } from "./service-not-found.js";
import { sidecarOnlyInAmbient } from "./sidecar-only-in-ambient.js";
import { sourceIdentityAtIngress } from "./source-identity-at-ingress.js";
import { serviceEntryProtocolConflict } from "./service-entry-protocol-conflict.js";
import { subsetNotFound } from "./subset-not-found.js";
import { targetRefNotFound } from "./target-ref-not-found.js";
import { virtualServiceGatewayNotFound } from "./virtual-service-gateway-not-found.js";
import { virtualServiceHostConflict } from "./virtual-service-host-conflict.js";
import { virtualServiceHostNotInGateway } from "./virtual-service-host-not-in-gateway.js";
import { virtualServiceInternalGateway } from "./virtual-service-internal-gateway.js";
import { waypointNotFound } from "./waypoint-not-found.js";
import { waypointUnused } from "./waypoint-unused.js";
import { BEYOND_ISTIOCTL_CHECKS } from "./beyond-istioctl/index.js";
import { ISTIO_ANNOTATIONS_CHECKS } from "./istio-annotations/index.js";
import { ISTIO_GATEWAYS_CHECKS } from "./istio-gateways/index.js";
import { ISTIO_POLICIES_CHECKS } from "./istio-policies/index.js";
import { ISTIO_REFERENCES_CHECKS } from "./istio-references/index.js";
import { WORKLOADS_CHECKS } from "./workloads/index.js";

/** The checks `analyzeMesh` runs. */
export const CHECKS: readonly Check[] = [
  // references
  routeGatewayNotFound,
  routeNotAllowed,
  referenceNotPermitted,
  serviceNotFound,
  targetRefNotFound,
  virtualServiceGatewayNotFound,
  virtualServiceInternalGateway,
  virtualServiceHostNotInGateway,
  destinationHostNotFound,
  subsetNotFound,
  waypointNotFound,
  // conflicts
  resourceDuplicate,
  routeConflict,
  listenerConflict,
  peerAuthenticationConflict,
  destinationRuleConflict,
  virtualServiceHostConflict,
  serviceEntryProtocolConflict,
  // security posture
  requestAuthenticationMissing,
  sourceIdentityAtIngress,
  allowAllRule,
  mtlsWeakened,
  destinationRuleTlsDisabled,
  // protocol sense
  httpSettingsOnNonHttpPort,
  httpRouteOnNonHttpPort,
  portProtocolUndeclared,
  // ambient mode
  routeNotEnforced,
  sidecarOnlyInAmbient,
  waypointUnused,
  // the folders: each holds a family of checks, with its codes
  ...ISTIO_REFERENCES_CHECKS,
  ...ISTIO_GATEWAYS_CHECKS,
  ...ISTIO_POLICIES_CHECKS,
  ...ISTIO_ANNOTATIONS_CHECKS,
  ...WORKLOADS_CHECKS,
  ...BEYOND_ISTIOCTL_CHECKS,
];
