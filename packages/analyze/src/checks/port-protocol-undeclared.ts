import type { ServiceSpec } from "@meshform/k8s/core/v1";
import { protocolOfServicePort } from "../hosts.js";
import { analyzedByIstioctl } from "../istioctl-scope.js";
import { GROUP } from "../resource-index.js";
import { itemsOf, text } from "../read.js";
import type { IndexedResource } from "../resource-index.js";
import type { Check } from "../types.js";

/**
 * PORT_PROTOCOL_UNDECLARED: a Service port whose protocol neither its name nor appProtocol
 * declares. As istioctl, it leaves out the Kubernetes system namespaces (which istioctl does not
 * read at all), Istio's own control-plane Services (labelled `istio`, or `release: istio`), the
 * Services Istio generates for Gateway API gateways and waypoints, and the well-known ports Istio
 * serves as TCP without sniffing; a port with `appProtocol: hbone` (a waypoint's) is declared.
 */
export const portProtocolUndeclared: Check = {
  code: "PORT_PROTOCOL_UNDECLARED",
  istioctlCode: "IST0118",
  severity: "info",
  title: "Port protocol not declared",
  check: (index) =>
    index.ofKind(GROUP.core, "Service").flatMap((service) => {
      const spec = service.spec as Partial<ServiceSpec>;
      if (spec.type === "ExternalName" || !analyzedByIstioctl(service) || isIstioOwned(service)) return [];
      return itemsOf(spec.ports)
        .filter(([, port]) => (text(port.protocol) ?? "TCP") === "TCP" && !(typeof port.port === "number" && WELL_KNOWN_TCP_PORTS.has(port.port)) && text(port.appProtocol)?.toLowerCase() !== "hbone" && protocolOfServicePort(port) === "unknown")
        .map(([i, port]) => ({
          resource: service,
          path: ["spec", "ports", i],
          message: `Port name ${text(port.name) ?? ""} (port: ${String(port.port)}, targetPort: ${targetPortText(port.targetPort)}) doesn't follow the naming convention of Istio port: it declares its protocol neither by name nor by appProtocol, so Istio sniffs the first bytes to guess it, which adds latency and breaks server-first protocols such as MySQL`,
          hint: "set appProtocol to http, http2, grpc, tcp or tls, or name the port <protocol>[-<suffix>], e.g. http-web",
        }));
    }),
};

// --- internal ---

/** A port's targetPort as istioctl prints it (Kubernetes' IntOrString): the number or name, `0` when unset. */
function targetPortText(targetPort: unknown): string {
  return typeof targetPort === "number" || typeof targetPort === "string" ? String(targetPort) : "0";
}

/** The ports Istio serves as plain TCP when their protocol is not declared, without sniffing: SMTP, DNS, MySQL, MongoDB. */
const WELL_KNOWN_TCP_PORTS: ReadonlySet<number> = new Set([25, 53, 3306, 27017]);

/** The values of `gateway.istio.io/managed` on the Services Istio generates for gateways and waypoints. */
const MANAGED_BY_ISTIO: ReadonlySet<string> = new Set(["istio.io-gateway-controller", "istio.io-mesh-controller", "istio.io-eastwest-controller"]);

/** Whether Istio owns the Service: its control plane's (label `istio`, or `release: istio`), or generated for a gateway or waypoint. */
function isIstioOwned(service: IndexedResource): boolean {
  const { labels } = service;
  return labels.istio !== undefined || labels.release === "istio" || MANAGED_BY_ISTIO.has(labels["gateway.istio.io/managed"] ?? "");
}
