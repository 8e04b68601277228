/**
 * Gateway API kinds of the experimental channel (v1.6.1): a superset of the standard channel,
 * with the experimental-only kinds (XBackendTrafficPolicy, XMesh, ...) and fields; `releases`
 * gives every release's own experimental schemas, CEL rules and defaults.
 *
 * @packageDocumentation
 */
export * as v1 from "./generated/experimental/gateway.networking.k8s.io/v1.js";
export * as v1beta1 from "./generated/experimental/gateway.networking.k8s.io/v1beta1.js";
export * as v1alpha2 from "./generated/experimental/gateway.networking.k8s.io/v1alpha2.js";
export * as v1alpha3 from "./generated/experimental/gateway.networking.k8s.io/v1alpha3.js";
export * as xV1alpha1 from "./generated/experimental/gateway.networking.x-k8s.io/v1alpha1.js";
export { kinds } from "./generated/experimental/kinds.js";
export { availability } from "./generated/experimental/availability.js";
export { releases } from "./generated/experimental/releases.js";
