import { isObject, itemsOf } from "../../read.js";
import type { Check, FieldPath, Finding } from "../../types.js";
import { workloadsOf } from "../../workloads.js";

/** The UID of the sidecar proxy, which Istio's traffic redirection exempts. */
const PROXY_UID = 1337;

/** Containers of Istio itself, which may run as the proxy's UID. */
const ISTIO_CONTAINERS = new Set(["istio-proxy", "istio-operator"]);

/**
 * APPLICATION_UID_RESERVED: a Pod or a Deployment's pod template runs as UID 1337, the sidecar
 * proxy's (istioctl's IST0144): `runAsUser: 1337` in the pod's securityContext, or in the
 * securityContext of a container other than istio-proxy and istio-operator. Resources labelled
 * `istio` (any value) or `release: istio` are Istio's own, and left out, as istioctl leaves them.
 */
export const applicationUidReserved: Check = {
  code: "APPLICATION_UID_RESERVED",
  istioctlCode: "IST0144",
  severity: "warning",
  title: "Application runs as the sidecar's UID 1337",
  check: (index) => {
    const findings: Finding[] = [];
    for (const workload of workloadsOf(index).all) {
      const { resource } = workload;
      if (!(resource.kind === "Pod" || (resource.kind === "Deployment" && resource.group === "apps"))) continue;
      if ("istio" in resource.labels || resource.labels.release === "istio") continue;
      const paths: FieldPath[] = [];
      if (isObject(workload.podSpec.securityContext) && workload.podSpec.securityContext.runAsUser === PROXY_UID) paths.push([...workload.podSpecPath, "securityContext", "runAsUser"]);
      for (const [i, container] of itemsOf(workload.podSpec.containers as unknown[])) {
        if (!isObject(container) || ISTIO_CONTAINERS.has(container.name as string)) continue;
        if (isObject(container.securityContext) && container.securityContext.runAsUser === PROXY_UID) paths.push([...workload.podSpecPath, "containers", i, "securityContext", "runAsUser"]);
      }
      for (const path of paths) {
        findings.push({
          resource,
          path,
          message: "User ID (UID) 1337 is reserved for the sidecar proxy: the sidecar's iptables rules let the traffic of UID 1337 bypass the proxy, so this application's outbound traffic escapes the mesh (no mTLS, no routing, no policy, no telemetry)",
          hint: "run the application as another UID",
        });
      }
    }
    return findings;
  },
};
