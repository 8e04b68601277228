import type { Check } from "../../types.js";
import { externalPolicyNotEnforced } from "./external-policy-not-enforced.js";
import { jwtRequiredOnRedirect } from "./jwt-required-on-redirect.js";
import { meshHostClaimedByBothApis } from "./mesh-host-claimed-by-both-apis.js";
import { subsetUnused } from "./subset-unused.js";
import { waypointUseNotAllowed } from "./waypoint-use-not-allowed.js";

/** The checks of this folder, in the order their findings are reported for one resource. */
export const BEYOND_ISTIOCTL_CHECKS: readonly Check[] = [
  externalPolicyNotEnforced,
  jwtRequiredOnRedirect,
  subsetUnused,
  waypointUseNotAllowed,
  meshHostClaimedByBothApis,
];
