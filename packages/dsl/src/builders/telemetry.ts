import type {
  TelemetrySpec,
  TelemetrySpecAccessLogging,
  TelemetrySpecMetrics,
  TelemetrySpecMetricsOverrides,
  TelemetrySpecMetricsOverridesTagOverridesValue,
  TelemetrySpecTracing,
  TelemetrySpecTracingCustomTagsValue,
} from "@meshform/istio/telemetry.istio.io/v1";
import { addDraft, type BuilderContext, type DraftMetadata } from "../draft-store.js";
import { resourceRefOf, type ResourceRef } from "../refs.js";
import { plainCopy, targetFieldsOf, type PolicyTarget, type ReadonlyLists } from "./security.js";

/**
 * The providers a telemetry entry sends to, by name: Istio's built-in ones (`envoy`,
 * `prometheus`) or extension providers of the mesh config (`meshConfig.extensionProviders`).
 */
interface ProviderNames {
  /** @defaultValue the mesh config's default providers */
  readonly providers?: readonly string[];
}

/** One access logging entry: where logs go, and which requests are logged. */
export interface AccessLoggingOptions extends Omit<ReadonlyLists<TelemetrySpecAccessLogging>, "providers">, ProviderNames {}

type TagValue = TelemetrySpecMetricsOverridesTagOverridesValue;

/**
 * A metric tag to set or remove. `value` is a CEL expression (a literal string is quoted:
 * `"'china-shanghai-1'"`); it is needed to set the tag and not allowed when removing it.
 */
export type TagOverride =
  | { readonly operation?: Extract<TagValue["operation"], "UPSERT">; readonly value: NonNullable<TagValue["value"]> }
  | { readonly operation: Extract<TagValue["operation"], "REMOVE">; readonly value?: never };

/** An override of the standard metrics: which metric (`match.metric`), and its tags. */
export interface MetricOverrideOptions extends Omit<TelemetrySpecMetricsOverrides, "tagOverrides"> {
  /** @defaultValue the tags Istio sets */
  readonly tagOverrides?: Readonly<Record<string, TagOverride>>;
}

/** One metrics entry: providers and overrides. */
export interface MetricsOptions extends Omit<ReadonlyLists<TelemetrySpecMetrics>, "providers" | "overrides" | "reportingInterval">, ProviderNames {
  /** @defaultValue no override */
  readonly overrides?: readonly MetricOverrideOptions[];
  /** How often metrics are reported. @defaultValue the provider's */
  readonly reportingInterval?: `${number}${"ms" | "s" | "m" | "h"}`;
}

/** One tracing entry: providers, sampling and custom tags (`literal`, `environment`, `header`). */
export interface TracingOptions extends Omit<TelemetrySpecTracing, "providers" | "customTags">, ProviderNames {
  /** Tags added to each span, by tag name. @defaultValue none */
  readonly customTags?: Readonly<Record<string, TelemetrySpecTracingCustomTagsValue>>;
}

/** The options of a Telemetry resource. */
export interface TelemetryOptions extends DraftMetadata {
  /**
   * What it configures: a Gateway or waypoint, a Service, or workloads.
   * @defaultValue the whole namespace (the whole mesh, in the root namespace)
   */
  readonly target?: PolicyTarget;
  /** @defaultValue the mesh's access logging */
  readonly accessLogging?: readonly AccessLoggingOptions[];
  /** @defaultValue the mesh's metrics */
  readonly metrics?: readonly MetricsOptions[];
  /** @defaultValue the mesh's tracing */
  readonly tracing?: readonly TracingOptions[];
}

function withProviders<T>(entry: ProviderNames): T {
  const { providers, ...rest } = entry;
  return { ...(providers !== undefined ? { providers: providers.map((name) => ({ name })) } : {}), ...plainCopy<object>(rest) } as T;
}

function telemetrySpecOf(options: TelemetryOptions, namespace: string): TelemetrySpec {
  return {
    ...targetFieldsOf(options.target, namespace),
    ...(options.accessLogging !== undefined ? { accessLogging: options.accessLogging.map((entry) => withProviders<TelemetrySpecAccessLogging>(entry)) } : {}),
    ...(options.metrics !== undefined ? { metrics: options.metrics.map((entry) => withProviders<TelemetrySpecMetrics>(entry)) } : {}),
    ...(options.tracing !== undefined ? { tracing: options.tracing.map((entry) => withProviders<TelemetrySpecTracing>(entry)) } : {}),
  };
}

/** A Telemetry resource for a gateway, a service, workloads, the namespace or the mesh. */
export function addTelemetry(ctx: BuilderContext, namespace: string, name: string, options: TelemetryOptions): ResourceRef<"Telemetry"> {
  return resourceRefOf(addDraft(ctx, { group: "telemetry.istio.io", kind: "Telemetry", name, namespace, spec: telemetrySpecOf(options, namespace), metadata: options, method: "telemetry" }));
}
