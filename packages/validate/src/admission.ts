/**
 * The bridge to Istio's admission rules (`./istio/`): the check registered for the resource's
 * `group/Kind`, its findings turned into issues. Run only on a resource the schema accepted.
 */
import type { ValidateIssue } from "./codes.js";
import { istioAdmissionChecks } from "./istio/index.js";

/**
 * The findings of Istio's admission check for `resource`, as the Istio `release` runs it (the
 * newest shipped when absent), or `[]` when no check covers its kind.
 */
export function checkIstioAdmission(group: string, resource: { apiVersion: string; kind: string; metadata?: unknown; spec?: unknown }, release?: string): ValidateIssue[] {
  const key = `${group}/${resource.kind}`;
  const check = Object.hasOwn(istioAdmissionChecks, key) ? istioAdmissionChecks[key] : undefined;
  if (check === undefined) return [];
  return check(resource, release).map((finding) =>
    finding.severity === "warning"
      ? { code: "ISTIO_ADMISSION_WARNING", severity: "warning", path: finding.path, message: finding.message }
      : { code: "ISTIO_ADMISSION", severity: "error", path: finding.path, message: finding.message },
  );
}
