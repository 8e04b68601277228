/**
 * Formats a field path the way the Kubernetes API server prints one:
 * `["spec", "rules", 0, "backendRefs", 1, "weight"]` becomes `spec.rules[0].backendRefs[1].weight`.
 * A key that is not a plain name (`istio.io/rev`) is quoted in brackets. The one formatter of
 * paths, for text and JSON output alike.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z_$][\w$-]*$/.test(segment)) {
      out += out === "" ? segment : `.${segment}`;
    } else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}
