/**
 * ServiceEntry admission rules: hosts (no `*`), addresses and CIDRs, unique ports, what each
 * resolution requires of hosts and endpoints, multiple hosts on plain TCP, and `exportTo`.
 */
import type { ServiceEntrySpec } from "@meshform/istio/networking.istio.io/v1";
import { type Findings, type IstioResource, entriesOf, metaOf, reject, rejectIf, warn } from "./finding.js";
import { quote } from "./go-format.js";
import { validateFQDN, validatePartialWildcard, validateWildcardDomain } from "./hosts.js";
import { checkLabels } from "./labels.js";
import { isIPAddress, validateIPSubnet } from "./net.js";
import { checkAlphaWorkloadSelector, checkAnnotations, checkExportTo } from "./policy.js";
import { isHTTPProtocol, isTCPProtocol, isTLSProtocol, parseProtocol, validatePort, validatePortName, validateProtocol } from "./ports.js";
import { atLeast, NEWEST_MINOR } from "./release.js";
import { checkWorkloadEntry } from "./workload-entry.js";

function checkHostsAndAddresses(spec: ServiceEntrySpec, out: Findings): void {
  const resolution = spec.resolution ?? "NONE";
  if (spec.workloadSelector !== undefined && spec.endpoints !== undefined) {
    reject(out, ["spec"], "only one of WorkloadSelector or Endpoints is allowed in Service Entry");
  }
  if (spec.hosts.length === 0) reject(out, ["spec", "hosts"], "service entry must have at least one host");
  for (const [index, host] of spec.hosts.entries()) {
    if (host === "*") {
      reject(out, ["spec", "hosts", index], "invalid host * (a ServiceEntry needs a domain, e.g. *.example.com)");
      continue;
    }
    rejectIf(out, ["spec", "hosts", index], validateWildcardDomain(host));
    const partial = resolution === "DYNAMIC_DNS" ? undefined : validatePartialWildcard(host);
    if (partial !== undefined) warn(out, ["spec", "hosts", index], partial);
  }
  const addresses = spec.addresses ?? [];
  for (const [index, address] of addresses.entries()) rejectIf(out, ["spec", "addresses", index], validateIPSubnet(address));
  if (addresses.some((address) => address.includes("/")) && resolution !== "NONE" && resolution !== "STATIC") {
    reject(out, ["spec", "addresses"], "CIDR addresses are allowed only for NONE/STATIC resolution types");
  }
}

function checkPorts(spec: ServiceEntrySpec, out: Findings): Set<string> {
  const [names, numbers] = [new Set<string>(), new Set<number>()];
  for (const [index, port] of (spec.ports ?? []).entries()) {
    const path = ["spec", "ports", index];
    if (names.has(port.name)) reject(out, [...path, "name"], `service entry port name ${quote(port.name)} already defined`);
    if (numbers.has(port.number)) reject(out, [...path, "number"], `service entry port ${port.number} already defined`);
    names.add(port.name);
    numbers.add(port.number);
    if ((port.targetPort ?? 0) !== 0) rejectIf(out, [...path, "targetPort"], validatePort(port.targetPort ?? 0));
    rejectIf(out, [...path, "name"], validatePortName(port.name));
    rejectIf(out, [...path, "protocol"], validateProtocol(port.protocol));
    rejectIf(out, [...path, "number"], validatePort(port.number));
  }
  return names;
}

function checkDNSResolution(spec: ServiceEntrySpec, resolution: string, servicePorts: Set<string>, minor: number, out: Findings): void {
  const endpoints = spec.endpoints ?? [];
  if (endpoints.length === 0) {
    for (const [index, host] of spec.hosts.entries()) {
      const error = validateFQDN(host);
      if (error === undefined) continue;
      // From 1.28 the webhook names the host's problem, and reports the first such host only.
      if (atLeast(minor, 28)) {
        reject(out, ["spec", "hosts", index], `hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode ${resolution}, ${error}`);
        break;
      }
      reject(out, ["spec", "hosts", index], `hosts must be FQDN if no endpoints are provided for resolution mode ${resolution} (add endpoints, or name a host without wildcard)`);
    }
  }
  if (resolution === "DNS_ROUND_ROBIN" && endpoints.length > 1) {
    reject(out, ["spec", "endpoints"], `there must only be 0 or 1 endpoint for resolution mode ${resolution}`);
  }
  for (const [index, endpoint] of endpoints.entries()) {
    const path = ["spec", "endpoints", index];
    const address = endpoint.address ?? "";
    if (!isIPAddress(address) && validateFQDN(address) !== undefined) {
      reject(out, [...path, "address"], `endpoint address ${quote(address)} is not a valid FQDN or an IP address`);
    }
    checkLabels(endpoint.labels, [...path, "labels"], out);
    for (const [name, port] of entriesOf(endpoint.ports)) {
      if (!servicePorts.has(name)) reject(out, [...path, "ports", name], `endpoint port ${port} is not defined by the service entry (name one of the entry's ports)`);
      rejectIf(out, [...path, "ports", name], validatePortName(name));
      rejectIf(out, [...path, "ports", name], validatePort(port));
    }
  }
  const tcp = (spec.ports ?? []).some((port) => isTCPProtocol(parseProtocol(port.protocol)));
  if ((spec.addresses ?? []).length > 0 && tcp && spec.hosts.length > 1) {
    warn(out, ["spec", "hosts"], "service entry can not have more than one host specified simultaneously with address and tcp port");
  }
}

