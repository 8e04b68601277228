import type { VirtualServiceSpec } from "@meshform/istio/networking.istio.io/virtual-service";
import { GROUP } from "../resource-index.js";
import { stringsOf } from "../read.js";
import type { Check } from "../types.js";

/** VIRTUAL_SERVICE_GATEWAY_NOT_FOUND: a VirtualService is bound to an Istio Gateway that does not exist. */
export const virtualServiceGatewayNotFound: Check = {
  code: "VIRTUAL_SERVICE_GATEWAY_NOT_FOUND",
  severity: "error",
  title: "VirtualService gateway not found",
  check: (index) =>
    index.ofKind(GROUP.networking, "VirtualService").flatMap((service) =>
      stringsOf((service.spec as Partial<VirtualServiceSpec>).gateways).flatMap(([i, written]) => {
        if (written === "mesh") return [];
        const [namespace, name] = written.includes("/") ? (written.split("/", 2) as [string, string]) : [service.namespace, written];
        if (index.find(GROUP.networking, "Gateway", namespace, name) || index.isExternalGateway(namespace, name)) return [];
        return [
          {
            resource: service,
            path: ["spec", "gateways", i],
            message: `VirtualService is bound to Istio Gateway ${namespace}/${name}, which is not in the set: its routes apply to no gateway${written.includes("/") ? "" : ` (a name without a namespace means ${service.namespace})`}`,
            hint: `name an Istio Gateway of networking.istio.io as <namespace>/<name>, or "mesh" for sidecars, or declare it with --external Gateway/${namespace}/${name}`,
          },
        ];
      }),
    ),
};
