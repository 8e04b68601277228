/** The servers of Istio Gateways (networking.istio.io), as this folder's checks read them. */
import { GROUP, type IndexedResource, type MeshIndex } from "../../resource-index.js";
import { isObject, itemsOf, stringMap, stringsOf, text } from "../../read.js";
import { analyzedByIstioctl } from "../../istioctl-scope.js";

/** An Istio Gateway with its selector and full name read once. */
export interface IstioGateway {
  readonly resource: IndexedResource;
  /** `namespace/name`, as istioctl names gateways in its messages. */
  readonly fullName: string;
  readonly selector: Readonly<Record<string, string>>;
  /** The selector as Kubernetes prints a label selector: `key=value` sorted by key, joined by `,`; `""` when empty. */
  readonly selectorText: string;
  readonly servers: readonly IstioServer[];
}

/** A server of an Istio Gateway. */
export interface IstioServer {
  readonly index: number;
  /** `port.number`; 0 when unset, as Istio reads it. */
  readonly port: number;
  readonly hosts: readonly string[];
  /** `bind`, `""` when unset. */
  readonly bind: string;
  /** `tls`, when it is an object. */
  readonly tls: Readonly<Record<string, unknown>> | undefined;
}

/** Every Istio Gateway of the set that istioctl reads (none of a Kubernetes system namespace), in input order. */
export function istioGateways(index: MeshIndex): IstioGateway[] {
  return index.ofKind(GROUP.networking, "Gateway").filter(analyzedByIstioctl).map((resource) => {
    const selector = stringMap(resource.spec.selector);
    const servers = itemsOf(resource.spec.servers as readonly Record<string, unknown>[] | undefined).map(([i, server]): IstioServer => {
      const port = isObject(server.port) && typeof server.port.number === "number" ? server.port.number : 0;
      return {
        index: i,
        port,
        hosts: stringsOf(server.hosts as readonly unknown[] | undefined).map(([, h]) => h),
        bind: text(server.bind) ?? "",
        tls: isObject(server.tls) ? server.tls : undefined,
      };
    });
    return { resource, fullName: `${resource.namespace}/${resource.name}`, selector, selectorText: selectorText(selector), servers };
  });
}

/** A label selector as Kubernetes prints it: `app=x,istio=ingressgateway`. */
export function selectorText(selector: Readonly<Record<string, string>>): string {
  return Object.keys(selector)
    .sort()
    .map((key) => `${key}=${selector[key]}`)
    .join(",");
}
