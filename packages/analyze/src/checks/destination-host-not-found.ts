import { serviceOfHost } from "../hosts.js";
import { GROUP, type IndexedResource } from "../resource-index.js";
import { destinationsOf, describeRef, type Destination } from "../refs.js";
import { listing } from "../read.js";
import { exportToOf, fqdnOf, registryOf, type Viewer } from "./istio-references/registry.js";
import type { Check, Finding } from "../types.js";

/**
 * DESTINATION_HOST_NOT_FOUND: a VirtualService routes (or mirrors) to a host that nothing the
 * VirtualService's namespace sees provides: no Service or ServiceEntry of the set exported to it
 * (ServiceEntry `exportTo`, the Service annotation `networking.istio.io/exportTo`, read from the
 * namespaces of the VirtualService's own `exportTo`), and no external declaration.
 */
export const destinationHostNotFound: Check = {
  code: "DESTINATION_HOST_NOT_FOUND",
  istioctlCode: "IST0101",
  severity: "warning",
  title: "VirtualService destination host not found",
  check: (index) => {
    const services = index.ofKind(GROUP.networking, "VirtualService");
    if (services.length === 0) return [];
    const registry = registryOf(index);
    return services.flatMap((service) => {
      const viewer: Viewer = { namespace: service.namespace, exportTo: exportToOf(service) };
      return destinationsOf(service).flatMap((d): Finding[] => {
        if (registry.lookup(viewer, d.written) !== undefined) return [];
        const fqdn = fqdnOf(d.written, service.namespace);
        const hidden = registry.providersOf(fqdn);
        return [
          {
            resource: service,
            path: [...d.path, "host"],
            message: `Referenced ${d.mirror ? "mirror host" : "host"} not found: ${JSON.stringify(d.written)}: VirtualService ${d.mirror ? "mirrors" : "routes"} to host ${fqdn}${d.written === fqdn ? "" : ` (${JSON.stringify(d.written)} read in namespace ${service.namespace})`}, ${hidden.length === 0 ? "which no Service or ServiceEntry of the set provides and no declaration makes external" : `which ${listing(hidden.map(describeRef))} ${hidden.length === 1 ? "provides" : "provide"} but ${exportedTo(viewer)} does not see: the proxies there have no cluster for it, and the requests ${d.mirror ? "mirrored" : "routed"} there fail with 503`}`,
            hint: hidden.length === 0 ? hintMissing(d) : hintHidden(hidden, viewer),
          },
        ];
      });
    });
  },
};

// --- internal ---

/** The namespaces a lookup is made from, for messages. */
function exportedTo(viewer: Viewer): string {
  return viewer.exportTo.length === 0 ? `namespace ${viewer.namespace}` : `the VirtualService's exportTo (${viewer.exportTo.map((e) => JSON.stringify(e)).join(", ")})`;
}

function hintMissing(d: Destination): string {
  return `fix the host, where a short name means a Service of the VirtualService's namespace; add a ServiceEntry; or declare it with --external ${external(d.host)}`;
}

function hintHidden(hidden: readonly IndexedResource[], viewer: Viewer): string {
  const where = viewer.exportTo.length === 0 ? viewer.namespace : viewer.exportTo.map((e) => (e === "." ? viewer.namespace : e)).join(", ");
  const how = hidden[0]?.kind === "Service" ? "the annotation networking.istio.io/exportTo of the Service" : "the ServiceEntry's exportTo";
  return `export the host to ${where} (${how}, or leave it out to export to every namespace), or route to a host that namespace sees`;
}

/** How `--external` declares a host: `namespace/name` for a Kubernetes Service, else the host. */
function external(host: string): string {
  const service = serviceOfHost(host);
  return service ? `${service.namespace}/${service.name}` : host;
}
