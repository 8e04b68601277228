/**
 * References to what lives outside the config: a Gateway of either API that another team owns,
 * and DestinationRule subsets defined elsewhere. They are usable wherever a reference is, write
 * nothing, and are declared external so that analysis does not report them missing.
 */
import type { BuilderContext } from "../draft-store.js";
import { issueReference } from "../input.js";
import type { ExternalGatewayRef, IstioGatewayRef, ServiceRef, SubsetRef } from "../refs.js";
import { hostOf, type ExternalHost } from "./destination-rule.js";

/** The options of a Gateway API Gateway that lives outside the config. */
export interface ExternalGatewayOptions<Listener extends string> {
  /** The names of the listeners routes may name in `sectionName`. @defaultValue none: routes attach to the whole gateway */
  readonly listeners?: readonly Listener[];
}

/** The options of an Istio Gateway that lives outside the config. */
export interface ExternalIstioGatewayOptions<Server extends string> {
  /**
   * The hosts its servers list, as the Gateway writes them (`"*.example.com"`, `"ns/host"`): a
   * route bound to it must claim one of them.
   */
  readonly hosts: readonly [string, ...string[]];
  /** The names of its servers (`port.name`). @defaultValue none */
  readonly servers?: readonly Server[];
}

/** Appends `item` to `list` unless it is there already (declarations are few: a scan is fine). */
function declare(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

/** A Gateway API Gateway of `namespace` that the config does not write. */
export function externalGatewayOf<Listener extends string>(ctx: BuilderContext, namespace: string, name: string, options: ExternalGatewayOptions<Listener>): ExternalGatewayRef<Listener> {
  declare(ctx.model.externals.gateways, `${namespace}/${name}`);
  return { refType: "gateway", group: "gateway.networking.k8s.io", kind: "Gateway", name, namespace, listeners: [...(options.listeners ?? [])], waypoint: false, external: true };
}

/** An Istio Gateway of `namespace` that the config does not write. */
export function externalIstioGatewayOf<Server extends string>(ctx: BuilderContext, namespace: string, name: string, options: ExternalIstioGatewayOptions<Server>): IstioGatewayRef<Server> {
  declare(ctx.model.externals.gateways, `${namespace}/${name}`);
  return { refType: "istioGateway", group: "networking.istio.io", kind: "Gateway", name, namespace, servers: [...(options.servers ?? [])], hosts: [...options.hosts], external: true };
}

/** Subsets of `host` that a DestinationRule of `namespace`, outside the config, defines; by name. */
export function externalSubsetsOf<Name extends string>(ctx: BuilderContext, namespace: string, host: ServiceRef | ExternalHost, names: readonly Name[]): { readonly [K in Name]: SubsetRef<K> } {
  const fqdn = hostOf(host);
  const service = typeof host === "string" ? undefined : host;
  const subsets: Record<string, SubsetRef> = {};
  for (const name of names) {
    declare(ctx.model.externals.subsets, `${fqdn}/${name}`);
    subsets[name] = issueReference<SubsetRef>({ refType: "subset", name, host: fqdn, service, namespace, external: true });
  }
  return subsets as { readonly [K in Name]: SubsetRef<K> };
}
