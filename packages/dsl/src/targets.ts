import { availability as istioAvailability } from "@meshform/istio";
import { availability as gatewayAvailability } from "@meshform/gateway-api";
import { availability as experimentalAvailability } from "@meshform/gateway-api/experimental";
import type { AvailabilityIndex } from "@meshform/kind-runtime";

/** The Istio releases meshform knows the kinds and fields of. */
export const ISTIO_RELEASES = ["1.24.6", "1.30.3"] as const;
/** The Gateway API releases meshform knows the kinds and fields of. */
export const GATEWAY_API_RELEASES = ["v1.2.1", "v1.6.1"] as const;

/** An Istio release meshform can target. */
export type IstioRelease = (typeof ISTIO_RELEASES)[number];
/** A Gateway API release meshform can target. */
export type GatewayApiRelease = (typeof GATEWAY_API_RELEASES)[number];
/** A Gateway API release channel. */
export type GatewayApiChannel = "standard" | "experimental";

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

/** Orders releases like `1.24.6` < `1.30.3` and `v1.2.1` < `v1.6.1`. */
export function compareReleases(a: string, b: string): number {
  const parts = (r: string) => r.replace(/^v/, "").split(".").map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The product a group belongs to, with its availability index and the targeted release. */
export function productOf(group: string, targets: Targets): { product: string; release: string; index: AvailabilityIndex } | undefined {
  if (group.endsWith(".istio.io")) return { product: "Istio", release: targets.istio, index: istioAvailability };
  if (group.startsWith("gateway.networking.")) {
    const index = targets.gatewayApi.channel === "experimental" ? experimentalAvailability : gatewayAvailability;
    return { product: "Gateway API", release: targets.gatewayApi.release, index };
  }
  return undefined;
}
