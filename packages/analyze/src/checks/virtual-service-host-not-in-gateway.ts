import type { GatewaySpec } from "@meshform/istio/networking.istio.io/gateway";
import type { VirtualServiceSpec } from "@meshform/istio/networking.istio.io/virtual-service";
import { hostsOverlap } from "../hosts.js";
import { GROUP, type IndexedResource } from "../resource-index.js";
import { virtualServiceGatewaysOf } from "../refs.js";
import { itemsOf, stringsOf } from "../read.js";
import type { Check } from "../types.js";

/**
 * VIRTUAL_SERVICE_HOST_NOT_IN_GATEWAY: a VirtualService is bound to an Istio Gateway of the set
 * whose servers list none of its hosts (istioctl's IST0132). A gateway declared external is not
 * checked: its servers are not known.
 */
export const virtualServiceHostNotInGateway: Check = {
  code: "VIRTUAL_SERVICE_HOST_NOT_IN_GATEWAY",
  severity: "warning",
  title: "VirtualService host not found in its Gateway",
  check: (index) =>
    index.ofKind(GROUP.networking, "VirtualService").flatMap((service) => {
      const hosts = stringsOf((service.spec as Partial<VirtualServiceSpec>).hosts).map(([, h]) => h);
      // A VirtualService without hosts is a delegate, which Istio's validation forbids to name gateways.
      if (hosts.length === 0) return [];
      return virtualServiceGatewaysOf(service).flatMap((entry) => {
        if (entry.internal) return [];
        const gateway = index.find(GROUP.networking, "Gateway", entry.namespace, entry.name);
        if (gateway === undefined) return [];
        const offered = hostsFor(gateway, service.namespace);
        if (offered.some((g) => hosts.some((h) => hostsOverlap(g, h)))) return [];
        return [
          {
            resource: service,
            path: entry.path,
            message: `one or more host [${hosts.join(" ")}] defined in VirtualService ${service.namespace}/${service.name} not found in Gateway ${entry.namespace}/${entry.name}: ${offered.length === 0 ? `its servers offer no host to VirtualServices of namespace ${service.namespace}` : `its servers offer VirtualServices of namespace ${service.namespace} only ${offered.map((h) => JSON.stringify(h)).join(", ")}`}, so the Gateway sends this VirtualService no request`,
            hint: `list the host on a server of Gateway ${entry.namespace}/${entry.name}, as "${service.namespace}/<host>", "*/<host>" or "<host>"; or fix the VirtualService's hosts; or bind it to the Gateway that serves them`,
          },
        ];
      });
    }),
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
