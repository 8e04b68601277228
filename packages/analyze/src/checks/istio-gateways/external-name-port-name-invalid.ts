import { GROUP } from "../../resource-index.js";
import { itemsOf, text } from "../../read.js";
import type { Check, Finding } from "../../types.js";
import { analyzedByIstioctl } from "../../istioctl-scope.js";

/** The values of `gateway.istio.io/managed` on the Services Istio deploys for gateways and waypoints. */
const MANAGED = new Set(["istio.io-gateway-controller", "istio.io-mesh-controller", "istio.io-eastwest-controller"]);

/** The protocols Istio recognizes in a port name or appProtocol (lowercase). */
const PROTOCOLS = new Set(["tcp", "udp", "grpc", "grpc-web", "http", "http_proxy", "http2", "https", "tls", "mongo", "redis", "mysql"]);

/** Ports Istio serves as TCP when nothing declares their protocol: SMTP, DNS, MySQL, MongoDB. */
const WELL_KNOWN = new Set([25, 53, 3306, 27017]);

/**
 * EXTERNAL_NAME_PORT_NAME_INVALID: a port of an `ExternalName` Service declares no protocol
 * Istio recognizes, or is named exactly `tcp` (istioctl's IST0150). As istioctl reads it: the
 * protocol comes from `appProtocol` when set, else from the name's prefix before `-`; a UDP port,
 * and a port of SMTP, DNS, MySQL or MongoDB, have one; the Services of the control plane (label
 * `istio`, or `release: istio`) and those Istio deploys for gateways (`gateway.istio.io/managed`)
 * are not checked.
 */
export const externalNamePortNameInvalid: Check = {
  code: "EXTERNAL_NAME_PORT_NAME_INVALID",
  istioctlCode: "IST0150",
  severity: "warning",
  title: "ExternalName Service port without a protocol",
  check: (index) => {
    const findings: Finding[] = [];
    for (const service of index.ofKind(GROUP.core, "Service")) {
      if (service.spec.type !== "ExternalName" || !analyzedByIstioctl(service)) continue;
      if ("istio" in service.labels || service.labels.release === "istio" || MANAGED.has(service.labels["gateway.istio.io/managed"] ?? "")) continue;
      for (const [i, port] of itemsOf(service.spec.ports as readonly Record<string, unknown>[] | undefined)) {
        const name = text(port.name);
        const plainTcp = name === "tcp";
        if (!plainTcp && declaresProtocol(port)) continue;
        const what = `port ${typeof port.port === "number" ? port.port : "?"}${name === undefined ? " (no name)" : ` (${JSON.stringify(name)})`}`;
        findings.push({
          resource: service,
          path: ["spec", "ports", i],
          message: `Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly: ${what} ${plainTcp ? "is named plain tcp" : "declares no protocol by name or appProtocol"}, and an ExternalName Service has no cluster IP, so sidecars may not forward the port's traffic to ${text(service.spec.externalName) ?? "its external name"}`,
          hint: "name the port <protocol>-<suffix> (http-web, https-api, tls-db, tcp-db; not plain tcp), or set appProtocol",
        });
      }
    }
    return findings;
  },
};

/** Whether Istio finds a protocol for a Service port, as its conversion of Kubernetes ports does. */
function declaresProtocol(port: Readonly<Record<string, unknown>>): boolean {
  if (port.protocol === "UDP") return true;
  let name = text(port.name) ?? "";
  const appProtocol = text(port.appProtocol);
  if (appProtocol !== undefined) {
    if (appProtocol === "kubernetes.io/h2c" || appProtocol === "kubernetes.io/ws" || appProtocol === "kubernetes.io/wss") return true;
    name = appProtocol;
  }
  if (name.slice(0, 8).toLowerCase() === "grpc-web") return true;
  const dash = name.indexOf("-");
  if (PROTOCOLS.has((dash >= 0 ? name.slice(0, dash) : name).toLowerCase())) return true;
  return typeof port.port === "number" && WELL_KNOWN.has(port.port);
}
