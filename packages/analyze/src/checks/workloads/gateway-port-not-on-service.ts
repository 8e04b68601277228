import type { ServicePort } from "@meshform/k8s/core/v1";
import { GROUP, type MeshIndex } from "../../resource-index.js";
import { isObject, itemsOf, stringMap, text } from "../../read.js";
import type { Check, Finding } from "../../types.js";
import { selectorText, servicesSelecting, workloadsOf, type Workload } from "../../workloads.js";

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
    // The ports exposed to the workloads of a selector, by its text: Gateways often share one selector.
    const exposedBySelector = new Map<string, ReadonlySet<number>>();
    for (const gateway of index.ofKind(GROUP.networking, "Gateway")) {
      const selector = stringMap(gateway.spec.selector);
      const key = selectorText(selector);
      let exposed = exposedBySelector.get(key);
      if (exposed === undefined) exposedBySelector.set(key, (exposed = exposedPorts(index, workloads.matching(selector, undefined))));
      // No workload selected: SELECTOR_MATCHES_NO_WORKLOAD's.
      if (exposed === NOTHING_SELECTED) continue;
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

/** What {@link exposedPorts} gives for a selector that matches no workload. */
const NOTHING_SELECTED: ReadonlySet<number> = new Set();

/**
 * The ports the Services selecting `workloads` expose to them, as istioctl counts them: each TCP
 * port's number, and its numeric targetPort.
 */
function exposedPorts(index: MeshIndex, workloads: readonly Workload[]): ReadonlySet<number> {
  if (workloads.length === 0) return NOTHING_SELECTED;
  const exposed = new Set<number>();
  for (const workload of workloads) {
    for (const service of servicesSelecting(index, workload)) {
      for (const [, port] of itemsOf((service.spec as { ports?: ServicePort[] }).ports)) {
        if (typeof port.port !== "number" || (text(port.protocol) ?? "TCP") !== "TCP") continue;
        const target = typeof port.targetPort === "number" ? port.targetPort : typeof port.targetPort === "string" && /^\d+$/.test(port.targetPort) ? Number(port.targetPort) : 0;
        exposed.add(port.port);
        if (target !== 0) exposed.add(target);
      }
    }
  }
  return exposed;
}
