/**
 * Typed Gateway API kinds, standard channel, generated from the v1.6.1 CRDs, with an
 * availability index back to v1.2.1, and `releases`: every release's own schemas, CEL rules and
 * defaults (v1.2.1 to v1.6.1), built when a release is first read.
 *
 * Import a version by its subpath, e.g. `@meshform/gateway-api/gateway.networking.k8s.io/v1`.
 * Experimental-channel kinds and fields are only reachable through an explicit import:
 * `@meshform/gateway-api/experimental` or `@meshform/gateway-api/experimental/<group>/<version>`.
 *
 * @packageDocumentation
 */
export * as v1 from "./generated/standard/gateway.networking.k8s.io/v1.js";
export * as v1beta1 from "./generated/standard/gateway.networking.k8s.io/v1beta1.js";
export { kinds } from "./generated/standard/kinds.js";
export { availability } from "./generated/standard/availability.js";
export { releases } from "./generated/standard/releases.js";
