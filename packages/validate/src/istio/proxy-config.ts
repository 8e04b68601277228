/**
 * ProxyConfig admission rules: the workload selector and a non-negative concurrency.
 */
import type { ProxyConfigSpec } from "@meshform/istio/networking.istio.io/v1beta1";
import { type Findings, type IstioResource, metaOf, reject } from "./finding.js";
import { checkAnnotations, checkWorkloadSelector } from "./policy.js";

/** Checks a ProxyConfig as Istio's validating webhook does. */
export function checkProxyConfig(resource: IstioResource): Findings {
  const spec = (resource.spec ?? {}) as ProxyConfigSpec;
  const out: Findings = [];
  checkAnnotations(metaOf(resource), undefined, out);
  checkWorkloadSelector(spec.selector, ["spec", "selector"], out);
  if ((spec.concurrency ?? 0) < 0) reject(out, ["spec", "concurrency"], "concurrency must be greater than or equal to 0 (0 uses all cores)");
  return out;
}
