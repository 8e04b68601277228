import { describeRef } from "../../refs.js";
import type { Check, Finding } from "../../types.js";
import { providedDestinations } from "./destinations.js";

/**
 * DESTINATION_PORT_REQUIRED: a VirtualService routes (or mirrors) to a host whose Service or
 * ServiceEntry exposes more than one port, and its destination names no port.
 */
export const destinationPortRequired: Check = {
  code: "DESTINATION_PORT_REQUIRED",
  istioctlCode: "IST0112",
  severity: "error",
  title: "VirtualService destination on a multi-port host names no port",
  check: (index) =>
    providedDestinations(index).flatMap(({ service, destination: d, provider }): Finding[] => {
      if (d.port !== undefined || provider.ports.length <= 1) return [];
      return [
        {
          resource: service,
          path: [...d.path, "host"],
          message: `This VirtualService routes to a service ${JSON.stringify(d.written)} that exposes multiple ports [${provider.ports.join(" ")}]. Specifying a port in the destination is required to disambiguate: ${describeRef(provider.resource)} declares ${provider.ports.length} ports, and the ${d.mirror ? "mirror" : "destination"} leaves the one that receives the requests unsaid`,
          hint: `add port: { number: <port> } to the destination, one of ${provider.ports.join(", ")}`,
        },
      ];
    }),
};
