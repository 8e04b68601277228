import type { HTTPBackendRef, RequestMirror } from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import type { ServiceRef, SubsetRef } from "../refs.js";
import { reportRoute, type RouteSite } from "./route-issue.js";

/** The integers from 0 to N - 1, as a union of literals. */
export type IntegersBelow<N extends number, Acc extends number[] = []> = Acc["length"] extends N ? Acc[number] : IntegersBelow<N, [...Acc, Acc["length"]]>;

/** A whole percentage, 0 to 100: a canary's share of the traffic, a mirror's sample. */
export type Percent = IntegersBelow<101>;

type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;

/**
 * The port of a backend: optional when its {@link ServiceRef} knows exactly one port (that one is
 * used), one of its ports when it knows several, any port when it knows none.
 */
export type BackendPort<Port extends number> = [Port] extends [never]
  ? { readonly port: number }
  : number extends Port
    ? { readonly port: number }
    : true extends IsUnion<Port>
      ? { readonly port: Port }
      : {
          /** The Service port. @defaultValue the only port the ServiceRef knows */
          readonly port?: Port;
        };

/**
 * What routes accept as a backend: a {@link ServiceRef}. The type asks only for its `refType`, so
 * that a ServiceRef written inline (`to(app.service("api", { ports: [8080] }))`) keeps its ports;
 * {@link PortOf} reads them back.
 */
export type ServiceLike = Pick<ServiceRef, "refType">;

/**
 * What routes written in Istio's API also accept as a backend: a {@link SubsetRef}
 * (`destinationRule(...).subset(...).subsets.v1`), one version of a Service.
 */
export type SubsetLike = Pick<SubsetRef, "refType">;

/** A backend of a route: a Service, or (Istio's API only) a subset of one. */
export type BackendLike = ServiceLike | SubsetLike;

/**
 * The port of a subset backend: optional, since a subset's type does not carry its Service's
 * ports; it is checked when the route is built (the only port of the Service when none is given,
 * one of its ports when it knows several).
 */
export interface SubsetPort {
  /** The Service port. @defaultValue the only port the subset's Service knows */
  readonly port?: number;
}

/** The ports a ServiceRef type knows (`number` when it knows none); `never` for anything else. */
export type PortOf<Service> = Service extends ServiceRef<infer Port> ? Port : never;

/** The options argument of a method taking `Service`: required when a port must be given. */
export type ServiceArgs<Service, Options> = Service extends ServiceRef
  ? OptionsArg<Options>
  : Service extends SubsetRef
    ? OptionsArg<Omit<Options, "port"> & SubsetPort>
    : never;

/** Where and how much traffic a backend gets. */
export type BackendOptions<Port extends number> = BackendPort<Port> & {
  /**
   * The backend's share: weight / (sum of the rule's weights), an integer from 0 to 1 000 000.
   * @defaultValue 1 (Gateway API's default)
   */
  readonly weight?: HTTPBackendRef["weight"];
};

/** The options argument, optional when every option is. */
export type OptionsArg<T> = {} extends T ? [options?: T] : [options: T];

/** The port of a canary: a subset's when both versions are subsets, else a Service's. */
export type CanaryPort<Stable, Canary> = [Stable | Canary] extends [SubsetRef] ? SubsetPort : BackendPort<PortOf<Stable> | PortOf<Canary>>;

/**
 * A canary release: `weight` percent to `canary`, the rest to `stable`. The versions are two
 * Services, or (Istio's API only) two subsets of one Service.
 */
export type CanaryOptions<Stable extends BackendLike = ServiceRef, Canary extends BackendLike = Stable> = CanaryPort<Stable, Canary> & {
  /** The version that serves today. */
  readonly stable: Stable;
  /** The new version. */
  readonly canary: Canary;
  /** The canary's share, in whole percent; `stable` gets the rest. */
  readonly weight: Percent;
};

/** Mirroring: a copy of each request (or of a sample) goes to another backend. */
export type MirrorOptions<Port extends number> = BackendPort<Port> & {
  /**
   * The share of requests mirrored, in whole percent (Gateway API v1.6.1 and later).
   * @defaultValue 100
   */
  readonly percent?: Percent;
};

