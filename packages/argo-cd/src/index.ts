/**
 * Typed Argo CD kinds generated from the Argo CD v3.5.1 CRDs: `Application`, `ApplicationSet`
 * and `AppProject` of `argoproj.io/v1alpha1`, with their zod schemas and metadata, so that the
 * ApplicationSets meshform writes are checked against Argo CD's own schema.
 *
 * Import the group version by its subpath, `@meshform/argo-cd/argoproj.io/v1alpha1`; this index
 * gathers it as a namespace.
 *
 * @packageDocumentation
 */
export * as argoprojV1alpha1 from "./generated/argoproj.io/v1alpha1.js";
export { kinds } from "./generated/kinds.js";
export { availability } from "./generated/availability.js";
