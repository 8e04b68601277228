/**
 * Rules the webhook shares between kinds: workload selectors, policy target references, the
 * one-of selector/targetRef/targetRefs rule, `exportTo` lists and the `istio.io/dry-run` annotation.
 */
import { type FieldPath, type Findings, type ResourceMeta, entriesOf, reject, warn } from "./finding.js";
import { formatList, quote } from "./go-format.js";
import { isDNS1123Label } from "./hosts.js";
import { atLeast, NEWEST_MINOR } from "./release.js";

/** A policy target reference as the generated kinds spell it. */
export type TargetRef = { group?: string; kind: string; name: string; namespace?: string };

function checkSelectorLabels(labels: { [key: string]: string } | undefined, path: FieldPath, out: Findings): void {
  for (const [key, value] of entriesOf(labels)) {
    if (key === "") reject(out, [...path, key], `empty key is not supported in selector: ${quote(`${key}=${value}`)}`);
    if (key.includes("*") || value.includes("*")) {
      reject(out, [...path, key], `wildcard is not supported in selector: ${quote(`${key}=${value}`)} (name exact labels)`);
    }
  }
}

/** Checks a `selector: {matchLabels}` (security, telemetry, extension and DestinationRule kinds). */
export function checkWorkloadSelector(selector: { matchLabels?: { [key: string]: string } } | undefined, path: FieldPath, out: Findings): void {
  if (selector === undefined) return;
  checkSelectorLabels(selector.matchLabels, [...path, "matchLabels"], out);
  if (Object.keys(selector.matchLabels ?? {}).length === 0) warn(out, path, "workload selector specified without labels");
}

/**
 * Checks a `workloadSelector: {labels}` (Sidecar, ServiceEntry, EnvoyFilter). Returns false when
 * the webhook would stop there: it rejects such a resource without looking further.
 */
export function checkAlphaWorkloadSelector(
  selector: { labels?: { [key: string]: string } } | undefined, path: FieldPath, prefix: string, out: Findings,
): boolean {
  if (selector === undefined) return true;
  const before = out.length;
  checkSelectorLabels(selector.labels, [...path, "labels"], out);
  if (out.length > before) return false;
  if (Object.keys(selector.labels ?? {}).length === 0) {
    warn(out, path, `${prefix}: workload selector specified without labels, will be applied to all services in namespace`);
  }
  return true;
}

const allowedTargets = [
  ["core", "v1", "Service"],
  ["networking.istio.io", "v1", "ServiceEntry"],
  ["gateway.networking.k8s.io", "v1", "Gateway"],
  ["gateway.networking.k8s.io", "v1", "GatewayClass"],
] as const;

/** Checks one policy target reference: a name, no namespace, and a kind policies may target. */
export function checkTargetRef(ref: TargetRef | undefined, path: FieldPath, out: Findings, minor = NEWEST_MINOR): void {
  if (ref === undefined) return;
  if (ref.name === "") reject(out, [...path, "name"], "targetRef name must be set");
  if ((ref.namespace ?? "") !== "") {
    reject(out, [...path, "namespace"], "targetRef namespace must not be set; cross namespace referencing is not supported");
  }
  const group = ref.group === undefined || ref.group === "" ? "core" : ref.group;
  // A GatewayClass may be targeted from 1.25.
  const allowed = atLeast(minor, 25) ? allowedTargets : allowedTargets.filter(([, , kind]) => kind !== "GatewayClass");
  if (!allowed.some(([g, , kind]) => g === group && kind === ref.kind)) {
    const names = allowed.map((target) => target.join("/"));
    reject(out, path, `targetRef must be to one of ${formatList(names)} but was ${ref.group ?? ""}/${ref.kind}`);
  }
}

/** The selector and target fields a targetable policy has. */
export type Targetable = {
  selector?: { matchLabels?: { [key: string]: string } };
  targetRef?: TargetRef;
  targetRefs?: TargetRef[];
};

