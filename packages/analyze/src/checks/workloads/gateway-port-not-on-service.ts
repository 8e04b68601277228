import type { ServicePort } from "@meshform/k8s/core/v1";
import { GROUP } from "../../resource-index.js";
import { isObject, itemsOf, stringMap, text } from "../../read.js";
import type { Check, Finding } from "../../types.js";
import { selectorText, servicesSelecting, workloadsOf } from "../../workloads.js";

/**
 * GATEWAY_PORT_NOT_ON_SERVICE: an Istio Gateway's server listens on a port that no Service
 * selecting the gateway's workloads exposes (istioctl's IST0162). Read as istioctl reads it: the
 * workloads the Gateway's selector matches in any namespace; the TCP ports of the Services of
 * their namespace that select them; a server port is exposed when it is such a Service's
 * targetPort (its port, without one or with a named one), or such a Service's port. Runs only when
 * the set holds workloads and Services; a Gateway that selects no workload is
 * SELECTOR_MATCHES_NO_WORKLOAD's.
 */
export const gatewayPortNotOnService: Check = {
  code: "GATEWAY_PORT_NOT_ON_SERVICE",
  istioctlCode: "IST0162",
  severity: "warning",
  title: "Gateway port not exposed by the gateway's Service",
  check: (index) => {
    const workloads = workloadsOf(index);
    if (workloads.all.length === 0 || index.ofKind(GROUP.core, "Service").length === 0) return [];
    const findings: Finding[] = [];
    for (const gateway of index.ofKind(GROUP.networking, "Gateway")) {
      const selector = stringMap(gateway.spec.selector);
      const selected = workloads.matching(selector, undefined);
      if (selected.length === 0) continue;
      const exposed = new Set<number>();
      for (const workload of selected) {
        for (const service of servicesSelecting(index, workload)) {
          for (const [, port] of itemsOf((service.spec as { ports?: ServicePort[] }).ports)) {
            if (typeof port.port !== "number" || (text(port.protocol) ?? "TCP") !== "TCP") continue;
            const target = typeof port.targetPort === "number" ? port.targetPort : typeof port.targetPort === "string" && /^\d+$/.test(port.targetPort) ? Number(port.targetPort) : 0;
            exposed.add(port.port);
            if (target !== 0) exposed.add(target);
          }
        }
      }
      for (const [i, server] of itemsOf(gateway.spec.servers as unknown[])) {
        const number = isObject(server) && isObject(server.port) ? server.port.number : undefined;
        if (typeof number !== "number" || exposed.has(number)) continue;
        findings.push({
          resource: gateway,
          path: ["spec", "servers", i, "port", "number"],
          message: `The gateway is listening on a target port (port ${number}) that is not defined in the Service associated with its workload instances (Pod selector ${selectorText(selector)}). If you need to access the gateway port through the gateway Service, it will not be available: clients reach the gateway through its Service, which forwards no port to ${number}`,
          hint: `add a port to the gateway's Service whose targetPort is ${number}, or set the server's port to a targetPort the Service forwards to`,
        });
      }
    }
    return findings;
  },
};
