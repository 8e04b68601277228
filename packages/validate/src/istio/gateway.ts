/**
 * Gateway (networking.istio.io) admission rules: the name, servers (hosts, port, bind, protocol
 * against TLS settings) and unique port names; server TLS rules are in `server-tls.ts`.
 */
import type { GatewaySpec, GatewaySpecServers } from "@meshform/istio/networking.istio.io/v1";
import { type FieldPath, type Findings, type IstioResource, metaOf, reject, rejectIf, warn } from "./finding.js";
import { quote } from "./go-format.js";
import { isDNS1123Label, validateNamespaceSlashHost } from "./hosts.js";
import { validateIPAddress } from "./net.js";
import { checkAnnotations } from "./policy.js";
import { isHTTPProtocol, isTLSProtocol, parseProtocol, validatePort } from "./ports.js";
import { checkServerTls, validateUnixAddress } from "./server-tls.js";
import { NEWEST_MINOR } from "./release.js";

const unixPrefix = "unix://";

function checkServerPort(server: GatewaySpecServers, path: FieldPath, out: Findings): boolean {
  const before = out.length;
  const port = server.port;
  const bind = server.bind ?? "";
  if (parseProtocol(port.protocol) === "Unsupported") {
    reject(out, [...path, "protocol"], `invalid protocol ${quote(port.protocol)}, supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP`);
  }
  if (port.number > 0 || !bind.startsWith(unixPrefix)) rejectIf(out, [...path, "number"], validatePort(port.number));
  if ((port.targetPort ?? 0) > 0) reject(out, [...path, "targetPort"], "targetPort has no impact on Gateways (remove it)");
  if (port.name === "") reject(out, [...path, "name"], `port name must be set: number:${port.number} protocol:${quote(port.protocol)}`);
  return out.length === before;
}

function checkServer(server: GatewaySpecServers, path: FieldPath, out: Findings, minor: number): void {
  if (server.hosts.length === 0) reject(out, [...path, "hosts"], "server config must contain at least one host");
  for (const [index, host] of server.hosts.entries()) {
    for (const error of validateNamespaceSlashHost(host, true)) reject(out, [...path, "hosts", index], error);
  }
  const portValid = checkServerPort(server, [...path, "port"], out);
  const bind = server.bind ?? "";
  if (bind.startsWith(unixPrefix)) {
    rejectIf(out, [...path, "bind"], validateUnixAddress(bind.slice(unixPrefix.length)));
    if (server.port.number !== 0) reject(out, [...path, "port", "number"], `port number must be 0 for unix domain socket: number:${server.port.number}`);
  } else if (bind !== "") {
    rejectIf(out, [...path, "bind"], validateIPAddress(bind));
  }
  checkServerTls(server.tls, [...path, "tls"], out, minor);
  if (!portValid) return;
  const protocol = parseProtocol(server.port.protocol);
  const tls = server.tls;
  if (isTLSProtocol(protocol) && tls === undefined) {
    reject(out, path, "server must have TLS settings for HTTPS/TLS protocols (add tls with a mode and credentials)");
  } else if (!isTLSProtocol(protocol) && tls !== undefined) {
    const mode = tls.mode ?? "PASSTHROUGH";
    const certificates = (tls.caCertificates ?? "") !== "" || (tls.privateKey ?? "") !== "" || (tls.serverCertificate ?? "") !== "";
    if (!isHTTPProtocol(protocol)) reject(out, [...path, "tls"], "server cannot have TLS settings for non HTTPS/TLS ports");
    else if ((mode !== "PASSTHROUGH" && mode !== "AUTO_PASSTHROUGH") || certificates) {
      reject(out, [...path, "tls"], "server cannot have TLS settings for plain text HTTP ports (only httpsRedirect is allowed there)");
    }
  }
}

/** Checks a Gateway (networking.istio.io) as the validating webhook of Istio 1.`minor` does (the newest when absent). */
export function checkGateway(resource: IstioResource, minor = NEWEST_MINOR): Findings {
  const spec = (resource.spec ?? {}) as GatewaySpec;
  const meta = metaOf(resource);
  const out: Findings = [];
  checkAnnotations(meta, undefined, out);
  if (meta.name !== undefined && !isDNS1123Label(meta.name)) {
    reject(out, ["metadata", "name"], `invalid gateway name: ${quote(meta.name)} (a Gateway name is a DNS-1123 label: no dots)`);
  }
  const servers = spec.servers ?? [];
  if (servers.length === 0) reject(out, ["spec", "servers"], "gateway must have at least one server");
  for (const [index, server] of servers.entries()) checkServer(server, ["spec", "servers", index], out, minor);
  const names = new Set<string>();
  for (const [index, server] of servers.entries()) {
    if (names.has(server.port.name)) {
      reject(out, ["spec", "servers", index, "port", "name"], `port names in servers must be unique: duplicate name ${server.port.name}`);
    }
    names.add(server.port.name);
    if (!isHTTPProtocol(parseProtocol(server.port.protocol)) && server.tls?.httpsRedirect === true) {
      warn(out, ["spec", "servers", index, "tls", "httpsRedirect"], "tls.httpsRedirect should only be used with http servers");
    }
  }
  return out;
}
