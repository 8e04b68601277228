import { GROUP, type MeshIndex } from "../../resource-index.js";
import { isObject, itemsOf, stringsOf } from "../../read.js";
import type { Check, Finding } from "../../types.js";

/**
 * AUTHORIZATION_NAMESPACE_NOT_FOUND: an AuthorizationPolicy's `source.namespaces` or
 * `source.notNamespaces` names a namespace (or a `prefix*` / `*suffix` pattern) that matches no
 * namespace of the set. Reported only when the set holds Namespace objects: without them it
 * cannot tell which namespaces exist.
 */
export const authorizationNamespaceNotFound: Check = {
  code: "AUTHORIZATION_NAMESPACE_NOT_FOUND",
  istioctlCode: "IST0101",
  severity: "error",
  title: "AuthorizationPolicy source namespace not found",
  check: (index) => {
    const policies = index.ofKind(GROUP.security, "AuthorizationPolicy");
    if (policies.length === 0 || index.ofKind(GROUP.core, "Namespace").length === 0) return [];
    const known = namespacesOf(index);
    return policies.flatMap((policy) =>
      itemsOf(policy.spec.rules as Record<string, unknown>[] | undefined).flatMap(([r, rule]) =>
        itemsOf(rule.from as Record<string, unknown>[] | undefined).flatMap(([f, from]) => {
          const source = isObject(from.source) ? from.source : {};
          return (["namespaces", "notNamespaces"] as const).flatMap((field) =>
            stringsOf(source[field] as unknown[] | undefined).flatMap(([k, expression]): Finding[] =>
              known.matches(expression)
                ? []
                : [
                    {
                      resource: policy,
                      path: ["spec", "rules", r, "from", f, "source", field, k],
                      message: `Referenced namespace not found: ${JSON.stringify(expression)}: no namespace of the set ${expression.includes("*") ? "matches it" : "has that name"}, so ${field === "namespaces" ? "this source matches no request" : "this exclusion excludes no request"}`,
                      hint: `fix the namespace name, or add its Namespace to the set if it is created with it`,
                    },
                  ],
            ),
          );
        }),
      ),
    );
  },
};

/** Namespaces matched as Istio matches a source namespace: exactly (any case), `*`, `prefix*` or `*suffix`. */
interface NamespaceSet {
  matches(expression: string): boolean;
}

/**
 * The namespaces the set knows: its Namespace objects, the namespaces its resources are in (they
 * exist once the set is applied), and the Istio root namespace.
 */
function namespacesOf(index: MeshIndex): NamespaceSet {
  const names = new Set<string>([index.rootNamespace]);
  for (const namespace of index.ofKind(GROUP.core, "Namespace")) names.add(namespace.name);
  for (const resource of index.resources) if (resource.namespace !== "") names.add(resource.namespace);
  const lower = new Set([...names].map((n) => n.toLowerCase()));
  const sorted = [...names].sort();
  const reversed = [...names].map(reverse).sort();
  return {
    matches: (expression) => {
      if (expression === "*") return true;
      if (expression.startsWith("*")) return hasPrefix(reversed, reverse(expression.slice(1)));
      if (expression.endsWith("*")) return hasPrefix(sorted, expression.slice(0, -1));
      return lower.has(expression.toLowerCase());
    },
  };
}

function reverse(s: string): string {
  return [...s].reverse().join("");
}

/** Whether a sorted list holds a string that starts with `prefix` (a binary search). */
function hasPrefix(sorted: readonly string[], prefix: string): boolean {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < prefix) low = mid + 1;
    else high = mid;
  }
  return low < sorted.length && sorted[low]!.startsWith(prefix);
}
