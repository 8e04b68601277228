import type { DestinationRuleSpec } from "@meshform/istio/networking.istio.io/destination-rule";
import type { ServiceEntrySpec } from "@meshform/istio/networking.istio.io/service-entry";
import { HostTable, qualifyHost } from "../../hosts.js";
import { isAmbientNamespace, waypointFor, waypointUseOf } from "../../modes.js";
import { GROUP, type IndexedResource, type MeshIndex } from "../../resource-index.js";
import { isObject, itemsOf, listing, stringsOf, text } from "../../read.js";
import type { Check, FieldPath, Finding } from "../../types.js";
import { exportToOf } from "../istio-references/registry.js";

/** A ServiceEntry that no waypoint serves, and who sees it. */
interface Unserved {
  readonly entry: IndexedResource;
  readonly exportTo: readonly string[];
  /** What the ServiceEntry or its namespace says about waypoints, for the message. */
  readonly why: string;
}

/**
 * EXTERNAL_POLICY_NOT_ENFORCED: a DestinationRule sets a traffic policy (TLS origination, a
 * circuit breaker, load balancing) for the host of a ServiceEntry that no waypoint serves, and an
 * ambient namespace of the set sees both. In ambient mode ztunnel applies no DestinationRule; only
 * a waypoint that serves the ServiceEntry (`istio.io/use-waypoint` on it or on its namespace)
 * applies its policy, so requests from ambient workloads go out without it.
 */
export const externalPolicyNotEnforced: Check = {
  code: "EXTERNAL_POLICY_NOT_ENFORCED",
  severity: "warning",
  title: "External-service policy that no waypoint applies for ambient clients",
  check: (index) => {
    const ambient = index.ofKind(GROUP.core, "Namespace").filter(isAmbientNamespace).map((n) => n.name);
    if (ambient.length === 0) return [];
    const unserved = new HostTable<Unserved>();
    for (const entry of index.ofKind(GROUP.networking, "ServiceEntry")) {
      const why = unservedReason(index, entry);
      if (why === undefined) continue;
      const spec = entry.spec as Partial<ServiceEntrySpec>;
      const exportTo = exportToOf(entry);
      for (const [, host] of stringsOf(spec.hosts)) unserved.add(qualifyHost(host, entry.namespace), { entry, exportTo, why });
    }
    const ambientSet = new Set(ambient);
    let waypointList: string[] | undefined;
    const waypoints = () => (waypointList ??= index.gateways().filter((g) => g.waypoint).map((g) => `${g.resource.namespace}/${g.resource.name}`));
    const findings: Finding[] = [];
    for (const rule of index.ofKind(GROUP.networking, "DestinationRule")) {
      const spec = rule.spec as Partial<DestinationRuleSpec>;
      const written = text(spec.host);
      if (written === undefined || isObject(spec.workloadSelector)) continue;
      const policy = policyOf(spec);
      if (policy === undefined) continue;
      const host = qualifyHost(written, rule.namespace);
      const ruleExport = exportToOf(rule);
      for (const found of new Set(unserved.overlapping(host))) {
        const clients = seenBy(ambient, ambientSet, [rule.namespace, ruleExport], [found.entry.namespace, found.exportTo]);
        if (clients.length === 0) continue;
        const entryName = `ServiceEntry ${found.entry.namespace}/${found.entry.name}`;
        const named = clients.length > 3 ? [...clients.slice(0, 3), `${clients.length - 3} more`] : clients;
        findings.push({
          resource: rule,
          path: policy.path,
          message:
            `DestinationRule sets ${listing(policy.what)} for host ${host}, which ${entryName} declares and no waypoint serves (${found.why}), ` +
            `and ambient namespace${clients.length > 1 ? "s" : ""} ${listing(named)} ${clients.length > 1 ? "see" : "sees"} both: in ambient mode only a waypoint that serves the ServiceEntry applies a DestinationRule's traffic policy, never ztunnel, ` +
            `so requests from ambient workloads to ${host} go out without ${listing(policy.what.map(absent))}`,
          hint:
            `label ${entryName} (or namespace ${found.entry.namespace}) with istio.io/use-waypoint naming a waypoint that handles service traffic (with istio.io/use-waypoint-namespace when it is in another namespace, whose listener must admit ${found.entry.namespace})` +
            (waypoints().length > 0 ? `; the set has ${waypoints().join(", ")}` : "; the set has no waypoint yet"),
        });
      }
    }
    return findings;
  },
};

