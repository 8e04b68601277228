/**
 * Object names as the API server checks them on create (`ValidateObjectMeta` with each kind's
 * name rule): a Service name is a DNS-1035 label, a Namespace name a DNS-1123 label, and every
 * other kind meshform knows, custom resources included, takes a DNS-1123 subdomain. The
 * namespace of a namespaced object is a DNS-1123 label. Messages are the API server's, from
 * `k8s.io/apimachinery/pkg/util/validation`, stated once in `@meshform/kind-runtime`.
 */
import { dns1035LabelProblems, dns1123LabelProblems, dns1123SubdomainProblems, type KindInfo } from "@meshform/kind-runtime";
import type { ValidateIssue } from "./codes.js";
import { isRecord, renderValue } from "./value.js";

/** The rule a kind's `metadata.name` follows. */
export type NameRule = "dns1123Subdomain" | "dns1123Label" | "dns1035Label";

/** The name rule of a kind, as the API server picks it. */
function nameRuleOf(info: Pick<KindInfo, "group" | "kind">): NameRule {
  if (info.group === "" && info.kind === "Service") return "dns1035Label";
  if (info.group === "" && info.kind === "Namespace") return "dns1123Label";
  return "dns1123Subdomain";
}

/**
 * Why `value` breaks `rule`, in the API server's words; empty when it follows it. With `prefix`
 * (a `generateName`), a trailing `-` is allowed, since a random suffix follows it.
 *
 * @example
 * ```ts
 * nameProblems("dns1035Label", "9lives"); // ["a DNS-1035 label must consist of … (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]
 * ```
 */
export function nameProblems(rule: NameRule, value: string, prefix = false): string[] {
  const name = prefix && value.endsWith("-") ? `${value.slice(0, -1)}a` : value;
  return RULES[rule](name);
}

/**
 * The `NAME_INVALID` errors of a resource's `metadata.name` (or, without a name, its
 * `generateName`) and, for a namespaced kind, its `metadata.namespace`. A missing name is reported
 * elsewhere; a namespace that is not set is filled in from the context at apply time.
 */
export function checkNames(info: Pick<KindInfo, "group" | "kind" | "scope">, resource: Record<string, unknown>): ValidateIssue[] {
  const metadata = isRecord(resource.metadata) ? resource.metadata : {};
  const rule = nameRuleOf(info);
  const issues: ValidateIssue[] = [];
  const invalid = (field: string, value: string, problems: readonly string[]): void => {
    for (const problem of problems) issues.push({ code: "NAME_INVALID", severity: "error", path: ["metadata", field], message: `Invalid value: ${renderValue(value)}: ${problem}` });
  };
  const { name, generateName, namespace } = metadata;
  if (typeof name === "string" && name !== "") invalid("name", name, nameProblems(rule, name));
  else if (typeof generateName === "string" && generateName !== "") invalid("generateName", generateName, nameProblems(rule, generateName, true));
  if (info.scope === "Namespaced" && typeof namespace === "string" && namespace !== "") invalid("namespace", namespace, nameProblems("dns1123Label", namespace));
  return issues;
}

// --- internal ---

const RULES: Readonly<Record<NameRule, (value: string) => string[]>> = {
  dns1123Subdomain: dns1123SubdomainProblems,
  dns1123Label: dns1123LabelProblems,
  dns1035Label: dns1035LabelProblems,
};
