/**
 * Locality load balancing rules of a DestinationRule: `distribute` weights and localities,
 * `failover` regions, and how they combine with `failoverPriority`.
 */
import type { LoadBalancerLocalityLbSetting } from "@meshform/istio/networking.istio.io/v1";
import { type FieldPath, type Findings, entriesOf, reject, warn } from "./finding.js";

const topologyLabels = ["topology.kubernetes.io/region", "topology.kubernetes.io/zone", "topology.istio.io/subzone"];

function localityError(localities: readonly string[]): string | undefined {
  const seen = new Map<string, Map<string, Set<string>>>();
  for (const locality of localities) {
    const stars = locality.split("*").length - 1;
    if (stars > 1 || (stars === 1 && !locality.endsWith("*"))) {
      return `locality ${locality} wildcard '*' number can not exceed 1 and must be in the end`;
    }
    const overlap = `locality ${locality} overlap with previous specified ones`;
    if (seen.has("*")) return overlap;
    const parts = locality.split("/");
    const items = parts.length > 3 ? [...parts.slice(0, 2), parts.slice(2).join("/")] : parts;
    const [region = "", zone = "", subzone = ""] = items;
    if (items.some((item) => item === "")) return `locality ${locality} must not contain empty region/zone/subzone info`;
    const zones = seen.get(region);
    if (items.length === 1) {
      if (zones !== undefined) return overlap;
      seen.set(region, new Map([["*", new Set(["*"])]]));
    } else if (zones === undefined) {
      seen.set(region, new Map([[zone, new Set([items.length === 2 ? "*" : subzone])]]));
    } else {
      const subzones = zones.get(zone);
      if (zones.has("*") || (items.length === 2 && subzones !== undefined)) return overlap;
      if (subzones?.has("*") === true || subzones?.has(subzone) === true) return overlap;
      if (subzones === undefined) zones.set(zone, new Set([items.length === 2 ? "*" : subzone]));
      else subzones.add(subzone);
    }
  }
  return undefined;
}

function checkDistribute(setting: LoadBalancerLocalityLbSetting, path: FieldPath, out: Findings): boolean {
  for (const [index, rule] of (setting.distribute ?? []).entries()) {
    const at = [...path, "distribute", index];
    let total = 0;
    for (const [, weight] of entriesOf(rule.to)) {
      if (weight <= 0 || weight > 100) {
        reject(out, [...at, "to"], "locality weight must be in range [1, 100]");
        return false;
      }
      total += weight;
    }
    if (total !== 100) {
      reject(out, [...at, "to"], `total locality weight ${total} != 100`);
      return false;
    }
    const error = localityError(Object.keys(rule.to ?? {}));
    if (error !== undefined) reject(out, [...at, "to"], error);
  }
  return true;
}

/** Checks a `localityLbSetting`; `hasOutlierDetection` tells whether failover can take effect. */
export function checkLocalityLb(
  setting: LoadBalancerLocalityLbSetting | undefined,
  hasOutlierDetection: boolean, path: FieldPath, out: Findings,
): void {
  if (setting === undefined) return;
  const failover = setting.failover ?? [];
  const priority = setting.failoverPriority ?? [];
  if ((setting.distribute ?? []).length > 0 && failover.length > 0) {
    return reject(out, path, "can not simultaneously specify 'distribute' and 'failover'");
  }
  const topology = failover.length > 0 ? priority.find((label) => topologyLabels.includes(label)) : undefined;
  if (topology !== undefined) {
    return reject(out, [...path, "failoverPriority"], `can not simultaneously set 'failover' and topology label '${topology}' in 'failover_priority'`);
  }
  if (!checkDistribute(setting, path, out)) return;
  const sources = localityError((setting.distribute ?? []).map((rule) => rule.from ?? ""));
  if (sources !== undefined) reject(out, [...path, "distribute"], sources);
  if ((failover.length > 0 || priority.length > 0) && !hasOutlierDetection) {
    warn(out, path, "outlier detection policy must be provided for failover");
  }
  for (const [index, rule] of failover.entries()) {
    const [from, to] = [rule.from ?? "", rule.to ?? ""];
    const at = [...path, "failover", index];
    if (from === to) reject(out, at, "locality lb failover settings must specify different regions");
    if (from.includes("/") || to.includes("/")) reject(out, at, "locality lb failover only specify region");
    if (from.includes("*") || to.includes("*")) reject(out, at, "locality lb failover region should not contain '*' wildcard");
  }
}
