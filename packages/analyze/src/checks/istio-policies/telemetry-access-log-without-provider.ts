import { parse } from "yaml";
import { GROUP, type MeshIndex } from "../../resource-index.js";
import { isObject, itemsOf, text } from "../../read.js";
import type { Check, Finding } from "../../types.js";

/**
 * TELEMETRY_ACCESS_LOG_WITHOUT_PROVIDER: a Telemetry's `accessLogging` entry names no provider
 * and is not `disabled: true`, while the mesh config sets no default access log provider
 * (istioctl's IST0157). istioctl reads the mesh config of the cluster, or its default, which has
 * none; meshform reads the `istio` ConfigMap of the root namespace when the set holds it (its
 * `data.mesh`), and otherwise takes Istio's default, as istioctl does on files.
 */
export const telemetryAccessLogWithoutProvider: Check = {
  code: "TELEMETRY_ACCESS_LOG_WITHOUT_PROVIDER",
  istioctlCode: "IST0157",
  severity: "warning",
  title: "Telemetry access logging without a provider",
  check: (index) => {
    const telemetries = index.ofKind(GROUP.telemetry, "Telemetry");
    if (telemetries.length === 0 || hasDefaultAccessLogProviders(index)) return [];
    const findings: Finding[] = [];
    for (const telemetry of telemetries) {
      for (const [i, entry] of itemsOf(Array.isArray(telemetry.spec.accessLogging) ? (telemetry.spec.accessLogging as Record<string, unknown>[]) : [])) {
        if (entry.disabled === true) continue;
        if (Array.isArray(entry.providers) && entry.providers.length > 0) continue;
        findings.push({
          resource: telemetry,
          path: ["spec", "accessLogging", i],
          message: `The Telemetry ${telemetry.name} in namespace ${JSON.stringify(telemetry.namespace)} with empty providers will be ignored: accessLogging[${i}] names no provider and the mesh config sets no default access log provider, so it writes no access log`,
          hint: "name the provider in providers (for example `- name: envoy`), or set meshConfig.defaultProviders.accessLogging; to turn access logs off, write disabled: true",
        });
      }
    }
    return findings;
  },
};

/** Whether the set's mesh config (the root namespace's `istio` ConfigMap) names default access log providers. */
function hasDefaultAccessLogProviders(index: MeshIndex): boolean {
  const configMap = index.find(GROUP.core, "ConfigMap", index.rootNamespace, "istio");
  const data = configMap === undefined ? undefined : configMap.input.object.data;
  const mesh = isObject(data) ? text(data.mesh) : undefined;
  if (mesh === undefined) return false;
  let config: unknown;
  try {
    config = parse(mesh, { logLevel: "error" });
  } catch {
    return false;
  }
  const defaults = isObject(config) && isObject(config.defaultProviders) ? config.defaultProviders : {};
  return Array.isArray(defaults.accessLogging) && defaults.accessLogging.length > 0;
}
