import type { VirtualServiceSpec } from "@meshform/istio/networking.istio.io/virtual-service";
import { HostTable, serviceHost, virtualServiceHostFqdn } from "../../hosts.js";
import { GROUP, type IndexedResource } from "../../resource-index.js";
import { describeRef, isServiceRef, parentRefsOf, type ResourceRef } from "../../refs.js";
import { listing, stringsOf } from "../../read.js";
import type { Check, Finding } from "../../types.js";

/** A mesh route of the Gateway API: a route attached to a Service. */
interface ServiceRoute {
  readonly route: IndexedResource;
  readonly ref: ResourceRef;
}

/** The route kinds Istio turns into mesh routes for a Service parentRef. */
const MESH_ROUTE_KINDS = ["HTTPRoute", "GRPCRoute"] as const;

/**
 * MESH_HOST_CLAIMED_BY_BOTH_APIS: a VirtualService bound to the mesh claims the host of a Service
 * that a Gateway API route also attaches to. Istio turns the route into a VirtualService of its
 * own and does not support mixing the two for one host: a sidecar keeps one of them for the host
 * and drops the other's rules; a waypoint puts both rule lists one after the other, so the first
 * one's catch-all rule hides the second. Which one wins follows namespaces and creation order.
 */
export const meshHostClaimedByBothApis: Check = {
  code: "MESH_HOST_CLAIMED_BY_BOTH_APIS",
  severity: "warning",
  title: "Mesh host routed by both a VirtualService and a Gateway API route",
  check: (index) => {
    const routes = new HostTable<ServiceRoute>();
    let any = false;
    for (const kind of MESH_ROUTE_KINDS) {
      for (const route of index.ofKind(GROUP.gateway, kind)) {
        for (const ref of parentRefsOf(route)) {
          if (!isServiceRef(ref)) continue;
          routes.add(serviceHost(ref.namespace, ref.name), { route, ref });
          any = true;
        }
      }
    }
    if (!any) return [];
    const findings: Finding[] = [];
    for (const service of index.ofKind(GROUP.networking, "VirtualService")) {
      const spec = service.spec as Partial<VirtualServiceSpec>;
      const gateways = stringsOf(spec.gateways).map(([, g]) => g);
      if (Array.isArray(spec.gateways) && spec.gateways.length > 0 && !gateways.includes("mesh")) continue;
      for (const [i, written] of stringsOf(spec.hosts)) {
        const host = virtualServiceHostFqdn(written, service.namespace);
        const claims = [...new Set(routes.overlapping(host))];
        if (claims.length === 0) continue;
        const named = claims.map((c) => `${c.route.kind} ${c.route.namespace}/${c.route.name} (parentRef ${describeRef(c.ref)})`);
        findings.push({
          resource: service,
          path: ["spec", "hosts", i],
          message:
            `VirtualService is bound to the mesh for host ${host}, which ${listing(named)} also route${claims.length > 1 ? "" : "s"}: Istio does not support the two APIs for one host. ` +
            `A sidecar keeps the routes of one of them only for the host (a Gateway API route of the client's own namespace first, else the oldest) and drops the other's; ` +
            `a waypoint lists the rules of both one after the other, so a rule of the first that matches every request hides the second. Which one wins follows namespaces and creation order, not what is written, and the losing rules silently never apply`,
          hint: `route the host with one API: move this VirtualService's rules into the route (or the route's into the VirtualService) and remove the other; in ambient mode prefer the Gateway API route`,
        });
      }
    }
    return findings;
  },
};
