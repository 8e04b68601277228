import type { PeerAuthenticationSpec } from "@meshform/istio/security.istio.io/v1";
import { addDraft, type BuilderContext, type DraftMetadata } from "../draft-store.js";
import { resourceRefOf, type GatewayApiGatewayRef, type ResourceRef, type ServiceRef, type WorkloadRef } from "../refs.js";
import { meshPeerAuthentication, type MtlsMode } from "./mesh-security.js";

/** Labels that select workloads (pods, VMs), as a policy `selector.matchLabels` holds them. */
export type WorkloadLabels = Readonly<Record<string, string>>;

/**
 * What a policy (RequestAuthentication, AuthorizationPolicy, Telemetry) applies to: a Gateway
 * or a waypoint (`targetRefs`), a Service (`targetRefs`, through its waypoint in ambient mode),
 * or workloads by their labels (`selector`, which selects in the policy's own namespace: use
 * `ns.workload` of that namespace). No target means the whole namespace.
 */
export type PolicyTarget = GatewayApiGatewayRef | ServiceRef | WorkloadRef;

/**
 * `T` with every list field readonly, so that option values written `as const` or shared
 * between calls are accepted as they are.
 */
export type ReadonlyLists<T> = { readonly [K in keyof T]: T[K] extends (infer E)[] | undefined ? readonly E[] : T[K] };

/** The fields a policy spec gets from its target: `targetRefs`, `selector`, or nothing. */
export interface TargetFields {
  targetRefs?: { group: string; kind: string; name: string; namespace?: string }[];
  selector?: { matchLabels: { [key: string]: string } };
}

/**
 * A deep copy of option data as the upstream object holds it: readonly lists become plain
 * arrays and fields set to `undefined` are left out, so later changes to the options do not
 * reach the model.
 */
export function plainCopy<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A reference to the workloads of `namespace` that carry `labels`. */
export function workloadOf(namespace: string, labels: WorkloadLabels): WorkloadRef {
  return { refType: "workload", namespace, matchLabels: { ...labels } };
}

function isWorkloadRef(value: WorkloadRef | WorkloadLabels): value is WorkloadRef {
  return value.refType === "workload" && typeof value.matchLabels === "object";
}

/** `selector.matchLabels` of a workload reference or of plain labels. */
export function selectorOf(selector: WorkloadRef | WorkloadLabels): { matchLabels: { [key: string]: string } } {
  return { matchLabels: { ...(isWorkloadRef(selector) ? selector.matchLabels : selector) } };
}

/**
 * The `targetRefs` or `selector` of a policy declared in `namespace`. A Gateway or Service of
 * another namespace keeps its `namespace` in the reference, so the CRD's rule (no cross-namespace
 * references) reports it instead of the policy silently targeting a namesake.
 */
export function targetFieldsOf(target: PolicyTarget | undefined, namespace: string): TargetFields {
  if (target === undefined) return {};
  if (target.refType === "workload") return { selector: selectorOf(target) };
  const ref = { group: target.group, kind: target.kind, name: target.name };
  return { targetRefs: [target.namespace === namespace ? ref : { ...ref, namespace: target.namespace }] };
}

/** Mutual TLS modes by port number, for the ports that differ from the workload's mode. */
export type PortLevelMtls = { readonly [port: number]: MtlsMode };

/** The options of a PeerAuthentication for the whole namespace (see also `ns.mtls`). */
export interface NamespacePeerAuthenticationOptions extends DraftMetadata {
  /** The namespace's mode. */
  readonly mode: MtlsMode;
}

/**
 * The options of a PeerAuthentication for selected workloads. Per-port modes live here only:
 * Istio ignores `portLevelMtls` without a selector, so it cannot be written without one.
 */
export interface WorkloadPeerAuthenticationOptions extends DraftMetadata {
  /** The workloads it applies to: `ns.workload(labels)` or their labels. */
  readonly selector: WorkloadRef | WorkloadLabels;
  /** @defaultValue the namespace's (or the mesh's) mode */
  readonly mode?: MtlsMode;
  /** @defaultValue every port uses `mode` */
  readonly portLevel?: PortLevelMtls;
}

/** The options of a PeerAuthentication: namespace-wide, or for selected workloads with per-port modes. */
export type PeerAuthenticationOptions = NamespacePeerAuthenticationOptions | WorkloadPeerAuthenticationOptions;

/** A namespace-wide PeerAuthentication named `default` (the mesh-wide one in the root namespace). */
export function addNamespaceMtls(ctx: BuilderContext, namespace: string, mode: MtlsMode): ResourceRef<"PeerAuthentication"> {
  return meshPeerAuthentication(ctx, namespace, mode);
}

/** A PeerAuthentication for a namespace or for selected workloads, with per-port modes. */
export function addPeerAuthentication(ctx: BuilderContext, namespace: string, name: string, options: PeerAuthenticationOptions): ResourceRef<"PeerAuthentication"> {
  const workload = "selector" in options ? options : undefined;
  const portLevel = Object.entries(workload?.portLevel ?? {}) as [string, MtlsMode][];
  const spec: PeerAuthenticationSpec = {
    ...(workload !== undefined ? { selector: selectorOf(workload.selector) } : {}),
    ...(options.mode !== undefined ? { mtls: { mode: options.mode } } : {}),
    ...(portLevel.length > 0 ? { portLevelMtls: Object.fromEntries(portLevel.map(([port, mode]) => [port, { mode }])) } : {}),
  };
  return resourceRefOf(addDraft(ctx, { group: "security.istio.io", kind: "PeerAuthentication", name, namespace, spec, metadata: options, method: "peerAuthentication" }));
}
