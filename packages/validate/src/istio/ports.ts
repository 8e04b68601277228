/**
 * Port numbers, port names and port protocols as Istio's webhook checks them.
 */
import { isDNS1123Label } from "./hosts.js";

/** Istio's `ValidatePort`: a port number in 1..65535. */
export function validatePort(port: number): string | undefined {
  return port >= 1 && port <= 65535 ? undefined : `port number ${port} must be in the range 1..65535`;
}

/** Istio's `ValidatePortName`: a port name is a DNS-1123 label. */
export function validatePortName(name: string): string | undefined {
  return isDNS1123Label(name)
    ? undefined
    : `invalid port name: ${name} (use a DNS-1123 label: letters, digits and '-', at most 63 characters)`;
}

/** The protocols Istio knows for a port, as `protocol.Parse` names them. */
export type Protocol =
  | "TCP" | "UDP" | "GRPC" | "GRPC-Web" | "HTTP" | "HTTP_PROXY" | "HTTP2" | "HTTPS" | "TLS" | "Mongo" | "Redis" | "MySQL"
  | "Unsupported";

const protocols: Record<string, Protocol> = {
  tcp: "TCP", udp: "UDP", grpc: "GRPC", "grpc-web": "GRPC-Web", http: "HTTP", http_proxy: "HTTP_PROXY", http2: "HTTP2",
  https: "HTTPS", tls: "TLS", mongo: "Mongo", redis: "Redis", mysql: "MySQL",
};

/** Istio's `protocol.Parse`: the protocol a port names, case-insensitively. */
export function parseProtocol(name: string | undefined): Protocol {
  return protocols[(name ?? "").toLowerCase()] ?? "Unsupported";
}

/** Whether the protocol is carried over HTTP (HTTP, HTTP2, HTTP_PROXY, GRPC, GRPC-Web). */
export function isHTTPProtocol(protocol: Protocol): boolean {
  return ["HTTP", "HTTP2", "HTTP_PROXY", "GRPC", "GRPC-Web"].includes(protocol);
}

/** Whether the protocol runs over TLS (HTTPS, TLS). */
export function isTLSProtocol(protocol: Protocol): boolean {
  return protocol === "HTTPS" || protocol === "TLS";
}

/** Whether the protocol is plain TCP as Istio counts it (TCP, HTTPS, TLS, Mongo, Redis, MySQL). */
export function isTCPProtocol(protocol: Protocol): boolean {
  return ["TCP", "HTTPS", "TLS", "Mongo", "Redis", "MySQL"].includes(protocol);
}

/** Istio's `ValidateProtocol`: empty (sniffed) or a known protocol. */
export function validateProtocol(name: string | undefined): string | undefined {
  if (name === undefined || name === "" || parseProtocol(name) !== "Unsupported") return undefined;
  return `unsupported protocol: ${name} (use one of HTTP, HTTPS, HTTP2, GRPC, GRPC-Web, TLS, TCP, UDP, Mongo, Redis, MySQL)`;
}
