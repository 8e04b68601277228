import type { AllowedRoutes } from "@meshform/gateway-api/gateway.networking.k8s.io/gateway";
import { GROUP, type GatewayInfo, type IndexedResource, type ListenerInfo, type MeshIndex } from "../resource-index.js";
import { describeRef, isGatewayRef, parentRefsOf, routesOf, type ResourceRef } from "../refs.js";
import { isObject, itemsOf, stringMap, text } from "../read.js";
import type { Check, Finding } from "../types.js";

/** ROUTE_NOT_ALLOWED: no listener a route attaches to accepts its kind from its namespace. */
export const routeNotAllowed: Check = {
  code: "ROUTE_NOT_ALLOWED",
  severity: "error",
  title: "Route not allowed by the Gateway's listeners",
  check: (index) => {
    const findings: Finding[] = [];
    for (const route of routesOf(index)) {
      for (const ref of parentRefsOf(route)) {
        const gateway = isGatewayRef(ref) ? index.gateway(ref.namespace, ref.name) : undefined;
        const finding = gateway ? checkAttachment(index, route, ref, gateway) : undefined;
        if (finding !== undefined) findings.push(finding);
      }
    }
    return findings;
  },
};

// --- internal ---

/** The route kinds a listener accepts by default, by protocol (Gateway API's defaults). */
const DEFAULT_KINDS: Readonly<Record<string, readonly string[]>> = {
  HTTP: ["HTTPRoute", "GRPCRoute"],
  HTTPS: ["HTTPRoute", "GRPCRoute"],
  TLS: ["TLSRoute"],
  TCP: ["TCPRoute"],
  UDP: ["UDPRoute"],
};

function checkAttachment(index: MeshIndex, route: IndexedResource, ref: ResourceRef, gateway: GatewayInfo): Finding | undefined {
  const candidates = gateway.listeners.filter(
    (l) => l.owner === gateway.resource && (ref.sectionName === undefined || l.name === ref.sectionName) && (ref.port === undefined || l.port === ref.port),
  );
  const reasons = candidates.map((listener) => refusal(index, route, listener));
  if (candidates.length === 0 || reasons.some((r) => r === undefined)) return undefined;
  const listener = candidates[0]!;
  return {
    resource: route,
    path: ref.path,
    message: `no listener of ${describeRef(ref)} accepts this ${route.kind}: listener ${JSON.stringify(listener.name ?? "")} ${reasons[0]!.because}`,
    hint: reasons[0]!.hint,
  };
}

function refusal(index: MeshIndex, route: IndexedResource, listener: ListenerInfo): { because: string; hint: string } | undefined {
  const allowed = (isObject(listener.allowedRoutes) ? listener.allowedRoutes : {}) as AllowedRoutes;
  const from = text(allowed.namespaces?.from) ?? "Same";
  const home = listener.owner.namespace;
  if (from === "Same" && route.namespace !== home) {
    return { because: `accepts routes from namespace ${home} only, as allowedRoutes.namespaces.from is Same${allowed.namespaces?.from === undefined ? " by default" : ""}, and the route is in ${route.namespace}`, hint: `set allowedRoutes.namespaces.from to All, or to Selector with a label of namespace ${route.namespace}, or move the route to ${home}` };
  }
  if (from === "Selector" && selectsNamespace(index, allowed.namespaces?.selector, route.namespace) === false) {
    return { because: `accepts routes from namespaces its allowedRoutes.namespaces.selector matches, and namespace ${route.namespace} does not match`, hint: `label namespace ${route.namespace} to match the selector, or widen the selector` };
  }
  const kinds = itemsOf(allowed.kinds).map(([, k]) => ({ group: k.group ?? GROUP.gateway, kind: text(k.kind) ?? "" }));
  const accepted = kinds.length > 0 ? kinds.filter((k) => k.group === GROUP.gateway).map((k) => k.kind) : DEFAULT_KINDS[listener.protocol ?? ""];
  if (accepted !== undefined && !accepted.includes(route.kind)) {
    return { because: `with protocol ${listener.protocol ?? "unset"} accepts ${accepted.join(", ") || "no route kinds"}, not ${route.kind}`, hint: `attach the ${route.kind} to a listener whose protocol carries it, or list it in allowedRoutes.kinds` };
  }
  return undefined;
}

/**
 * Whether a label selector matches a namespace: `false` only when it surely does not. A namespace
 * missing from the set has only its `kubernetes.io/metadata.name` label known.
 */
function selectsNamespace(index: MeshIndex, selector: unknown, namespace: string): boolean | undefined {
  if (!isObject(selector)) return true;
  const object = index.find(GROUP.core, "Namespace", "", namespace);
  const labels: Record<string, string> = { ...(object?.labels ?? {}), "kubernetes.io/metadata.name": namespace };
  const known = (key: string) => object !== undefined || key === "kubernetes.io/metadata.name";
  const results = [
    ...Object.entries(stringMap(selector.matchLabels)).map(([key, value]) => (known(key) ? labels[key] === value : undefined)),
    ...itemsOf(selector.matchExpressions as Record<string, unknown>[] | undefined).map(([, e]) => (known(text(e.key) ?? "") ? matchExpression(e, labels) : undefined)),
  ];
  if (results.includes(false)) return false;
  return results.includes(undefined) ? undefined : true;
}

function matchExpression(expression: Record<string, unknown>, labels: Readonly<Record<string, string>>): boolean | undefined {
  const value = labels[text(expression.key) ?? ""];
  const values = Array.isArray(expression.values) ? expression.values : [];
  switch (expression.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    default:
      return undefined;
  }
}
