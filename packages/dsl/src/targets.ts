import {
  compareReleases,
  GATEWAY_API_RELEASES,
  ISTIO_RELEASES,
  type GatewayApiChannel,
  type GatewayApiRelease,
  type IstioRelease,
} from "@meshform/catalog";

/** The Istio releases meshform knows the kinds and fields of (from `@meshform/catalog`). */
export { ISTIO_RELEASES, GATEWAY_API_RELEASES, compareReleases, type IstioRelease, type GatewayApiRelease, type GatewayApiChannel };

/** The upstream releases a config targets. */
export interface Targets {
  readonly istio: IstioRelease;
  readonly gatewayApi: { readonly release: GatewayApiRelease; readonly channel: GatewayApiChannel };
}

/** What a config may say about its targets; the rest defaults to the newest. */
export interface TargetOptions {
  /** @defaultValue the newest Istio release meshform knows, `"1.30.3"` */
  readonly istio?: IstioRelease;
  /** @defaultValue `{ release: "v1.6.1", channel: "standard" }` */
  readonly gatewayApi?: { readonly release?: GatewayApiRelease; readonly channel?: GatewayApiChannel };
}

/** Fills the defaults of {@link TargetOptions}. */
export function resolveTargets(options: TargetOptions = {}): Targets {
  return {
    istio: options.istio ?? ISTIO_RELEASES[ISTIO_RELEASES.length - 1]!,
    gatewayApi: {
      release: options.gatewayApi?.release ?? GATEWAY_API_RELEASES[GATEWAY_API_RELEASES.length - 1]!,
      channel: options.gatewayApi?.channel ?? "standard",
    },
  };
}
