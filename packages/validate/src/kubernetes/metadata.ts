/**
 * What the API server checks in every object's metadata beyond its schema (`ValidateObjectMeta`):
 * label keys are qualified names and label values at most 63 characters of a restricted set;
 * annotation keys are qualified names (in any case) and all annotations together hold at most
 * 256 KiB. The same rules apply to a pod template's metadata and to label selectors.
 */
import { labelValueProblems, qualifiedNameProblems } from "@meshform/kind-runtime";
import type { FieldPath } from "../value.js";
import { type Out, forbidden, invalid, isObject, listOf, required } from "./field.js";

/** The most bytes the keys and values of an object's annotations may hold together (`TotalAnnotationSizeLimitB`). */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** `ValidateLabels`: each key a qualified name, each value a label value; errors at the labels' path. */
export function checkLabels(labels: unknown, path: FieldPath, out: Out): void {
  if (!isObject(labels)) return;
  for (const [key, value] of Object.entries(labels)) {
    for (const problem of qualifiedNameProblems(key)) invalid(out, path, key, problem);
    if (typeof value === "string") for (const problem of labelValueProblems(value)) invalid(out, path, value, problem);
  }
}

/** `ValidateAnnotations`: each key a qualified name once lower-cased, and at most 256 KiB in all. */
export function checkAnnotations(annotations: unknown, path: FieldPath, out: Out): void {
  if (!isObject(annotations)) return;
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    for (const problem of qualifiedNameProblems(key.toLowerCase())) invalid(out, path, key, problem);
    size += Buffer.byteLength(key) + (typeof value === "string" ? Buffer.byteLength(value) : 0);
  }
  if (size > ANNOTATIONS_MAX_BYTES) out.push({ code: "KUBERNETES_INVALID", severity: "error", path: [...path], message: `Too long: must have at most ${ANNOTATIONS_MAX_BYTES} bytes` });
}

/** The labels and annotations of the metadata at `path` (an object's, or a pod template's). */
export function checkObjectMeta(metadata: unknown, path: FieldPath, out: Out): void {
  if (!isObject(metadata)) return;
  checkLabels(metadata.labels, [...path, "labels"], out);
  checkAnnotations(metadata.annotations, [...path, "annotations"], out);
}

const OPERATORS = new Set(["In", "NotIn", "Exists", "DoesNotExist"]);

/** `ValidateLabelSelector`: its `matchLabels` as labels, and each `matchExpressions` requirement. */
export function checkLabelSelector(selector: unknown, path: FieldPath, out: Out): void {
  if (!isObject(selector)) return;
  checkLabels(selector.matchLabels, [...path, "matchLabels"], out);
  for (const [index, requirement] of listOf(selector.matchExpressions).entries()) {
    if (!isObject(requirement)) continue;
    const at = [...path, "matchExpressions", index];
    const values = listOf(requirement.values);
    const operator = requirement.operator;
    if (operator === "In" || operator === "NotIn") {
      if (values.length === 0) required(out, [...at, "values"], "must be specified when `operator` is 'In' or 'NotIn'");
    } else if (operator === "Exists" || operator === "DoesNotExist") {
      if (values.length > 0) forbidden(out, [...at, "values"], "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    } else {
      invalid(out, [...at, "operator"], operator, "not a valid selector operator");
    }
    if (typeof requirement.key === "string") for (const problem of qualifiedNameProblems(requirement.key)) invalid(out, [...at, "key"], requirement.key, problem);
    for (const [valueIndex, value] of values.entries()) {
      if (typeof value === "string") for (const problem of labelValueProblems(value)) invalid(out, [...at, "values", valueIndex], value, problem);
    }
  }
}

/**
 * Whether a label selector selects `labels` (`LabelSelectorAsSelector(...).Matches`), or
 * `undefined` when the selector cannot be built (an unknown operator).
 */
export function selects(selector: Record<string, unknown>, labels: Record<string, string>): boolean | undefined {
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  let matched = Object.entries(matchLabels).every(([key, value]) => Object.hasOwn(labels, key) && labels[key] === value);
  for (const requirement of listOf(selector.matchExpressions)) {
    if (!isObject(requirement) || typeof requirement.key !== "string" || !OPERATORS.has(String(requirement.operator))) return undefined;
    const has = Object.hasOwn(labels, requirement.key);
    const values = listOf(requirement.values);
    const value = labels[requirement.key];
    switch (requirement.operator) {
      case "In": matched &&= has && values.includes(value); break;
      case "NotIn": matched &&= !has || !values.includes(value); break;
      case "Exists": matched &&= has; break;
      default: matched &&= !has;
    }
  }
  return matched;
}
