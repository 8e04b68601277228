/**
 * The string rules of Kubernetes' apimachinery (`k8s.io/apimachinery/pkg/util/validation`): DNS
 * labels and subdomains, qualified names (label and annotation keys), label values, IANA service
 * names (port names) and config keys. Each function returns why a value breaks its rule, in the
 * API server's own words, one message per problem, in the API server's order; an empty list
 * when the value follows the rule.
 *
 * One definition for every package: `@meshform/validate` checks manifests with them, and the
 * DSL's builders check the names they take.
 */

/** The longest DNS-1123 or DNS-1035 label. */
export const DNS_LABEL_MAX_LENGTH = 63;
/** The longest DNS-1123 subdomain. */
export const DNS_SUBDOMAIN_MAX_LENGTH = 253;
/** The longest label value, and the longest name part of a qualified name. */
export const LABEL_VALUE_MAX_LENGTH = 63;
/** The longest port name (an IANA service name). */
export const PORT_NAME_MAX_LENGTH = 15;

const DNS1123_LABEL_FORMAT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FORMAT = `${DNS1123_LABEL_FORMAT}(\\.${DNS1123_LABEL_FORMAT})*`;
const DNS1035_LABEL_FORMAT = "[a-z]([-a-z0-9]*[a-z0-9])?";
const QUALIFIED_NAME_FORMAT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE_FORMAT = `(${QUALIFIED_NAME_FORMAT})?`;
const CONFIG_KEY_FORMAT = "[-._a-zA-Z0-9]+";

/** A whole DNS-1123 subdomain, as a regular expression. */
export const DNS1123_SUBDOMAIN_PATTERN = new RegExp(`^${DNS1123_SUBDOMAIN_FORMAT}$`);
const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_FORMAT}$`);
const DNS1035_LABEL = new RegExp(`^${DNS1035_LABEL_FORMAT}$`);
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FORMAT}$`);
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FORMAT}$`);
const CONFIG_KEY = new RegExp(`^${CONFIG_KEY_FORMAT}$`);

const QUALIFIED_NAME_MESSAGE = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/**
 * apimachinery's `RegexError`: the message, its examples and the regex, spaced as the API server
 * spaces them (`(e.g. 'my-name',  or '123-abc', regex used for validation is '…')`).
 */
export function regexError(message: string, format: string, ...examples: readonly string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  return `${message} (e.g. ${examples.map((example) => `'${example}', `).join(" or ")}regex used for validation is '${format}')`;
}

/** apimachinery's `MaxLenError`. */
export function maxLengthError(length: number): string {
  return `must be no more than ${length} characters`;
}

/**
 * `IsDNS1123Label`: at most 63 lower case alphanumeric characters or `-`, alphanumeric at both
 * ends (a namespace name, a container name, a Service port name).
 *
 * @example
 * ```ts
 * dns1123LabelProblems("team.a"); // ["must not contain dots"]
 * ```
 */
export function dns1123LabelProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > DNS_LABEL_MAX_LENGTH) problems.push(maxLengthError(DNS_LABEL_MAX_LENGTH));
  if (!DNS1123_LABEL.test(value)) {
    if (DNS1123_SUBDOMAIN_PATTERN.test(value)) problems.push("must not contain dots");
    else {
      const message = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
      problems.push(regexError(message, DNS1123_LABEL_FORMAT, "my-name", "123-abc"));
    }
  }
  return problems;
}

/** `IsDNS1123Subdomain`: at most 253 characters, DNS-1123 labels joined by `.` (most object names). */
export function dns1123SubdomainProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > DNS_SUBDOMAIN_MAX_LENGTH) problems.push(maxLengthError(DNS_SUBDOMAIN_MAX_LENGTH));
  if (!DNS1123_SUBDOMAIN_PATTERN.test(value)) {
    const message = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    problems.push(regexError(message, DNS1123_SUBDOMAIN_FORMAT, "example.com"));
  }
  return problems;
}

/** `IsDNS1035Label`: a DNS-1123 label that starts with a letter (a Service name). */
export function dns1035LabelProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > DNS_LABEL_MAX_LENGTH) problems.push(maxLengthError(DNS_LABEL_MAX_LENGTH));
  if (!DNS1035_LABEL.test(value)) {
    const message = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    problems.push(regexError(message, DNS1035_LABEL_FORMAT, "my-name", "abc-123"));
  }
  return problems;
}

/**
 * `IsQualifiedName`: a label key, an annotation key (lower-cased first), a selector key, a
 * Service's `appProtocol`: an optional DNS-1123 subdomain prefix and `/`, then a name of at most
 * 63 alphanumeric characters, `-`, `_` or `.`, alphanumeric at both ends.
 *
 * @example
 * ```ts
 * qualifiedNameProblems("example.com/"); // ["name part must be non-empty", "name part must consist of …"]
 * ```
 */
export function qualifiedNameProblems(value: string): string[] {
  const parts = value.split("/");
  const problems: string[] = [];
  if (parts.length > 2) {
    const rule = regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT, "MyName", "my.name", "123-abc");
    return [`a qualified name ${rule} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  const name = parts.at(-1) ?? "";
  if (parts.length === 2) {
    const prefix = parts[0] ?? "";
    if (prefix.length === 0) problems.push("prefix part must be non-empty");
    else for (const problem of dns1123SubdomainProblems(prefix)) problems.push(`prefix part ${problem}`);
  }
  if (name.length === 0) problems.push("name part must be non-empty");
  else if (name.length > LABEL_VALUE_MAX_LENGTH) problems.push(`name part ${maxLengthError(LABEL_VALUE_MAX_LENGTH)}`);
  if (!QUALIFIED_NAME.test(name)) problems.push(`name part ${regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT, "MyName", "my.name", "123-abc")}`);
  return problems;
}

