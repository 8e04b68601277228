import type { Check } from "../../types.js";
import { authorizationNamespaceNotFound } from "./authorization-namespace-not-found.js";
import { destinationPortNotFound } from "./destination-port-not-found.js";
import { destinationPortRequired } from "./destination-port-required.js";
import { destinationRuleHostNotFound } from "./destination-rule-host-not-found.js";
import { ingressSubsetNotApplied } from "./ingress-subset-not-applied.js";
import { sidecarEgressHostNotFound } from "./sidecar-egress-host-not-found.js";

/** The checks of this folder, in the order their findings are reported for one resource. */
export const ISTIO_REFERENCES_CHECKS: readonly Check[] = [
  destinationPortNotFound,
  destinationPortRequired,
  ingressSubsetNotApplied,
  destinationRuleHostNotFound,
  authorizationNamespaceNotFound,
  sidecarEgressHostNotFound,
];
