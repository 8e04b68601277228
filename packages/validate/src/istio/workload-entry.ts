/**
 * WorkloadEntry and WorkloadGroup admission rules, and the endpoint rules a ServiceEntry applies to
 * its STATIC endpoints: an address (IP, FQDN or unix socket), named ports, valid labels, probes.
 */
import type { WorkloadEntrySpec, WorkloadGroupSpec, WorkloadGroupSpecProbe } from "@meshform/istio/networking.istio.io/v1";
import { type FieldPath, type Findings, type IstioResource, entriesOf, metaOf, reject, rejectIf, warn } from "./finding.js";
import { quote } from "./go-format.js";
import { validateFQDN } from "./hosts.js";
import { validateProbeHeaderName } from "./headers.js";
import { checkLabels } from "./labels.js";
import { isIPAddress } from "./net.js";
import { checkAnnotations } from "./policy.js";
import { validatePort, validatePortName } from "./ports.js";
import { validateUnixAddress } from "./server-tls.js";

/**
 * Checks a workload entry, alone (`servicePorts` undefined, FQDN addresses allowed) or as a
 * STATIC ServiceEntry endpoint (the entry's port names given, IP addresses only).
 */
export function checkWorkloadEntry(entry: WorkloadEntrySpec, servicePorts: ReadonlySet<string> | undefined, allowFQDN: boolean, path: FieldPath, out: Findings): void {
  const address = entry.address ?? "";
  if (address === "") {
    if ((entry.network ?? "") === "") return reject(out, [...path, "address"], "address is required");
    warn(out, [...path, "address"], `address is unset with network ${quote(entry.network ?? "")}`);
  }
  const unix = address.startsWith("unix://");
  if (unix) {
    rejectIf(out, [...path, "address"], validateUnixAddress(address.slice("unix://".length)));
    if (Object.keys(entry.ports ?? {}).length > 0) reject(out, [...path, "ports"], `unix endpoint ${address} must not include ports`);
  } else if (address !== "" && !isIPAddress(address)) {
    if (!allowFQDN) reject(out, [...path, "address"], `endpoint address ${quote(address)} is not a valid IP address`);
    else if (validateFQDN(address) !== undefined) reject(out, [...path, "address"], `endpoint address ${quote(address)} is not a valid FQDN or an IP address`);
  }
  for (const [name, port] of entriesOf(entry.ports)) {
    if (servicePorts !== undefined && !servicePorts.has(name)) {
      reject(out, [...path, "ports", name], `endpoint port ${port} is not defined by the service entry (name one of the entry's ports)`);
    }
    rejectIf(out, [...path, "ports", name], validatePortName(name));
    rejectIf(out, [...path, "ports", name], validatePort(port));
  }
  checkLabels(entry.labels, [...path, "labels"], out);
  if (unix && servicePorts !== undefined && servicePorts.size !== 1) reject(out, path, "exactly 1 service port required for unix endpoints");
}

/** Checks a WorkloadEntry as Istio's validating webhook does. */
export function checkWorkloadEntryResource(resource: IstioResource): Findings {
  const out: Findings = [];
  checkAnnotations(metaOf(resource), undefined, out);
  checkWorkloadEntry((resource.spec ?? {}) as WorkloadEntrySpec, undefined, true, ["spec"], out);
  return out;
}

function checkProbe(probe: WorkloadGroupSpecProbe | undefined, path: FieldPath, out: Findings): void {
  if (probe === undefined) return;
  for (const field of ["periodSeconds", "initialDelaySeconds", "timeoutSeconds", "successThreshold", "failureThreshold"] as const) {
    if ((probe[field] ?? 0) < 0) reject(out, [...path, field], `${field} must be non-negative`);
  }
  if (probe.httpGet !== undefined) {
    const get = probe.httpGet;
    rejectIf(out, [...path, "httpGet", "port"], validatePort(get.port));
    const scheme = get.scheme ?? "";
    if (scheme !== "" && scheme !== "HTTPS" && scheme !== "HTTP") reject(out, [...path, "httpGet", "scheme"], 'httpGet.scheme must be one of "HTTPS", "HTTP"');
    for (const [index, header] of (get.httpHeaders ?? []).entries()) {
      rejectIf(out, [...path, "httpGet", "httpHeaders", index, "name"], validateProbeHeaderName(header.name ?? ""));
    }
  } else if (probe.tcpSocket !== undefined) {
    rejectIf(out, [...path, "tcpSocket", "port"], validatePort(probe.tcpSocket.port));
  } else if (probe.exec !== undefined) {
    if (probe.exec.command.length === 0) reject(out, [...path, "exec", "command"], "exec.command is required");
  } else if (probe.grpc === undefined) {
    reject(out, path, "unknown health check method <nil> (set httpGet, tcpSocket or exec)");
  }
}

/** Checks a WorkloadGroup as Istio's validating webhook does. */
export function checkWorkloadGroup(resource: IstioResource): Findings {
  const spec = (resource.spec ?? {}) as WorkloadGroupSpec;
  const out: Findings = [];
  checkAnnotations(metaOf(resource), undefined, out);
  const labels: Findings = [];
  checkLabels(spec.metadata?.labels, ["spec", "metadata", "labels"], labels);
  if (labels.length > 0) return [...out, ...labels.map((finding) => ({ ...finding, message: `invalid labels: ${finding.message}` }))];
  checkProbe(spec.probe, ["spec", "probe"], out);
  return out;
}
