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
import { checkWorkloadEntry } from "./workload-entry.js";

function checkHostsAndAddresses(spec: ServiceEntrySpec, out: Findings): void {
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
    const partial = validatePartialWildcard(host);
    if (partial !== undefined) warn(out, ["spec", "hosts", index], partial);
  }
  const addresses = spec.addresses ?? [];
  for (const [index, address] of addresses.entries()) rejectIf(out, ["spec", "addresses", index], validateIPSubnet(address));
  const resolution = spec.resolution ?? "NONE";
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

function checkDNSResolution(spec: ServiceEntrySpec, resolution: string, servicePorts: Set<string>, out: Findings): void {
  const endpoints = spec.endpoints ?? [];
  if (endpoints.length === 0) {
    for (const [index, host] of spec.hosts.entries()) {
      if (validateFQDN(host) !== undefined) {
        reject(out, ["spec", "hosts", index], `hosts must be FQDN if no endpoints are provided for resolution mode ${resolution} (add endpoints, or name a host without wildcard)`);
      }
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

function checkResolution(spec: ServiceEntrySpec, servicePorts: Set<string>, out: Findings): void {
  const resolution = spec.resolution ?? "NONE";
  const endpoints = spec.endpoints ?? [];
  if (resolution === "NONE") {
    if (endpoints.length > 0) reject(out, ["spec", "endpoints"], "no endpoints should be provided for resolution type none");
    if (spec.workloadSelector !== undefined) warn(out, ["spec", "workloadSelector"], "workloadSelector should not be set when resolution mode is NONE");
  } else if (resolution === "STATIC") {
    for (const [index, endpoint] of endpoints.entries()) checkWorkloadEntry(endpoint, servicePorts, false, ["spec", "endpoints", index], out);
  } else if (resolution === "DNS" || resolution === "DNS_ROUND_ROBIN") {
    checkDNSResolution(spec, resolution, servicePorts, out);
  }
  if (resolution !== "NONE" && spec.hosts.length > 1) {
    const plain = (spec.ports ?? []).findIndex((port) => !isHTTPProtocol(parseProtocol(port.protocol)) && !isTLSProtocol(parseProtocol(port.protocol)));
    if (plain >= 0) reject(out, ["spec", "ports", plain], "multiple hosts provided with non-HTTP, non-TLS ports (use one host per ServiceEntry for TCP ports)");
  }
}

/** Checks a ServiceEntry as Istio's validating webhook does. */
export function checkServiceEntry(resource: IstioResource): Findings {
  const spec = (resource.spec ?? {}) as ServiceEntrySpec;
  const meta = metaOf(resource);
  const out: Findings = [];
  checkAnnotations(meta, undefined, out);
  if (!checkAlphaWorkloadSelector(spec.workloadSelector, ["spec", "workloadSelector"], "service entry", out)) return out;
  checkHostsAndAddresses(spec, out);
  const servicePorts = checkPorts(spec, out);
  checkResolution(spec, servicePorts, out);
  checkExportTo(spec.exportTo, meta.namespace ?? "", "service-entry", out);
  return out;
}
