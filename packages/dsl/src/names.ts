import type { Issue, SourceLocation } from "@meshform/diagnostics";
import {
  DNS_SUBDOMAIN_MAX_LENGTH, DNS1123_SUBDOMAIN_PATTERN, dns1035LabelProblems, dns1123LabelProblems, dns1123SubdomainProblems,
  labelValueProblems, portNumberProblems, qualifiedNameProblems, type KindEntry,
} from "@meshform/kind-runtime";
import type { Resource } from "./model.js";

/**
 * A rule a name must follow, as the Kubernetes API server (or the CRD's schema) states it: what
 * is checked and, when a name breaks it, the API server's own words.
 */
export interface NameRule {
  /** What the rule is called, e.g. `"DNS-1035 label"`. */
  readonly title: string;
  /** Why `value` breaks the rule, in the API server's words; `undefined` when it follows it. */
  problem(value: string): string | undefined;
}

/** A rule from one of apimachinery's checks (`@meshform/kind-runtime`): its first problem, as the API server lists them. */
function problemsRule(title: string, problems: (value: string) => string[]): NameRule {
  return { title, problem: (value) => problems(value)[0] };
}

const DNS_1123_SUBDOMAIN: NameRule = problemsRule("RFC 1123 subdomain", dns1123SubdomainProblems);

/**
 * The name rules of Kubernetes and the Gateway API, each with the API server's message. One set
 * for the builders (which check every name they take) and for whatever checks written manifests;
 * the Kubernetes rules are apimachinery's, stated once in `@meshform/kind-runtime`.
 */
export const NAME_RULES = {
  /** RFC 1123 label: a namespace name. At most 63 of `a-z0-9-`, alphanumeric at both ends. */
  dns1123Label: problemsRule("RFC 1123 label", dns1123LabelProblems),
  /** RFC 1123 subdomain: most object names. At most 253 characters, dot-separated labels. */
  dns1123Subdomain: DNS_1123_SUBDOMAIN,
  /** RFC 1035 label: a Service name. At most 63 of `a-z0-9-`, starting with a letter. */
  dns1035Label: problemsRule("DNS-1035 label", dns1035LabelProblems),
  /** The Gateway API's SectionName: a listener name, a parentRef's `sectionName`. */
  sectionName: {
    title: "Gateway API SectionName",
    problem(value: string): string | undefined {
      if (value.length > DNS_SUBDOMAIN_MAX_LENGTH) return `must be no more than ${DNS_SUBDOMAIN_MAX_LENGTH} characters`;
      return DNS1123_SUBDOMAIN_PATTERN.test(value) ? undefined : `should match '${DNS1123_SUBDOMAIN_PATTERN.source}'`;
    },
  },
  /** A label or annotation key: an optional DNS-1123 subdomain prefix and `/`, then a name of at most 63 characters. */
  qualifiedName: problemsRule("qualified name", qualifiedNameProblems),
  /** A label value: empty, or at most 63 alphanumeric characters, `-`, `_` or `.`. */
  labelValue: problemsRule("label value", labelValueProblems),
  /** A port number. */
  port: {
    title: "port number",
    problem(value: string) {
      return portNumberProblems(Number(value))[0];
    },
  },
} as const satisfies Record<string, NameRule>;

/** The name rules by what they are called. */
export type NameRuleId = keyof typeof NAME_RULES;

/** Whether `name` is a DNS-1123 label (a namespace): at most 63 of `a-z0-9-`. */
export function isDnsLabel(name: string): boolean {
  return NAME_RULES.dns1123Label.problem(name) === undefined;
}

/** Whether `name` is a DNS-1035 label (a Service): at most 63 of `a-z0-9-`, starting with a letter. */
export function isDns1035Label(name: string): boolean {
  return NAME_RULES.dns1035Label.problem(name) === undefined;
}

/** Whether `name` is a DNS-1123 subdomain (most object names): at most 253 characters. */
export function isDnsSubdomain(name: string): boolean {
  return DNS_1123_SUBDOMAIN.problem(name) === undefined;
}

/** The rule a kind's object names follow: a DNS-1035 label for Services, an RFC 1123 label for Namespaces, else an RFC 1123 subdomain. */
export function objectNameRule(kind: string): NameRule {
  if (kind === "Service") return NAME_RULES.dns1035Label;
  if (kind === "Namespace") return NAME_RULES.dns1123Label;
  return NAME_RULES.dns1123Subdomain;
}

/** Object names and namespaces must follow the Kubernetes name rules; they also become file and folder names. */
export function checkNames(resource: Resource, entry: KindEntry, source: SourceLocation): Issue<"INVALID_NAME">[] {
  const { name, namespace } = resource.metadata;
  const nameProblem = typeof name === "string" ? objectNameRule(entry.info.kind).problem(name) : "must be a string";
  const namespaceProblem = namespace === undefined ? undefined : typeof namespace === "string" ? NAME_RULES.dns1123Label.problem(namespace) : "must be a string";
  if (nameProblem === undefined && namespaceProblem === undefined) return [];
  const issues: Issue<"INVALID_NAME">[] = [];
  const at = { resource: { apiVersion: resource.apiVersion, kind: resource.kind, name, ...(namespace ? { namespace } : {}) }, source };
  if (nameProblem !== undefined) {
    issues.push({ code: "INVALID_NAME", severity: "error", message: `${JSON.stringify(name)} is not a valid ${entry.info.kind} name: ${nameProblem}`, path: ["metadata", "name"], ...at });
  }
  if (namespaceProblem !== undefined) {
    issues.push({ code: "INVALID_NAME", severity: "error", message: `${JSON.stringify(namespace)} is not a valid namespace name: ${namespaceProblem}`, path: ["metadata", "namespace"], ...at });
  }
  return issues;
}

/** A namespaced kind needs a namespace; a cluster-scoped kind must not have one. */
export function checkScope(resource: Resource, entry: KindEntry, source: SourceLocation): Issue<"SCOPE_MISMATCH">[] {
  const { name, namespace } = resource.metadata;
  const at = () => ({ path: ["metadata", "namespace"], resource: { apiVersion: resource.apiVersion, kind: resource.kind, name, ...(namespace ? { namespace } : {}) }, source });
  if (entry.info.scope === "Namespaced" && !namespace) {
    return [{ code: "SCOPE_MISMATCH", severity: "error", message: `${entry.info.kind} is namespaced, and this one names no namespace`, hint: "set metadata.namespace, or declare it through mesh.namespace(...)", ...at() }];
  }
  if (entry.info.scope === "Cluster" && namespace) {
    return [{ code: "SCOPE_MISMATCH", severity: "error", message: `${entry.info.kind} is cluster-scoped and cannot be in namespace ${namespace}`, hint: "drop metadata.namespace", ...at() }];
  }
  return [];
}
