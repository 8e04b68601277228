/**
 * DestinationRule traffic policies (also a subset's and a port's): connection pools, outlier
 * detection, load balancing, client TLS and tunnels. Sidecar ingress uses the connection pool rules.
 */
import type {
  TrafficPolicy,
  ConnectionPool,
  LoadBalancer,
  OutlierDetection,
  TrafficPolicyTls,
  TrafficPolicyTunnel,
} from "@meshform/istio/networking.istio.io/v1";
import { type FieldPath, type Findings, reject, rejectIf, warn } from "./finding.js";
import { quote } from "./go-format.js";
import { isZeroDuration, validateDuration } from "./duration.js";
import { validateFQDN } from "./hosts.js";
import { checkLocalityLb } from "./locality.js";
import { validateIPAddress } from "./net.js";
import { validatePort } from "./ports.js";
import { atLeast, NEWEST_MINOR } from "./release.js";

function checkDurations<T extends object>(value: T, fields: readonly (keyof T & string)[], path: FieldPath, out: Findings): void {
  for (const field of fields) {
    const duration = value[field];
    if (typeof duration === "string") rejectIf(out, [...path, field], validateDuration(duration));
  }
}

function checkNonNegative<T extends object>(value: T, fields: Partial<Record<keyof T & string, string>>, path: FieldPath, out: Findings): void {
  for (const field of Object.keys(fields) as (keyof T & string)[]) {
    const [number, label] = [value[field], fields[field]];
    if (typeof number === "number" && number < 0) reject(out, [...path, field], `${label} must be non-negative`);
  }
}

/** Checks a connection pool: at least one of http and tcp, non-negative limits, valid durations. */
export function checkConnectionPool(pool: ConnectionPool | undefined, path: FieldPath, out: Findings): void {
  if (pool === undefined) return;
  if (pool.http === undefined && pool.tcp === undefined) return reject(out, path, "connection pool must have at least one field (set http or tcp)");
  const http = pool.http;
  if (http !== undefined) {
    const at = [...path, "http"];
    checkNonNegative(http, {
      http1MaxPendingRequests: "http1 max pending requests", http2MaxRequests: "http2 max requests",
      maxRequestsPerConnection: "max requests per connection", maxRetries: "max retries", maxConcurrentStreams: "max concurrent streams",
    }, at, out);
    checkDurations(http, ["idleTimeout"], at, out);
    if (http.h2UpgradePolicy === "UPGRADE" && http.useClientProtocol === true) {
      reject(out, [...at, "useClientProtocol"], "use client protocol must not be true when H2UpgradePolicy is UPGRADE");
    }
  }
  const tcp = pool.tcp;
  if (tcp !== undefined) {
    const at = [...path, "tcp"];
    checkNonNegative(tcp, { maxConnections: "max connections" }, at, out);
    checkDurations(tcp, ["connectTimeout", "maxConnectionDuration"], at, out);
    if (tcp.idleTimeout !== undefined && !isZeroDuration(tcp.idleTimeout)) checkDurations(tcp, ["idleTimeout"], at, out);
    if (tcp.tcpKeepalive !== undefined) checkDurations(tcp.tcpKeepalive, ["time", "interval"], [...at, "tcpKeepalive"], out);
  }
}

function checkPercent(value: number | undefined, path: FieldPath, out: Findings): void {
  if (value !== undefined && (value < 0 || value > 100)) reject(out, path, `percentage ${value} is not in range 0..100`);
}

function checkOutlierDetection(outlier: OutlierDetection | undefined, path: FieldPath, out: Findings): void {
  if (outlier === undefined) return;
  checkDurations(outlier, ["baseEjectionTime"], path, out);
  if ((outlier.consecutiveErrors ?? 0) !== 0) {
    warn(out, [...path, "consecutiveErrors"], "outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead");
  }
  if (outlier.splitExternalLocalOriginErrors !== true && (outlier.consecutiveLocalOriginFailures ?? 0) > 0) {
    reject(out, [...path, "consecutiveLocalOriginFailures"],
      "outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false (set splitExternalLocalOriginErrors: true)");
  }
  checkDurations(outlier, ["interval"], path, out);
  checkPercent(outlier.maxEjectionPercent, [...path, "maxEjectionPercent"], out);
  checkPercent(outlier.minHealthPercent, [...path, "minHealthPercent"], out);
}

