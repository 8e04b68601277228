/**
 * Helpers the admission tests share: run a kind's check on a spec, and spell expected findings.
 *
 * @internal
 */
import { type IstioAdmissionFinding, istioAdmissionChecks } from "./index.js";

/** A test case: its name, the spec (or whole resource) checked, and the findings expected. */
export type Case = [name: string, spec: unknown, expected: IstioAdmissionFinding[]];

/** Runs the check registered for `key` ("group/Kind") on a resource named `name` in `ns` holding `spec`, as Istio `release` (default: the newest) would. */
export function check(key: string, spec: unknown, metadata: Record<string, unknown> = { name: "example", namespace: "ns" }, release?: string): IstioAdmissionFinding[] {
  const run = istioAdmissionChecks[key];
  if (run === undefined) throw new Error(`no admission check for ${key}`);
  const [group = "", kind = ""] = key.split("/");
  return run({ apiVersion: `${group}/v1`, kind, metadata, spec }, release);
}

/** An expected error. */
export function error(path: (string | number)[], message: string): IstioAdmissionFinding {
  return { path, message, severity: "error" };
}

/** An expected warning. */
export function warning(path: (string | number)[], message: string): IstioAdmissionFinding {
  return { path, message, severity: "warning" };
}
