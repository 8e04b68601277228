import { describeRef } from "../../refs.js";
import type { Check, Finding } from "../../types.js";
import { providedDestinations } from "./destinations.js";

/**
 * DESTINATION_PORT_NOT_FOUND: a VirtualService routes (or mirrors) to a port of a host that the
 * host's Service or ServiceEntry does not declare.
 */
export const destinationPortNotFound: Check = {
  code: "DESTINATION_PORT_NOT_FOUND",
  istioctlCode: "IST0101",
  severity: "error",
  title: "VirtualService destination port not found",
  check: (index) =>
    providedDestinations(index).flatMap(({ service, destination: d, provider }): Finding[] => {
      if (d.port === undefined || provider.ports.includes(d.port)) return [];
      const declared = provider.ports.length === 0 ? "declares no port" : `declares ${provider.ports.length === 1 ? "port" : "ports"} ${provider.ports.join(", ")} only`;
      return [
        {
          resource: service,
          path: [...d.path, "port", "number"],
          message: `Referenced host:port not found: ${JSON.stringify(`${d.written}:${d.port}`)}: ${describeRef(provider.resource)} ${declared}, so the proxies have no cluster for port ${d.port} and the requests ${d.mirror ? "mirrored" : "routed"} there fail with 503`,
          hint: provider.ports.length === 0 ? `declare the port on ${describeRef(provider.resource)}` : `use a port ${describeRef(provider.resource)} declares (${provider.ports.join(", ")}), or declare port ${d.port} on it`,
        },
      ];
    }),
};
