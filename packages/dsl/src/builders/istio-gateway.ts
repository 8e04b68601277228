// CONTRACT SKELETON: to be implemented (Istio networking.istio.io Gateway builder).
import type { BuilderContext, DraftMetadata } from "../draft-store.js";
import type { WorkloadRef, WrittenIstioGatewayRef } from "../refs.js";

/** The protocols an Istio Gateway server speaks. */
export type IstioServerProtocol = "HTTP" | "HTTPS" | "GRPC" | "HTTP2" | "MONGO" | "TCP" | "TLS";

/** How a server terminates TLS. */
export type IstioServerTlsMode = "SIMPLE" | "MUTUAL" | "PASSTHROUGH" | "ISTIO_MUTUAL" | "OPTIONAL_MUTUAL";

/** One server of an Istio Gateway; its key in `servers` is its `port.name`. */
export interface IstioServerOptions {
  readonly port: number;
  readonly protocol: IstioServerProtocol;
  readonly hosts: readonly [string, ...string[]];
  readonly tls?: { readonly mode: IstioServerTlsMode; readonly credentialName?: string };
  readonly httpsRedirect?: boolean;
}

/** The options of an Istio Gateway. */
export interface IstioGatewayOptions<Server extends string> extends DraftMetadata {
  readonly selector: Readonly<Record<string, string>> | WorkloadRef;
  readonly servers: Readonly<Record<Server, IstioServerOptions>>;
}

/** An Istio Gateway named `name` in `namespace`. */
export function addIstioGateway<Server extends string>(_ctx: BuilderContext, _namespace: string, _name: string, _options: IstioGatewayOptions<Server>): WrittenIstioGatewayRef<Server> {
  throw new Error("not built yet");
}
