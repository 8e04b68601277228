import type { BuilderContext } from "../draft-store.js";
import type { RouteApi } from "../refs.js";
import { GRPCRouteBuilder, type GRPCRouteOptions } from "./route-grpc.js";
import { HTTPRouteBuilder, type HTTPRouteOptions } from "./route.js";

export { addReferenceGrant, type ReferenceGrantOptions } from "./route-grant.js";
export type { GRPCRouteBuilder, GRPCRouteOptions, HTTPRouteBuilder, HTTPRouteOptions };

/** An HTTPRoute named `name` in `namespace`, for `namespace.httpRoute()`. */
export function addHttpRoute(ctx: BuilderContext, namespace: string, name: string, options: HTTPRouteOptions, _api: RouteApi): HTTPRouteBuilder {
  return new HTTPRouteBuilder(ctx, namespace, name, options);
}

/** A GRPCRoute named `name` in `namespace`, for `namespace.grpcRoute()`. */
export function addGrpcRoute(ctx: BuilderContext, namespace: string, name: string, options: GRPCRouteOptions): GRPCRouteBuilder {
  return new GRPCRouteBuilder(ctx, namespace, name, options);
}
