/**
 * The field errors of Kubernetes' Go validation (`k8s.io/apimachinery/pkg/util/validation/field`),
 * worded as the API server words them: `Invalid value: "x": <why>`, `Required value`,
 * `Duplicate value: "x"`, `Too long: must have at most N bytes`, `Forbidden: <why>`.
 */
import type { ValidateIssue } from "../codes.js";
import type { FieldPath } from "../value.js";

/** The issues a check appends to as it walks a resource. */
export type Out = ValidateIssue[];

function push(out: Out, path: FieldPath, message: string): void {
  out.push({ code: "KUBERNETES_INVALID", severity: "error", path: [...path], message });
}

/**
 * A value as `field.Invalid` prints it: a string quoted, a number or boolean as is, a map of
 * strings as Go's `%#v` prints it (`map[string]string{"app":"web"}`, keys sorted).
 */
export function goValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === undefined || value === null) return "null";
  if (typeof value === "object" && !Array.isArray(value)) return goStringMap(value as Record<string, unknown>);
  return JSON.stringify(value);
}

/** A `map[string]string` as Go's `%#v` prints it; `undefined` is the nil map. */
export function goStringMap(map: Record<string, unknown> | undefined): string {
  if (map === undefined) return "map[string]string(nil)";
  const entries = Object.keys(map).sort().map((key) => `${JSON.stringify(key)}:${JSON.stringify(String(map[key]))}`);
  return `map[string]string{${entries.join(", ")}}`;
}

/** `field.Invalid`. */
export function invalid(out: Out, path: FieldPath, value: unknown, detail: string): void {
  push(out, path, `Invalid value: ${goValue(value)}: ${detail}`);
}

/** `field.Invalid` with a value already printed (a Go struct). */
export function invalidPrinted(out: Out, path: FieldPath, printed: string, detail: string): void {
  push(out, path, `Invalid value: ${printed}: ${detail}`);
}

/** `field.Required`, with its detail when there is one. */
export function required(out: Out, path: FieldPath, detail = ""): void {
  push(out, path, detail === "" ? "Required value" : `Required value: ${detail}`);
}

/** `field.Forbidden`. */
export function forbidden(out: Out, path: FieldPath, detail: string): void {
  push(out, path, `Forbidden: ${detail}`);
}

/** `field.Duplicate`. */
export function duplicate(out: Out, path: FieldPath, value: unknown): void {
  push(out, path, `Duplicate value: ${goValue(value)}`);
}

/** `field.TooLong` with a limit in bytes. */
export function tooLong(out: Out, path: FieldPath, maxBytes: number): void {
  push(out, path, `Too long: must have at most ${maxBytes} bytes`);
}

/** Whether `value` is a plain object (a map or a struct in the manifest). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `value` when it is a list, else an empty one. */
export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` when it is a map of strings (labels, a selector), else `undefined`. */
export function stringMapOf(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const map: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) if (typeof item === "string") map[key] = item;
  return map;
}
