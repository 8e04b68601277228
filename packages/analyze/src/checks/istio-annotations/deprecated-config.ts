import { GROUP } from "../../resource-index.js";
import { isObject, itemsOf, text } from "../../read.js";
import type { Check, Finding } from "../../types.js";

/** The kinds of Istio's old RBAC API, whose CRDs Istio no longer installs. */
const REMOVED_RBAC_KINDS: ReadonlySet<string> = new Set(["ClusterRbacConfig", "RbacConfig", "ServiceRole", "ServiceRoleBinding"]);

/**
 * DEPRECATED_CONFIG (istioctl IST0002): a field Istio has deprecated or ignores, or a CRD of a
 * resource type Istio has removed: `fault.delay.percent` of a VirtualService's HTTP route, a
 * Sidecar's `outboundTrafficPolicy.egressProxy`, and the CRDs of the `rbac.istio.io` kinds.
 */
export const deprecatedConfig: Check = {
  code: "DEPRECATED_CONFIG",
  istioctlCode: "IST0002",
  severity: "warning",
  title: "Deprecated Istio field or removed resource type",
  check: (index) => {
    const findings: Finding[] = [];
    for (const resource of index.ofKind("apiextensions.k8s.io", "CustomResourceDefinition")) {
      const group = text(resource.spec.group);
      const kind = isObject(resource.spec.names) ? text(resource.spec.names.kind) : undefined;
      if (group !== "rbac.istio.io" || kind === undefined || !REMOVED_RBAC_KINDS.has(kind)) continue;
      findings.push({
        resource,
        path: ["spec", "names", "kind"],
        message: `Deprecated: Custom resource type ${group} ${kind} is removed: no Istio release since 1.6 reads ${kind} resources, so the access rules they hold are not enforced`,
        hint: `write the rules as security.istio.io AuthorizationPolicies and delete this CRD and its resources`,
      });
    }
    for (const resource of index.ofKind(GROUP.networking, "VirtualService")) {
      for (const [i, route] of itemsOf(resource.spec.http as readonly Record<string, unknown>[] | undefined)) {
        const fault = isObject(route.fault) ? route.fault : undefined;
        const delay = fault !== undefined && isObject(fault.delay) ? fault.delay : undefined;
        if (delay === undefined || typeof delay.percent !== "number" || !(delay.percent > 0)) continue;
        findings.push({
          resource,
          path: ["spec", "http", i, "fault", "delay", "percent"],
          message: "Deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage: a later Istio release may stop reading it",
          hint: `write percentage: { value: ${String(delay.percent)} } in its place`,
        });
      }
    }
    for (const resource of index.ofKind(GROUP.networking, "Sidecar")) {
      const policy = resource.spec.outboundTrafficPolicy;
      if (!isObject(policy) || !isObject(policy.egressProxy)) continue;
      findings.push({
        resource,
        path: ["spec", "outboundTrafficPolicy", "egressProxy"],
        message: "Deprecated: OutboundTrafficPolicy.EgressProxy ignored: Istio does not send unknown outbound traffic to that proxy",
        hint: "remove egressProxy; route external traffic through an egress gateway with a ServiceEntry and a VirtualService",
      });
    }
    return findings;
  },
};
