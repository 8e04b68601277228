/**
 * Telemetry admission rules: targets and selector, provider names, metric tag overrides, the
 * tracing sampling percentage and custom tags.
 */
import type { TelemetrySpec, TelemetrySpecMetrics, TelemetrySpecTracing } from "@meshform/istio/telemetry.istio.io/v1";
import { type FieldPath, type Findings, type IstioResource, entriesOf, metaOf, reject, rejectIf, warn } from "./finding.js";
import { checkAnnotations, checkPolicyTargets } from "./policy.js";
import { NEWEST_MINOR } from "./release.js";
import { celSyntaxError } from "./cel.js";

function checkProviders(providers: readonly { name: string }[] | undefined, path: FieldPath, out: Findings): void {
  const empty = (providers ?? []).findIndex((provider) => provider.name === "");
  if (empty >= 0) reject(out, [...path, empty, "name"], "providers.name may not be empty (name a provider of the mesh config's extensionProviders)");
}

function checkMetrics(metrics: readonly TelemetrySpecMetrics[], out: Findings): void {
  for (const [index, metric] of metrics.entries()) {
    const path = ["spec", "metrics", index];
    checkProviders(metric.providers, [...path, "providers"], out);
    for (const [overrideIndex, override] of (metric.overrides ?? []).entries()) {
      const at = [...path, "overrides", overrideIndex];
      for (const [name, tag] of entriesOf(override.tagOverrides)) {
        if (name === "") warn(out, [...at, "tagOverrides", name], "tagOverrides.name may not be empty");
        const operation = tag.operation ?? "UPSERT";
        if (operation === "UPSERT" && (tag.value ?? "") === "") reject(out, [...at, "tagOverrides", name, "value"], "tagOverrides.value must be set when operation is UPSERT");
        if (operation === "REMOVE" && (tag.value ?? "") !== "") reject(out, [...at, "tagOverrides", name, "value"], "tagOverrides.value may only be set when operation is UPSERT");
      }
      if (override.match?.customMetric === "") reject(out, [...at, "match", "customMetric"], "customMetric may not be empty");
    }
  }
}

function checkTracing(tracing: readonly TelemetrySpecTracing[], out: Findings): void {
  if (tracing.length > 1) warn(out, ["spec", "tracing"], "multiple tracing is not currently supported");
  for (const [index, trace] of tracing.entries()) {
    const path = ["spec", "tracing", index];
    if ((trace.providers ?? []).length > 1) warn(out, [...path, "providers"], "multiple providers is not currently supported");
    checkProviders(trace.providers, [...path, "providers"], out);
    const percentage = trace.randomSamplingPercentage ?? 0;
    if (percentage < 0 || percentage > 100) reject(out, [...path, "randomSamplingPercentage"], "randomSamplingPercentage must be in range [0.0, 100.0]");
    for (const [name, tag] of entriesOf(trace.customTags)) {
      const at = [...path, "customTags", name];
      if (name === "") reject(out, at, "tag name may not be empty");
      if (tag.literal !== undefined && tag.literal.value === "") reject(out, [...at, "literal", "value"], "literal tag value may not be empty");
      if (tag.header !== undefined && tag.header.name === "") reject(out, [...at, "header", "name"], "header tag name may not be empty");
      if (tag.environment !== undefined && tag.environment.name === "") reject(out, [...at, "environment", "name"], "environment tag name may not be empty");
    }
  }
}

/** Checks a Telemetry as the validating webhook of Istio 1.`minor` does (the newest when absent). */
export function checkTelemetry(resource: IstioResource, minor = NEWEST_MINOR): Findings {
  const spec = (resource.spec ?? {}) as TelemetrySpec;
  const out: Findings = [];
  checkAnnotations(metaOf(resource), undefined, out);
  checkPolicyTargets(spec, out, minor);
  checkMetrics(spec.metrics ?? [], out);
  checkTracing(spec.tracing ?? [], out);
  for (const [index, logging] of (spec.accessLogging ?? []).entries()) {
    if (logging.filter !== undefined) {
      rejectIf(out, ["spec", "accessLogging", index, "filter", "expression"], celSyntaxError(logging.filter.expression ?? ""));
    }
    checkProviders(logging.providers, ["spec", "accessLogging", index, "providers"], out);
  }
  return out;
}