/**
 * The rules of `DYNAMIC_DNS` resolution (new in 1.28): wildcard hosts, no addresses nor endpoints,
 * ports of the protocols the dynamic forward proxy serves (HTTP in 1.28, and TLS from 1.29, GRPC
 * and HTTP2 from 1.30), and an external location (or, from 1.30, an internal one without a waypoint).
 */
function checkDynamicDNSResolution(spec: ServiceEntrySpec, labels: { [key: string]: string } | undefined, minor: number, out: Findings): void {
  const resolution = "DYNAMIC_DNS";
  if (spec.hosts.length === 0) reject(out, ["spec", "hosts"], `at least one wildcard host must be provided for resolution type ${resolution}`);
  for (const [index, host] of spec.hosts.entries()) {
    if (!host.startsWith("*")) reject(out, ["spec", "hosts", index], `host must be wildcarded for resolution mode ${resolution}`);
  }
  if ((spec.addresses ?? []).length > 0) {
    reject(out, ["spec", "addresses"], `addresses cannot be set for resolution type ${resolution}. HTTP route domains will only be generatedfrom the hosts field values`);
  }
  if ((spec.endpoints ?? []).length > 0) {
    reject(out, ["spec", "endpoints"], `endpoints cannot be set for resolution type ${resolution}. Destination IP address determined from hostsfield values`);
  }
  const allowed = atLeast(minor, 30) ? ["HTTP", "TLS", "GRPC", "HTTP2"] : atLeast(minor, 29) ? ["HTTP", "TLS"] : ["HTTP"];
  const message = atLeast(minor, 30)
    ? `only HTTP, TLS, GRPC, and HTTP2 protocols are supported for resolution type ${resolution}`
    : atLeast(minor, 29) ? `only HTTP and TLS protocol is supported for resolution type ${resolution}` : `only HTTP protocol is supported for resolution type ${resolution}`;
  for (const [index, port] of (spec.ports ?? []).entries()) {
    if (!allowed.includes(parseProtocol(port.protocol))) reject(out, ["spec", "ports", index, "protocol"], message);
  }
  const location = spec.location ?? "MESH_EXTERNAL";
  if (!atLeast(minor, 30)) {
    if (location !== "MESH_EXTERNAL") reject(out, ["spec", "location"], `location must be MESH_EXTERNAL for resolution type ${resolution}`);
    return;
  }
  const waypoint = labels?.["istio.io/use-waypoint"] ?? "";
  if (location === "MESH_INTERNAL" && waypoint !== "" && waypoint.toLowerCase() !== "none") {
    reject(out, ["spec", "location"], `location MESH_INTERNAL with resolution type ${resolution} is not supported when using waypoints`);
  }
}

function checkResolution(spec: ServiceEntrySpec, servicePorts: Set<string>, labels: { [key: string]: string } | undefined, minor: number, out: Findings): void {
  const resolution = spec.resolution ?? "NONE";
  const endpoints = spec.endpoints ?? [];
  if (resolution === "NONE") {
    if (endpoints.length > 0) reject(out, ["spec", "endpoints"], "no endpoints should be provided for resolution type none");
    if (spec.workloadSelector !== undefined) warn(out, ["spec", "workloadSelector"], "workloadSelector should not be set when resolution mode is NONE");
  } else if (resolution === "STATIC") {
    for (const [index, endpoint] of endpoints.entries()) checkWorkloadEntry(endpoint, servicePorts, false, ["spec", "endpoints", index], out);
  } else if (resolution === "DNS" || resolution === "DNS_ROUND_ROBIN") {
    checkDNSResolution(spec, resolution, servicePorts, minor, out);
  } else if (resolution === "DYNAMIC_DNS") {
    checkDynamicDNSResolution(spec, labels, minor, out);
  }
  if (resolution !== "NONE" && spec.hosts.length > 1) {
    const plain = (spec.ports ?? []).findIndex((port) => !isHTTPProtocol(parseProtocol(port.protocol)) && !isTLSProtocol(parseProtocol(port.protocol)));
    if (plain >= 0) reject(out, ["spec", "ports", plain], "multiple hosts provided with non-HTTP, non-TLS ports (use one host per ServiceEntry for TCP ports)");
  }
}

/** Checks a ServiceEntry as the validating webhook of Istio 1.`minor` does (the newest when absent). */
export function checkServiceEntry(resource: IstioResource, minor = NEWEST_MINOR): Findings {
  const spec = (resource.spec ?? {}) as ServiceEntrySpec;
  const meta = metaOf(resource);
  const out: Findings = [];
  checkAnnotations(meta, undefined, out);
  if (!checkAlphaWorkloadSelector(spec.workloadSelector, ["spec", "workloadSelector"], "service entry", out)) return out;
  checkHostsAndAddresses(spec, out);
  const servicePorts = checkPorts(spec, out);
  checkResolution(spec, servicePorts, meta.labels, minor, out);
  checkExportTo(spec.exportTo, meta.namespace ?? "", "service-entry", out);
  return out;
}
