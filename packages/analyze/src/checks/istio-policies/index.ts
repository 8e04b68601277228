import type { Check } from "../../types.js";
import { envoyFilterAddIgnored } from "./envoy-filter-add-ignored.js";
import { envoyFilterRelativeOperation } from "./envoy-filter-relative-operation.js";
import { envoyFilterRelativeOperationWithProxyVersion } from "./envoy-filter-relative-operation-with-proxy-version.js";
import { envoyFilterRemoveIgnored } from "./envoy-filter-remove-ignored.js";
import { envoyFilterReplaceInvalid } from "./envoy-filter-replace-invalid.js";
import { jwtClaimRouteWithoutRequestAuthentication } from "./jwt-claim-route-without-request-authentication.js";
import { namespaceWideSidecarConflict } from "./namespace-wide-sidecar-conflict.js";
import { namespaceWideTelemetryConflict } from "./namespace-wide-telemetry-conflict.js";
import { telemetryAccessLogWithoutProvider } from "./telemetry-access-log-without-provider.js";

/** The checks of this folder, in the order their findings are reported for one resource. */
export const ISTIO_POLICIES_CHECKS: readonly Check[] = [
  jwtClaimRouteWithoutRequestAuthentication,
  envoyFilterReplaceInvalid,
  envoyFilterAddIgnored,
  envoyFilterRemoveIgnored,
  envoyFilterRelativeOperation,
  envoyFilterRelativeOperationWithProxyVersion,
  telemetryAccessLogWithoutProvider,
  namespaceWideTelemetryConflict,
  namespaceWideSidecarConflict,
];