/** Checks the selector, `targetRef` and `targetRefs` of a policy as Istio 1.`minor` does, and that at most one is set. */
export function checkPolicyTargets(spec: Targetable, out: Findings, minor = NEWEST_MINOR): void {
  const set = [spec.selector !== undefined, spec.targetRef !== undefined, (spec.targetRefs ?? []).length > 0];
  if (set.filter(Boolean).length > 1) reject(out, ["spec"], "only one of targetRefs or workloadSelector can be set");
  checkWorkloadSelector(spec.selector, ["spec", "selector"], out);
  checkTargetRef(spec.targetRef, ["spec", "targetRef"], out, minor);
  for (const [index, ref] of (spec.targetRefs ?? []).entries()) checkTargetRef(ref, ["spec", "targetRefs", index], out, minor);
}

function visibilityError(entry: string): string | undefined {
  if (entry === "." || entry === "*") return undefined;
  if (entry === "~") return "exportTo ~ (none) is not allowed for Istio configuration objects";
  return isDNS1123Label(entry) ? undefined : "only .,*,~, or a valid DNS 1123 label is allowed as exportTo entry";
}

/** What kind of resource an `exportTo` list belongs to. */
export type ExportToOwner = "service-entry" | "destination-rule-with-selector" | "other";

/** Checks an `exportTo` list: known values, no duplicates, `*` or `~` alone. */
export function checkExportTo(exportTo: string[] | undefined, namespace: string, owner: ExportToOwner, out: Findings): void {
  if (exportTo === undefined || exportTo.length === 0) return;
  const path = ["spec", "exportTo"];
  const seen = new Set<string>();
  const current = namespace === "" ? "." : namespace;
  for (const [index, entry] of exportTo.entries()) {
    const key = entry === "." ? current : entry;
    if (seen.has(key)) {
      const message = key !== entry
        ? `duplicate entries in exportTo: . and current namespace ${namespace}`
        : `duplicate entries in exportTo for entry ${entry}`;
      reject(out, [...path, index], message);
      continue;
    }
    const error = owner === "service-entry" && entry === "~" ? undefined : visibilityError(key);
    if (error === undefined) seen.add(key);
    else reject(out, [...path, index], error);
  }
  if (owner === "destination-rule-with-selector" && seen.size > 0) {
    if (!seen.has(current)) reject(out, path, "destination rule with workload selector cannot have exportTo beyond current namespace");
    else if (seen.size > 1) reject(out, path, "destination rule with workload selector cannot have multiple entries in exportTo");
  }
  if (seen.has("*") && exportTo.length > 1) reject(out, path, "cannot have both public (*) and non-public exportTo values for a resource");
  if (seen.has("~") && exportTo.length > 1) reject(out, path, "cannot export service entry to no one (~) and someone");
}

const dryRun = "istio.io/dry-run";
const goBools = new Set(["1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"]);

/**
 * Checks the annotations every kind's webhook looks at: `istio.io/dry-run` (AuthorizationPolicy
 * with ALLOW or DENY only, and a boolean) and the annotation that makes the webhook reject.
 */
export function checkAnnotations(meta: ResourceMeta, action: string | undefined, out: Findings): void {
  const annotations = meta.annotations ?? {};
  const where = `${meta.namespace ?? ""}/${meta.name ?? ""}`;
  const value = annotations[dryRun];
  const path = ["metadata", "annotations", dryRun];
  if (value !== undefined && action === undefined) {
    reject(out, path, `${where} has unsupported annotation ${dryRun}, please remove the annotation`);
  } else if (value !== undefined && action !== "ALLOW" && action !== "DENY") {
    reject(out, path, `the annotation ${dryRun} currently only supports action ALLOW/DENY, found action ${action} in ${where}`);
  } else if (value !== undefined && !goBools.has(value)) {
    const cause = `strconv.ParseBool: parsing ${quote(value)}: invalid syntax`;
    reject(out, path, `${where} has annotation ${dryRun} with invalid value (${value}): ${cause} (use "true" or "false")`);
  }
  const alwaysReject = "internal.istio.io/webhook-always-reject";
  if (annotations[alwaysReject] !== undefined) {
    reject(out, ["metadata", "annotations", alwaysReject], `${quote(alwaysReject)} annotation found, rejecting`);
  }
}
