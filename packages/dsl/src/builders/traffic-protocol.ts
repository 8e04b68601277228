/**
 * The protocols a ServiceEntry port declares, as Istio names them (the CRD types the field as
 * a plain string; Istio's documentation lists these).
 */
export type PortProtocol = "HTTP" | "HTTP2" | "GRPC" | "HTTPS" | "TLS" | "TCP" | "MONGO";

/**
 * The protocols on which the sidecar sees requests and responses. On any other port (`TLS`,
 * `HTTPS`, `TCP`, `MONGO`) it forwards bytes: HTTP connection-pool settings never act there, and
 * a 5xx response is never seen.
 */
export type HttpProtocol = "HTTP" | "HTTP2" | "GRPC";

/** `true` when at least one of the protocols `P` lets the sidecar see HTTP requests. */
export type SpeaksHttp<P extends string> = [Extract<P, HttpProtocol>] extends [never] ? false : true;

/** What the traffic builders know of a port: its number, protocol and target port. */
export interface PortFacts {
  readonly number: number;
  readonly protocol: PortProtocol;
  readonly targetPort?: number;
}

const HTTP_PROTOCOLS: ReadonlySet<string> = new Set<HttpProtocol>(["HTTP", "HTTP2", "GRPC"]);

/** Whether the sidecar sees HTTP requests on a port of this protocol. */
export function isHttpProtocol(protocol: string): protocol is HttpProtocol {
  return HTTP_PROTOCOLS.has(protocol.toUpperCase());
}

/** A policy fragment at any level (destination, port, subset), as far as protocols matter. */
interface PolicyShape {
  readonly connectionPool?: { readonly http?: object };
  readonly loadBalancer?: { readonly consistentHash?: object };
  readonly portLevelSettings?: readonly (PolicyShape & { readonly port?: { readonly number?: number } })[];
}

const HTTP_HASH_KEYS = ["httpHeaderName", "httpCookie", "httpQueryParameterName"] as const;

/** The settings of one policy level that act on HTTP requests only, as field paths. */
export function httpOnlySettings(policy: PolicyShape): string[] {
  const fields = Object.keys(policy.connectionPool?.http ?? {}).map((key) => `connectionPool.http.${key}`);
  const hash = (policy.loadBalancer?.consistentHash ?? {}) as Record<string, unknown>;
  return [...fields, ...HTTP_HASH_KEYS.filter((key) => hash[key] !== undefined).map((key) => `loadBalancer.consistentHash.${key}`)];
}

/** `a`, `a and b`, `a, b and c`. */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** `443/TLS, 9000/TCP`. */
export function describePorts(ports: readonly PortFacts[]): string {
  return ports.map((port) => `${port.number}/${port.protocol}`).join(", ");
}

/** What to do instead, for the first opaque port: originate TLS, or use connection settings. */
export function opaqueRemedy(ports: readonly PortFacts[], instead: string): string {
  const target = ports.find((port) => port.protocol === "TLS" || port.protocol === "HTTPS")?.number ?? 443;
  return `originate TLS in the sidecar so it sees HTTP: declare the port the app calls as { number: 80, protocol: "HTTP", targetPort: ${target} } and call .tlsOrigination(); or ${instead}`;
}

/** How {@link httpSettingFindings} words a refusal. */
export interface HttpCheckOptions {
  /** The settings to name. @defaultValue the HTTP-only settings of the policy */
  readonly fields?: readonly string[];
  /** What to write instead, after "originate TLS ...; or". @defaultValue connection settings */
  readonly instead?: string;
}

/** HTTP-only settings where no port speaks HTTP: where in the policy, what is wrong, what would be right. */
export interface HttpFinding {
  /** The path inside the policy: `[]` for the destination level, `["portLevelSettings", i]` for a port. */
  readonly at: readonly (string | number)[];
  readonly message: string;
  readonly hint: string;
}

/**
 * The HTTP-only settings of `policy` that cannot act: at the destination level when no port
 * speaks HTTP, at a port level when that port does not. Unknown protocols (an in-mesh Service)
 * give none.
 */
export function httpSettingFindings(policy: PolicyShape, ports: readonly PortFacts[] | undefined, options: HttpCheckOptions = {}): HttpFinding[] {
  if (ports === undefined) return [];
  const findings: HttpFinding[] = [];
  const fields = options.fields ?? httpOnlySettings(policy);
  const instead = options.instead ?? "use connectionPool.tcp and outlierDetection.consecutiveGatewayErrors, which act on connections";
  if (fields.length > 0 && !ports.some((port) => isHttpProtocol(port.protocol))) {
    const message = `${listOf(fields)} ${fields.length === 1 ? "acts" : "act"} only on HTTP requests, and no port here speaks HTTP (${describePorts(ports)}): the sidecar forwards the traffic as opaque bytes`;
    findings.push({ at: [], message, hint: opaqueRemedy(ports, instead) });
  }
  (policy.portLevelSettings ?? []).forEach((entry, index) => {
    const port = ports.find((p) => p.number === entry.port?.number);
    const portFields = httpOnlySettings(entry);
    if (port === undefined || isHttpProtocol(port.protocol) || portFields.length === 0) return;
    const message = `portLevelSettings for port ${describePorts([port])} sets ${listOf(portFields)}, which ${portFields.length === 1 ? "acts" : "act"} only on HTTP requests: the sidecar forwards that port's traffic as opaque bytes`;
    findings.push({ at: ["portLevelSettings", index], message, hint: opaqueRemedy([port], instead) });
  });
  return findings;
}
