/**
 * Kubernetes' own validation of an object, beyond its OpenAPI schema: what the API server's Go
 * validation (`k8s.io/kubernetes/pkg/apis/core/validation`, `.../apps/validation` and
 * apimachinery's) rejects on create. Metadata labels and annotations are checked for every kind,
 * custom resources included, as the API server checks every object's metadata; the rest per kind:
 * Service ports and selector, container names and ports of a Pod and of every pod template,
 * ConfigMap and Secret keys and sizes, and a workload's selector against its template's labels.
 * Names are checked in `../names.ts`. See docs/validate.md.
 */
import type { KindInfo } from "@meshform/kind-runtime";
import type { ValidateIssue } from "../codes.js";
import { checkConfigMap, checkSecret } from "./config.js";
import type { Out } from "./field.js";
import { checkObjectMeta } from "./metadata.js";
import { checkPodSpec, checkPodTemplate } from "./pod.js";
import { checkService } from "./service.js";
import { checkReplicationController, checkWorkload } from "./workloads.js";

export { ANNOTATIONS_MAX_BYTES } from "./metadata.js";
export { DATA_MAX_BYTES } from "./config.js";

type KindCheck = (resource: Record<string, unknown>, out: Out) => void;

const CHECKS: ReadonlyMap<string, KindCheck> = new Map<string, KindCheck>([
  ["/Service", checkService],
  ["/Pod", (resource, out) => checkPodSpec(resource.spec, ["spec"], out)],
  ["/PodTemplate", (resource, out) => checkPodTemplate(resource.template, ["template"], out)],
  ["/ReplicationController", checkReplicationController],
  ["/ConfigMap", checkConfigMap],
  ["/Secret", checkSecret],
  ["apps/Deployment", (resource, out) => checkWorkload("Deployment", resource, out)],
  ["apps/ReplicaSet", (resource, out) => checkWorkload("ReplicaSet", resource, out)],
  ["apps/StatefulSet", (resource, out) => checkWorkload("StatefulSet", resource, out)],
  ["apps/DaemonSet", (resource, out) => checkWorkload("DaemonSet", resource, out)],
]);

/**
 * The `KUBERNETES_INVALID` errors of a resource whose schema holds no blocking error: its
 * metadata's labels and annotations, and what the API server's Go validation checks for its kind.
 *
 * @example
 * ```ts
 * checkKubernetes({ group: "", kind: "Service" }, { metadata: { name: "web" }, spec: { ports: [{ port: 80, targetPort: "a-very-long-port-name" }] } });
 * // [{ code: "KUBERNETES_INVALID", path: ["spec", "ports", 0, "targetPort"], message: 'Invalid value: "a-very-long-port-name": must be no more than 15 characters', ... }]
 * ```
 */
export function checkKubernetes(info: Pick<KindInfo, "group" | "kind">, resource: Record<string, unknown>): ValidateIssue[] {
  const out: Out = [];
  checkObjectMeta(resource.metadata, ["metadata"], out);
  CHECKS.get(`${info.group}/${info.kind}`)?.(resource, out);
  return out;
}
