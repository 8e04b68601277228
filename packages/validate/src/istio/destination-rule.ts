/**
 * DestinationRule admission rules: the host, the traffic policy (in `traffic-policy.ts`), subsets
 * (unique DNS-label names, valid labels), `exportTo` and the workload selector.
 */
import type { DestinationRuleSpec, TrafficPolicy } from "@meshform/istio/networking.istio.io/v1";
import { type Findings, type IstioResource, metaOf, reject, rejectIf } from "./finding.js";
import { validateWildcardDomain } from "./hosts.js";
import { checkLabels } from "./labels.js";
import { checkAnnotations, checkExportTo, checkWorkloadSelector } from "./policy.js";
import { validateSubsetName } from "./route-parts.js";
import { checkTrafficPolicy } from "./traffic-policy.js";
import { NEWEST_MINOR } from "./release.js";

/** Checks a DestinationRule as the validating webhook of Istio 1.`minor` does (the newest when absent). */
export function checkDestinationRule(resource: IstioResource, minor = NEWEST_MINOR): Findings {
  const spec = (resource.spec ?? {}) as DestinationRuleSpec;
  const meta = metaOf(resource);
  const namespace = meta.namespace ?? "";
  const out: Findings = [];
  checkAnnotations(meta, undefined, out);
  rejectIf(out, ["spec", "host"], validateWildcardDomain(spec.host));
  checkTrafficPolicy(spec.trafficPolicy, namespace, ["spec", "trafficPolicy"], out, minor);
  const names = new Set<string>();
  for (const [index, subset] of (spec.subsets ?? []).entries()) {
    const path = ["spec", "subsets", index];
    if (names.has(subset.name)) reject(out, [...path, "name"], `duplicate subset names: ${subset.name}`);
    names.add(subset.name);
    rejectIf(out, [...path, "name"], validateSubsetName(subset.name));
    checkLabels(subset.labels, [...path, "labels"], out);
    const policy: TrafficPolicy | undefined = subset.trafficPolicy;
    checkTrafficPolicy(policy, namespace, [...path, "trafficPolicy"], out, minor);
  }
  const owner = spec.workloadSelector !== undefined ? "destination-rule-with-selector" : "other";
  checkExportTo(spec.exportTo, namespace, owner, out);
  checkWorkloadSelector(spec.workloadSelector, ["spec", "workloadSelector"], out);
  return out;
}
