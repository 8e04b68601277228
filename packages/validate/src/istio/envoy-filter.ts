/**
 * EnvoyFilter admission rules that need no Envoy protobuf schemas: the workload selector, each
 * patch's `applyTo`, operation and value, the proxy version regex, and whether the match suits
 * the kind of object patched.
 */
import type { EnvoyFilterSpec, EnvoyFilterSpecConfigPatches } from "@meshform/istio/networking.istio.io/v1alpha3";
import { type FieldPath, type Findings, type IstioResource, metaOf, reject, warn } from "./finding.js";
import { checkAlphaWorkloadSelector, checkAnnotations } from "./policy.js";
import { re2Error } from "./regexp.js";
import { atLeast, NEWEST_MINOR } from "./release.js";

const connectionManager = "envoy.filters.network.http_connection_manager";
const listenerClass = ["LISTENER", "FILTER_CHAIN", "NETWORK_FILTER", "HTTP_FILTER"];
const routeClass = ["ROUTE_CONFIGURATION", "VIRTUAL_HOST", "HTTP_ROUTE"];

function checkListenerMatch(patch: EnvoyFilterSpecConfigPatches, path: FieldPath, out: Findings): void {
  const filter = patch.match?.listener?.filterChain?.filter;
  if (filter === undefined) return;
  const at = [...path, "match", "listener", "filterChain", "filter"];
  if (patch.applyTo === "LISTENER" || patch.applyTo === "FILTER_CHAIN") {
    warn(out, at, `Envoy filter: filter match has no effect when used with ${patch.applyTo}`);
  }
  if ((filter.name ?? "") === "") return reject(out, [...at, "name"], "Envoy filter: filter match has no name to match on");
  if (filter.subFilter === undefined) return;
  if (patch.applyTo !== "HTTP_FILTER") return reject(out, [...at, "subFilter"], "Envoy filter: subfilter match can be used with applyTo HTTP_FILTER only");
  if (filter.name !== connectionManager && filter.name !== "envoy.http_connection_manager") {
    return reject(out, [...at, "name"], `Envoy filter: subfilter match requires filter match with ${connectionManager}`);
  }
  if ((filter.subFilter.name ?? "") === "") reject(out, [...at, "subFilter", "name"], "Envoy filter: subfilter match has no name to match on");
}

function checkPatch(patch: EnvoyFilterSpecConfigPatches, path: FieldPath, minor: number, out: Findings): void {
  // From 1.29 the webhook skips a patch for waypoints entirely (`match.waypoint` is then its match);
  // a `match.waypoint` in another context is refused by the CRD's own rule ("only support
  // waypointMatch when context is WAYPOINT"), so the webhook never sees it.
  if (atLeast(minor, 29) && (patch.match?.context === "WAYPOINT" || patch.match?.waypoint !== undefined)) return;
  if ((patch.applyTo ?? "INVALID") === "INVALID") return reject(out, [...path, "applyTo"], "Envoy filter: missing applyTo");
  if (patch.patch === undefined) return reject(out, [...path, "patch"], "Envoy filter: missing patch");
  const operation = patch.patch.operation ?? "INVALID";
  if (operation === "INVALID") return reject(out, [...path, "patch", "operation"], "Envoy filter: missing patch operation");
  if (operation !== "REMOVE" && patch.patch.value === undefined) {
    return reject(out, [...path, "patch", "value"], "Envoy filter: missing patch value for non-remove operation");
  }
  const version = patch.match?.proxy?.proxyVersion ?? "";
  const versionError = version === "" ? undefined : re2Error(version);
  if (versionError !== undefined) {
    return reject(out, [...path, "match", "proxy", "proxyVersion"], `Envoy filter: invalid regex for proxy version, [${versionError}]`);
  }
  const match = patch.match;
  const objectType = match?.listener ?? match?.routeConfiguration ?? match?.cluster;
  if (objectType === undefined) return;
  if (listenerClass.includes(patch.applyTo ?? "")) {
    if (match?.listener === undefined) return reject(out, [...path, "match"], "Envoy filter: applyTo for listener class objects cannot have non listener match");
    checkListenerMatch(patch, path, out);
  } else if (routeClass.includes(patch.applyTo ?? "") && match?.routeConfiguration === undefined) {
    reject(out, [...path, "match"], "Envoy filter: applyTo for http route class objects cannot have non route configuration match");
  } else if (patch.applyTo === "CLUSTER" && match?.cluster === undefined) {
    reject(out, [...path, "match"], "Envoy filter: applyTo for cluster class objects cannot have non cluster match");
  }
}

/**
 * Checks an EnvoyFilter as the validating webhook of Istio 1.`minor` does (the newest when
 * absent), short of building the xDS patch.
 */
export function checkEnvoyFilter(resource: IstioResource, minor = NEWEST_MINOR): Findings {
  const spec = (resource.spec ?? {}) as EnvoyFilterSpec;
  const out: Findings = [];
  checkAnnotations(metaOf(resource), undefined, out);
  warn(out, ["spec"], "EnvoyFilter exposes internal implementation details that may change at any time. Prefer other APIs if possible, and exercise extreme caution, especially around upgrades.");
  if (!checkAlphaWorkloadSelector(spec.workloadSelector, ["spec", "workloadSelector"], "Envoy filter", out)) {
    return out.filter((finding) => finding.severity === "error");
  }
  for (const [index, patch] of (spec.configPatches ?? []).entries()) checkPatch(patch, ["spec", "configPatches", index], minor, out);
  return out;
}
