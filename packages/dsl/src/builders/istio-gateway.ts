/**
 * Istio's `networking.istio.io` Gateway: servers (port, protocol, hosts, TLS) on the gateway
 * workloads a selector picks. What Istio's webhook refuses is written so that it does not
 * type-check (TLS on a server whose protocol cannot carry it, a terminating mode without its
 * certificate, `credentialName` where Istio provides or ignores the certificate); what only shows
 * across servers (two servers on one port that Istio cannot merge) is reported at the line.
 */
import type { GatewaySpec, GatewaySpecServers, GatewaySpecServersTls } from "@meshform/istio/networking.istio.io/v1";
import { addDraft, addIssue, type BuilderContext, type DraftMetadata } from "../draft-store.js";
import { NAME_RULES } from "../names.js";
import type { WorkloadRef, WrittenIstioGatewayRef } from "../refs.js";
import { selectorOf } from "./security.js";

const GROUP = "networking.istio.io";

/** The protocols an Istio Gateway server speaks. */
export type IstioServerProtocol = "HTTP" | "HTTPS" | "GRPC" | "HTTP2" | "MONGO" | "TCP" | "TLS";

/** How a server handles TLS, as Istio's `ServerTLSSettings.mode` says it. */
export type IstioServerTlsMode = NonNullable<GatewaySpecServersTls["mode"]>;

type Mode<M extends IstioServerTlsMode> = Extract<IstioServerTlsMode, M>;

/** The TLS versions a terminating server accepts. */
export interface ServerTlsVersions extends Pick<GatewaySpecServersTls, "minProtocolVersion" | "maxProtocolVersion"> {
  /**
   * The cipher suites offered, by their OpenSSL names (`ECDHE-RSA-AES256-GCM-SHA384`).
   * @defaultValue Envoy's defaults
   */
  readonly cipherSuites?: readonly string[];
}

/**
 * The gateway terminates TLS with the certificate and key of a Secret in the gateway workload's
 * namespace (`credentialName`), as Istio's ingress tasks do.
 */
export interface SimpleServerTls extends ServerTlsVersions {
  readonly mode: Mode<"SIMPLE">;
  /** The Secret (in the gateway workload's namespace) that holds `tls.crt` and `tls.key`. */
  readonly credentialName: string;
}

/**
 * The gateway terminates TLS and asks clients for a certificate: `MUTUAL` requires one,
 * `OPTIONAL_MUTUAL` verifies one when sent. The Secret holds the CA bundle as well (`ca.crt`, or a
 * Secret `<credentialName>-cacert`).
 */
export interface MutualServerTls extends ServerTlsVersions {
  readonly mode: Mode<"MUTUAL" | "OPTIONAL_MUTUAL">;
  /** The Secret (in the gateway workload's namespace) that holds `tls.crt`, `tls.key` and `ca.crt`. */
  readonly credentialName: string;
  /** The client certificate subject alternative names accepted. @defaultValue any the CA signed */
  readonly subjectAltNames?: readonly string[];
}

/**
 * The gateway forwards the TLS stream as it is, routed by SNI (`PASSTHROUGH`), or by the
 * `outbound_.<port>_._.<host>` SNI of an east-west gateway (`AUTO_PASSTHROUGH`, TLS servers only).
 * No certificate: Istio ignores one here.
 */
export interface PassthroughServerTls {
  readonly mode: Mode<"PASSTHROUGH">;
  readonly credentialName?: never;
}

/** `AUTO_PASSTHROUGH`: see {@link PassthroughServerTls}. */
export interface AutoPassthroughServerTls {
  readonly mode: Mode<"AUTO_PASSTHROUGH">;
  readonly credentialName?: never;
}

/**
 * Istio mutual TLS with the workload certificate Istio provides: the server of an egress gateway
 * that sidecars reach over mTLS. No certificate may be given.
 */
export interface IstioMutualServerTls extends ServerTlsVersions {
  readonly mode: Mode<"ISTIO_MUTUAL">;
  /** Not here: Istio provides the certificate, and its webhook refuses another. */
  readonly credentialName?: never;
  /** The client identities (SPIFFE URIs) accepted. @defaultValue any workload of the mesh */
  readonly subjectAltNames?: readonly string[];
}

/** The TLS of an HTTPS server. */
export type HttpsServerTls = SimpleServerTls | MutualServerTls | PassthroughServerTls | IstioMutualServerTls;
/** The TLS of a TLS server: as HTTPS's, or `AUTO_PASSTHROUGH`. */
export type TlsServerTls = HttpsServerTls | AutoPassthroughServerTls;

/** What every server has: its port and the hosts it serves. */
export interface IstioServerBase {
  /** The port, as the gateway's Service exposes it (Istio maps it to the pod's target port). */
  readonly port: number;
  /**
   * The hosts the server serves: an FQDN (`bookinfo.example.com`), a wildcard (`*.example.com`,
   * `*`), each optionally prefixed by the namespace whose VirtualServices may bind to it
   * (`bookinfo/reviews.example.com`, `./host` for the Gateway's own, `*` for any).
   */
  readonly hosts: readonly [string, ...string[]];
}

