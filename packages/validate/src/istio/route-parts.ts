/**
 * Pieces of VirtualService routes the webhook checks wherever they appear: destinations, weighted
 * route lists, header operations, string matches and gateway names.
 */
import { type FieldPath, type Findings, entriesOf, reject, rejectIf, warn } from "./finding.js";
import { quote } from "./go-format.js";
import { isDNS1123Label, validateFQDN, validateWildcardDomain } from "./hosts.js";
import { validateAddHeaderName, validateHeaderOperationName, validateHeaderValue } from "./headers.js";
import { validatePort } from "./ports.js";
import { re2Error } from "./regexp.js";

/** A route destination as every route kind spells it. */
export type Destination = { host: string; subset?: string; port?: { number?: number } };

/** Istio's subset name rule: a DNS-1123 label. */
export function validateSubsetName(name: string): string | undefined {
  if (name === "") return "subset name cannot be empty";
  return isDNS1123Label(name) ? undefined : `subset name is invalid: ${name} (use a DNS-1123 label: letters, digits and '-')`;
}

/** Checks a destination: a (wildcard) domain host other than `*`, a subset name, a port number. */
export function checkDestination(destination: Destination | undefined, path: FieldPath, out: Findings): void {
  if (destination === undefined) return;
  if (destination.host === "*") reject(out, [...path, "host"], "invalid destination host * (name the service host)");
  else rejectIf(out, [...path, "host"], validateWildcardDomain(destination.host));
  if (destination.subset !== undefined && destination.subset !== "") {
    rejectIf(out, [...path, "subset"], validateSubsetName(destination.subset));
  }
  if (destination.port !== undefined) rejectIf(out, [...path, "port", "number"], validatePort(destination.port.number ?? 0));
}

/** Checks the weights of a route list: none negative, and not all zero when there are several. */
export function checkWeights(routes: readonly { weight?: number }[], path: FieldPath, out: Findings): void {
  let total = 0;
  for (const [index, route] of routes.entries()) {
    const weight = route.weight ?? 0;
    if (weight < 0) reject(out, [...path, index, "weight"], `weight ${weight} < 0`);
    total += weight;
  }
  if (routes.length > 1 && total === 0) {
    reject(out, path, "total destination weight = 0 (give at least one destination a positive weight)");
  }
}

type HeaderOps = { add?: { [key: string]: string }; set?: { [key: string]: string }; remove?: string[] };

function checkHeaderOps(ops: HeaderOps | undefined, path: FieldPath, request: boolean, out: Findings): void {
  const checkName = request ? validateAddHeaderName : validateHeaderOperationName;
  for (const field of ["add", "set"] as const) {
    for (const [name, value] of entriesOf(ops?.[field])) {
      rejectIf(out, [...path, field, name], checkName(name));
      rejectIf(out, [...path, field, name], validateHeaderValue(value));
    }
  }
  for (const [index, name] of (ops?.remove ?? []).entries()) {
    rejectIf(out, [...path, "remove", index], validateHeaderOperationName(name));
  }
}

/** Checks the request and response header operations of a route or destination. */
export function checkHeaders(headers: { request?: HeaderOps; response?: HeaderOps } | undefined, path: FieldPath, out: Findings): void {
  checkHeaderOps(headers?.request, [...path, "request"], true, out);
  checkHeaderOps(headers?.response, [...path, "response"], false, out);
}

/** A string match as route matches and CORS origins spell it. */
export type StringMatch = { exact?: string; prefix?: string; regex?: string };

/** Checks a regular expression as RE2, with Istio's wording. */
export function validateRegexp(pattern: string, where: string): string | undefined {
  if (pattern.length > 1024) return `${quote(where)}: regex is too large, max length allowed is 1024`;
  const error = re2Error(pattern);
  if (error === undefined) return undefined;
  return `${quote(where)}: ${error}; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)`;
}

/** Istio's `validateStringMatchRegexp`: a regex match must be a non-empty RE2 pattern. */
export function validateRegexMatch(match: StringMatch | undefined, where: string): string | undefined {
  if (match?.regex === undefined) return undefined;
  if (match.regex === "") return `${quote(where)}: regex string match should not be empty`;
  return validateRegexp(match.regex, where);
}

/** Istio's `validateStringMatch`: as {@link validateRegexMatch}, and a prefix match is not empty. */
export function validateStringMatch(match: StringMatch | undefined, where: string): string | undefined {
  if (match?.prefix === "") return `${quote(where)}: prefix string match should not be empty`;
  return validateRegexMatch(match, where);
}

/** Checks gateway names: `namespace/name` with DNS labels, or a legacy FQDN (with a warning). */
export function checkGatewayNames(names: readonly string[] | undefined, path: FieldPath, out: Findings): void {
  for (const [index, name] of (names ?? []).entries()) {
    const at = [...path, index];
    const slash = name.indexOf("/");
    if (slash < 0) {
      if (name.includes(".")) {
        const [first = "", second = ""] = name.split(".");
        warn(out, at, `using legacy gatewayName format ${quote(name)}; prefer the <namespace>/<name> format: ${quote(`${second}/${first}`)}`);
      }
      rejectIf(out, at, validateFQDN(name));
      return;
    }
    const namespace = name.slice(0, slash);
    const gateway = name.slice(slash + 1);
    if (namespace === "" || gateway === "") reject(out, at, "config namespace and gateway name cannot be empty");
    if (!isDNS1123Label(namespace)) reject(out, at, `invalid value for namespace: ${quote(namespace)}`);
    if (!isDNS1123Label(gateway)) reject(out, at, `invalid value for gateway name: ${quote(gateway)}`);
  }
}
