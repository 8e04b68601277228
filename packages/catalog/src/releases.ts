/**
 * The upstream releases meshform ships the kinds of, and how releases are ordered.
 */

/** The Istio releases meshform knows the kinds, fields, schemas and rules of, oldest first. */
export const ISTIO_RELEASES = ["1.24.6", "1.25.5", "1.26.8", "1.27.9", "1.28.10", "1.29.6", "1.30.3"] as const;
/** The Gateway API releases meshform knows the kinds, fields, schemas and rules of, oldest first. */
export const GATEWAY_API_RELEASES = ["v1.2.1", "v1.3.0", "v1.4.1", "v1.5.1", "v1.6.1"] as const;

/** An Istio release meshform can target. */
export type IstioRelease = (typeof ISTIO_RELEASES)[number];
/** A Gateway API release meshform can target. */
export type GatewayApiRelease = (typeof GATEWAY_API_RELEASES)[number];
/** A Gateway API release channel. */
export type GatewayApiChannel = "standard" | "experimental";
/** The Gateway API channels, standard first. */
export const GATEWAY_API_CHANNELS: readonly GatewayApiChannel[] = ["standard", "experimental"];

/** The newest Istio release meshform ships, the default target. */
export const NEWEST_ISTIO_RELEASE: IstioRelease = ISTIO_RELEASES[ISTIO_RELEASES.length - 1]!;
/** The newest Gateway API release meshform ships, the default target. */
export const NEWEST_GATEWAY_API_RELEASE: GatewayApiRelease = GATEWAY_API_RELEASES[GATEWAY_API_RELEASES.length - 1]!;

/** Whether `release` is an Istio release meshform ships. */
export function isIstioRelease(release: string): release is IstioRelease {
  return (ISTIO_RELEASES as readonly string[]).includes(release);
}

/** Whether `release` is a Gateway API release meshform ships. */
export function isGatewayApiRelease(release: string): release is GatewayApiRelease {
  return (GATEWAY_API_RELEASES as readonly string[]).includes(release);
}

/**
 * Orders releases by their numbers: `1.24.6` < `1.27.9` < `1.30.3`, `v1.2.1` < `v1.6.1`.
 *
 * @returns a negative number when `a` is older, 0 when they are the same, positive when newer
 */
export function compareReleases(a: string, b: string): number {
  const [x, y] = [releaseNumbers(a), releaseNumbers(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Each release's numbers, parsed once: releases are compared for every resource checked. */
const RELEASE_NUMBERS = new Map<string, readonly number[]>();

function releaseNumbers(release: string): readonly number[] {
  let numbers = RELEASE_NUMBERS.get(release);
  if (numbers === undefined) {
    numbers = release.replace(/^v/, "").split(".").map(Number);
    RELEASE_NUMBERS.set(release, numbers);
  }
  return numbers;
}
