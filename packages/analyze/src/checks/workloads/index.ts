import type { Check } from "../../types.js";
import { applicationUidReserved } from "./application-uid-reserved.js";
import { authorizationPolicyNoWorkload } from "./authorization-policy-no-workload.js";
import { deploymentPortProtocolConflict } from "./deployment-port-protocol-conflict.js";
import { deploymentTargetPortConflict } from "./deployment-target-port-conflict.js";
import { gatewayCredentialInvalid } from "./gateway-credential-invalid.js";
import { gatewayCredentialNotFound } from "./gateway-credential-not-found.js";
import { gatewayPortNotOnService } from "./gateway-port-not-on-service.js";
import { selectorMatchesNoWorkload } from "./selector-matches-no-workload.js";
import { sidecarSelectorConflict } from "./sidecar-selector-conflict.js";
import { subsetSelectsNoPod } from "./subset-selects-no-pod.js";
import { telemetrySelectorConflict } from "./telemetry-selector-conflict.js";

/** The checks of this folder, in the order their findings are reported for one resource. */
export const WORKLOADS_CHECKS: readonly Check[] = [
  selectorMatchesNoWorkload,
  sidecarSelectorConflict,
  telemetrySelectorConflict,
  authorizationPolicyNoWorkload,
  gatewayPortNotOnService,
  gatewayCredentialNotFound,
  gatewayCredentialInvalid,
  subsetSelectsNoPod,
  deploymentPortProtocolConflict,
  deploymentTargetPortConflict,
  applicationUidReserved,
];