/** `IsValidLabelValue`: empty, or at most 63 alphanumeric characters, `-`, `_` or `.`, alphanumeric at both ends. */
export function labelValueProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > LABEL_VALUE_MAX_LENGTH) problems.push(maxLengthError(LABEL_VALUE_MAX_LENGTH));
  if (!LABEL_VALUE.test(value)) {
    const message = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    problems.push(regexError(message, LABEL_VALUE_FORMAT, "MyValue", "my_value", "12345"));
  }
  return problems;
}

/**
 * `IsValidPortName` (an IANA service name, RFC 6335): a container port name, or a Service's
 * `targetPort` given by name. At most 15 characters of `a-z`, `0-9` and `-`, with a letter, no
 * `--`, and no `-` at either end.
 */
export function portNameProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > PORT_NAME_MAX_LENGTH) problems.push(maxLengthError(PORT_NAME_MAX_LENGTH));
  if (!/^[-a-z0-9]+$/.test(value)) problems.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(value)) problems.push("must contain at least one letter (a-z)");
  if (value.includes("--")) problems.push("must not contain consecutive hyphens (-)");
  if (value.startsWith("-") || value.endsWith("-")) problems.push("must not begin or end with a hyphen (-)");
  return problems;
}

/** `IsValidPortNum`: a port number from 1 to 65535. */
export function portNumberProblems(value: number): string[] {
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? [] : ["must be between 1 and 65535, inclusive"];
}

/** `IsConfigMapKey`: a key of a ConfigMap's or Secret's data: at most 253 of `-._a-zA-Z0-9`, not `.`, `..` or starting with `..`. */
export function configKeyProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > DNS_SUBDOMAIN_MAX_LENGTH) problems.push(maxLengthError(DNS_SUBDOMAIN_MAX_LENGTH));
  if (!CONFIG_KEY.test(value)) problems.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_KEY_FORMAT, "key.name", "KEY_NAME", "key-name"));
  if (value === ".") problems.push("must not be '.'");
  else if (value === "..") problems.push("must not be '..'");
  else if (value.startsWith("..")) problems.push("must not start with '..'");
  return problems;
}
