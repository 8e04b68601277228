import type { Check } from "../../types.js";

/** The checks of this folder, in the order their findings are reported for one resource. */
export const ISTIO_GATEWAYS_CHECKS: readonly Check[] = [];
