/**
 * The Kubernetes format library: `format.named(name)`, `format.dns1123Label()` and the other
 * named formats, and `<format>.validate(value)`. `validate` returns `null` for a valid value and
 * the list of reasons otherwise (the API server returns an optional: `optional.none()` or the
 * list), so both `validate(x) == null` and `size(validate(x)) > 0`-style rules read as intended.
 */
import type { CelFunc } from "@bufbuild/cel";
import { celRuntime } from "./runtime.js";
import { fieldsOf, opaque, opaqueType } from "./opaque.js";

const LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1035 = "[a-z]([-a-z0-9]*[a-z0-9])?";
const NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;

/** Each named format: the reasons a value does not have it (empty when it does). */
const FORMATS: Readonly<Record<string, (value: string) => string[]>> = {
  dns1123Label: (v) => check(v, 63, LABEL, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"),
  dns1123Subdomain: (v) => check(v, 253, SUBDOMAIN, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"),
  dns1035Label: (v) => check(v, 63, DNS1035, "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"),
  dns1123LabelPrefix: (v) => FORMATS.dns1123Label!(v.endsWith("-") ? `${v}a` : v),
  dns1123SubdomainPrefix: (v) => FORMATS.dns1123Subdomain!(v.endsWith("-") || v.endsWith(".") ? `${v}a` : v),
  dns1035LabelPrefix: (v) => FORMATS.dns1035Label!(v.endsWith("-") ? `${v}a` : v),
  qualifiedName: qualifiedName,
  labelValue: (v) => (v === "" ? [] : check(v, 63, NAME, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character")),
  uri: (v) => (/^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$|^\/[^\s]*$/.test(v) ? [] : ["invalid URI"]),
  uuid: (v) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? [] : ["does not match the UUID format"]),
  byte: (v) => (/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v) ? [] : ["invalid base64"]),
  date: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? [] : ["invalid date"]),
  datetime: (v) => (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)) ? [] : ["invalid datetime"]),
};

/** The format functions, for the CEL environment. */
export function formatFunctions(): readonly CelFunc[] {
  const { CelScalar, celFunc, celMethod } = celRuntime();
  const OPAQUE = opaqueType();
  return [
  ...Object.keys(FORMATS).map((name) => celFunc(`format.${name}`, [], OPAQUE, () => opaque("Format", { name }))),
  celFunc("format.named", [CelScalar.STRING], CelScalar.DYN, (name) => (Object.hasOwn(FORMATS, name) ? opaque("Format", { name }) : null) as never),
  celMethod("validate", OPAQUE, [CelScalar.STRING], CelScalar.DYN, function (value) {
    const reasons = FORMATS[String(fieldsOf(this, "Format").get("name"))]!(value);
    return (reasons.length === 0 ? null : reasons) as never;
  }),
  ];
}


// --- internal ---

function check(value: string, max: number, pattern: string, message: string): string[] {
  const reasons: string[] = [];
  if (value.length > max) reasons.push(`must be no more than ${max} characters`);
  if (!new RegExp(`^${pattern}$`).test(value)) reasons.push(`${message} (regex used for validation is '${pattern}')`);
  return reasons;
}

function qualifiedName(value: string): string[] {
  const parts = value.split("/");
  if (parts.length > 2) return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/'"];
  const name = parts.at(-1)!;
  const reasons = name === "" ? ["name part must be non-empty"] : check(name, 63, NAME, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
  if (parts.length === 2) reasons.push(...FORMATS.dns1123Subdomain!(parts[0]!).map((r) => `prefix part ${r}`));
  return reasons;
}
