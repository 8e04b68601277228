/**
 * What makes a document a resource at all: an object with a non-empty `apiVersion` and `kind`.
 * `meshform validate` and `meshform analyze` both report a document that is not one with the
 * words of this module, at the field that is missing.
 */
import type { ValidateIssue } from "./codes.js";
import { isRecord } from "./value.js";

/**
 * The `NOT_A_RESOURCE` error for a document that is not an object (a list, a string, a number)
 * or lacks `apiVersion` or `kind`, or `undefined` for a document that is a resource.
 *
 * @example
 * ```ts
 * notAResourceIssue(["a", "b"]); // { code: "NOT_A_RESOURCE", severity: "error", path: [], message: "document is not an object" }
 * notAResourceIssue({ apiVersion: "v1", kind: "Service" }); // undefined
 * ```
 */
export function notAResourceIssue(document: unknown): ValidateIssue | undefined {
  if (!isRecord(document)) return { code: "NOT_A_RESOURCE", severity: "error", path: [], message: "document is not an object" };
  const { apiVersion, kind } = document;
  if (typeof apiVersion !== "string" || apiVersion === "") return { code: "NOT_A_RESOURCE", severity: "error", path: ["apiVersion"], message: "Required value: apiVersion must be set" };
  if (typeof kind !== "string" || kind === "") return { code: "NOT_A_RESOURCE", severity: "error", path: ["kind"], message: "Required value: kind must be set" };
  return undefined;
}
