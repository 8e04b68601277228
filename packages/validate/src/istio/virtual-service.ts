/**
 * VirtualService admission rules: hosts (FQDN or wildcard, no `*` for the mesh, no overlaps),
 * gateway names, delegate VirtualServices, TLS and TCP routes, `exportTo`, and each HTTP route
 * (in `http-route.ts`); the unreachable-rule warnings are in `unreachable-rules.ts`.
 */
import type {
  VirtualServiceSpec,
  VirtualServiceSpecTcp,
  VirtualServiceSpecTcpMatch,
  VirtualServiceSpecTls,
} from "@meshform/istio/networking.istio.io/v1";
import { type FieldPath, type Findings, type IstioResource, entriesOf, metaOf, reject, rejectIf, warn } from "./finding.js";
import { formatList, quote } from "./go-format.js";
import { hostSubsetOf, hostsMatch } from "@meshform/istio/hosts";
import { validateGatewayBoundDomain, validateWildcardDomain } from "./hosts.js";
import { isJwtClaimRoute } from "./headers.js";
import { checkHttpRoute } from "./http-route.js";
import { checkLabels } from "./labels.js";
import { isIPAddress, validateIPSubnet } from "./net.js";
import { checkAnnotations, checkExportTo } from "./policy.js";
import { validatePort } from "./ports.js";
import { checkDestination, checkGatewayNames, checkWeights } from "./route-parts.js";
import { analyzeUnreachableRules } from "./unreachable-rules.js";
import { NEWEST_MINOR } from "./release.js";

function checkDelegate(spec: VirtualServiceSpec, out: Findings): void {
  if ((spec.gateways ?? []).length > 0) reject(out, ["spec", "gateways"], "delegate virtual service must have no gateways specified");
  if ((spec.tls ?? []).length > 0) reject(out, ["spec", "tls"], "delegate virtual service must have no tls route specified");
  if ((spec.tcp ?? []).length > 0) reject(out, ["spec", "tcp"], "delegate virtual service must have no tcp route specified");
}

function checkJwtClaimRoutes(spec: VirtualServiceSpec, out: Findings): void {
  for (const [routeIndex, route] of (spec.http ?? []).entries()) {
    for (const [matchIndex, match] of (route.match ?? []).entries()) {
      for (const field of ["headers", "withoutHeaders"] as const) {
        for (const [key] of entriesOf(match[field])) {
          if (!isJwtClaimRoute(key)) continue;
          reject(out, ["spec", "http", routeIndex, "match", matchIndex, field, key],
            `JWT claim based routing (key: ${key}) is only supported for gateway, found no gateways: ${formatList(spec.gateways ?? [])}`);
        }
      }
    }
  }
}

function hasSniHosts(spec: VirtualServiceSpec): boolean {
  return (spec.tls ?? []).some((route) => route.match.some((match) => (match.sniHosts ?? []).length > 0));
}

function checkHosts(spec: VirtualServiceSpec, boundToGateway: boolean, out: Findings): void {
  const hosts = spec.hosts ?? [];
  let allValid = true;
  for (const [index, host] of hosts.entries()) {
    const error = boundToGateway ? validateGatewayBoundDomain(hasSniHosts(spec), host) : validateWildcardDomain(host);
    if (error !== undefined && !isIPAddress(host)) {
      reject(out, ["spec", "hosts", index], error);
      allValid = false;
    } else if (error === undefined && !boundToGateway && host === "*") {
      reject(out, ["spec", "hosts", index], "wildcard host * is not allowed for virtual services bound to the mesh gateway");
      allValid = false;
    }
  }
  if (!allValid) return;
  for (let i = 0; i < hosts.length; i++) {
    for (let j = i + 1; j < hosts.length; j++) {
      const [a = "", b = ""] = [hosts[i], hosts[j]];
      if (hostsMatch(a, b)) reject(out, ["spec", "hosts", j], `duplicate hosts in virtual service: ${a} & ${b}`);
    }
  }
}

