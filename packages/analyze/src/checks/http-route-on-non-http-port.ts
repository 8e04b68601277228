import type { VirtualServiceSpec } from "@meshform/istio/networking.istio.io/virtual-service";
import { describePorts, qualifyHost, serviceHost } from "../hosts.js";
import { declaresNoPorts, GROUP, type IndexedResource, type MeshIndex } from "../resource-index.js";
import { describeRef, isServiceRef, parentRefsOf, type ResourceRef } from "../refs.js";
import { stringsOf } from "../read.js";
import type { Check, Finding } from "../types.js";

/** HTTP_ROUTE_ON_NON_HTTP_PORT: HTTP routes for a host or Service served only as TLS or TCP. */
export const httpRouteOnNonHttpPort: Check = {
  code: "HTTP_ROUTE_ON_NON_HTTP_PORT",
  severity: "warning",
  title: "HTTP routes for traffic handled as TLS or TCP",
  check: (index) => {
    // Without a port declared anywhere, no host or Service is known to be served as TLS or TCP.
    if (declaresNoPorts(index)) return [];
    const findings = index.ofKind(GROUP.networking, "VirtualService").flatMap((service) => checkVirtualService(index, service));
    for (const kind of ["HTTPRoute", "GRPCRoute"]) {
      for (const route of index.ofKind(GROUP.gateway, kind)) {
        for (const ref of parentRefsOf(route)) {
          const finding = isServiceRef(ref) ? checkServiceParent(index, route, ref) : undefined;
          if (finding !== undefined) findings.push(finding);
        }
      }
    }
    return findings;
  },
};

// --- internal ---

function checkVirtualService(index: MeshIndex, service: IndexedResource): Finding[] {
  const spec = service.spec as Partial<VirtualServiceSpec>;
  const gateways = stringsOf(spec.gateways).map(([, g]) => g);
  if (!Array.isArray(spec.http) || spec.http.length === 0 || (gateways.length > 0 && !gateways.includes("mesh"))) return [];
  return stringsOf(spec.hosts).flatMap(([, written]) => {
    const host = qualifyHost(written, service.namespace);
    const ports = index.portsOfHost(host);
    if (ports.length === 0 || ports.some((p) => p.protocol === "http" || p.protocol === "unknown")) return [];
    return [
      {
        resource: service,
        path: ["spec", "http"],
        message: `the http routes never apply to host ${host} inside the mesh: it is served on ${describePorts(ports)}, which sidecars route as TLS or TCP`,
        hint: "route TLS with tls routes matching sniHosts and TCP with tcp routes, or declare the port's protocol HTTP",
      },
    ];
  });
}

/** A route attached to a Service whose ports (the one it names, or all) are all TLS or TCP. */
function checkServiceParent(index: MeshIndex, route: IndexedResource, ref: ResourceRef): Finding | undefined {
  const declared = index.portsOfHost(serviceHost(ref.namespace, ref.name));
  if (declared.length === 0) return undefined;
  const ports = declared.filter((p) => p.owner.kind === "Service" && (ref.port === undefined || p.number === ref.port));
  if (ports.length === 0 || ports.some((p) => p.protocol === "http" || p.protocol === "unknown")) return undefined;
  return {
    resource: route,
    path: ref.path,
    message: `${route.kind} attaches to ${describeRef(ref)}, which is served on ${describePorts(ports)}: the mesh does not parse that traffic as HTTP, so the route never applies`,
    hint: "if the port does carry HTTP, name it http-<suffix> or grpc-<suffix>, or set its appProtocol",
  };
}
