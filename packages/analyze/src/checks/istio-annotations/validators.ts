/**
 * The checks Istio's sidecar injector makes of annotation values, worded as its errors are: the
 * value checks `istioctl analyze` runs for IST0125. Each returns the problem, or `undefined` when
 * the value is valid.
 */
import { parse } from "yaml";

type Validator = (value: string) => string | undefined;

/** Go's quoting of a string (`strconv.Quote`), for the ASCII values annotations hold. */
const quote = (value: string): string => JSON.stringify(value);

/** Go's `strconv.ParseUint(value, 10, bits)` error, or `undefined` when it parses. */
function parseUintProblem(value: string, bits: 16 | 32): string | undefined {
  if (!/^[0-9]+$/.test(value)) return `strconv.ParseUint: parsing ${quote(value)}: invalid syntax`;
  if (BigInt(value) >= 2n ** BigInt(bits)) return `strconv.ParseUint: parsing ${quote(value)}: value out of range`;
  return undefined;
}

const uint32: Validator = (value) => parseUintProblem(value, 32);

const BOOLEANS: ReadonlySet<string> = new Set(["1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"]);
const bool: Validator = (value) => (BOOLEANS.has(value) ? undefined : `strconv.ParseBool: parsing ${quote(value)}: invalid syntax`);

function portProblem(port: string): string | undefined {
  const problem = parseUintProblem(port.trim(), 16);
  return problem === undefined ? undefined : `failed parsing port '${port}': ${problem}`;
}

/** A comma-separated port list; an empty (or blank) list is valid. */
function portList(parameter: string): Validator {
  return (value) => {
    const ports = value.trim();
    if (ports === "") return undefined;
    for (const port of ports.split(",")) {
      const problem = portProblem(port);
      if (problem !== undefined) return `${parameter} invalid: failed parsing port '${port}': ${problem}`;
    }
    return undefined;
  };
}

/** The status port; Istio's error names excludeInboundPorts for it. */
const statusPort: Validator = (value) => {
  const problem = portProblem(value);
  return problem === undefined ? undefined : `excludeInboundPorts invalid: ${problem}`;
};

const interceptionMode: Validator = (value) => (["REDIRECT", "TPROXY", "NONE"].includes(value) ? undefined : `interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${value}`);

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isIPv6(address: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(address) || !address.includes(":")) return false;
  const halves = address.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === "" ? [] : half.split(":")));
  const last = groups.at(-1);
  const v4 = last !== undefined && last.includes(".");
  if (v4 && !IPV4.test(last)) return false;
  const hex = v4 ? groups.slice(0, -1) : groups;
  if (!hex.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = hex.length + (v4 ? 2 : 0);
  return halves.length === 2 ? count < 8 : count === 8;
}

/** Go's `netip.ParsePrefix` problem for one CIDR, or `undefined` when it parses. */
function prefixProblem(cidr: string): string | undefined {
  const at = `netip.ParsePrefix(${quote(cidr)}): `;
  const slash = cidr.lastIndexOf("/");
  if (slash < 0) return `${at}no '/'`;
  const address = cidr.slice(0, slash);
  const v4 = IPV4.test(address);
  if (!v4 && !isIPv6(address)) return `${at}ParseAddr(${quote(address)}): unable to parse IP`;
  const bits = cidr.slice(slash + 1);
  if (!/^(0|[1-9]\d*)$/.test(bits)) return `${at}bad bits after slash: ${quote(bits)}`;
  if (Number(bits) > (v4 ? 32 : 128)) return `${at}prefix length out of range`;
  return undefined;
}

function cidrList(parameter: string, all: boolean): Validator {
  return (value) => {
    if ((all && value === "*") || value === "") return undefined;
    for (const cidr of value.split(",")) {
      const problem = prefixProblem(cidr);
      if (problem !== undefined) return `${parameter} invalid: failed parsing cidr '${cidr}': ${problem}`;
    }
    return undefined;
  };
}

const INTERFACE = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;
const interfaces: Validator = (value) => {
  if (value === "") return undefined;
  for (const raw of value.split(",")) {
    const name = raw.trim();
    if (name === "") return "empty interface name";
    if (name.length > 15) return `interface name ${quote(name)} too long (max 15 chars)`;
    if (!INTERFACE.test(name)) return `interface name ${quote(name)} contains invalid characters`;
  }
  return undefined;
};

const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const SUFFIXES: ReadonlySet<string> = new Set(["", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]);
/** A Kubernetes resource quantity, worded as Kubernetes' parser words its errors. */
const quantity: Validator = (value) => {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return "value contains control characters";
  const match = QUANTITY.exec(value);
  if (match === null || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(match[1] ?? "")) return "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  const suffix = match[2] ?? "";
  return SUFFIXES.has(suffix) || /^[eE][-+]?\d+$/.test(suffix) ? undefined : "unable to parse quantity's suffix";
};

/** The proxy configuration must at least read as a YAML mapping. */
const proxyConfig: Validator = (value) => {
  try {
    const document: unknown = parse(value);
    if (document === null || document === undefined || (typeof document === "object" && !Array.isArray(document))) return undefined;
    return `failed to convert to apply proxy config: not a mapping: ${value}`;
  } catch (error) {
    return `failed to convert to apply proxy config: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
  }
};

/** The value check of each annotation Istio checks, by name. */
export const ANNOTATION_VALIDATORS: ReadonlyMap<string, Validator> = new Map<string, Validator>([
  ["sidecar.istio.io/interceptionMode", interceptionMode],
  ["status.sidecar.istio.io/port", statusPort],
  ["readiness.status.sidecar.istio.io/initialDelaySeconds", uint32],
  ["readiness.status.sidecar.istio.io/periodSeconds", uint32],
  ["readiness.status.sidecar.istio.io/failureThreshold", uint32],
  ["traffic.sidecar.istio.io/includeOutboundIPRanges", cidrList("includeIPRanges", true)],
  ["traffic.sidecar.istio.io/excludeOutboundIPRanges", cidrList("excludeIPRanges", false)],
  ["traffic.sidecar.istio.io/includeInboundPorts", (value) => (value === "*" ? undefined : portList("includeInboundPorts")(value))],
  ["traffic.sidecar.istio.io/excludeInboundPorts", portList("excludeInboundPorts")],
  ["traffic.sidecar.istio.io/excludeOutboundPorts", portList("excludeOutboundPorts")],
  ["traffic.sidecar.istio.io/excludeInterfaces", interfaces],
  ["traffic.sidecar.istio.io/kubevirtInterfaces", interfaces],
  ["istio.io/reroute-virtual-interfaces", interfaces],
  ["prometheus.istio.io/merge-metrics", bool],
  ["proxy.istio.io/config", proxyConfig],
  ["sidecar.istio.io/proxyCPU", quantity],
  ["sidecar.istio.io/proxyMemory", quantity],
  ["sidecar.istio.io/proxyCPULimit", quantity],
  ["sidecar.istio.io/proxyMemoryLimit", quantity],
]);
