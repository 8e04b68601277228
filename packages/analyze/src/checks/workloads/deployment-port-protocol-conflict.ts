import type { ServicePort } from "@meshform/k8s/core/v1";
import { GROUP } from "../../resource-index.js";
import { itemsOf, text } from "../../read.js";
import type { Check, Finding } from "../../types.js";
import { meshDeployments, servicesSelecting } from "../../workloads.js";

/**
 * DEPLOYMENT_PORT_PROTOCOL_CONFLICT: the pods of a Deployment in the mesh are selected by Services
 * that use one port number with different protocols (TCP, UDP, SCTP; TCP when unset), istioctl's
 * IST0116. Read as istioctl reads it: Deployments in the mesh only, waypoints left out, the
 * Services of the Deployment's namespace whose non-empty selector matches its pod template.
 */
export const deploymentPortProtocolConflict: Check = {
  code: "DEPLOYMENT_PORT_PROTOCOL_CONFLICT",
  istioctlCode: "IST0116",
  severity: "warning",
  title: "Deployment's Services use one port with different protocols",
  check: (index) => {
    if (index.ofKind(GROUP.core, "Service").length === 0) return [];
    const findings: Finding[] = [];
    for (const workload of meshDeployments(index)) {
      // port -> protocol -> `namespace/name` of the Services
      const ports = new Map<number, Map<string, string[]>>();
      for (const service of servicesSelecting(index, workload)) {
        for (const [, port] of itemsOf((service.spec as { ports?: ServicePort[] }).ports)) {
          if (typeof port.port !== "number") continue;
          const protocol = text(port.protocol) || "TCP";
          let byProtocol = ports.get(port.port);
          if (byProtocol === undefined) ports.set(port.port, (byProtocol = new Map()));
          byProtocol.set(protocol, [...(byProtocol.get(protocol) ?? []), `${service.namespace}/${service.name}`]);
        }
      }
      for (const [port, byProtocol] of [...ports].sort(([a], [b]) => a - b)) {
        if (byProtocol.size < 2) continue;
        const services = [...byProtocol.values()].flat().sort();
        const protocols = [...byProtocol.keys()].sort();
        findings.push({
          resource: workload.resource,
          path: ["metadata", "name"],
          message: `This deployment ${workload.resource.name} is associated with multiple services using port ${port} but different protocols: [${services.join(" ")}]: the sidecar of its pods has one listener per port, which cannot serve port ${port} as ${protocols.join(" and ")} at once, so traffic for some of these Services fails`,
          hint: `give the Services one protocol for port ${port}, or move one of them to another port`,
        });
      }
    }
    return findings;
  },
};
