/**
 * Formats a path the way the Kubernetes API server prints one:
 * `["spec", "rules", 0, "backendRefs", 1, "weight"]` becomes `spec.rules[0].backendRefs[1].weight`.
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
