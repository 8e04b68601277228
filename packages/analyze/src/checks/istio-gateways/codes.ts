/** The codes of the checks in this folder (see docs/analysis/<CODE>.md). */
export type IstioGatewaysCode =
  /** A DestinationRule's TLS settings originate TLS without caCertificates to verify the server (istioctl's IST0128). */
  | "DESTINATION_RULE_CA_CERTIFICATES_MISSING"
  /** A DestinationRule's port-level TLS settings originate TLS without caCertificates (istioctl's IST0129). */
  | "DESTINATION_RULE_PORT_CA_CERTIFICATES_MISSING"
  /** A ServiceEntry without addresses serves a port as TCP, and nothing allocates it an address (istioctl's IST0134). */
  | "SERVICE_ENTRY_ADDRESSES_REQUIRED"
  /** Two Istio Gateways for overlapping workloads serve the same certificate (istioctl's IST0138). */
  | "GATEWAY_DUPLICATE_CERTIFICATE"
  /** Two Istio Gateways with one selector claim the same host, port and bind (istioctl's IST0145). */
  | "GATEWAY_SERVER_CONFLICT"
  /** A port of an ExternalName Service declares no protocol, or is named plain tcp (istioctl's IST0150). */
  | "EXTERNAL_NAME_PORT_NAME_INVALID"
  /** A policy selects the pods of a Gateway API Gateway by selector, which Istio ignores there (istioctl's IST0166). */
  | "SELECTOR_INEFFECTIVE_ON_GATEWAY";
