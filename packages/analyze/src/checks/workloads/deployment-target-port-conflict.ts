import type { ServicePort } from "@meshform/k8s/core/v1";
import { GROUP } from "../../resource-index.js";
import { itemsOf } from "../../read.js";
import type { Check, Finding } from "../../types.js";
import { meshDeployments, servicesSelecting } from "../../workloads.js";

/**
 * DEPLOYMENT_TARGET_PORT_CONFLICT: Services selecting the pods of a Deployment in the mesh send one
 * targetPort from different ports (istioctl's IST0137). Read as istioctl reads it: Deployments in
 * the mesh only, waypoints left out; a port without a targetPort (or with targetPort 0) targets
 * its own number; a named targetPort is compared by its name.
 */
export const deploymentTargetPortConflict: Check = {
  code: "DEPLOYMENT_TARGET_PORT_CONFLICT",
  istioctlCode: "IST0137",
  severity: "warning",
  title: "Deployment's Services send one targetPort from different ports",
  check: (index) => {
    if (index.ofKind(GROUP.core, "Service").length === 0) return [];
    const findings: Finding[] = [];
    for (const workload of meshDeployments(index)) {
      // targetPort -> port -> `namespace/name` of the last Service with that port
      const targets = new Map<string, Map<number, string>>();
      for (const service of servicesSelecting(index, workload)) {
        for (const [, port] of itemsOf((service.spec as { ports?: ServicePort[] }).ports)) {
          if (typeof port.port !== "number") continue;
          const written = typeof port.targetPort === "number" || typeof port.targetPort === "string" ? String(port.targetPort) : "";
          const target = written === "" || written === "0" ? String(port.port) : written;
          let byPort = targets.get(target);
          if (byPort === undefined) targets.set(target, (byPort = new Map()));
          byPort.set(port.port, `${service.namespace}/${service.name}`);
        }
      }
      for (const [target, byPort] of [...targets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (byPort.size < 2) continue;
        const services = [...byPort.values()].sort();
        const ports = [...byPort.keys()].sort((a, b) => a - b);
        findings.push({
          resource: workload.resource,
          path: ["metadata", "name"],
          message: `This deployment ${workload.resource.name} is associated with multiple services [${services.join(" ")}] using targetPort ${JSON.stringify(target)} but different ports: [${ports.join(" ")}]: Istio requires the Services of one workload to reach a targetPort from one port; the sidecar builds one inbound listener for it from one of them, and the traffic of the others may get the wrong protocol or settings`,
          hint: `reach targetPort ${target} through one port number in every Service that selects the Deployment`,
        });
      }
    }
    return findings;
  },
};
