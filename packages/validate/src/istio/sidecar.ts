/**
 * Sidecar admission rules: the workload selector, ingress listeners (port, bind, default
 * endpoint, TLS, connection pools), egress listeners (in `sidecar-egress.ts`) and the outbound
 * traffic policy's egress proxy.
 */
import type { SidecarSpec, SidecarSpecIngress } from "@meshform/istio/networking.istio.io/v1";
import { type FieldPath, type Findings, type IstioResource, metaOf, reject, rejectIf, warn } from "./finding.js";
import { quote } from "./go-format.js";
import { validateFQDN } from "./hosts.js";
import { validateIPAddress } from "./net.js";
import { checkAlphaWorkloadSelector, checkAnnotations } from "./policy.js";
import { isHTTPProtocol, isTLSProtocol, parseProtocol, validatePort, validatePortName, validateProtocol } from "./ports.js";
import { checkDestination } from "./route-parts.js";
import { checkServerTls, validateUnixAddress } from "./server-tls.js";
import { checkEgress } from "./sidecar-egress.js";
import { checkConnectionPool } from "./traffic-policy.js";
import { atLeast, NEWEST_MINOR } from "./release.js";

const localHosts = new Set(["127.0.0.1", "0.0.0.0", "::1", "::"]);

/** Go's `net.SplitHostPort`, returning its error text or the host and port. */
function splitHostPort(address: string): { host: string; port: string } | string {
  const fail = (why: string): string => `address ${address}: ${why}`;
  const colon = address.lastIndexOf(":");
  if (colon < 0) return fail("missing port in address");
  if (address.startsWith("[")) {
    const close = address.indexOf("]");
    if (close < 0) return fail("missing ']' in address");
    if (close + 1 !== colon) return fail(close + 1 === address.length ? "missing port in address" : "too many colons in address");
    return { host: address.slice(1, close), port: address.slice(colon + 1) };
  }
  const host = address.slice(0, colon);
  if (host.includes(":")) return fail("too many colons in address");
  if (host.includes("[") || host.includes("]")) return fail("unexpected '[' in address");
  return { host, port: address.slice(colon + 1) };
}

function checkDefaultEndpoint(endpoint: string, path: FieldPath, out: Findings): void {
  if (endpoint.startsWith("unix://")) return rejectIf(out, path, validateUnixAddress(endpoint.slice("unix://".length)));
  const parts = splitHostPort(endpoint);
  if (typeof parts === "string") reject(out, path, parts);
  const { host, port } = typeof parts === "string" ? { host: "", port: "" } : parts;
  if (host !== "" && !localHosts.has(host)) {
    reject(out, path, "sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset");
  }
  if (!/^[+-]?[0-9]+$/.test(port)) {
    reject(out, path, `sidecar: defaultEndpoint port (${port}) is not a number: strconv.Atoi: parsing ${quote(port)}: invalid syntax`);
  } else {
    rejectIf(out, path, validatePort(Number(port)));
  }
}

function checkIngressTls(ingress: SidecarSpecIngress, path: FieldPath, out: Findings, minor: number): void {
  const tls = ingress.tls;
  if (tls === undefined) return;
  if ((tls.subjectAltNames ?? []).length > 0) reject(out, [...path, "subjectAltNames"], "sidecar: subjectAltNames is not supported in ingress tls");
  if (tls.httpsRedirect === true) reject(out, [...path, "httpsRedirect"], "sidecar: httpsRedirect is not supported");
  if ((tls.credentialName ?? "") !== "") reject(out, [...path, "credentialName"], "sidecar: credentialName is not currently supported");
  // From 1.27 (the fields came in 1.26, unchecked).
  if (atLeast(minor, 27) && (tls.credentialNames ?? []).length > 0) reject(out, [...path, "credentialNames"], "sidecar: credentialNames is not currently supported");
  if (atLeast(minor, 27) && (tls.tlsCertificates ?? []).length > 0) reject(out, [...path, "tlsCertificates"], "sidecar: tls_certificates is not currently supported");
  if (tls.mode === "ISTIO_MUTUAL" || tls.mode === "AUTO_PASSTHROUGH") {
    reject(out, [...path, "mode"], `configuration is invalid: cannot set mode to ${tls.mode} in sidecar ingress tls (use SIMPLE or MUTUAL)`);
  }
  if (!isTLSProtocol(parseProtocol(ingress.port.protocol))) reject(out, path, "server cannot have TLS settings for non HTTPS/TLS ports");
  checkServerTls(tls, path, out, minor);
}