function checkL4Match(match: VirtualServiceSpecTcpMatch, path: FieldPath, out: Findings): void {
  for (const [index, subnet] of (match.destinationSubnets ?? []).entries()) {
    rejectIf(out, [...path, "destinationSubnets", index], validateIPSubnet(subnet));
  }
  if ((match.port ?? 0) !== 0) rejectIf(out, [...path, "port"], validatePort(match.port ?? 0));
  checkLabels(match.sourceLabels, [...path, "sourceLabels"], out);
  checkGatewayNames(match.gateways, [...path, "gateways"], out);
}

function checkSniHost(sni: string, spec: VirtualServiceSpec, path: FieldPath, out: Findings): void {
  const boundToGateway = !(spec.gateways ?? []).includes("mesh");
  const error = boundToGateway ? validateGatewayBoundDomain(true, sni) : validateWildcardDomain(sni);
  if (error !== undefined) {
    if (isIPAddress(sni)) warn(out, path, `using an IP address (${quote(sni)}) goes against SNI spec and most clients do not support this`);
    else reject(out, path, error);
    return;
  }
  const hosts = spec.hosts ?? [];
  if (!hosts.some((host) => hostSubsetOf(sni, host))) {
    reject(out, path, `SNI host ${quote(sni)} is not a compatible subset of any of the virtual service hosts: [${hosts.join(", ")}]`);
  }
}

function checkTlsRoute(route: VirtualServiceSpecTls, spec: VirtualServiceSpec, path: FieldPath, out: Findings): void {
  if (route.match.length === 0) reject(out, [...path, "match"], "TLS route must have at least one match condition");
  for (const [index, match] of route.match.entries()) {
    const at = [...path, "match", index];
    const sniHosts = match.sniHosts ?? [];
    if (sniHosts.length === 0) reject(out, [...at, "sniHosts"], "TLS match must have at least one SNI host");
    for (const [hostIndex, sni] of sniHosts.entries()) checkSniHost(sni, spec, [...at, "sniHosts", hostIndex], out);
    checkL4Match(match, at, out);
  }
  checkRoutes(route.route ?? [], [...path, "route"], "TLS route is required", out);
}

function checkRoutes(routes: NonNullable<VirtualServiceSpecTcp["route"]>, path: FieldPath, missing: string, out: Findings): void {
  if (routes.length === 0) reject(out, path, missing);
  for (const [index, route] of routes.entries()) checkDestination(route.destination, [...path, index, "destination"], out);
  checkWeights(routes, path, out);
}

/** Checks a VirtualService as the validating webhook of Istio 1.`minor` does (the newest when absent). */
export function checkVirtualService(resource: IstioResource, minor = NEWEST_MINOR): Findings {
  const spec = (resource.spec ?? {}) as VirtualServiceSpec;
  const meta = metaOf(resource);
  const out: Findings = [];
  checkAnnotations(meta, undefined, out);
  const gateways = spec.gateways ?? [];
  const delegate = (spec.hosts ?? []).length === 0;
  if (delegate) checkDelegate(spec, out);
  const boundToGateway = gateways.length > 0 && !gateways.includes("mesh");
  checkGatewayNames(gateways, ["spec", "gateways"], out);
  if (!boundToGateway) checkJwtClaimRoutes(spec, out);
  checkHosts(spec, boundToGateway, out);
  if ((spec.http ?? []).length + (spec.tcp ?? []).length + (spec.tls ?? []).length === 0) {
    reject(out, ["spec"], "http, tcp or tls must be provided in virtual service");
  }
  for (const [index, route] of (spec.http ?? []).entries()) checkHttpRoute(route, ["spec", "http", index], delegate, out, minor);
  for (const [index, route] of (spec.tls ?? []).entries()) checkTlsRoute(route, spec, ["spec", "tls", index], out);
  for (const [index, route] of (spec.tcp ?? []).entries()) {
    for (const [matchIndex, match] of (route.match ?? []).entries()) checkL4Match(match, ["spec", "tcp", index, "match", matchIndex], out);
    checkRoutes(route.route ?? [], ["spec", "tcp", index, "route"], "TCP route is required", out);
  }
  checkExportTo(spec.exportTo, meta.namespace ?? "", "other", out);
  analyzeUnreachableRules(spec, out, minor);
  return out;
}
