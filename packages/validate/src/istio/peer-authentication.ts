/**
 * PeerAuthentication admission rules: port-level mTLS only with a workload selector, valid port
 * keys, and the selector's labels.
 */
import type { PeerAuthenticationSpec } from "@meshform/istio/security.istio.io/v1";
import { type Findings, type IstioResource, metaOf, reject } from "./finding.js";
import { checkAnnotations, checkWorkloadSelector } from "./policy.js";

/** Checks a PeerAuthentication as Istio's validating webhook does. */
export function checkPeerAuthentication(resource: IstioResource): Findings {
  const spec = (resource.spec ?? {}) as PeerAuthenticationSpec;
  const out: Findings = [];
  checkAnnotations(metaOf(resource), undefined, out);
  const ports = Object.keys(spec.portLevelMtls ?? {});
  const emptySelector = Object.keys(spec.selector?.matchLabels ?? {}).length === 0;
  if (emptySelector && ports.length > 0) {
    reject(out, ["spec", "portLevelMtls"], "mesh/namespace peer authentication cannot have port level mTLS (add a selector with matchLabels)");
  }
  if (spec.portLevelMtls !== undefined && ports.length === 0) {
    reject(out, ["spec", "portLevelMtls"], "port level mTLS, if defined, must have at least one element");
  }
  for (const port of ports) {
    const number = /^[0-9]+$/.test(port) ? Number(port) : 0;
    if (number <= 0 || number > 65535) reject(out, ["spec", "portLevelMtls", port], "port must be in range 1..65535");
  }
  checkWorkloadSelector(spec.selector, ["spec", "selector"], out);
  return out;
}