// --- internal ---

/** Why no waypoint serves a ServiceEntry, or `undefined` when one does (or one is named that the set lacks: WAYPOINT_NOT_FOUND reports it). */
function unservedReason(index: MeshIndex, entry: IndexedResource): string | undefined {
  const own = waypointUseOf(entry);
  const namespace = index.find(GROUP.core, "Namespace", "", entry.namespace);
  const use = own ?? (namespace ? waypointUseOf(namespace) : undefined);
  if (use === undefined) return `neither it nor namespace ${entry.namespace} is labelled istio.io/use-waypoint`;
  if (use === "none") return `${own === "none" ? "it" : `namespace ${entry.namespace}`} is labelled istio.io/use-waypoint: none`;
  const gateway = index.gateway(use.namespace, use.name);
  if (gateway === undefined) return undefined;
  const handles = waypointFor(gateway);
  return handles === "service" || handles === "all" ? undefined : `its waypoint ${use.namespace}/${use.name} handles ${handles} traffic only (istio.io/waypoint-for: ${handles})`;
}

/**
 * The ambient namespaces that see every one of `resources` (each its namespace and its
 * `exportTo`), in input order, or in the order of an exportTo list that narrows them: read from
 * the exportTo lists, which are short, rather than by testing each namespace per resource.
 */
function seenBy(ambient: readonly string[], ambientSet: ReadonlySet<string>, ...resources: (readonly [home: string, exportTo: readonly string[]])[]): string[] {
  let seen: Set<string> | undefined;
  for (const [home, exportTo] of resources) {
    if (exportTo.length === 0 || exportTo.includes("*")) continue;
    const these = new Set(exportTo.map((e) => (e === "." ? home : e)).filter((ns) => ambientSet.has(ns) && (seen === undefined || seen.has(ns))));
    seen = these;
  }
  return seen === undefined ? [...ambient] : ambient.length <= seen.size ? ambient.filter((ns) => seen.has(ns)) : [...seen];
}

/** What a traffic policy sets, in the words of messages, and the path of the first setting. */
function policyOf(spec: Partial<DestinationRuleSpec>): { readonly what: string[]; readonly path: FieldPath } | undefined {
  const what = new Set<string>();
  let path: FieldPath | undefined;
  const read = (policy: unknown, at: FieldPath) => {
    if (!isObject(policy)) return;
    const found: [string, string][] = [];
    const tls = isObject(policy.tls) ? text(policy.tls.mode) : undefined;
    if (tls === "SIMPLE" || tls === "MUTUAL") found.push(["tls", "TLS origination"]);
    if (isObject(policy.connectionPool)) found.push(["connectionPool", "a circuit breaker"]);
    if (isObject(policy.outlierDetection)) found.push(["outlierDetection", "a circuit breaker"]);
    if (isObject(policy.loadBalancer)) found.push(["loadBalancer", "load balancing"]);
    for (const [field, words] of found) {
      what.add(words);
      path ??= [...at, field];
    }
    for (const [i, port] of itemsOf(policy.portLevelSettings as Record<string, unknown>[] | undefined)) read(port, [...at, "portLevelSettings", i]);
  };
  read(spec.trafficPolicy, ["spec", "trafficPolicy"]);
  for (const [i, subset] of itemsOf(spec.subsets)) read(subset.trafficPolicy, ["spec", "subsets", i, "trafficPolicy"]);
  return path === undefined ? undefined : { what: [...what], path };
}

/** `TLS origination` -> `TLS origination`; `a circuit breaker` -> `the circuit breaker`. */
function absent(what: string): string {
  return what.startsWith("a ") ? `the ${what.slice(2)}` : what;
}
