/**
 * Host name rules of Istio's webhook: DNS-1123 labels, FQDNs, wildcard domains (`*` only as the
 * whole first label or its prefix), the `namespace/host` form of Sidecar and Gateway hosts, and the
 * overlap of two (possibly wildcarded) host names.
 */
import { quote } from "./go-format.js";
import { isIPAddress } from "./net.js";

const dns1123Label = "[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?";
/** {@link dns1123Label} of at most 63 characters. */
const dns1123Label63 = "[a-zA-Z0-9](?:[-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?";
const dns1123LabelRegexp = new RegExp(`^${dns1123Label}$`);
const wildcardLabelRegexp = new RegExp(`^(\\*|(\\*|\\*-)?${dns1123Label})$`);

/** Whether `value` is a DNS-1123 label: letters, digits and inner `-`, at most 63 characters. */
export function isDNS1123Label(value: string): boolean {
  return value.length <= 63 && dns1123LabelRegexp.test(value);
}

/** Whether `value` is a DNS-1123 label that may start with `*` or `*-`, or is `*`. */
export function isWildcardDNS1123Label(value: string): boolean {
  return value.length <= 63 && wildcardLabelRegexp.test(value);
}

function checkDNS1123Preconditions(name: string): string | undefined {
  if (name.length > 255) return `domain name ${quote(name)} too long (max 255)`;
  if (name.length === 0) return "empty domain name not allowed";
  return undefined;
}

/** A domain whose every label is a DNS-1123 label of at most 63 characters, with an optional final dot. */
const dns1123DomainRegexp = new RegExp(`^${dns1123Label63}(?:\\.${dns1123Label63})*\\.?$`);
const allNumericRegexp = /^[+-]?[0-9]+$/;

function validateDNS1123Labels(domain: string, shown = domain): string | undefined {
  // The common case, a valid name, in one test; anything else is examined label by label for its message.
  if (dns1123DomainRegexp.test(domain) && !allNumericRegexp.test(domain.slice(domain.lastIndexOf(".") + 1))) return undefined;
  const parts = domain.split(".");
  const topLevel = parts[parts.length - 1] ?? "";
  if (allNumericRegexp.test(topLevel)) {
    return `domain name ${quote(shown)} invalid (top level domain ${quote(topLevel)} cannot be all-numeric)`;
  }
  for (const [index, label] of parts.entries()) {
    if (index === parts.length - 1 && label === "") return undefined;
    if (!isDNS1123Label(label)) return `domain name ${quote(shown)} invalid (label ${quote(label)} invalid)`;
  }
  return undefined;
}

/** Checks a fully qualified domain name; returns the webhook's message or `undefined`. */
export function validateFQDN(fqdn: string): string | undefined {
  return checkDNS1123Preconditions(fqdn) ?? validateDNS1123Labels(fqdn);
}

/** Checks a domain that may be wildcarded in its first label (`*.example.com`, `*`). */
export function validateWildcardDomain(domain: string): string | undefined {
  const precondition = checkDNS1123Preconditions(domain);
  if (precondition !== undefined) return precondition;
  const dot = domain.indexOf(".");
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (!isWildcardDNS1123Label(first)) return `domain name ${quote(domain)} invalid (label ${quote(first)} invalid)`;
  return dot < 0 ? undefined : validateDNS1123Labels(domain.slice(dot + 1), domain);
}

const outboundFormat = "outbound_.<PORT>_._.<HOSTNAME>";

/**
 * Checks a host of a VirtualService bound to a gateway: as {@link validateWildcardDomain}, and, for
 * SNI hosts, also the `outbound_.<PORT>_._.<HOSTNAME>` names AUTO_PASSTHROUGH gateways generate.
 */
export function validateGatewayBoundDomain(sni: boolean, domain: string): string | undefined {
  const precondition = checkDNS1123Preconditions(domain);
  if (precondition !== undefined) return precondition;
  if (!sni || !domain.startsWith("outbound_")) return validateWildcardDomain(domain);
  const parts = domain.split("_");
  if (parts.length < 4) return `domain name ${domain} invalid, should follow '${outboundFormat}' format`;
  const port = trimDots(parts[1] ?? "");
  const hostname = trimDots(parts[3] ?? "");
  if (!/[0-9]/.test(port)) {
    return `domain name ${quote(domain)} invalid (label ${quote(port)} invalid). should follow ${outboundFormat} format`;
  }
  if (!/[a-zA-Z]/.test(hostname)) {
    return `domain name ${quote(domain)} invalid (label ${quote(hostname)} invalid). should follow ${outboundFormat} format`;
  }
  return undefined;
}

function trimDots(text: string): string {
  return text.replace(/^\.+|\.+$/g, "");
}

/** Rejects a wildcard anywhere but as the whole host or its `*.` prefix. */
export function validatePartialWildcard(host: string): string | undefined {
  if (host.includes("*") && host.length !== 1 && !host.startsWith("*.")) {
    return `partial wildcard ${quote(host)} not allowed`;
  }
  return undefined;
}

function validateHostnamePart(hostname: string, isGateway: boolean): string[] {
  const errors: string[] = [];
  if (hostname !== "*" && !hostname.includes(".")) errors.push("short names (non FQDN) are not allowed");
  const domainError = validateWildcardDomain(hostname);
  if (domainError !== undefined && !(isGateway && isIPAddress(hostname))) errors.push(domainError);
  const partial = validatePartialWildcard(hostname);
  if (partial !== undefined) errors.push(partial);
  return errors;
}

/**
 * Checks a Sidecar egress host or a Gateway server host: `namespace/dnsName`, where the namespace
 * is `*`, `.`, (Sidecar only) `~`, or a DNS label; a Gateway also accepts a bare host or an IP.
 */
export function validateNamespaceSlashHost(hostname: string, isGateway: boolean): string[] {
  const slash = hostname.indexOf("/");
  if (slash < 0) {
    return isGateway ? validateHostnamePart(hostname, true) : ["host must be of form namespace/dnsName"];
  }
  const namespace = hostname.slice(0, slash);
  const dnsName = hostname.slice(slash + 1);
  const errors: string[] = [];
  if (namespace === "" || dnsName === "") errors.push("config namespace and dnsName in host entry cannot be empty");
  const special = isGateway ? ["*", "."] : ["*", ".", "~"];
  if (!special.includes(namespace) && !isDNS1123Label(namespace)) {
    errors.push(`invalid namespace value ${quote(namespace)} in ${isGateway ? "gateway" : "sidecar"}`);
  }
  return [...errors, ...validateHostnamePart(dnsName, isGateway)];
}
