/**
 * Sidecar egress listener rules: one catch-all listener at most and last, unique ports and unix
 * sockets, `namespace/host` hosts, and warnings for hosts an earlier entry already selects.
 */
import type { SidecarSpecEgress } from "@meshform/istio/networking.istio.io/v1";
import { type FieldPath, type Findings, reject, rejectIf, warn } from "./finding.js";
import { validateNamespaceSlashHost } from "./hosts.js";
import { validateIPAddress } from "./net.js";
import { validatePort, validatePortName, validateProtocol } from "./ports.js";
import { validateUnixAddress } from "./server-tls.js";

function checkEgressPort(listener: SidecarSpecEgress, path: FieldPath, out: Findings): void {
  const port = listener.port ?? {};
  const bind = listener.bind ?? "";
  const at = [...path, "port"];
  if ((port.targetPort ?? 0) > 0) reject(out, [...at, "targetPort"], "targetPort has no impact on Sidecars (remove it)");
  if ((port.name ?? "") !== "") rejectIf(out, [...at, "name"], validatePortName(port.name ?? ""));
  rejectIf(out, [...at, "protocol"], validateProtocol(port.protocol));
  if ((port.number ?? 0) === 0) {
    if (!bind.startsWith("unix://")) reject(out, [...path, "bind"], "sidecar: ports with 0 value must have a unix domain socket bind address");
    else rejectIf(out, [...path, "bind"], validateUnixAddress(bind.slice("unix://".length)));
    const mode = listener.captureMode ?? "DEFAULT";
    if (mode !== "DEFAULT" && mode !== "NONE") {
      reject(out, [...path, "captureMode"], "sidecar: captureMode must be DEFAULT/NONE for unix domain socket listeners");
    }
    return;
  }
  rejectIf(out, [...at, "number"], validatePort(port.number ?? 0));
  if (bind !== "") rejectIf(out, [...path, "bind"], validateIPAddress(bind));
}

function checkEgressHosts(hosts: readonly string[], namespace: string, path: FieldPath, out: Findings): void {
  if (hosts.length === 0) return reject(out, path, "sidecar: egress listener must contain at least one host");
  const selected = new Map<string, Set<string>>();
  for (const [index, host] of hosts.entries()) {
    const slash = host.indexOf("/");
    if (slash >= 0) {
      const ns = host.slice(0, slash) === "." ? namespace : host.slice(0, slash);
      const service = host.slice(slash + 1);
      const services = selected.get(ns) ?? new Set<string>();
      const duplicate = service === "*" ? services.size > 0 : services.has(service) || services.has("*");
      if (duplicate) warn(out, [...path, index], `duplicated egress host: ${host}`);
      selected.set(ns, services.add(service));
    }
    for (const error of validateNamespaceSlashHost(host, false)) reject(out, [...path, index], error);
  }
  if (selected.get("*")?.has("*") === true && selected.size !== 1) {
    warn(out, path, "`*/*` host select all resources, no other hosts can be added");
  }
}

/** Checks the egress listeners of a Sidecar in namespace `namespace`. */
export function checkEgress(listeners: readonly SidecarSpecEgress[], namespace: string, out: Findings): void {
  const ports = new Set<number>();
  const sockets = new Set<string>();
  let catchAll = false;
  for (const [index, listener] of listeners.entries()) {
    const path = ["spec", "egress", index];
    if (listener.port === undefined) {
      if (catchAll) {
        reject(out, path, "sidecar: egress can have only one listener with empty port");
        continue;
      }
      if (index === listeners.length - 1) catchAll = true;
      else reject(out, path, "sidecar: the egress listener with empty port should be the last listener in the list");
    } else {
      checkEgressPort(listener, path, out);
      const number = listener.port.number ?? 0;
      const bind = listener.bind ?? "";
      if (number === 0 && sockets.has(bind)) reject(out, [...path, "bind"], "sidecar: unix domain socket values for listeners must be unique");
      if (number !== 0 && ports.has(number)) reject(out, [...path, "port", "number"], "sidecar: ports on IP bound listeners must be unique");
      if (number === 0) sockets.add(bind);
      else ports.add(number);
    }
    checkEgressHosts(listener.hosts, namespace, [...path, "hosts"], out);
  }
}
