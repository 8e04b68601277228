/**
 * Hosts and ports as Istio reads them: short names qualified in the resource's namespace,
 * wildcard hosts, and the protocol Istio gives a port from its name, appProtocol or a
 * ServiceEntry's `protocol`.
 */
import { hostsMatch } from "@meshform/istio/hosts";

/** The cluster's DNS domain, as Istio assumes by default. */
export const CLUSTER_DOMAIN = "cluster.local";

/** The host of a Kubernetes Service: `name.namespace.svc.cluster.local`. */
export function serviceHost(namespace: string, name: string): string {
  return `${name}.${namespace}.svc.${CLUSTER_DOMAIN}`;
}

/**
 * A host as Istio reads it in a resource of `namespace`: a short name (no dot) is a Service of
 * that namespace; anything else is taken as written, so `reviews.shop` is not expanded.
 */
export function qualifyHost(host: string, namespace: string): string {
  return host.includes(".") || host.includes("*") ? host : serviceHost(namespace, host);
}

/** The Service a host names, when it is `name.namespace.svc.cluster.local`. */
export function serviceOfHost(host: string): { readonly namespace: string; readonly name: string } | undefined {
  const match = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/.exec(host);
  return match ? { name: match[1]!, namespace: match[2]! } : undefined;
}

/** Whether `pattern` (`*`, `*.example.com` or an exact host) covers `host`. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === "*" || pattern === host) return true;
  if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1)) || host === pattern.slice(2);
  return false;
}

/** How Istio handles a port: as HTTP (HTTP/1.1, HTTP/2, gRPC), as opaque TLS, as opaque TCP, or by sniffing. */
export type PortProtocol = "http" | "tls" | "tcp" | "unknown";

const HTTP = new Set(["http", "http2", "grpc", "grpc-web", "h2c", "kubernetes.io/h2c", "kubernetes.io/ws", "ws"]);
const TLS = new Set(["https", "tls", "kubernetes.io/wss", "wss"]);
const TCP = new Set(["tcp", "mongo", "mysql", "redis", "udp"]);

/** The protocol of an Istio protocol name or appProtocol (`HTTP`, `TLS`, `grpc`, `kubernetes.io/h2c`). */
export function protocolOfName(name: string | undefined): PortProtocol {
  const lower = (name ?? "").toLowerCase();
  if (HTTP.has(lower)) return "http";
  if (TLS.has(lower)) return "tls";
  if (TCP.has(lower)) return "tcp";
  return "unknown";
}

/** The protocol of a Service port: its appProtocol, else the prefix of its name (`http-web`, `tcp`). */
export function protocolOfServicePort(port: { readonly name?: unknown; readonly appProtocol?: unknown }): PortProtocol {
  if (typeof port.appProtocol === "string" && port.appProtocol !== "") {
    const byAppProtocol = protocolOfName(port.appProtocol);
    if (byAppProtocol !== "unknown") return byAppProtocol;
  }
  if (typeof port.name !== "string") return "unknown";
  const byName = protocolOfName(port.name);
  return byName !== "unknown" ? byName : protocolOfName(port.name.split("-")[0]);
}

/** The words for a protocol in messages. */
export function describeProtocol(protocol: PortProtocol): string {
  return protocol === "tls" ? "TLS" : protocol === "tcp" ? "TCP" : protocol === "http" ? "HTTP" : "unknown";
}

/** `port 443 as TLS and port 5432 as TCP (ServiceEntry ns/name)`: how a host's ports are served, for messages. */
export function describePorts(ports: readonly { readonly number: number; readonly protocol: PortProtocol; readonly owner: { readonly kind: string; readonly namespace: string; readonly name: string } }[]): string {
  const served = ports.map((p) => `port ${p.number} as ${describeProtocol(p.protocol)}`);
  const owners = [...new Set(ports.map((p) => `${p.owner.kind} ${p.owner.namespace}/${p.owner.name}`))];
  const words = served.length <= 1 ? served.join("") : `${served.slice(0, -1).join(", ")} and ${served.at(-1)}`;
  return `${words} (${owners.join(", ")})`;
}

/**
 * A VirtualService host as Istio resolves it: a name with no dot that is neither a wildcard nor an
 * IPv6 address is a Service of `namespace` (`reviews` -> `reviews.shop.svc.cluster.local`); the
 * rest as written.
 */
export function virtualServiceHostFqdn(host: string, namespace: string): string {
  return host.startsWith("*") || host.includes(".") || host.includes(":") ? host : serviceHost(namespace, host);
}

/**
 * Hosts looked up by overlap (Istio's `hostsMatch`), each with what it stands for: a host without
 * a wildcard is found by its suffixes, so a lookup does not scan every host.
 */
export class HostTable<T> {
  private readonly exact = new Map<string, T[]>();
  private readonly wildcards = new Map<string, T[]>();

  /** Adds `value` under `host`. */
  add(host: string, value: T): void {
    const map = host.startsWith("*") ? this.wildcards : this.exact;
    const list = map.get(host);
    if (list === undefined) map.set(host, [value]);
    else list.push(value);
  }

  /** The values of every host that overlaps `host`, in the order they were added per host. */
  overlapping(host: string): T[] {
    if (host.startsWith("*")) {
      return [...this.exact, ...this.wildcards].flatMap(([h, values]) => (hostsMatch(h, host) ? values : []));
    }
    const found = [...(this.exact.get(host) ?? [])];
    if (this.wildcards.size === 0) return found;
    for (let i = 0; i <= host.length; i++) found.push(...(this.wildcards.get(`*${host.slice(i)}`) ?? []));
    return found;
  }

  /** Whether any host overlaps `host`. */
  has(host: string): boolean {
    if (!host.startsWith("*") && this.exact.has(host)) return true;
    return this.overlapping(host).length > 0;
  }
}
