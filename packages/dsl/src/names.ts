import type { Issue, SourceLocation } from "@meshform/diagnostics";
import type { KindEntry } from "@meshform/kind-runtime";
import type { Resource } from "./model.js";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Whether `name` is a DNS-1123 label (a namespace, a Service): at most 63 of `a-z0-9-`. */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

/** Whether `name` is a DNS-1123 subdomain (most object names): at most 253 characters. */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

/** Object names and namespaces must be DNS-1123 names; they also become file and folder names. */
export function checkNames(resource: Resource, entry: KindEntry, source: SourceLocation): Issue<"INVALID_NAME">[] {
  const issues: Issue<"INVALID_NAME">[] = [];
  const { name, namespace } = resource.metadata;
  const at = { resource: { apiVersion: resource.apiVersion, kind: resource.kind, name, ...(namespace ? { namespace } : {}) }, source };
  const labelKind = entry.info.kind === "Namespace" || entry.info.kind === "Service";
  if (!(labelKind ? isDnsLabel(name) : isDnsSubdomain(name))) {
    issues.push({ code: "INVALID_NAME", severity: "error", message: `${JSON.stringify(name)} is not a valid ${entry.info.kind} name`, hint: `use at most ${labelKind ? 63 : 253} lower-case letters, digits and '-'${labelKind ? "" : " or '.'"}, starting and ending with a letter or digit`, path: ["metadata", "name"], ...at });
  }
  if (namespace !== undefined && !isDnsLabel(namespace)) {
    issues.push({ code: "INVALID_NAME", severity: "error", message: `${JSON.stringify(namespace)} is not a valid namespace name`, hint: "use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit", path: ["metadata", "namespace"], ...at });
  }
  return issues;
}

/** A namespaced kind needs a namespace; a cluster-scoped kind must not have one. */
export function checkScope(resource: Resource, entry: KindEntry, source: SourceLocation): Issue<"SCOPE_MISMATCH">[] {
  const { name, namespace } = resource.metadata;
  const at = { path: ["metadata", "namespace"], resource: { apiVersion: resource.apiVersion, kind: resource.kind, name, ...(namespace ? { namespace } : {}) }, source };
  if (entry.info.scope === "Namespaced" && !namespace) {
    return [{ code: "SCOPE_MISMATCH", severity: "error", message: `${entry.info.kind} is namespaced, and this one names no namespace`, hint: "set metadata.namespace, or declare it through mesh.namespace(...)", ...at }];
  }
  if (entry.info.scope === "Cluster" && namespace) {
    return [{ code: "SCOPE_MISMATCH", severity: "error", message: `${entry.info.kind} is cluster-scoped and cannot be in namespace ${namespace}`, hint: "drop metadata.namespace", ...at }];
  }
  return [];
}
