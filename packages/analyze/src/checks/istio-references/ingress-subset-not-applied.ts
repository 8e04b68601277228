import { GROUP, type IndexedResource } from "../../resource-index.js";
import { destinationsOf, virtualServiceGatewaysOf, type Destination } from "../../refs.js";
import { stringsOf } from "../../read.js";
import type { Check, Finding } from "../../types.js";
import { fqdnOf } from "./registry.js";

/**
 * INGRESS_SUBSET_NOT_APPLIED: a VirtualService bound to a gateway routes a host without a subset,
 * while another VirtualService of that host routes it to subsets. A gateway applies only the
 * VirtualServices bound to it, so the subsets of the other one do not apply to the requests that
 * enter through the gateway.
 */
export const ingressSubsetNotApplied: Check = {
  code: "INGRESS_SUBSET_NOT_APPLIED",
  istioctlCode: "IST0140",
  severity: "warning",
  title: "Subset routing that requests through a gateway bypass",
  check: (index) => {
    const services = index.ofKind(GROUP.networking, "VirtualService");
    if (services.length < 2) return [];
    // The VirtualServices that route one of their own hosts to a subset, by that host in full.
    const withSubsets = new Map<string, IndexedResource[]>();
    for (const service of services) {
      const own = new Set(stringsOf(service.spec.hosts as unknown[] | undefined).map(([, h]) => fqdnOf(h, service.namespace)));
      const seen = new Set<string>();
      for (const d of httpRoutes(service)) {
        const host = fqdnOf(d.written, service.namespace);
        if (d.subset === undefined || !own.has(host) || seen.has(host)) continue;
        seen.add(host);
        const list = withSubsets.get(host);
        if (list === undefined) withSubsets.set(host, [service]);
        else list.push(service);
      }
    }
    if (withSubsets.size === 0) return [];
    return services.flatMap((service): Finding[] => {
      const gateways = virtualServiceGatewaysOf(service);
      if (gateways.length === 0) return [];
      const bound = gateways.map((g) => `${g.namespace}/${g.name}`).join(", ");
      return httpRoutes(service).flatMap((d): Finding[] => {
        if (d.subset !== undefined) return [];
        const host = fqdnOf(d.written, service.namespace);
        return (withSubsets.get(host) ?? [])
          .filter((other) => other !== service)
          .map((other) => ({
            resource: service,
            path: [...d.path, "host"],
            message: `Subset in virtual service ${other.namespace}/${other.name} has no effect on ingress gateway ${service.namespace}/${service.name} requests: this VirtualService, bound to ${bound}, routes to ${host} without a subset, and a gateway applies only the VirtualServices bound to it, so the requests that enter through it reach every version of the host`,
            hint: `set destination.subset here as VirtualService ${other.namespace}/${other.name} does, or bind that VirtualService to the gateway as well and route to ${host} only from it`,
          }));
      });
    });
  },
};

/** The destinations of a VirtualService's http routes (mirrors, tcp and tls left out). */
function httpRoutes(service: IndexedResource): Destination[] {
  return destinationsOf(service).filter((d) => d.path[1] === "http" && !d.mirror);
}
