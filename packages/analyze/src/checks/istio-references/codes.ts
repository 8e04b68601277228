/** The codes of the checks in this folder (see docs/analysis/<CODE>.md). */
export type IstioReferencesCode =
  /** A VirtualService destination on a host with several ports names no port (istioctl's IST0112). */
  | "DESTINATION_PORT_REQUIRED"
  /** A VirtualService destination names a port its host's Service or ServiceEntry does not declare (istioctl's IST0101). */
  | "DESTINATION_PORT_NOT_FOUND"
  /** A DestinationRule's host matches no Service or ServiceEntry its namespace sees (istioctl's IST0174). */
  | "DESTINATION_RULE_HOST_NOT_FOUND"
  /** A gateway's VirtualService routes without a subset a host that another VirtualService routes to subsets (istioctl's IST0140). */
  | "INGRESS_SUBSET_NOT_APPLIED"
  /** An AuthorizationPolicy source names a namespace that matches none of the set (istioctl's IST0101). */
  | "AUTHORIZATION_NAMESPACE_NOT_FOUND"
  /** A Sidecar egress host `namespace/host` that no Service, ServiceEntry or VirtualService of that namespace has. */
  | "SIDECAR_EGRESS_HOST_NOT_FOUND";
