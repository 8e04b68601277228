/**
 * What the API server checks in a Deployment, ReplicaSet, StatefulSet and DaemonSet beyond their
 * schemas (`ValidateDeploymentSpec` and its siblings), as far as meshform checks it: the selector
 * is a valid label selector and not empty, it selects the pod template's labels, and the pod
 * template is checked as a pod's (labels, annotations, containers, ports). A ReplicationController's
 * selector is a map of labels that must select its template's labels too.
 */
import type { FieldPath } from "../value.js";
import { type Out, goStringMap, invalidPrinted, isObject, listOf, stringMapOf } from "./field.js";
import { checkLabels, checkLabelSelector, selects } from "./metadata.js";
import { checkPodTemplate } from "./pod.js";

const MISMATCH = "`selector` does not match template `labels`";

/** The word each kind's empty-selector message uses (a ReplicaSet says "deployment", as the API server does). */
const EMPTY_SELECTOR: Readonly<Record<string, string>> = { Deployment: "deployment", ReplicaSet: "deployment", StatefulSet: "statefulset", DaemonSet: "daemonset" };

/** A `*metav1.LabelSelector` as the empty-selector error prints it (dereferenced, Go's `%#v`). */
function goSelector(selector: Record<string, unknown>): string {
  const labels = isObject(selector.matchLabels) ? goStringMap(stringMapOf(selector.matchLabels)) : "map[string]string(nil)";
  const expressions = Array.isArray(selector.matchExpressions) ? "[]v1.LabelSelectorRequirement{}" : "[]v1.LabelSelectorRequirement(nil)";
  return `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${expressions}}`;
}

/** Checks the selector and the pod template of an apps/v1 workload. */
export function checkWorkload(kind: string, resource: Record<string, unknown>, out: Out): void {
  const spec = isObject(resource.spec) ? resource.spec : {};
  const path: FieldPath = ["spec"];
  const template = isObject(spec.template) ? spec.template : undefined;
  const templateLabels = stringMapOf(isObject(template?.metadata) ? template.metadata.labels : undefined);
  const selector = spec.selector;
  if (isObject(selector)) {
    checkLabelSelector(selector, [...path, "selector"], out);
    const size = Object.keys(isObject(selector.matchLabels) ? selector.matchLabels : {}).length + listOf(selector.matchExpressions).length;
    if (size === 0) invalidPrinted(out, [...path, "selector"], goSelector(selector), `empty selector is invalid for ${EMPTY_SELECTOR[kind] ?? kind.toLowerCase()}`);
    // An empty selector selects everything, so only a non-empty one is compared with the labels.
    else if (template !== undefined && selects(selector, templateLabels ?? {}) === false) {
      invalidPrinted(out, [...path, "template", "metadata", "labels"], goStringMap(templateLabels), MISMATCH);
    }
  }
  checkPodTemplate(template, [...path, "template"], out);
}

/** Checks a ReplicationController: its selector (a map of labels) must select its template's labels. */
export function checkReplicationController(resource: Record<string, unknown>, out: Out): void {
  const spec = isObject(resource.spec) ? resource.spec : {};
  const template = isObject(spec.template) ? spec.template : undefined;
  const selector = stringMapOf(spec.selector);
  checkLabels(spec.selector, ["spec", "selector"], out);
  const templateLabels = stringMapOf(isObject(template?.metadata) ? template.metadata.labels : undefined);
  if (template !== undefined && selector !== undefined && Object.keys(selector).length > 0 && selects({ matchLabels: selector }, templateLabels ?? {}) === false) {
    invalidPrinted(out, ["spec", "template", "metadata", "labels"], goStringMap(templateLabels), MISMATCH);
  }
  checkPodTemplate(template, ["spec", "template"], out);
}
