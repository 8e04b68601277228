/**
 * The value rules of AuthorizationPolicy sources, operations and conditions: IP blocks, ports,
 * service accounts, path templates, and the `when` keys Istio knows.
 */
import { quote } from "./go-format.js";
import { validateIPs } from "./net.js";
import { atLeast } from "./release.js";

/** Istio's `CheckEmptyValues`: no empty string in a list. */
export function emptyValueError(field: string, values: readonly string[] | undefined): string | undefined {
  return (values ?? []).includes("") ? `empty value not allowed, found in ${field}` : undefined;
}

/** Istio's `ValidatePorts`: each port a number in 0..65535. */
export function portErrors(ports: readonly string[] | undefined): string[] {
  const errors: string[] = [];
  for (const port of ports ?? []) {
    if (!/^[0-9]+$/.test(port)) errors.push(`bad port (${port}): strconv.ParseUint: parsing ${quote(port)}: invalid syntax`);
    else if (Number(port) > 65535) errors.push(`bad port (${port}): <nil> (a port is at most 65535)`);
  }
  return errors;
}

const account = "expected format 'serviceAccount' or 'namespace/serviceAccount'";

/** Istio's `CheckServiceAccount`: at most 16 `serviceAccount` or `namespace/serviceAccount` values. */
export function serviceAccountError(field: string, values: readonly string[] | undefined): string | undefined {
  const list = values ?? [];
  if (list.length > 16) return "may not have more than 16 values";
  for (const value of list) {
    if (value === "") return `empty value not allowed, found in ${field}`;
    if (value.includes("*")) return `wildcard not allowed, found in ${field}`;
    const slashes = value.split("/").length - 1;
    if (slashes > 1) return `${account}, found ${quote(value)} in ${field}`;
    if (value.length > 320) return `value cannot exceed 320 characters, found ${quote(value)} in ${field}`;
    const [namespace = "", name = ""] = slashes === 1 ? value.split("/") : ["x", value];
    if (namespace === "") return `${account}, found empty namespace ${quote(value)} in ${field}`;
    if (name === "") return `${account}, found empty serviceAccount ${quote(value)} in ${field}`;
  }
  return undefined;
}

/** Istio's `CheckWildcardValues` (1.30): no empty value, at most one `*`, at the start or the end. */
export function wildcardValueError(field: string, values: readonly string[] | undefined): string | undefined {
  const empty = emptyValueError(field, values);
  if (empty !== undefined) return empty;
  for (const value of values ?? []) {
    const count = value.split("*").length - 1;
    if (count > 1) return `at most one wildcard is allowed, found in ${field}: ${quote(value)}`;
    if (count === 1 && value !== "*" && !value.startsWith("*") && !value.endsWith("*")) {
      return `wildcard is only allowed at the start or end, found in ${field}: ${quote(value)}`;
    }
  }
  return undefined;
}

/** Istio's `CheckTrustDomainValues` (1.30): wildcard values without `/`. */
export function trustDomainError(field: string, values: readonly string[] | undefined): string | undefined {
  const wildcard = wildcardValueError(field, values);
  if (wildcard !== undefined) return wildcard;
  const slashed = (values ?? []).find((value) => value.includes("/"));
  return slashed === undefined ? undefined : `trust domain must not contain '/', found in ${field}: ${quote(slashed)}`;
}

const literal = /^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/;

/** Istio's `CheckValidPathTemplate`: `{*}` segments anywhere, `{**}` only last, no other braces. */
export function pathTemplateError(field: string, paths: readonly string[] | undefined): string | undefined {
  for (const original of paths ?? []) {
    const template = original.includes("{*}") || original.includes("{**}");
    const path = original.replace(/^\/+|\/+$/g, "");
    let matchAny = false;
    for (const glob of path.split("/")) {
      if ((glob === "{*}" || glob === "{**}") && matchAny) {
        return `invalid or unsupported path ${path}, found in ${field}. {**} is not the last operator`;
      }
      if (glob === "{*}") continue;
      if (glob === "{**}") { matchAny = true; continue; }
      if (/[{}]/.test(glob)) return `invalid or unsupported path ${path}, found in ${field}. Contains '{' or '}' beyond a supported path template`;
      if (template && !literal.test(glob)) {
        return `invalid or unsupported path ${path}, found in ${field}. Contains segment ${glob} with invalid string literal`;
      }
    }
  }
  return undefined;
}

function mapKeyError(key: string): string | undefined {
  const open = key.indexOf("[");
  return key.endsWith("]") && open > 0 && open < key.length - 2 ? undefined : `bad key (${key}): should have format a[b]`;
}

const plainKeys = new Set(["source.namespace", "source.principal", "request.auth.principal", "request.auth.audiences", "request.auth.presenter", "connection.sni"]);
const mapKeyPrefixes = ["request.headers", "request.experimental.inline.headers", "request.auth.claims", "experimental.envoy.filters."];

/** The keys a release knows, for the hint of an unknown key: `source.serviceAccount` from 1.25, `source.trustDomain` from 1.30. */
function knownKeys(minor: number): string {
  const source = ["source.ip", "remote.ip", "source.namespace", ...(atLeast(minor, 25) ? ["source.serviceAccount"] : []), "source.principal", ...(atLeast(minor, 30) ? ["source.trustDomain"] : [])];
  const rest = ["request.headers[...]", "request.auth.principal", "request.auth.audiences", "request.auth.presenter", "request.auth.claims[...]", "destination.ip", "destination.port", "connection.sni"];
  return [...source, ...rest].join(", ");
}

/**
 * Istio's `ValidateAttribute`: the `when` key is known and its values suit it, as Istio 1.`minor`
 * knows keys (`source.serviceAccount` from 1.25, `source.trustDomain` from 1.30).
 */
export function attributeError(key: string, values: readonly string[], minor: number): string | undefined {
  const empty = emptyValueError(key, values);
  if (empty !== undefined) return empty;
  if (mapKeyPrefixes.some((prefix) => key.startsWith(prefix))) return mapKeyError(key);
  if (key === "source.ip" || key === "remote.ip" || key === "destination.ip") return join(validateIPs(values));
  if (key === "source.serviceAccount" && atLeast(minor, 25)) return serviceAccountError(key, values);
  if (key === "source.trustDomain" && atLeast(minor, 30)) return wildcardValueError(key, values);
  if (key === "destination.port") return join(portErrors(values));
  if (plainKeys.has(key)) return undefined;
  if (key === "destination.namespace") return `attribute ${key} is replaced by the metadata.namespace`;
  if (key.startsWith("destination.labels")) return `attribute ${key} is replaced by the workload selector`;
  if (key === "destination.name" || key === "destination.user") return `deprecated attribute ${key}: only supported in v1alpha1`;
  return `unknown attribute: ${key} (known keys: ${knownKeys(minor)})`;
}

function join(errors: readonly string[]): string | undefined {
  return errors.length === 0 ? undefined : errors.join("; ");
}
