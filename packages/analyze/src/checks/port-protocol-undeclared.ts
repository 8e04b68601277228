import type { ServiceSpec } from "@meshform/k8s/core/v1";
import { protocolOfServicePort } from "../hosts.js";
import { GROUP } from "../resource-index.js";
import { itemsOf, text } from "../read.js";
import type { Check } from "../types.js";

/** PORT_PROTOCOL_UNDECLARED: a Service port whose protocol neither its name nor appProtocol declares. */
export const portProtocolUndeclared: Check = {
  code: "PORT_PROTOCOL_UNDECLARED",
  istioctlCode: "IST0118",
  severity: "info",
  title: "Port protocol not declared",
  check: (index) =>
    index.ofKind(GROUP.core, "Service").flatMap((service) => {
      const spec = service.spec as Partial<ServiceSpec>;
      if (spec.type === "ExternalName") return [];
      return itemsOf(spec.ports)
        .filter(([, port]) => (text(port.protocol) ?? "TCP") === "TCP" && protocolOfServicePort(port) === "unknown")
        .map(([i, port]) => ({
          resource: service,
          path: ["spec", "ports", i],
          message: `port ${String(port.port)}${port.name ? ` (${JSON.stringify(port.name)})` : ""} declares its protocol neither by name nor by appProtocol: Istio sniffs the first bytes to guess it, which adds latency and breaks server-first protocols such as MySQL`,
          hint: "set appProtocol to http, http2, grpc, tcp or tls, or name the port <protocol>[-<suffix>], e.g. http-web",
        }));
    }),
};
