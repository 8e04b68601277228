import type { HTTPRouteSpec, HTTPRouteSpecRulesMatches } from "@meshform/gateway-api/gateway.networking.k8s.io/http-route";
import { GROUP, type IndexedResource, type MeshIndex } from "../resource-index.js";
import { describeRef, parentRefsOf } from "../refs.js";
import { itemsOf, stringsOf } from "../read.js";
import type { Check, FieldPath, Finding } from "../types.js";

/** ROUTE_CONFLICT: two routes claim the same hostname and match on the same parent. */
export const routeConflict: Check = {
  code: "ROUTE_CONFLICT",
  severity: "warning",
  title: "Two routes claim the same host and match",
  check: (index) => [...conflicts(index, "HTTPRoute"), ...conflicts(index, "GRPCRoute")],
};

// --- internal ---

interface Claim {
  readonly route: IndexedResource;
  readonly path: FieldPath;
}

function conflicts(index: MeshIndex, kind: string): Finding[] {
  const claims = new Map<string, Claim>();
  const reported = new Set<string>();
  const findings: Finding[] = [];
  // A rule without matches matches everything the same way on every route of the kind.
  const matchAll = matchKey(kind, {});
  for (const route of index.ofKind(GROUP.gateway, kind)) {
    for (const { key, parent, hostname, path } of claimsOf(route, matchAll)) {
      const first = claims.get(key);
      if (first === undefined) {
        claims.set(key, { route, path });
        continue;
      }
      const pair = `${first.route.position}/${route.position}/${parent}`;
      if (first.route === route || reported.has(pair)) continue;
      reported.add(pair);
      findings.push({
        resource: route,
        path,
        message: `${kind} ${route.namespace}/${route.name} and ${kind} ${first.route.namespace}/${first.route.name} both claim ${hostname === "*" ? "every hostname" : `hostname ${hostname}`} with the same match on ${parent}: only the oldest route gets it, the other is ignored for it`,
        hint: "merge the rules into one route, or give them different hostnames or matches",
      });
    }
  }
  return findings;
}

/**
 * Every (parent, hostname, match) a route claims, with the field path of the match.
 *
 * @param matchAll - the key of a rule without matches, {@link matchKey} of `{}` for the route's kind
 */
function claimsOf(route: IndexedResource, matchAll: string): { key: string; parent: string; hostname: string; path: FieldPath }[] {
  const parents = parentRefsOf(route);
  if (parents.length === 0) return [];
  const spec = route.spec as Partial<HTTPRouteSpec>;
  const hostnames = stringsOf(spec.hostnames).map(([, h]) => h);
  // The matches do not depend on the parent: each rule's are keyed once, not once per parentRef.
  const rules = itemsOf(spec.rules).map(([r, rule]) => {
    const matches = itemsOf(rule.matches);
    return matches.length > 0 ? matches.map(([m, match]) => [matchKey(route.kind, match), ["spec", "rules", r, "matches", m]] as const) : [[matchAll, ["spec", "rules", r]] as const];
  });
  const out: { key: string; parent: string; hostname: string; path: FieldPath }[] = [];
  for (const ref of parents) {
    const parent = `${describeRef(ref)}${ref.sectionName === undefined ? "" : ` (listener ${ref.sectionName})`}${ref.port === undefined ? "" : ` port ${ref.port}`}`;
    for (const keyed of rules) {
      for (const hostname of hostnames.length > 0 ? hostnames : ["*"]) {
        for (const [match, path] of keyed) out.push({ key: `${ref.group}/${parent}\u0000${hostname}\u0000${match}`, parent, hostname, path });
      }
    }
  }
  return out;
}

/**
 * A match in a canonical form: defaults filled (`PathPrefix /` for HTTP), a prefix's trailing
 * `/` dropped (`/api/` and `/api` match the same requests), keys and lists sorted.
 */
function matchKey(kind: string, match: HTTPRouteSpecRulesMatches): string {
  if (kind !== "HTTPRoute") return canonical(match);
  const type = match.path?.type ?? "PathPrefix";
  const value = typeof match.path?.value === "string" ? match.path.value : "/";
  return canonical({ ...match, path: { type, value: type === "PathPrefix" && value.length > 1 ? value.replace(/\/+$/, "") : value } });
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(",")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
