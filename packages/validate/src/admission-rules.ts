/**
 * Loads Istio's admission rules with the module that imports this one: the package's main
 * entry does, so a validator created from it has them from the start.
 */
import { useIstioAdmissionChecks } from "./admission.js";
import { istioAdmissionChecks } from "./istio/index.js";

useIstioAdmissionChecks(istioAdmissionChecks);