/** A backend reference as the Gateway API writes it (the kind defaults to Service). */
export interface BackendRef {
  readonly name: string;
  /** @defaultValue the route's namespace */
  readonly namespace?: string;
  readonly port: number;
  /** @defaultValue 1 */
  readonly weight?: number;
}

/** The port a backend uses: the one given, or the only one its ServiceRef knows; `undefined` once reported. */
export function resolvePort(site: RouteSite, service: ServiceRef, port: number | undefined, path: readonly (string | number)[]): number | undefined {
  const known = service.ports.length === 0 ? "" : ` (it has ${service.ports.join(", ")})`;
  if (port === undefined) {
    if (service.ports.length === 1) return service.ports[0]!;
    reportRoute(site, "PORT_REQUIRED", path, `Service ${service.namespace}/${service.name} needs a port${known}`, "pass { port } with the Service's port");
    return undefined;
  }
  if (service.ports.length > 0 && !service.ports.includes(port)) {
    reportRoute(site, "UNKNOWN_PORT", path, `Service ${service.namespace}/${service.name} has no port ${port}${known}`, "use one of the ports given to namespace.service()");
    return undefined;
  }
  return port;
}

/** Whether a weight is an integer from 0 to 1 000 000 (reported when not). */
export function checkWeight(site: RouteSite, weight: number, path: readonly (string | number)[]): boolean {
  if (Number.isInteger(weight) && weight >= 0 && weight <= 1_000_000) return true;
  reportRoute(site, "VALUE_OUT_OF_RANGE", path, `a backend weight must be an integer from 0 to 1000000, got ${weight}`, "weights are relative: 90 and 10 split the traffic 90/10");
  return false;
}

/** Whether a percentage is whole and from 0 to 100 (reported when not). */
export function checkPercent(site: RouteSite, percent: number, what: string, path: readonly (string | number)[]): boolean {
  if (Number.isInteger(percent) && percent >= 0 && percent <= 100) return true;
  reportRoute(site, "VALUE_OUT_OF_RANGE", path, `${what} must be a whole percentage from 0 to 100, got ${percent}`);
  return false;
}

/** A `backendRefs[]` entry for a Service, with `namespace` when it is not the route's; `undefined` once reported. */
export function backendRefOf(site: RouteSite, service: ServiceRef, options: { readonly port?: number | undefined; readonly weight?: number | undefined }, path: readonly (string | number)[]): BackendRef | undefined {
  const port = resolvePort(site, service, options.port, [...path, "port"]);
  const weighted = options.weight === undefined || checkWeight(site, options.weight, [...path, "weight"]);
  if (port === undefined || !weighted) return undefined;
  return {
    name: service.name,
    ...(service.namespace !== site.namespace ? { namespace: service.namespace } : {}),
    port,
    ...(options.weight !== undefined ? { weight: options.weight } : {}),
  };
}

/** {@link CanaryOptions} as the implementation reads them, whatever the ports. */
export interface LooseCanary {
  readonly stable: ServiceRef | SubsetRef;
  readonly canary: ServiceRef | SubsetRef;
  readonly weight: number;
  readonly port?: number;
}

/** The two backends of a canary: `100 - weight` to stable, `weight` to canary; none once reported. */
export function canaryBackendRefs(site: RouteSite, options: LooseCanary, path: readonly (string | number)[]): BackendRef[] {
  if (!checkPercent(site, options.weight, "a canary weight", path)) return [];
  if (options.stable.refType === "subset" || options.canary.refType === "subset") return [];
  const stable = backendRefOf(site, options.stable, { port: options.port, weight: 100 - options.weight }, [...path, 0]);
  const canary = backendRefOf(site, options.canary, { port: options.port, weight: options.weight }, [...path, 1]);
  return stable && canary ? [stable, canary] : [];
}

/** The `requestMirror` of a RequestMirror filter; `undefined` once reported. */
export function mirrorOf(site: RouteSite, service: ServiceRef, options: { readonly port?: number; readonly percent?: number }, path: readonly (string | number)[]): RequestMirror | undefined {
  const backendRef = backendRefOf(site, service, { port: options.port }, [...path, "backendRef"]);
  const sampled = options.percent === undefined || checkPercent(site, options.percent, "a mirror percent", [...path, "percent"]);
  if (backendRef === undefined || !sampled) return undefined;
  return { backendRef, ...(options.percent !== undefined ? { percent: options.percent } : {}) };
}
