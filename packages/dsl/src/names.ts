import type { Issue, SourceLocation } from "@meshform/diagnostics";
import type { KindEntry } from "@meshform/kind-runtime";
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

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function patternRule(title: string, pattern: RegExp, max: number, format: string): NameRule {
  return {
    title,
    problem(value) {
      if (value.length > max) return `must be no more than ${max} characters`;
      return pattern.test(value) ? undefined : format;
    },
  };
}

const DNS_1123_SUBDOMAIN: NameRule = patternRule(
  "RFC 1123 subdomain",
  DNS_SUBDOMAIN,
  253,
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
);

/**
 * The name rules of Kubernetes and the Gateway API, each with the API server's message. One set
 * for the builders (which check every name they take) and for whatever checks written manifests.
 */
export const NAME_RULES = {
  /** RFC 1123 label: a namespace name. At most 63 of `a-z0-9-`, alphanumeric at both ends. */
  dns1123Label: patternRule(
    "RFC 1123 label",
    DNS_LABEL,
    63,
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ),
  /** RFC 1123 subdomain: most object names. At most 253 characters, dot-separated labels. */
  dns1123Subdomain: DNS_1123_SUBDOMAIN,
  /** RFC 1035 label: a Service name. At most 63 of `a-z0-9-`, starting with a letter. */
  dns1035Label: patternRule(
    "DNS-1035 label",
    DNS_1035_LABEL,
    63,
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  ),
  /** The Gateway API's SectionName: a listener name, a parentRef's `sectionName`. */
  sectionName: patternRule(
    "Gateway API SectionName",
    DNS_SUBDOMAIN,
    253,
    "should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'",
  ),
  /** A label or annotation key: an optional DNS-1123 subdomain prefix and `/`, then a name of at most 63 characters. */
  qualifiedName: {
    title: "qualified name",
    problem(value: string): string | undefined {
      const slash = value.lastIndexOf("/");
      const prefix = slash < 0 ? undefined : value.slice(0, slash);
      const name = slash < 0 ? value : value.slice(slash + 1);
      if (prefix !== undefined) {
        if (prefix.length === 0) return "prefix part must be non-empty";
        const wrong = DNS_1123_SUBDOMAIN.problem(prefix);
        if (wrong !== undefined) return `prefix part ${wrong}`;
      }
      if (name.length === 0) return "name part must be non-empty";
      if (name.length > 63) return "name part must be no more than 63 characters";
      if (!QUALIFIED_NAME_PART.test(name)) {
        return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
      }
      return undefined;
    },
  },
  /** A label value: empty, or at most 63 alphanumeric characters, `-`, `_` or `.`. */
  labelValue: patternRule(
    "label value",
    LABEL_VALUE,
    63,
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  ),
  /** A port number. */
  port: {
    title: "port number",
    problem(value: string) {
      const port = Number(value);
      return Number.isInteger(port) && port >= 1 && port <= 65535 ? undefined : "must be between 1 and 65535, inclusive";
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
