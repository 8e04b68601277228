import type { BuilderContext } from "../draft-store.js";
import type { RouteApi } from "../refs.js";
import { GRPCRouteBuilder, type GRPCRouteOptions } from "./route-grpc.js";
import { HTTPRouteBuilder, type HTTPRouteOptions } from "./route.js";

export { addReferenceGrant, type ReferenceGrantOptions } from "./route-grant.js";
export type { GRPCRouteBuilder, GRPCRouteOptions, HTTPRouteBuilder, HTTPRouteOptions };

/**
 * An HTTP route named `name` in `namespace`, for `namespace.httpRoute()`: an HTTPRoute, or a
 * VirtualService when the route's API (`options.api`, else `api`, the namespace's or the mesh's)
 * is `"istio"`.
 */
export function addHttpRoute(ctx: BuilderContext, namespace: string, name: string, options: HTTPRouteOptions, api: RouteApi): HTTPRouteBuilder {
  return new HTTPRouteBuilder(ctx, namespace, name, options, options.api ?? api);
}

/** A GRPCRoute named `name` in `namespace`, for `namespace.grpcRoute()`. */
export function addGrpcRoute(ctx: BuilderContext, namespace: string, name: string, options: GRPCRouteOptions): GRPCRouteBuilder {
  return new GRPCRouteBuilder(ctx, namespace, name, options);
}
