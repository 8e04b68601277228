/**
 * How Istio compares host names (its `host.Name` type): wildcards (`*.example.com`, `*`) cover
 * the names under them. The DSL, validation and analysis all decide with these two, so that a
 * host the config accepts is one Istio accepts.
 *
 * @packageDocumentation
 */

/**
 * Whether two hosts overlap (Istio's `host.Name.Matches`): equal when neither is a wildcard;
 * otherwise one wildcard covers the other, in either direction (`*.example.com` and
 * `a.example.com`, `*` and anything). `*.example.com` does not cover `example.com`.
 *
 * @example
 * ```ts
 * hostsMatch("*.example.com", "api.example.com"); // true
 * ```
 */
export function hostsMatch(a: string, b: string): boolean {
  const aWild = a.startsWith("*");
  const bWild = b.startsWith("*");
  if (aWild && bWild) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (aWild) return b.endsWith(a.slice(1));
  if (bWild) return a.endsWith(b.slice(1));
  return a === b;
}

/**
 * Whether host `a` lies within host `b` (Istio's `host.Name.SubsetOf`), one direction of
 * {@link hostsMatch}: what an SNI host must be of its VirtualService's hosts.
 *
 * @example
 * ```ts
 * hostSubsetOf("a.example.com", "*.example.com"); // true
 * hostSubsetOf("*.example.com", "a.example.com"); // false
 * ```
 */
export function hostSubsetOf(a: string, b: string): boolean {
  const aWild = a.startsWith("*");
  const bWild = b.startsWith("*");
  if (aWild) return bWild && a.length >= b.length && a.slice(1).endsWith(b.slice(1));
  if (bWild) return a.endsWith(b.slice(1));
  return a === b;
}
