import { GROUP } from "../resource-index.js";
import { INTERNAL_GATEWAY_MARKER, virtualServiceGatewaysOf } from "../refs.js";
import type { Check } from "../types.js";

/**
 * VIRTUAL_SERVICE_INTERNAL_GATEWAY: a VirtualService names the Istio Gateway that Istio generates
 * internally for a Gateway API Gateway's listener (istioctl's IST0165).
 */
export const virtualServiceInternalGateway: Check = {
  code: "VIRTUAL_SERVICE_INTERNAL_GATEWAY",
  istioctlCode: "IST0165",
  severity: "warning",
  title: "VirtualService bound to an internal generated Gateway",
  check: (index) =>
    index.ofKind(GROUP.networking, "VirtualService").flatMap((service) =>
      virtualServiceGatewaysOf(service)
        .filter((entry) => entry.internal)
        .map((entry) => {
          const gateway = entry.name.slice(0, entry.name.indexOf(INTERNAL_GATEWAY_MARKER));
          return {
            resource: service,
            path: entry.path,
            message: `Gateway reference in VirtualService ${service.namespace}/${service.name} is to an implementation-generated internal Gateway: ${entry.written}`,
            hint: `VirtualServices should not reference internal Gateways: attach an HTTPRoute to Gateway API Gateway ${entry.namespace}/${gateway} instead, as ns.httpRoute(...) with the Gateway API writes in mesh.config.ts, or bind the VirtualService to an Istio Gateway of networking.istio.io`,
          };
        }),
    ),
};
