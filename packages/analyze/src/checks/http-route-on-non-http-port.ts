import type { VirtualServiceSpec } from "@meshform/istio/networking.istio.io/virtual-service";
import { describePorts, qualifyHost, serviceHost } from "../hosts.js";
import { GROUP, type IndexedResource, type MeshIndex } from "../resource-index.js";
import { describeRef, isServiceRef, parentRefsOf } from "../refs.js";
import { stringsOf } from "../read.js";
import type { Check, Finding } from "../types.js";

/** HTTP_ROUTE_ON_NON_HTTP_PORT: HTTP routes for a host or Service served only as TLS or TCP. */
export const httpRouteOnNonHttpPort: Check = {
  code: "HTTP_ROUTE_ON_NON_HTTP_PORT",
  severity: "warning",
  title: "HTTP routes for traffic handled as TLS or TCP",
  check: (index) => [
    ...index.ofKind(GROUP.networking, "VirtualService").flatMap((service) => checkVirtualService(index, service)),
    ...["HTTPRoute", "GRPCRoute"].flatMap((kind) => index.ofKind(GROUP.gateway, kind).flatMap((route) => checkRoute(index, route))),
  ],
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

function checkRoute(index: MeshIndex, route: IndexedResource): Finding[] {
  return parentRefsOf(route).flatMap((ref) => {
    if (!isServiceRef(ref)) return [];
    const ports = index.portsOfHost(serviceHost(ref.namespace, ref.name)).filter((p) => p.owner.kind === "Service" && (ref.port === undefined || p.number === ref.port));
    if (ports.length === 0 || ports.some((p) => p.protocol === "http" || p.protocol === "unknown")) return [];
    return [
      {
        resource: route,
        path: ref.path,
        message: `${route.kind} attaches to ${describeRef(ref)}, which is served on ${describePorts(ports)}: the mesh does not parse that traffic as HTTP, so the route never applies`,
        hint: "if the port does carry HTTP, name it http-<suffix> or grpc-<suffix>, or set its appProtocol",
      },
    ];
  });
}
