/**
 * Istio's own admission rules: what its validating webhook rejects (or warns about) beyond the CRD
 * schemas, checked on one resource at a time. Each kind's rules live in their own file; this
 * module maps `"<group>/<Kind>"` to them. See docs/istio-admission.md for the rules implemented
 * and the ones left out.
 *
 * The checks expect resources the kind's schema already accepted (fields have the right types).
 */
import { type Findings, type IstioAdmissionFinding, type IstioResource, dedupe, metaOf, reject } from "./finding.js";
import { quote } from "./go-format.js";
import { checkAuthorizationPolicy } from "./authorization-policy.js";
import { checkDestinationRule } from "./destination-rule.js";
import { checkEnvoyFilter } from "./envoy-filter.js";
import { checkGateway } from "./gateway.js";
import { checkPeerAuthentication } from "./peer-authentication.js";
import { checkProxyConfig } from "./proxy-config.js";
import { checkRequestAuthentication } from "./request-authentication.js";
import { checkServiceEntry } from "./service-entry.js";
import { checkSidecar } from "./sidecar.js";
import { checkTelemetry } from "./telemetry.js";
import { checkVirtualService } from "./virtual-service.js";
import { checkTrafficExtension, checkWasmPlugin } from "./wasm-plugin.js";
import { checkWorkloadEntryResource, checkWorkloadGroup } from "./workload-entry.js";
import { atLeast, minorOf } from "./release.js";

export type { IstioAdmissionFinding } from "./finding.js";

/**
 * The check of one kind: the webhook's findings for `resource`, as the Istio `release` (e.g.
 * `"1.27.9"`; the newest shipped when absent) runs its rules.
 */
export type Check = (resource: IstioResource, release?: string) => IstioAdmissionFinding[];

/** The annotations of Istio's generated resources that users may not set, refused from 1.27 for every kind. */
const INTERNAL_PARENT_ANNOTATIONS = ["internal.istio.io/parent-namespace", "internal.istio.io/parents"];

function internalAnnotations(resource: IstioResource, minor: number): Findings {
  if (!atLeast(minor, 27)) return [];
  const annotations = metaOf(resource).annotations ?? {};
  const out: Findings = [];
  for (const name of INTERNAL_PARENT_ANNOTATIONS) {
    if (Object.hasOwn(annotations, name)) reject(out, ["metadata", "annotations", name], `${quote(name)} annotation found, this may not be set by users`);
  }
  return out;
}

function distinct(check: (resource: IstioResource, minor: number) => Findings): Check {
  return (resource, release) => {
    const minor = minorOf(release);
    return dedupe([...check(resource, minor), ...internalAnnotations(resource, minor)]);
  };
}

/**
 * The admission checks per kind, keyed by `"<group>/<Kind>"` (any served version): each returns
 * the webhook's errors and warnings for one resource, with the field path they concern.
 *
 * @example
 * ```ts
 * const check = istioAdmissionChecks["networking.istio.io/VirtualService"];
 * const findings = check?.({ apiVersion: "networking.istio.io/v1", kind: "VirtualService", spec: { hosts: ["a"] } }) ?? [];
 * // [{ path: ["spec"], message: "http, tcp or tls must be provided in virtual service", severity: "error" }]
 * ```
 *
 * A check takes the targeted Istio release as its second argument: rules that changed between
 * releases are checked as that release runs them.
 */
export const istioAdmissionChecks: Readonly<Record<string, Check>> = Object.freeze({
  "networking.istio.io/VirtualService": distinct(checkVirtualService),
  "networking.istio.io/DestinationRule": distinct(checkDestinationRule),
  "networking.istio.io/Gateway": distinct(checkGateway),
  "networking.istio.io/ServiceEntry": distinct(checkServiceEntry),
  "networking.istio.io/Sidecar": distinct(checkSidecar),
  "networking.istio.io/WorkloadEntry": distinct(checkWorkloadEntryResource),
  "networking.istio.io/WorkloadGroup": distinct(checkWorkloadGroup),
  "networking.istio.io/EnvoyFilter": distinct(checkEnvoyFilter),
  "networking.istio.io/ProxyConfig": distinct(checkProxyConfig),
  "security.istio.io/AuthorizationPolicy": distinct(checkAuthorizationPolicy),
  "security.istio.io/PeerAuthentication": distinct(checkPeerAuthentication),
  "security.istio.io/RequestAuthentication": distinct(checkRequestAuthentication),
  "telemetry.istio.io/Telemetry": distinct(checkTelemetry),
  "extensions.istio.io/WasmPlugin": distinct(checkWasmPlugin),
  "extensions.istio.io/TrafficExtension": distinct(checkTrafficExtension),
});