function isPrime(value: number): boolean {
  if (value !== 0 && value < 4) return true;
  if (value % 2 === 0) return false;
  for (let factor = 3; factor <= Math.floor(Math.sqrt(value)); factor += 2) if (value % factor === 0) return false;
  return true;
}

function checkLoadBalancer(lb: LoadBalancer | undefined, hasOutlier: boolean, path: FieldPath, out: Findings, minor: number): void {
  if (lb === undefined) return;
  const hash = lb.consistentHash;
  if (hash !== undefined) {
    const at = [...path, "consistentHash"];
    if (hash.httpCookie !== undefined && hash.httpCookie.name === "") reject(out, [...at, "httpCookie", "name"], "name required for HttpCookie");
    // From 1.28: cookie attributes have unique, non-empty names.
    const attributes = atLeast(minor, 28) ? ((hash.httpCookie as { attributes?: { name?: string }[] } | undefined)?.attributes ?? []) : [];
    const attributeNames = new Set<string>();
    for (const [index, attribute] of attributes.entries()) {
      const name = attribute.name ?? "";
      const where = [...at, "httpCookie", "attributes", index, "name"];
      if (name === "") reject(out, where, "cookie attribute name cannot be empty");
      else if (attributeNames.has(name)) reject(out, where, `duplicate cookie attribute name: ${name}`);
      else attributeNames.add(name);
    }
    if ((hash.minimumRingSize ?? 0) !== 0) {
      warn(out, [...at, "minimumRingSize"], "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead");
      if (hash.ringHash !== undefined || hash.maglev !== undefined) reject(out, at, "only one of MinimumRingSize or Maglev/Ringhash can be specified");
    }
    if (hash.maglev !== undefined) {
      const size = hash.maglev.tableSize ?? 0;
      if (size === 0) reject(out, [...at, "maglev", "tableSize"], "tableSize must be set for maglev");
      if (size >= 5000011) reject(out, [...at, "maglev", "tableSize"], "tableSize must be less than 5000011 for maglev");
      if (!isPrime(size)) reject(out, [...at, "maglev", "tableSize"], "tableSize must be a prime number for maglev");
    }
  }
  checkLocalityLb(lb.localityLbSetting, hasOutlier, [...path, "localityLbSetting"], out);
  const warmup = lb.warmup;
  if (warmup !== undefined) {
    checkDurations(warmup, ["duration"], [...path, "warmup"], out);
    if ((warmup.minimumPercent ?? 0) > 100) reject(out, [...path, "warmup", "minimumPercent"], "minimumPercent value should be less than or equal to 100");
    if (warmup.aggression != null && warmup.aggression < 1) reject(out, [...path, "warmup", "aggression"], "aggression should be greater than or equal to 1");
  }
}

