import type { ServiceEntrySpec } from "@meshform/istio/networking.istio.io/service-entry";
import { serviceOfHost } from "../../hosts.js";
import { GROUP, type MeshIndex } from "../../resource-index.js";
import { itemsOf, stringsOf } from "../../read.js";
import type { Check, Finding } from "../../types.js";
import { fqdnOf } from "./registry.js";

/**
 * SIDECAR_EGRESS_HOST_NOT_FOUND: a Sidecar's `egress[].hosts` entry `namespace/host` names one
 * exact host (no wildcard) of one namespace, and no Service, ServiceEntry or VirtualService of
 * that namespace has that host (a VirtualService's wildcard host covering it counts, a
 * ServiceEntry's does not, as Istio imports them), and no declaration makes it external: the
 * entry imports nothing.
 */
export const sidecarEgressHostNotFound: Check = {
  code: "SIDECAR_EGRESS_HOST_NOT_FOUND",
  severity: "warning",
  title: "Sidecar egress host imports no service",
  check: (index) => {
    const sidecars = index.ofKind(GROUP.networking, "Sidecar");
    if (sidecars.length === 0) return [];
    const hosts = hostsByNamespace(index);
    return sidecars.flatMap((sidecar) =>
      itemsOf(sidecar.spec.egress as Record<string, unknown>[] | undefined).flatMap(([e, egress]) =>
        stringsOf(egress.hosts as unknown[] | undefined).flatMap(([h, entry]): Finding[] => {
          const slash = entry.indexOf("/");
          if (slash < 0) return [];
          const written = entry.slice(0, slash);
          const host = entry.slice(slash + 1);
          if (written === "*" || written === "~" || host.includes("*") || host === "") return [];
          const namespace = written === "." ? sidecar.namespace : written;
          if (hosts.has(namespace, host)) return [];
          const short = !host.includes(".");
          return [
            {
              resource: sidecar,
              path: ["spec", "egress", e, "hosts", h],
              message: `Sidecar egress host ${JSON.stringify(entry)} imports nothing: no Service, ServiceEntry or VirtualService of namespace ${namespace} has host ${host}${short ? " (the host of an egress entry is matched as written, and a Service's host is its full name)" : ""}, so the workloads of this Sidecar get no route for it and their requests to it leave by the outbound traffic policy (refused under REGISTRY_ONLY)`,
              hint: short ? `write the host in full: ${written}/${fqdnOf(host, namespace)}` : `fix the namespace or the host; add the ServiceEntry in ${namespace}; or declare the host with --external ${host}`,
            },
          ];
        }),
      ),
    );
  },
};

/** The hosts each namespace provides to a Sidecar's egress: Services', ServiceEntries' and VirtualServices', as Istio imports them. */
function hostsByNamespace(index: MeshIndex): { has(namespace: string, host: string): boolean } {
  const exact = new Set<string>();
  const wildcards = new Set<string>();
  const add = (namespace: string, host: string) => {
    if (host.startsWith("*")) wildcards.add(`${namespace}/${host.slice(1)}`);
    else exact.add(`${namespace}/${host}`);
  };
  // A ServiceEntry's wildcard host is not imported by an exact egress host (Istio imports a
  // service whose host is as specific as the egress host or more), so only its exact hosts count.
  for (const entry of index.ofKind(GROUP.networking, "ServiceEntry")) {
    for (const [, h] of stringsOf((entry.spec as Partial<ServiceEntrySpec>).hosts)) if (!h.startsWith("*")) add(entry.namespace, fqdnOf(h, entry.namespace));
  }
  // A VirtualService's wildcard host is imported by an exact egress host under it.
  for (const service of index.ofKind(GROUP.networking, "VirtualService")) {
    for (const [, h] of stringsOf(service.spec.hosts as unknown[] | undefined)) add(service.namespace, fqdnOf(h, service.namespace));
  }
  return {
    has: (namespace, host) => {
      if (exact.has(`${namespace}/${host}`)) return true;
      const service = serviceOfHost(host);
      if (service !== undefined && service.namespace === namespace && index.hasService(namespace, service.name)) return true;
      if (index.isExternalHost(host)) return true;
      if (wildcards.size === 0) return false;
      for (let i = 0; i <= host.length; i++) if (wildcards.has(`${namespace}/${host.slice(i)}`)) return true;
      return false;
    },
  };
}
