/**
 * Typed Istio kinds generated from the Istio 1.30.3 CRDs: every kind and served version, with an
 * availability index back to Istio 1.24.6, and `releases`: every release's own schemas, CEL
 * rules and defaults (1.24.6 to 1.30.3), built when a release is first read.
 *
 * Import a group version by its subpath, e.g. `@meshform/istio/networking.istio.io/v1`; this
 * index gathers them as namespaces.
 *
 * @packageDocumentation
 */
export * as networkingV1 from "./generated/networking.istio.io/v1.js";
export * as networkingV1beta1 from "./generated/networking.istio.io/v1beta1.js";
export * as networkingV1alpha3 from "./generated/networking.istio.io/v1alpha3.js";
export * as securityV1 from "./generated/security.istio.io/v1.js";
export * as securityV1beta1 from "./generated/security.istio.io/v1beta1.js";
export * as telemetryV1 from "./generated/telemetry.istio.io/v1.js";
export * as telemetryV1alpha1 from "./generated/telemetry.istio.io/v1alpha1.js";
export * as extensionsV1alpha1 from "./generated/extensions.istio.io/v1alpha1.js";
export { kinds } from "./generated/kinds.js";
export { availability } from "./generated/availability.js";
export { releases } from "./generated/releases.js";
