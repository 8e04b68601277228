import { serviceOfHost } from "../hosts.js";
import { GROUP } from "../resource-index.js";
import { destinationsOf, isKnownHost } from "../refs.js";
import type { Check } from "../types.js";

/** DESTINATION_HOST_NOT_FOUND: a VirtualService routes to a host nothing in the set provides. */
export const destinationHostNotFound: Check = {
  code: "DESTINATION_HOST_NOT_FOUND",
  istioctlCode: "IST0101",
  severity: "warning",
  title: "VirtualService destination host not found",
  check: (index) =>
    index.ofKind(GROUP.networking, "VirtualService").flatMap((service) =>
      destinationsOf(service)
        .filter((d) => !isKnownHost(index, d.host))
        .map((d) => ({
          resource: service,
          path: [...d.path, "host"],
          message: `VirtualService routes to host ${d.host}${d.written === d.host ? "" : ` (${JSON.stringify(d.written)} read in namespace ${service.namespace})`}, which no Service or ServiceEntry of the set provides and no declaration makes external`,
          hint: `fix the host, where a short name means a Service of the VirtualService's namespace; add a ServiceEntry; or declare it with --external ${external(d.host)}`,
        })),
    ),
};

// --- internal ---

/** How `--external` declares a host: `namespace/name` for a Kubernetes Service, else the host. */
function external(host: string): string {
  const service = serviceOfHost(host);
  return service ? `${service.namespace}/${service.name}` : host;
}
