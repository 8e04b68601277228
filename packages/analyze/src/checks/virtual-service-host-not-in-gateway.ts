import type { GatewaySpec } from "@meshform/istio/networking.istio.io/gateway";
import type { VirtualServiceSpec } from "@meshform/istio/networking.istio.io/virtual-service";
import { HostTable, virtualServiceHostFqdn } from "../hosts.js";
import { GROUP, type IndexedResource } from "../resource-index.js";
import { virtualServiceGatewaysOf } from "../refs.js";
import { itemsOf, stringsOf } from "../read.js";
import type { Check } from "../types.js";

/**
 * VIRTUAL_SERVICE_HOST_NOT_IN_GATEWAY: a VirtualService is bound to an Istio Gateway of the set
 * whose servers list none of its hosts (istioctl's IST0132). A short host is read as Istio binds
 * it, qualified in the VirtualService's namespace. A gateway declared external is not checked: its
 * servers are not known.
 */
export const virtualServiceHostNotInGateway: Check = {
  code: "VIRTUAL_SERVICE_HOST_NOT_IN_GATEWAY",
  istioctlCode: "IST0132",
  severity: "warning",
  title: "VirtualService host not found in its Gateway",
  check: (index) => {
    // What each Gateway offers to each namespace, read once.
    const offers = new Map<IndexedResource, Map<string, { readonly hosts: string[]; readonly table: HostTable<true> }>>();
    const offered = (gateway: IndexedResource, namespace: string) => {
      let byNamespace = offers.get(gateway);
      if (byNamespace === undefined) offers.set(gateway, (byNamespace = new Map()));
      let offer = byNamespace.get(namespace);
      if (offer === undefined) {
        const hosts = hostsFor(gateway, namespace);
        const table = new HostTable<true>();
        for (const host of hosts) table.add(host, true);
        byNamespace.set(namespace, (offer = { hosts, table }));
      }
      return offer;
    };
    return index.ofKind(GROUP.networking, "VirtualService").flatMap((service) => {
      const hosts = stringsOf((service.spec as Partial<VirtualServiceSpec>).hosts).map(([, h]) => h);
      // A VirtualService without hosts is a delegate, which Istio's validation forbids to name gateways.
      if (hosts.length === 0) return [];
      return virtualServiceGatewaysOf(service).flatMap((entry) => {
        if (entry.internal) return [];
        const gateway = index.find(GROUP.networking, "Gateway", entry.namespace, entry.name);
        if (gateway === undefined) return [];
        const offer = offered(gateway, service.namespace);
        // Istio resolves a short host to its FQDN before it binds the VirtualService (istioctl's
        // analyzer compares it as written, and reports a host the gateway does serve).
        if (hosts.some((h) => offer.table.has(virtualServiceHostFqdn(h, service.namespace)))) return [];
        return [
          {
            resource: service,
            path: entry.path,
            message: `one or more host [${hosts.join(" ")}] defined in VirtualService ${service.namespace}/${service.name} not found in Gateway ${entry.namespace}/${entry.name}: ${offer.hosts.length === 0 ? `its servers offer no host to VirtualServices of namespace ${service.namespace}` : `its servers offer VirtualServices of namespace ${service.namespace} only ${[...new Set(offer.hosts)].map((h) => JSON.stringify(h)).join(", ")}`}, so the Gateway sends this VirtualService no request`,
            hint: `list the host on a server of Gateway ${entry.namespace}/${entry.name}, as "${service.namespace}/<host>", "*/<host>" or "<host>"; or fix the VirtualService's hosts; or bind it to the Gateway that serves them`,
          },
        ];
      });
    });
  },
};

/**
 * The hosts a Gateway's servers offer to VirtualServices of `namespace`, as Istio's analyzer reads
 * them: `./host` is the Gateway's namespace, `*\/host` is every namespace (and `*\/*` is `*`), and
 * `ns/host` counts only when `ns` is the VirtualService's namespace.
 */
function hostsFor(gateway: IndexedResource, namespace: string): string[] {
  return itemsOf((gateway.spec as Partial<GatewaySpec>).servers).flatMap(([, server]) => {
    const written = stringsOf(server.hosts).map(([, h]) => h);
    if (written.includes("*/*")) return ["*"];
    return written.flatMap((host) => {
      const slash = host.indexOf("/");
      if (slash < 0) return [host];
      const scope = host.slice(0, slash);
      const name = host.slice(slash + 1);
      const owner = scope === "." ? gateway.namespace : scope;
      return owner === "*" || owner === namespace ? [name] : [];
    });
  });
}
