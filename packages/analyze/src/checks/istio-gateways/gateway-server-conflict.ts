import type { Check, Finding } from "../../types.js";
import { istioGateways } from "./istio-gateway-servers.js";

/**
 * GATEWAY_SERVER_CONFLICT: two Istio Gateways with the same workload selector have servers on
 * the same port that list the same host with the same `bind` (istioctl's IST0145). As istioctl
 * reads it: selectors are the same when they print the same (`key=value` sorted by key); hosts are
 * compared as written (`shop/a.example.com` and `a.example.com` differ, so do `*.example.com` and
 * `a.example.com`); a server without a port number is on port 0; Gateways of every namespace are
 * compared. The finding is on each conflicting server of each Gateway.
 */
export const gatewayServerConflict: Check = {
  code: "GATEWAY_SERVER_CONFLICT",
  istioctlCode: "IST0145",
  severity: "error",
  title: "Istio Gateways claim the same host and port for one workload",
  check: (index) => {
    const gateways = istioGateways(index);
    // selector~port -> host and bind -> the full names of the Gateways that serve it there.
    const claims = new Map<string, Map<string, Set<string>>>();
    for (const gateway of gateways) {
      for (const server of gateway.servers) {
        const key = `${gateway.selectorText}~${server.port}`;
        let hosts = claims.get(key);
        if (hosts === undefined) claims.set(key, (hosts = new Map()));
        for (const host of server.hosts) {
          const entry = `${host}\u0000${server.bind}`;
          const names = hosts.get(entry);
          if (names === undefined) hosts.set(entry, new Set([gateway.fullName]));
          else names.add(gateway.fullName);
        }
      }
    }
    const findings: Finding[] = [];
    for (const gateway of gateways) {
      for (const server of gateway.servers) {
        const hosts = claims.get(`${gateway.selectorText}~${server.port}`)!;
        const others = new Set<string>();
        for (const host of server.hosts) for (const name of hosts.get(`${host}\u0000${server.bind}`) ?? []) if (name !== gateway.fullName) others.add(name);
        if (others.size === 0) continue;
        const names = [...others].sort();
        findings.push({
          resource: gateway.resource,
          path: ["spec", "servers", server.index],
          message: `Conflict with gateways ${names.join(",")} (workload selector ${gateway.selectorText}, port ${server.port}, hosts ${server.hosts.join(",")}): the gateway workload serves the servers of every Gateway that selects it as one configuration, and on a port two of them share, a TLS server whose host another already claims is skipped, as is a server whose protocol cannot share the port, while plain HTTP servers mix the routes of both Gateways' VirtualServices for the host`,
          hint: `serve the host from one Gateway (merge the servers into one resource), or give the servers different ports, hosts or bind addresses`,
        });
      }
    }
    return findings;
  },
};
