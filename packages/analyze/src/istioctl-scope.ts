/** The namespaces whose resources istioctl analyze leaves out of the set it reads. */
import type { IndexedResource } from "./resource-index.js";

/** Kubernetes' system namespaces, which Istio never injects and istioctl never analyzes. */
const IGNORED: ReadonlySet<string> = new Set(["kube-system", "kube-public", "kube-node-lease", "local-path-storage"]);

/** Whether istioctl reads `resource` at all: it does not when it lives in a Kubernetes system namespace. */
export function analyzedByIstioctl(resource: IndexedResource): boolean {
  return !IGNORED.has(resource.namespace);
}
