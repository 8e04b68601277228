import { DATAPLANE_MODE, dataplaneOf } from "../modes.js";
import { selectorOf, sourceUses, whenUses } from "../policy.js";
import { GROUP, type IndexedResource } from "../resource-index.js";
import { targetRefsOf } from "../refs.js";
import { isObject, itemsOf } from "../read.js";
import type { Check, Finding } from "../types.js";

/** SIDECAR_ONLY_IN_AMBIENT: a resource or setting only sidecars apply, in an ambient namespace. */
export const sidecarOnlyInAmbient: Check = {
  code: "SIDECAR_ONLY_IN_AMBIENT",
  istioctlCode: "IST0167",
  severity: "warning",
  title: "Sidecar-only configuration in an ambient namespace",
  check: (index) => {
    // No namespace is ambient unless some resource carries the label, which most sets lack.
    if (!index.resources.some((r) => r.labels[DATAPLANE_MODE] === "ambient")) return [];
    // Many resources share a namespace: each namespace's data plane is looked up once.
    const ambient = new Map<string, boolean>();
    const isAmbient = (namespace: string): boolean => {
      let known = ambient.get(namespace);
      if (known === undefined) ambient.set(namespace, (known = dataplaneOf(index, namespace) === "ambient"));
      return known;
    };
    return index.resources.filter((r) => r.namespace !== "" && isAmbient(r.namespace)).flatMap(checkResource);
  },
};

// --- internal ---

const HINT_TARGET = "attach it to the namespace's waypoint with targetRefs to a Service or to the waypoint Gateway, instead of a selector";

function checkResource(resource: IndexedResource): Finding[] {
  const at = (path: (string | number)[], message: string, hint: string): Finding[] => [{ resource, path, message: `${message}; namespace ${resource.namespace} is in ambient mode`, hint }];
  const targeted = targetRefsOf(resource).length > 0;
  switch (`${resource.group}/${resource.kind}`) {
    case `${GROUP.networking}/Sidecar`:
      return at(["kind"], "a Sidecar configures sidecar proxies, and ambient workloads have none", "remove it; tune ambient traffic with waypoints and their policies");
    case `${GROUP.networking}/EnvoyFilter`:
    case `${GROUP.extensions}/WasmPlugin`:
      return targeted ? [] : at(["spec"], `a ${resource.kind} without targetRefs patches sidecars and gateways selected by labels, not ztunnel`, HINT_TARGET);
    case `${GROUP.security}/RequestAuthentication`:
      return targeted ? [] : at(["spec"], "ztunnel does not validate JWTs, so a RequestAuthentication without targetRefs does nothing for ambient workloads", HINT_TARGET);
    case `${GROUP.security}/AuthorizationPolicy`:
      return targeted ? [] : layer7Uses(resource).slice(0, 1).flatMap((path) => at(path, `ztunnel enforces this policy (it has no targetRefs${selectorOf(resource) ? ", only a selector" : ""}) and cannot read HTTP attributes, so it fails safe: an ALLOW rule with HTTP conditions allows nothing, a DENY rule drops them and denies more`, HINT_TARGET));
    default:
      return [];
  }
}

/** The paths of the HTTP (layer 7) attributes an AuthorizationPolicy's rules use. */
function layer7Uses(policy: IndexedResource): (string | number)[][] {
  const operations = itemsOf(policy.spec.rules as Record<string, unknown>[] | undefined).flatMap(([r, rule]) =>
    itemsOf(rule.to as Record<string, unknown>[] | undefined).flatMap(([t, to]) => {
      const operation = isObject(to.operation) ? to.operation : {};
      return ["methods", "notMethods", "paths", "notPaths", "hosts", "notHosts"].filter((k) => Array.isArray(operation[k])).map((k) => ["spec", "rules", r, "to", t, "operation", k]);
    }),
  );
  const sources = sourceUses(policy, ["requestPrincipals"]).map((u) => [...u.path]);
  const conditions = whenUses(policy, (key) => key.startsWith("request.")).map((u) => [...u.path]);
  return [...operations, ...sources, ...conditions];
}
