import { GROUP, type GatewayInfo, type IndexedResource, type MeshIndex } from "../resource-index.js";
import { describeRef, isGatewayRef, parentRefsOf, routesOf, type ResourceRef } from "../refs.js";
import { listing } from "../read.js";
import type { Check, Finding } from "../types.js";

/** ROUTE_GATEWAY_NOT_FOUND: a route's parent Gateway, ListenerSet or listener does not exist. */
export const routeGatewayNotFound: Check = {
  code: "ROUTE_GATEWAY_NOT_FOUND",
  severity: "error",
  title: "Route parent Gateway not found",
  check: (index) => {
    const findings: Finding[] = [];
    for (const route of routesOf(index)) {
      for (const ref of parentRefsOf(route)) {
        const finding = checkParent(index, route, ref);
        if (finding !== undefined) findings.push(finding);
      }
    }
    return findings;
  },
};

// --- internal ---

function checkParent(index: MeshIndex, route: IndexedResource, ref: ResourceRef): Finding | undefined {
  if (ref.group === GROUP.gateway && ref.kind === "ListenerSet") {
    if (index.find(GROUP.gateway, "ListenerSet", ref.namespace, ref.name) || index.isExternalGateway(ref.namespace, ref.name)) return undefined;
    return missing(route, ref);
  }
  if (!isGatewayRef(ref)) return undefined;
  const gateway = index.gateway(ref.namespace, ref.name);
  if (gateway === undefined) return index.isExternalGateway(ref.namespace, ref.name) ? undefined : missing(route, ref);
  return checkListener(route, ref, gateway);
}

function missing(route: IndexedResource, ref: ResourceRef): Finding {
  return {
    resource: route,
    path: ref.path,
    message: `${route.kind} attaches to ${describeRef(ref)}, which is not in the set: the route is not accepted and routes nothing`,
    hint: `fix the name or namespace, or declare it with --external Gateway/${ref.namespace}/${ref.name} if it lives elsewhere`,
  };
}

function checkListener(route: IndexedResource, ref: ResourceRef, gateway: GatewayInfo): Finding | undefined {
  const own = gateway.listeners.filter((l) => l.owner === gateway.resource);
  const gatewayName = describeRef(ref);
  if (ref.sectionName !== undefined && !own.some((l) => l.name === ref.sectionName)) {
    const names = own.map((l) => l.name).filter((n) => n !== undefined);
    return { resource: route, path: [...ref.path, "sectionName"], message: `${gatewayName} has no listener named ${JSON.stringify(ref.sectionName)}`, hint: names.length > 0 ? `use ${listing(names.map((n) => JSON.stringify(n)))}` : "add the listener to the Gateway" };
  }
  if (ref.port !== undefined && !own.some((l) => l.port === ref.port && (ref.sectionName === undefined || l.name === ref.sectionName))) {
    const ports = [...new Set(own.map((l) => String(l.port)))];
    return { resource: route, path: [...ref.path, "port"], message: `${gatewayName} has no listener on port ${ref.port}${ref.sectionName === undefined ? "" : ` named ${JSON.stringify(ref.sectionName)}`}`, hint: `use port ${listing(ports)}, or drop port` };
  }
  return undefined;
}
