/** The codes of the checks in this folder (see docs/analysis/<CODE>.md). */
export type IstioPoliciesCode =
  /** A VirtualService routes on a JWT claim at an Istio Gateway whose pods no RequestAuthentication covers (istioctl's IST0149). */
  | "JWT_CLAIM_ROUTE_WITHOUT_REQUEST_AUTHENTICATION"
  /** An EnvoyFilter without priority uses a relative patch operation (istioctl's IST0151). */
  | "ENVOY_FILTER_RELATIVE_OPERATION"
  /** An EnvoyFilter REPLACEs something other than an HTTP filter, network filter or virtual host (istioctl's IST0152). */
  | "ENVOY_FILTER_REPLACE_INVALID"
  /** An EnvoyFilter ADDs a route configuration or HTTP route, which Istio ignores (istioctl's IST0153). */
  | "ENVOY_FILTER_ADD_IGNORED"
  /** An EnvoyFilter REMOVEs a route configuration or HTTP route, which Istio ignores (istioctl's IST0154). */
  | "ENVOY_FILTER_REMOVE_IGNORED"
  /** An EnvoyFilter without priority uses a relative operation on a filter a proxyVersion-bound patch names (istioctl's IST0155). */
  | "ENVOY_FILTER_RELATIVE_OPERATION_WITH_PROXY_VERSION"
  /** A Telemetry access logging entry names no provider and the mesh config has no default (istioctl's IST0157). */
  | "TELEMETRY_ACCESS_LOG_WITHOUT_PROVIDER"
  /** More than one Telemetry of a namespace has no workload selector (istioctl's IST0160). */
  | "NAMESPACE_WIDE_TELEMETRY_CONFLICT"
  /** More than one Sidecar of a namespace has no workload selector (istioctl's IST0111). */
  | "NAMESPACE_WIDE_SIDECAR_CONFLICT";
