import type { Check, Finding } from "../../types.js";
import { istioGateways, type IstioGateway } from "./istio-gateway-servers.js";

/** Gateways that serve one certificate with one selector. */
interface SelectorGroup {
  readonly selector: Readonly<Record<string, string>>;
  /** Their full names, each once. */
  readonly members: Set<string>;
  /** The same, sorted once the groups are built. */
  names: readonly string[];
}

/**
 * GATEWAY_DUPLICATE_CERTIFICATE: two Istio Gateways serve the same certificate, and the
 * workloads the first selects are among those the second selects (istioctl's IST0138). As
 * istioctl reads it: the certificate is the same when both servers name one `credentialName`, or,
 * both without one, the same `serverCertificate` and `privateKey`; the first Gateway's selector
 * is a subset of the second's (an empty selector is a subset of every selector); Gateways of
 * every namespace are compared. The finding is on each server of the first Gateway whose
 * certificate another Gateway serves.
 */
export const gatewayDuplicateCertificate: Check = {
  code: "GATEWAY_DUPLICATE_CERTIFICATE",
  istioctlCode: "IST0138",
  severity: "warning",
  title: "Istio Gateways share a certificate",
  check: (index) => {
    const gateways = istioGateways(index);
    // The gateways of each certificate, grouped by selector: gateways with one selector (the common
    // case) are compared once as a group, not pairwise.
    const byCertificate = new Map<string, Map<string, SelectorGroup>>();
    for (const gateway of gateways) {
      for (const server of gateway.servers) {
        const key = certificateKey(server.tls);
        if (key === undefined) continue;
        let groups = byCertificate.get(key);
        if (groups === undefined) byCertificate.set(key, (groups = new Map()));
        const group = groups.get(gateway.selectorText);
        if (group === undefined) groups.set(gateway.selectorText, { selector: gateway.selector, members: new Set([gateway.fullName]), names: [] });
        else group.members.add(gateway.fullName);
      }
    }
    for (const groups of byCertificate.values()) for (const group of groups.values()) group.names = [...group.members].sort();
    const findings: Finding[] = [];
    for (const gateway of gateways) {
      for (const server of gateway.servers) {
        const key = certificateKey(server.tls);
        if (key === undefined) continue;
        const others = otherGateways(gateway, byCertificate.get(key)!);
        if (others.count === 0) continue;
        const listed = [gateway.fullName, ...others.first].join(" ");
        const more = others.count > others.first.length ? ` and ${others.count - others.first.length} more` : "";
        findings.push({
          resource: gateway.resource,
          path: ["spec", "servers", server.index, "tls", typeof server.tls?.credentialName === "string" && server.tls.credentialName !== "" ? "credentialName" : "serverCertificate"],
          message: `Duplicate certificate in multiple gateways [${listed}${more}] may cause 404s if clients re-use HTTP2 connections: a client that opened an HTTP/2 connection for a host of one of these Gateways may send on it the requests for a host of another, which the certificate also covers, and they reach the routes of the first server, which does not serve that host`,
          hint: "give each Gateway its own certificate (a credentialName whose certificate covers only its hosts), or serve these hosts from one server of one Gateway",
        });
      }
    }
    return findings;
  },
};

/** How many other Gateways serving the certificate select a superset of `gateway`'s workloads, and the first few names. */
function otherGateways(gateway: IstioGateway, groups: Map<string, SelectorGroup>): { count: number; first: string[] } {
  let count = 0;
  const first: string[] = [];
  for (const group of groups.values()) {
    if (!selectorSubset(gateway.selector, group.selector)) continue;
    count += group.names.length - (group.members.has(gateway.fullName) ? 1 : 0);
    for (const name of group.names) {
      if (first.length === 3) break;
      if (name !== gateway.fullName) first.push(name);
    }
  }
  return { count, first };
}

/** Whether every label of `x` is in `y` with the same value. */
function selectorSubset(x: Readonly<Record<string, string>>, y: Readonly<Record<string, string>>): boolean {
  for (const key in x) if (y[key] !== x[key]) return false;
  return true;
}

/** The certificate a server's TLS settings serve, as a key; `undefined` when it names none istioctl compares. */
function certificateKey(tls: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (tls === undefined) return undefined;
  const credential = typeof tls.credentialName === "string" ? tls.credentialName : "";
  if (credential !== "") return `secret\u0000${credential}`;
  const certificate = typeof tls.serverCertificate === "string" ? tls.serverCertificate : "";
  const key = typeof tls.privateKey === "string" ? tls.privateKey : "";
  return certificate !== "" && key !== "" ? `file\u0000${certificate}\u0000${key}` : undefined;
}
