/**
 * Object names as the API server checks them on create (`ValidateObjectMeta` with each kind's
 * name rule): a Service name is a DNS-1035 label, a Namespace name a DNS-1123 label, and every
 * other kind meshform knows, custom resources included, takes a DNS-1123 subdomain. The
 * namespace of a namespaced object is a DNS-1123 label. Messages are the API server's, from
 * `k8s.io/apimachinery/pkg/util/validation`.
 */
import type { KindInfo } from "@meshform/kind-runtime";
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
  const problems: string[] = [];
  const { max, pattern, message, format, examples } = RULES[rule];
  if (name.length > max) problems.push(`must be no more than ${max} characters`);
  if (!pattern.test(name)) {
    if (rule === "dns1123Label" && SUBDOMAIN.test(name)) problems.push("must not contain dots");
    else problems.push(regexError(message, format, examples));
  }
  return problems;
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

const LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const SUBDOMAIN_FORMAT = `${LABEL}(\\.${LABEL})*`;
const SUBDOMAIN = new RegExp(`^${SUBDOMAIN_FORMAT}$`);

const RULES: Readonly<Record<NameRule, { max: number; pattern: RegExp; message: string; format: string; examples: readonly string[] }>> = {
  dns1123Subdomain: {
    max: 253,
    pattern: SUBDOMAIN,
    message: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
    format: SUBDOMAIN_FORMAT,
    examples: ["example.com"],
  },
  dns1123Label: {
    max: 63,
    pattern: new RegExp(`^${LABEL}$`),
    message: "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
    format: LABEL,
    examples: ["my-name", "123-abc"],
  },
  dns1035Label: {
    max: 63,
    pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
    message: "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
    format: "[a-z]([-a-z0-9]*[a-z0-9])?",
    examples: ["my-name", "abc-123"],
  },
};

/** apimachinery's `RegexError`, examples and spacing included. */
function regexError(message: string, format: string, examples: readonly string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  return `${message} (e.g. ${examples.map((example) => `'${example}', `).join(" or ")}regex used for validation is '${format}')`;
}