/** Checks client TLS settings (DestinationRule, Sidecar egress proxy) as Istio 1.`minor` does: what each mode needs and forbids. */
export function checkClientTls(tls: TrafficPolicyTls | undefined, namespace: string, path: FieldPath, out: Findings, minor = NEWEST_MINOR): void {
  if (tls === undefined) return;
  const mode = tls.mode ?? "DISABLE";
  const [credential, ca] = [tls.credentialName ?? "", tls.caCertificates ?? ""];
  // From 1.26: a configmap:// credential lives in the resource's own namespace.
  if (atLeast(minor, 26) && credential.startsWith("configmap://") && namespace !== "") {
    const rest = credential.slice("configmap://".length);
    if (rest.includes("/") && rest.split("/")[0] !== namespace) {
      reject(out, [...path, "credentialName"], `invalid configmap:// credentialName: namespace must match the configuration namespace ${quote(namespace)}`);
    }
  }
  if (tls.insecureSkipVerify === true && mode === "SIMPLE" && (ca !== "" || credential !== "" || tls.subjectAltNames !== undefined)) {
    reject(out, path, "cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true");
  }
  if (tls.insecureSkipVerify === true && mode === "MUTUAL" && (ca !== "" || tls.subjectAltNames !== undefined)) {
    reject(out, path, "cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true");
  }
  if ((mode === "SIMPLE" || mode === "MUTUAL") && credential !== "") {
    if ((tls.clientCertificate ?? "") !== "" || ca !== "" || (tls.privateKey ?? "") !== "" || (tls.caCrl ?? "") !== "") {
      reject(out, path, "cannot specify client certificates or CA certificate or CA CRL If credentialName is set");
    }
    return;
  }
  if (mode === "MUTUAL" && (tls.clientCertificate ?? "") === "") reject(out, [...path, "clientCertificate"], "client certificate required for mutual tls");
  if (mode === "MUTUAL" && (tls.privateKey ?? "") === "") reject(out, [...path, "privateKey"], "private key required for mutual tls");
}

function checkTunnel(tunnel: TrafficPolicyTunnel | undefined, path: FieldPath, out: Findings): void {
  if (tunnel === undefined) return;
  const protocol = tunnel.protocol ?? "";
  if (protocol !== "" && protocol !== "CONNECT" && protocol !== "POST") reject(out, [...path, "protocol"], 'tunnel protocol must be "CONNECT" or "POST"');
  const fqdnError = validateFQDN(tunnel.targetHost);
  const ipError = validateIPAddress(tunnel.targetHost);
  if (fqdnError !== undefined && ipError !== undefined) {
    reject(out, [...path, "targetHost"], `tunnel target host must be valid FQDN or IP address: ${fqdnError}; ${ipError}`);
  }
  const portError = validatePort(tunnel.targetPort);
  if (portError !== undefined) reject(out, [...path, "targetPort"], `tunnel target port is invalid: ${portError}`);
}

/** Checks a traffic policy as Istio 1.`minor` does: not empty, tunnel xor proxy protocol, and each setting it holds. */
export function checkTrafficPolicy(policy: TrafficPolicy | undefined, namespace: string, path: FieldPath, out: Findings, minor = NEWEST_MINOR): void {
  if (policy === undefined) return;
  const { outlierDetection, connectionPool, loadBalancer, tls, tunnel, proxyProtocol, retryBudget } = policy;
  const ports = policy.portLevelSettings ?? [];
  const fields = [outlierDetection, connectionPool, loadBalancer, tls, tunnel, proxyProtocol, retryBudget];
  if (ports.length === 0 && fields.every((field) => field === undefined)) return reject(out, path, "traffic policy must have at least one field");
  if (tunnel !== undefined && proxyProtocol !== undefined) return reject(out, path, "tunnel and proxyProtocol must not be set together");
  checkOutlierDetection(outlierDetection, [...path, "outlierDetection"], out);
  checkConnectionPool(connectionPool, [...path, "connectionPool"], out);
  checkLoadBalancer(loadBalancer, outlierDetection !== undefined, [...path, "loadBalancer"], out, minor);
  checkClientTls(tls, namespace, [...path, "tls"], out, minor);
  for (const [index, port] of ports.entries()) {
    const at = [...path, "portLevelSettings", index];
    if (port.port === undefined) reject(out, [...at, "port"], "portTrafficPolicy must have valid port");
    if ([port.outlierDetection, port.connectionPool, port.loadBalancer, port.tls].every((field) => field === undefined)) {
      reject(out, at, "port traffic policy must have at least one field");
      continue;
    }
    checkOutlierDetection(port.outlierDetection, [...at, "outlierDetection"], out);
    checkConnectionPool(port.connectionPool, [...at, "connectionPool"], out);
    checkLoadBalancer(port.loadBalancer, port.outlierDetection !== undefined, [...at, "loadBalancer"], out, minor);
    checkClientTls(port.tls, namespace, [...at, "tls"], out, minor);
  }
  checkTunnel(tunnel, [...path, "tunnel"], out);
}
