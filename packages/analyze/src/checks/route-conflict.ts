import type { HTTPRouteSpec, HTTPRouteMatch } from "@meshform/gateway-api/gateway.networking.k8s.io/http-route";
import { GROUP, type IndexedResource, type MeshIndex } from "../resource-index.js";
import { describeRef, parentRefsOf } from "../refs.js";
import { itemsOf, stringsOf } from "../read.js";
import type { Check, Finding } from "../types.js";

/** ROUTE_CONFLICT: two routes claim the same hostname and match on the same parent. */
export const routeConflict: Check = {
  code: "ROUTE_CONFLICT",
  severity: "warning",
  title: "Two routes claim the same host and match",
  check: (index) => [...conflicts(index, "HTTPRoute"), ...conflicts(index, "GRPCRoute")],
};

// --- internal ---

/** A rule's matches, each keyed ({@link matchKey}) with the indexes of its field path. */
type KeyedMatches = readonly (readonly [key: string, rule: number, match: number | undefined])[];

/** The hostnames of a route without any: it claims every hostname. */
const EVERY_HOSTNAME: readonly string[] = ["*"];

/**
 * Walks every (parent, hostname, match) each route claims, in the order of the routes, their
 * parentRefs, rules, hostnames and matches, and reports each route whose claim an earlier route
 * made on the same parent. Each claim is a string key, and only the route that made it first is
 * kept; the field path of a claim is made only for a finding.
 */
function conflicts(index: MeshIndex, kind: string): Finding[] {
  const claims = new Map<string, IndexedResource>();
  const reported = new Set<string>();
  const findings: Finding[] = [];
  // A rule without matches matches everything the same way on every route of the kind.
  const matchAll = matchKey(kind, {});
  for (const route of index.ofKind(GROUP.gateway, kind)) {
    const parents = parentRefsOf(route);
    if (parents.length === 0) continue;
    const spec = route.spec as Partial<HTTPRouteSpec>;
    const written = stringsOf(spec.hostnames);
    const hostnames = written.length > 0 ? written.map(([, h]) => h) : EVERY_HOSTNAME;
    // The matches do not depend on the parent: each rule's are keyed once, not once per parentRef.
    const rules = keyedRules(route, spec, matchAll);
    for (const ref of parents) {
      const parent = `${describeRef(ref)}${ref.sectionName === undefined ? "" : ` (listener ${ref.sectionName})`}${ref.port === undefined ? "" : ` port ${ref.port}`}`;
      for (const keyed of rules) {
        for (const hostname of hostnames) {
          for (const [match, r, m] of keyed) {
            const key = `${ref.group}/${parent}\u0000${hostname}\u0000${match}`;
            const first = claims.get(key);
            if (first === undefined) {
              claims.set(key, route);
              continue;
            }
            const pair = `${first.position}/${route.position}/${parent}`;
            if (first === route || reported.has(pair)) continue;
            reported.add(pair);
            findings.push({
              resource: route,
              path: m === undefined ? ["spec", "rules", r] : ["spec", "rules", r, "matches", m],
              message: `${kind} ${route.namespace}/${route.name} and ${kind} ${first.namespace}/${first.name} both claim ${hostname === "*" ? "every hostname" : `hostname ${hostname}`} with the same match on ${parent}: only the oldest route gets it, the other is ignored for it`,
              hint: "merge the rules into one route, or give them different hostnames or matches",
            });
          }
        }
      }
    }
  }
  return findings;
}

/**
 * Each rule's matches keyed, with the indexes of their paths; a rule without matches claims
 * `matchAll`, at the rule's own path.
 *
 * @param matchAll - the key of a rule without matches, {@link matchKey} of `{}` for the route's kind
 */
function keyedRules(route: IndexedResource, spec: Partial<HTTPRouteSpec>, matchAll: string): KeyedMatches[] {
  return itemsOf(spec.rules).map(([r, rule]): KeyedMatches => {
    const matches = itemsOf(rule.matches);
    return matches.length > 0 ? matches.map(([m, match]) => [matchKey(route.kind, match), r, m] as const) : [[matchAll, r, undefined]];
  });
}

/**
 * A match in a canonical form: defaults filled (`PathPrefix /` for HTTP), a prefix's trailing
 * `/` dropped (`/api/` and `/api` match the same requests), keys and lists sorted.
 */
function matchKey(kind: string, match: HTTPRouteMatch): string {
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