/** A plain HTTP server, which may redirect every request to HTTPS. */
export interface HttpServerOptions extends IstioServerBase {
  readonly protocol: "HTTP";
  /** Answer every request with a 301 to the same URL over `https`. @defaultValue `false` */
  readonly httpsRedirect?: boolean;
  readonly tls?: never;
}

/** A plain-text server of another protocol: no TLS, no redirect. */
export interface PlainServerOptions extends IstioServerBase {
  readonly protocol: "HTTP2" | "GRPC" | "MONGO" | "TCP";
  readonly tls?: never;
  readonly httpsRedirect?: never;
}

/** An HTTPS server: TLS is required (Istio refuses an HTTPS server without it). */
export interface HttpsServerOptions extends IstioServerBase {
  readonly protocol: "HTTPS";
  readonly tls: HttpsServerTls;
  readonly httpsRedirect?: never;
}

/** A TLS server (TLS over TCP, routed by SNI with `tls` routes or terminated for `tcp` routes). */
export interface TlsServerOptions extends IstioServerBase {
  readonly protocol: "TLS";
  readonly tls: TlsServerTls;
  readonly httpsRedirect?: never;
}

/** One server of an Istio Gateway; its key in `servers` is its `port.name`. */
export type IstioServerOptions = HttpServerOptions | PlainServerOptions | HttpsServerOptions | TlsServerOptions;

/** The options of an Istio Gateway. */
export interface IstioGatewayOptions<Server extends string> extends DraftMetadata {
  /**
   * The gateway workloads that get the servers: their labels (`{ istio: "ingressgateway" }`), or
   * `ns.workload(...)` of the namespace they run in. Istio matches them in every namespace unless
   * istiod runs with `PILOT_SCOPE_GATEWAY_TO_NAMESPACE`.
   */
  readonly selector: Readonly<Record<string, string>> | WorkloadRef;
  /** The servers, by name (each server's `port.name`, unique in the Gateway), in order. */
  readonly servers: Readonly<Record<Server, IstioServerOptions>>;
}

/** The protocols Istio merges on one port: plain-text HTTP of any flavour. */
const MERGEABLE = new Set<IstioServerProtocol>(["HTTP", "HTTP2", "GRPC"]);

/** The server TLS settings of `options`, as the Gateway writes them. */
function tlsOf(options: IstioServerOptions): GatewaySpecServersTls | undefined {
  if (options.protocol === "HTTP") return options.httpsRedirect === true ? { httpsRedirect: true } : undefined;
  if (options.protocol !== "HTTPS" && options.protocol !== "TLS") return undefined;
  const tls = options.tls;
  const out: GatewaySpecServersTls = { mode: tls.mode };
  if (tls.credentialName !== undefined) out.credentialName = tls.credentialName;
  if ("subjectAltNames" in tls && tls.subjectAltNames !== undefined) out.subjectAltNames = [...tls.subjectAltNames];
  if ("minProtocolVersion" in tls && tls.minProtocolVersion !== undefined) out.minProtocolVersion = tls.minProtocolVersion;
  if ("maxProtocolVersion" in tls && tls.maxProtocolVersion !== undefined) out.maxProtocolVersion = tls.maxProtocolVersion;
  if ("cipherSuites" in tls && tls.cipherSuites !== undefined) out.cipherSuites = [...tls.cipherSuites];
  return out;
}

/** A server as the Gateway writes it. */
export function serverOf(name: string, options: IstioServerOptions): GatewaySpecServers {
  const tls = tlsOf(options);
  return { port: { number: options.port, name, protocol: options.protocol }, hosts: [...options.hosts], ...(tls ? { tls } : {}) };
}

/**
 * A host as Istio keys it when it merges servers: `namespace/host`, a bare host meaning any
 * namespace (`*`), `.` the Gateway's own.
 */
function scopedHost(host: string, namespace: string): string {
  const slash = host.indexOf("/");
  if (slash < 0) return `*/${host}`;
  return host.startsWith("./") ? `${namespace}${host.slice(1)}` : host;
}

/** Istio's rules for a server host (its webhook's, short of each label's syntax); the problem, if any. */
export function serverHostProblem(host: string): string | undefined {
  const slash = host.indexOf("/");
  const namespace = slash < 0 ? undefined : host.slice(0, slash);
  const name = slash < 0 ? host : host.slice(slash + 1);
  if (namespace !== undefined && namespace !== "*" && namespace !== "." && NAME_RULES.dns1123Label.problem(namespace) !== undefined) {
    return `the namespace ${JSON.stringify(namespace)} is not "*", "." or a namespace name`;
  }
  if (name === "") return "the host is empty";
  if (name !== "*" && !name.includes(".")) return "short names (non FQDN) are not allowed";
  if (name.includes("*") && name !== "*" && !(name.startsWith("*.") && !name.slice(2).includes("*"))) return "a wildcard is the whole host or its first label (*.example.com)";
  return undefined;
}

