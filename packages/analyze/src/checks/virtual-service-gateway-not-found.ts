import { GROUP } from "../resource-index.js";
import { virtualServiceGatewaysOf } from "../refs.js";
import type { Check } from "../types.js";

/**
 * VIRTUAL_SERVICE_GATEWAY_NOT_FOUND: a VirtualService is bound to an Istio Gateway that does not
 * exist. Istio binds a VirtualService only to Istio (networking.istio.io) Gateways, so an entry
 * naming a Gateway API Gateway of the set is reported for what it is: bound to no gateway.
 */
export const virtualServiceGatewayNotFound: Check = {
  code: "VIRTUAL_SERVICE_GATEWAY_NOT_FOUND",
  istioctlCode: "IST0101",
  severity: "error",
  title: "VirtualService gateway not found",
  check: (index) =>
    index.ofKind(GROUP.networking, "VirtualService").flatMap((service) =>
      virtualServiceGatewaysOf(service).flatMap((entry) => {
        const { namespace, name } = entry;
        // The internal name of a Gateway API listener is VIRTUAL_SERVICE_INTERNAL_GATEWAY's, as Istio reports it apart (IST0165).
        if (entry.internal || index.find(GROUP.networking, "Gateway", namespace, name) || index.isExternalGateway(namespace, name)) return [];
        const implicit = entry.short ? ` (a name without a namespace means ${service.namespace})` : "";
        if (index.gateway(namespace, name)) {
          return [
            {
              resource: service,
              path: entry.path,
              message: `Referenced gateway not found: ${JSON.stringify(entry.written)}: VirtualService names Gateway API Gateway ${namespace}/${name}${implicit}, and Istio binds VirtualServices only to networking.istio.io Gateways: its routes apply to no gateway`,
              hint: `attach an HTTPRoute to Gateway ${namespace}/${name} instead, as ns.httpRoute(...) with the Gateway API writes in mesh.config.ts, or bind the VirtualService to an Istio Gateway`,
            },
          ];
        }
        return [
          {
            resource: service,
            path: entry.path,
            message: `Referenced gateway not found: ${JSON.stringify(entry.written)}: VirtualService is bound to Istio Gateway ${namespace}/${name}, which is not in the set: its routes apply to no gateway${implicit}`,
            hint: `name an Istio Gateway of networking.istio.io as <namespace>/<name>, or "mesh" for sidecars, or declare it with --external Gateway/${namespace}/${name}`,
          },
        ];
      }),
    ),
};
