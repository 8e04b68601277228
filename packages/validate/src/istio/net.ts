/**
 * IP address and CIDR parsing with the strictness of Go's `net/netip`, which Istio's webhook uses:
 * dotted-decimal IPv4 without leading zeros, IPv6 with `::` and an optional embedded IPv4 or zone.
 */
import { quote } from "./go-format.js";

function isIPv4(text: string): boolean {
  const fields = text.split(".");
  return fields.length === 4 && fields.every((field) => /^(0|[1-9][0-9]{0,2})$/.test(field) && Number(field) <= 255);
}

function countIPv6Groups(groups: string[]): number | undefined {
  let count = 0;
  for (const [index, group] of groups.entries()) {
    if (index === groups.length - 1 && group.includes(".")) {
      if (!isIPv4(group)) return undefined;
      count += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(group)) {
      count += 1;
    } else {
      return undefined;
    }
  }
  return count;
}

function isIPv6(text: string, allowZone: boolean): boolean {
  let address = text;
  const zone = text.indexOf("%");
  if (zone >= 0) {
    if (!allowZone || zone === text.length - 1) return false;
    address = text.slice(0, zone);
  }
  const halves = address.split("::");
  if (halves.length > 2) return false;
  const split = (half: string): string[] => (half === "" ? [] : half.split(":"));
  if (halves.length === 1) return countIPv6Groups(split(address)) === 8;
  const head = countIPv6Groups(split(halves[0] ?? ""));
  const tail = countIPv6Groups(split(halves[1] ?? ""));
  return head !== undefined && tail !== undefined && head + tail <= 7;
}

/** Whether `text` is an IPv4 or IPv6 address, as `netip.ParseAddr` accepts it. */
export function isIPAddress(text: string): boolean {
  return isIPv4(text) || (text.includes(":") && isIPv6(text, true));
}

/** Go's error for a prefix `netip.ParsePrefix` rejects, or `undefined` for a valid one. */
export function prefixError(text: string): string | undefined {
  const where = `netip.ParsePrefix(${quote(text)})`;
  const slash = text.lastIndexOf("/");
  if (slash < 0) return `${where}: no '/'`;
  const address = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  const v4 = isIPv4(address);
  if (!v4 && !(address.includes(":") && isIPv6(address, false))) {
    return address.includes("%")
      ? `${where}: IPv6 zones cannot be present in a prefix`
      : `${where}: ParseAddr(${quote(address)}): unable to parse IP`;
  }
  if (!/^(0|[1-9][0-9]*)$/.test(bits)) return `${where}: bad bits after slash: ${quote(bits)}`;
  if (Number(bits) > (v4 ? 32 : 128)) return `${where}: prefix length out of range`;
  return undefined;
}

/** Istio's `ValidateIPAddress`: `<addr> is not a valid IP` for anything but an address. */
export function validateIPAddress(text: string): string | undefined {
  return isIPAddress(text) ? undefined : `${text} is not a valid IP`;
}

/** Istio's `ValidateIPSubnet`: a CIDR block when it holds one `/`, else an address. */
export function validateIPSubnet(text: string): string | undefined {
  if (text.split("/").length === 2) {
    return prefixError(text) === undefined ? undefined : `${text} is not a valid CIDR block`;
  }
  return validateIPAddress(text);
}

/** Istio's `security.ValidateIPs`, for the IP lists of AuthorizationPolicy sources and conditions. */
export function validateIPs(values: readonly string[]): string[] {
  const errors: string[] = [];
  for (const value of values) {
    if (value.includes("/")) {
      const error = prefixError(value);
      if (error !== undefined) errors.push(`bad CIDR range (${value}): ${error}`);
    } else if (!isIPAddress(value)) {
      errors.push(`bad IP address (${value})`);
    }
  }
  return errors;
}