function checkIngress(ingress: SidecarSpecIngress, path: FieldPath, ports: Set<number>, out: Findings, minor: number): void {
  const port = ingress.port;
  const at = [...path, "port"];
  if ((port.targetPort ?? 0) > 0) reject(out, [...at, "targetPort"], "targetPort has no impact on Sidecars (remove it)");
  if ((port.name ?? "") !== "") rejectIf(out, [...at, "name"], validatePortName(port.name ?? ""));
  rejectIf(out, [...at, "protocol"], validateProtocol(port.protocol));
  rejectIf(out, [...at, "number"], validatePort(port.number ?? 0));
  if ((ingress.bind ?? "") !== "") rejectIf(out, [...path, "bind"], validateIPAddress(ingress.bind ?? ""));
  if (ports.has(port.number ?? 0)) reject(out, [...at, "number"], "sidecar: ports on IP bound listeners must be unique");
  ports.add(port.number ?? 0);
  if ((ingress.defaultEndpoint ?? "") !== "") checkDefaultEndpoint(ingress.defaultEndpoint ?? "", [...path, "defaultEndpoint"], out);
  checkIngressTls(ingress, [...path, "tls"], out, minor);
  checkConnectionPool(ingress.connectionPool, [...path, "connectionPool"], out);
  if (ingress.connectionPool?.http !== undefined && !isHTTPProtocol(parseProtocol(port.protocol))) {
    warn(out, [...path, "connectionPool", "http"],
      `sidecar: HTTP connection pool settings are configured for port ${port.number ?? 0} (${quote(port.name ?? "")}) but its protocol is not HTTP (${port.protocol ?? ""}); only TCP settings will apply`);
  }
}

function checkOutboundPolicy(policy: SidecarSpec["outboundTrafficPolicy"], out: Findings): void {
  const proxy = policy?.egressProxy;
  if (proxy === undefined) return;
  const path = ["spec", "outboundTrafficPolicy", "egressProxy"];
  if ((policy?.mode ?? "REGISTRY_ONLY") !== "ALLOW_ANY") {
    return reject(out, path, "sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode");
  }
  rejectIf(out, [...path, "host"], validateFQDN(proxy.host));
  if (proxy.port === undefined) return reject(out, [...path, "port"], "sidecar: egress_proxy port must be non-nil");
  checkDestination(proxy, path, out);
}

/** Checks a Sidecar as the validating webhook of Istio 1.`minor` does (the newest when absent). */
export function checkSidecar(resource: IstioResource, minor = NEWEST_MINOR): Findings {
  const spec = (resource.spec ?? {}) as SidecarSpec;
  const meta = metaOf(resource);
  const out: Findings = [];
  checkAnnotations(meta, undefined, out);
  if (!checkAlphaWorkloadSelector(spec.workloadSelector, ["spec", "workloadSelector"], "sidecar", out)) return out;
  const [ingress, egress] = [spec.ingress ?? [], spec.egress ?? []];
  if (ingress.length + egress.length === 0 && spec.outboundTrafficPolicy === undefined && spec.inboundConnectionPool === undefined) {
    return [...out.filter((finding) => finding.severity === "error"), {
      path: ["spec"], message: "sidecar: empty configuration provided (set ingress, egress, outboundTrafficPolicy or inboundConnectionPool)", severity: "error",
    }];
  }
  const ports = new Set<number>();
  for (const [index, listener] of ingress.entries()) checkIngress(listener, ["spec", "ingress", index], ports, out, minor);
  checkConnectionPool(spec.inboundConnectionPool, ["spec", "inboundConnectionPool"], out);
  checkEgress(egress, meta.namespace ?? "", out);
  checkOutboundPolicy(spec.outboundTrafficPolicy, out);
  return out;
}
