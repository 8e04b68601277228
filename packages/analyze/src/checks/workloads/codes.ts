/** The codes of the checks in this folder (see docs/analysis/<CODE>.md). */
export type WorkloadsCode =
  /** A Sidecar's or Telemetry's workload selector matches no workload of its namespace, or an Istio Gateway's selector none of any (istioctl's IST0101). */
  | "SELECTOR_MATCHES_NO_WORKLOAD"
  /** Two or more Sidecars select the same workload (istioctl's IST0110). */
  | "SIDECAR_SELECTOR_CONFLICT"
  /** Two or more Telemetries select the same workload (istioctl's IST0159). */
  | "TELEMETRY_SELECTOR_CONFLICT"
  /** An AuthorizationPolicy selects no workload in the mesh (istioctl's IST0127). */
  | "AUTHORIZATION_POLICY_NO_WORKLOAD"
  /** Services selecting a Deployment in the mesh use one port with different protocols (istioctl's IST0116). */
  | "DEPLOYMENT_PORT_PROTOCOL_CONFLICT"
  /** Services selecting a Deployment in the mesh send one targetPort from different ports (istioctl's IST0137). */
  | "DEPLOYMENT_TARGET_PORT_CONFLICT"
  /** A Pod or Deployment runs an application container as UID 1337, the sidecar's (istioctl's IST0144). */
  | "APPLICATION_UID_RESERVED"
  /** An Istio Gateway listens on a port no Service of its workload exposes (istioctl's IST0162). */
  | "GATEWAY_PORT_NOT_ON_SERVICE"
  /** An Istio Gateway's credentialName names a Secret not in its workload's namespace (istioctl's IST0101). */
  | "GATEWAY_CREDENTIAL_NOT_FOUND"
  /** An Istio Gateway's credential Secret holds no valid certificate and key (istioctl's IST0161). */
  | "GATEWAY_CREDENTIAL_INVALID"
  /** A DestinationRule subset selects no pod (istioctl's IST0173). */
  | "SUBSET_SELECTS_NO_POD";