/** What one server claims on its port, to find the servers Istio would skip. */
interface Claimed {
  readonly name: string;
  readonly protocol: IstioServerProtocol;
  /** Whether it carries TLS settings (a redirect counts: Istio keys its hosts with the TLS servers'). */
  readonly tls: boolean;
  readonly hosts: readonly string[];
}

/**
 * Why Istio would skip `server` next to the servers already on its port (`pilot/pkg/model/gateway.go`,
 * mergeGateways): plain-text servers share a port only if all speak HTTP; TLS servers share it,
 * told apart by SNI, with no host twice; plain text and TLS do not mix on one port.
 */
function conflictOf(server: Claimed, before: readonly Claimed[], namespace: string): string | undefined {
  const terminating = (s: Claimed) => s.protocol === "HTTPS" || s.protocol === "TLS";
  for (const other of before) {
    if (terminating(server) !== terminating(other)) {
      return `server ${JSON.stringify(server.name)} (${server.protocol}) and server ${JSON.stringify(other.name)} (${other.protocol}) share a port, and Istio does not mix plain text and TLS on one port: it skips the later one`;
    }
    if (!terminating(server) && !(MERGEABLE.has(server.protocol) && MERGEABLE.has(other.protocol))) {
      return `server ${JSON.stringify(server.name)} (${server.protocol}) and server ${JSON.stringify(other.name)} (${other.protocol}) share a port, and Istio merges plain-text servers only when all speak HTTP: it skips the later one`;
    }
    if (server.tls && other.tls) {
      const known = new Set(other.hosts.map((h) => scopedHost(h, namespace)));
      const twice = server.hosts.filter((h) => known.has(scopedHost(h, namespace)));
      if (twice.length > 0) return `server ${JSON.stringify(server.name)} and server ${JSON.stringify(other.name)} both serve ${twice.join(", ")} on one port, which Istio tells apart only by host: it skips the later one`;
    }
  }
  return undefined;
}

/**
 * An Istio Gateway named `name` in `namespace`, one server per entry of `servers`. A server that
 * Istio would skip (a conflict on its port) or a host Istio refuses is reported and left out.
 */
export function addIstioGateway<Server extends string>(ctx: BuilderContext, namespace: string, name: string, options: IstioGatewayOptions<Server>): WrittenIstioGatewayRef<Server> {
  const draftKey = { group: GROUP, kind: "Gateway", namespace, name };
  const entries = Object.entries(options.servers) as [Server, IstioServerOptions][];
  const servers: GatewaySpecServers[] = [];
  const byPort = new Map<number, Claimed[]>();
  const report = (path: readonly (string | number)[], message: string, hint: string, code: "SERVER_CONFLICT" | "INVALID_OPTION") => addIssue(ctx, { code, message, hint, path, draft: draftKey });
  for (const [server, opts] of entries) {
    const at = servers.length;
    const badHost = opts.hosts.map((host, i) => [i, host, serverHostProblem(host)] as const).find(([, , problem]) => problem !== undefined);
    if (badHost !== undefined) {
      report(["spec", "servers", at, "hosts", badHost[0]], `server ${JSON.stringify(server)} lists the host ${JSON.stringify(badHost[1])}: ${badHost[2]!}`, 'write a fully qualified name ("bookinfo.example.com"), a wildcard ("*.example.com", "*"), optionally after "<namespace>/"', "INVALID_OPTION");
      continue;
    }
    const claimed: Claimed = { name: server, protocol: opts.protocol, tls: opts.protocol === "HTTP" ? opts.httpsRedirect === true : opts.tls !== undefined, hosts: opts.hosts };
    const onPort = byPort.get(opts.port) ?? [];
    const conflict = conflictOf(claimed, onPort, namespace);
    if (conflict !== undefined) {
      report(["spec", "servers", at], conflict, "give the server a port of its own, or make the servers on the port all plain HTTP, or all TLS with distinct hosts", "SERVER_CONFLICT");
      continue;
    }
    byPort.set(opts.port, [...onPort, claimed]);
    servers.push(serverOf(server, opts));
  }
  const spec: GatewaySpec = { selector: selectorOf(options.selector).matchLabels, servers };
  addDraft(ctx, { ...draftKey, spec, metadata: options, method: "istioGateway" });
  const hosts = [...new Set(entries.flatMap(([, opts]) => opts.hosts))];
  return { refType: "istioGateway", group: GROUP, kind: "Gateway", name, namespace, servers: entries.map(([server]) => server), hosts, external: false, draftKey };
}
