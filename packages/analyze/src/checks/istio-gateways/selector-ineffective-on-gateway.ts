import type { GatewayInfo } from "../../resource-index.js";
import { GROUP } from "../../resource-index.js";
import { isObject, stringMap } from "../../read.js";
import type { Check, Finding } from "../../types.js";
import { analyzedByIstioctl } from "../../istioctl-scope.js";

/** The kinds whose `selector` istioctl checks against the pods of Gateway API Gateways. */
const POLICY_KINDS: readonly (readonly [string, string])[] = [
  [GROUP.security, "AuthorizationPolicy"],
  [GROUP.security, "RequestAuthentication"],
  [GROUP.telemetry, "Telemetry"],
  [GROUP.extensions, "WasmPlugin"],
];

/** The gateway classes whose Gateways Istio deploys, with pods it labels. */
const DEPLOYED_CLASSES: ReadonlySet<string> = new Set(["istio", "istio-waypoint", "istio-east-west"]);

const NAME_LABEL = "gateway.networking.k8s.io/gateway-name";
const CLASS_LABEL = "gateway.networking.k8s.io/gateway-class-name";

/**
 * SELECTOR_INEFFECTIVE_ON_GATEWAY: a policy (AuthorizationPolicy, RequestAuthentication,
 * Telemetry, WasmPlugin) without targetRefs has a `selector` that selects the pods of a Gateway
 * API Gateway, which Istio applies policies to through `targetRefs` only (istioctl's IST0166).
 * istioctl reads the pods of the cluster; without them, meshform knows the pods Istio deploys for
 * a Gateway of the set in the policy's namespace (classes `istio`, `istio-waypoint`,
 * `istio-east-west`) by the labels Istio gives them: `gateway.networking.k8s.io/gateway-name`,
 * `gateway.networking.k8s.io/gateway-class-name`, and the Gateway's `spec.infrastructure.labels`.
 * A selector is checked when it names the Gateway or its class, and reported when every label
 * it matches is one of those.
 */
export const selectorIneffectiveOnGateway: Check = {
  code: "SELECTOR_INEFFECTIVE_ON_GATEWAY",
  istioctlCode: "IST0166",
  severity: "warning",
  title: "Policy selector on a Kubernetes Gateway",
  check: (index) => {
    const policies = POLICY_KINDS.flatMap(([group, kind]) => index.ofKind(group, kind));
    if (policies.length === 0) return [];
    // namespace/name and namespace/class -> the deployed Gateways.
    const byName = new Map<string, GatewayInfo>();
    const byClass = new Map<string, GatewayInfo[]>();
    for (const gateway of index.gateways()) {
      if (gateway.className === undefined || !DEPLOYED_CLASSES.has(gateway.className)) continue;
      const { namespace, name } = gateway.resource;
      if (!byName.has(`${namespace}/${name}`)) byName.set(`${namespace}/${name}`, gateway);
      const key = `${namespace}/${gateway.className}`;
      const list = byClass.get(key);
      if (list === undefined) byClass.set(key, [gateway]);
      else list.push(gateway);
    }
    const findings: Finding[] = [];
    for (const policy of policies) {
      const spec = policy.spec;
      if (!analyzedByIstioctl(policy) || isObject(spec.targetRef) || (Array.isArray(spec.targetRefs) && spec.targetRefs.length > 0)) continue;
      if (!isObject(spec.selector)) continue;
      const matchLabels = stringMap(spec.selector.matchLabels);
      const name = matchLabels[NAME_LABEL];
      const className = matchLabels[CLASS_LABEL];
      const candidates =
        name !== undefined ? [byName.get(`${policy.namespace}/${name}`)].filter((g): g is GatewayInfo => g !== undefined) : className !== undefined ? (byClass.get(`${policy.namespace}/${className}`) ?? []) : [];
      for (const gateway of candidates) {
        if (!selectsPods(matchLabels, gateway)) continue;
        findings.push({
          resource: policy,
          path: ["spec", "selector", "matchLabels"],
          message: `Ineffective selector on Kubernetes Gateway ${gateway.resource.name}. Use the TargetRef field instead: Istio applies ${policy.kind}s to the Gateway API Gateway ${gateway.resource.namespace}/${gateway.resource.name} through targetRefs only, so this ${policy.kind} does not apply to it`,
          hint: `replace the selector with targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: ${gateway.resource.name} }]`,
        });
      }
    }
    return findings;
  },
};

/** Whether every label of `matchLabels` is on the pods Istio deploys for `gateway`. */
function selectsPods(matchLabels: Readonly<Record<string, string>>, gateway: GatewayInfo): boolean {
  const infrastructure = isObject(gateway.resource.spec.infrastructure) ? stringMap(gateway.resource.spec.infrastructure.labels) : {};
  const labels: Record<string, string> = { ...infrastructure, [NAME_LABEL]: gateway.resource.name, [CLASS_LABEL]: gateway.className ?? "" };
  for (const key in matchLabels) if (labels[key] !== matchLabels[key]) return false;
  return true;
}
