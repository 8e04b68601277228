// CONTRACT SKELETON: to be implemented (TCP and TLS routes, written as VirtualServices).
import type { BuilderContext, DraftMetadata } from "../draft-store.js";

/** The options of a TCP route. */
export interface TCPRouteOptions extends DraftMetadata {}
/** The options of a TLS route. */
export interface TLSRouteOptions extends DraftMetadata {}

/** A TCP route, written as a VirtualService's `tcp` section. */
export class TCPRouteBuilder {}
/** A TLS route (by SNI), written as a VirtualService's `tls` section. */
export class TLSRouteBuilder {}

/** A TCP route named `name` in `namespace`. */
export function addTcpRoute(_ctx: BuilderContext, _namespace: string, _name: string, _options: TCPRouteOptions): TCPRouteBuilder {
  throw new Error("not built yet");
}
/** A TLS route named `name` in `namespace`. */
export function addTlsRoute(_ctx: BuilderContext, _namespace: string, _name: string, _options: TLSRouteOptions): TLSRouteBuilder {
  throw new Error("not built yet");
}
