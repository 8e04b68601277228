import type { KindScope } from "@meshform/kind-runtime";

/**
 * Tells whether a kind is namespaced or cluster-scoped; `undefined` when it does not know, and
 * {@link DEFAULT_CLUSTER_KINDS} decides. meshform's catalog of kinds gives one for every kind it
 * has a schema for, a config's own kinds included: `createCatalog(...).scopeOf` from
 * `@meshform/catalog` (the renderer takes it as a function and imports no kinds).
 */
export type ScopeLookup = (apiVersion: string, kind: string) => KindScope | undefined;

/**
 * Cluster-scoped kinds every cluster has, as `Kind` (core group) or `Kind.group`, the way kubectl
 * names resources. Used for whatever a {@link ScopeLookup} leaves undecided; every other kind is
 * taken as namespaced.
 */
export const DEFAULT_CLUSTER_KINDS: ReadonlySet<string> = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "ComponentStatus",
  "APIService.apiregistration.k8s.io",
  "CustomResourceDefinition.apiextensions.k8s.io",
  "ClusterRole.rbac.authorization.k8s.io",
  "ClusterRoleBinding.rbac.authorization.k8s.io",
  "MutatingWebhookConfiguration.admissionregistration.k8s.io",
  "ValidatingWebhookConfiguration.admissionregistration.k8s.io",
  "ValidatingAdmissionPolicy.admissionregistration.k8s.io",
  "ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io",
  "CertificateSigningRequest.certificates.k8s.io",
  "IngressClass.networking.k8s.io",
  "RuntimeClass.node.k8s.io",
  "PriorityClass.scheduling.k8s.io",
  "StorageClass.storage.k8s.io",
  "CSIDriver.storage.k8s.io",
  "CSINode.storage.k8s.io",
  "VolumeAttachment.storage.k8s.io",
  "GatewayClass.gateway.networking.k8s.io",
]);

/** The `Kind.group` name of a kind (`Kind` alone in the core group), as kubectl writes it. */
export function qualifiedKind(group: string, kind: string): string {
  return group === "" ? kind : `${kind}.${group}`;
}

/**
 * Resolves the `scopeOf` option to a function that always answers: the lookup's own answer, or
 * membership of the set, then {@link DEFAULT_CLUSTER_KINDS}, then namespaced.
 *
 * @internal
 */
export function resolveScope(
  scopeOf: ScopeLookup | ReadonlySet<string> | undefined,
): (apiVersion: string, group: string, kind: string) => KindScope {
  return (apiVersion, group, kind) => {
    const name = qualifiedKind(group, kind);
    const given = typeof scopeOf === "function" ? scopeOf(apiVersion, kind) : scopeOf?.has(name) ? "Cluster" : undefined;
    return given ?? (DEFAULT_CLUSTER_KINDS.has(name) ? "Cluster" : "Namespaced");
  };
}
