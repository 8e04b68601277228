/**
 * Typed Kubernetes kinds generated from the Kubernetes 1.35 OpenAPI documents: every kind of
 * core/v1 (Pod, Service, ConfigMap, Secret, PersistentVolumeClaim, Namespace, Node, ...) and
 * apps/v1 (Deployment, StatefulSet, DaemonSet, ReplicaSet, ControllerRevision) that
 * `kubectl apply` can manage, with the definitions they use (`ObjectMeta`, `PodSpec`, ...).
 * Lists, Binding, ComponentStatus and subresource kinds are left out (docs/codegen.md says why).
 *
 * Import a group version by its subpath: `@meshform/k8s/core/v1`, `@meshform/k8s/apps/v1`,
 * `@meshform/k8s/meta/v1`.
 *
 * @packageDocumentation
 */
export * as coreV1 from "./generated/core/v1.js";
export * as appsV1 from "./generated/apps/v1.js";
export * as metaV1 from "./generated/meta/v1.js";
export { kinds } from "./generated/kinds.js";
export { availability } from "./generated/availability.js";
export { releases } from "./generated/releases.js";
