/**
 * The workloads of the set, as the checks that select pods read them: Pods, and the pod templates
 * of the controllers that make Pods (Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs,
 * CronJobs), each with the labels and namespace its Pods get; and a label-selector matcher over
 * them, indexed by label so that a selector is matched without scanning every workload.
 */
import { DATAPLANE_MODE, isAmbientNamespace } from "./modes.js";
import { GROUP, type IndexedResource, type MeshIndex } from "./resource-index.js";
import { isObject, itemsOf, selects, stringMap, type JsonObject } from "./read.js";
import type { FieldPath } from "./types.js";

/** A Pod, or a controller's pod template: what a selector of Istio or of a Service matches. */
export interface Workload {
  /** The Pod, or the controller whose template this is. */
  readonly resource: IndexedResource;
  /** The namespace of its Pods. */
  readonly namespace: string;
  /** The labels of its Pods: the Pod's own, or the template's `metadata.labels`. */
  readonly labels: Readonly<Record<string, string>>;
  /** The annotations of its Pods. */
  readonly annotations: Readonly<Record<string, string>>;
  /** The pod spec (`{}` when missing or not an object). */
  readonly podSpec: JsonObject;
  /** The field path of the pod spec in the resource: `spec`, or `spec.template.spec`... */
  readonly podSpecPath: FieldPath;
}

/** The kinds whose resources are (or make) Pods, as `[group, kind, path of the pod template]`; a Pod's template is itself. */
export const WORKLOAD_KINDS: readonly (readonly [string, string, FieldPath])[] = [
  ["", "Pod", []],
  ["apps", "Deployment", ["spec", "template"]],
  ["apps", "StatefulSet", ["spec", "template"]],
  ["apps", "DaemonSet", ["spec", "template"]],
  ["apps", "ReplicaSet", ["spec", "template"]],
  ["batch", "Job", ["spec", "template"]],
  ["batch", "CronJob", ["spec", "jobTemplate", "spec", "template"]],
];

/** The workloads of a set, and the ones a label selector matches. */
export interface Workloads {
  /** Every workload, in input order. */
  readonly all: readonly Workload[];
  /** The workloads of one namespace, in input order. */
  inNamespace(namespace: string): readonly Workload[];
  /**
   * The workloads whose labels include every label of `selector` (an empty selector matches
   * every workload), in `namespace`, or in any namespace when it is `undefined`; in input order.
   */
  matching(selector: Readonly<Record<string, string>>, namespace: string | undefined): readonly Workload[];
  /** Whether some workload of any namespace carries the label `key`, whatever its value. */
  hasLabelKey(key: string): boolean;
}

const NONE: readonly Workload[] = [];
const cache = new WeakMap<MeshIndex, Workloads>();

/** The workloads of the set of `index`, built once per index. */
export function workloadsOf(index: MeshIndex): Workloads {
  let workloads = cache.get(index);
  if (workloads === undefined) cache.set(index, (workloads = buildWorkloads(index)));
  return workloads;
}

/** A label selector as Kubernetes prints it: `key=value` pairs sorted by key, joined by commas. */
export function selectorText(selector: Readonly<Record<string, string>>): string {
  return Object.keys(selector)
    .sort()
    .map((key) => `${key}=${selector[key]}`)
    .join(",");
}

/** The first key of a selector as {@link selectorText} prints it, for the field path of a finding. */
export function firstSelectorKey(selector: Readonly<Record<string, string>>): string | undefined {
  return Object.keys(selector).sort()[0];
}

// --- internal ---

function buildWorkloads(index: MeshIndex): Workloads {
  const all: Workload[] = [];
  for (const [group, kind, templatePath] of WORKLOAD_KINDS) for (const resource of index.ofKind(group, kind)) all.push(workloadOf(resource, templatePath));
  all.sort((a, b) => a.resource.position - b.resource.position);
  const byNamespace = new Map<string, Workload[]>();
  // The workloads with a label, by `namespace \0 key \0 value`, and by `key \0 value` in every namespace.
  const byLabel = new Map<string, Workload[]>();
  const byLabelAnywhere = new Map<string, Workload[]>();
  const labelKeys = new Set<string>();
  for (const workload of all) {
    push(byNamespace, workload.namespace, workload);
    for (const key in workload.labels) {
      labelKeys.add(key);
      const pair = `${key}\u0000${workload.labels[key]}`;
      push(byLabel, `${workload.namespace}\u0000${pair}`, workload);
      push(byLabelAnywhere, pair, workload);
    }
  }
  return {
    all,
    inNamespace: (namespace) => byNamespace.get(namespace) ?? NONE,
    hasLabelKey: (key) => labelKeys.has(key),
    matching: (selector, namespace) => {
      const keys = Object.keys(selector);
      if (keys.length === 0) return namespace === undefined ? all : (byNamespace.get(namespace) ?? NONE);
      // The fewest candidates: the workloads with the selector's rarest label.
      let candidates: readonly Workload[] | undefined;
      for (const key of keys) {
        const pair = `${key}\u0000${selector[key]}`;
        const list = (namespace === undefined ? byLabelAnywhere.get(pair) : byLabel.get(`${namespace}\u0000${pair}`)) ?? NONE;
        if (candidates === undefined || list.length < candidates.length) candidates = list;
        if (list.length === 0) return NONE;
      }
      return keys.length === 1 ? candidates! : candidates!.filter((w) => selects(selector, w.labels));
    },
  };
}

function workloadOf(resource: IndexedResource, templatePath: FieldPath): Workload {
  if (templatePath.length === 0) {
    return { resource, namespace: resource.namespace, labels: resource.labels, annotations: resource.annotations, podSpec: resource.spec, podSpecPath: ["spec"] };
  }
  let template: unknown = resource.input.object;
  for (const key of templatePath) template = isObject(template) ? template[key as string] : undefined;
  const object = isObject(template) ? template : {};
  const metadata = isObject(object.metadata) ? object.metadata : {};
  return {
    resource,
    namespace: resource.namespace,
    labels: stringMap(metadata.labels),
    annotations: stringMap(metadata.annotations),
    podSpec: isObject(object.spec) ? object.spec : {},
    podSpecPath: [...templatePath, "spec"],
  };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** A resource that selects workloads of its own namespace by labels (a Sidecar, a Telemetry). */
export interface SelectingResource {
  readonly resource: IndexedResource;
  readonly labels: Readonly<Record<string, string>>;
}

/** A resource that selects a workload another resource of its kind also selects. */
export interface SelectorConflict {
  readonly resource: IndexedResource;
  /** The first workload (in input order) it shares. */
  readonly workload: Workload;
  /** The names of every resource selecting that workload, sorted. */
  readonly names: readonly string[];
}

/**
 * The resources among `selecting` (each matching workloads of its own namespace) that select a
 * workload another of them also selects: each reported once, with the first such workload;
 * workloads `skip` rejects are left out. In the order of `selecting`.
 */
export function selectorConflicts(workloads: Workloads, selecting: readonly SelectingResource[], skip: (workload: Workload) => boolean = () => false): SelectorConflict[] {
  const byWorkload = new Map<Workload, IndexedResource[]>();
  for (const { resource, labels } of selecting) {
    for (const workload of workloads.matching(labels, resource.namespace)) {
      if (skip(workload)) continue;
      const list = byWorkload.get(workload);
      if (list === undefined) byWorkload.set(workload, [resource]);
      else list.push(resource);
    }
  }
  const first = new Map<IndexedResource, SelectorConflict>();
  for (const workload of workloads.all) {
    const resources = byWorkload.get(workload);
    if (resources === undefined || resources.length < 2) continue;
    const names = resources.map((r) => r.name).sort();
    for (const resource of resources) if (!first.has(resource)) first.set(resource, { resource, workload, names });
  }
  return selecting.flatMap(({ resource }) => {
    const conflict = first.get(resource);
    return conflict === undefined ? [] : [conflict];
  });
}

/** `Kind namespace/name` of a workload's resource. */
export function describeWorkload(workload: Workload): string {
  return `${workload.resource.kind} ${workload.namespace}/${workload.resource.name}`;
}

/**
 * Whether a workload is in the mesh as istioctl reads it: a container named `istio-proxy` with an
 * image (for a Pod, init containers included); else the `sidecar.istio.io/inject` label, then
 * annotation, of its pods (`"true"` or not); else its namespace's `istio-injection: enabled` label,
 * when the set holds the Namespace. A workload in ambient mode is in the mesh too: a Pod annotated
 * `ambient.istio.io/redirection: enabled` (what istioctl reads on a running Pod), or, since the set
 * holds no running Pods, pods labelled, or in a Namespace labelled, `istio.io/dataplane-mode: ambient`.
 */
export function inMesh(workload: Workload, index: MeshIndex): boolean {
  return hasSidecar(workload, index) || inAmbientMode(workload, index);
}

/** The sidecar half of {@link inMesh}: istioctl's rule for a Pod or a Deployment. */
export function hasSidecar(workload: Workload, index: MeshIndex): boolean {
  const containers = [...itemsOf(workload.podSpec.containers as unknown[]), ...(workload.resource.kind === "Pod" ? itemsOf(workload.podSpec.initContainers as unknown[]) : [])];
  for (const [, container] of containers) {
    // The first container named istio-proxy decides, as in istioctl.
    if (!isObject(container) || container.name !== "istio-proxy") continue;
    if (typeof container.image === "string" && container.image !== "") return true;
    break;
  }
  const label = workload.labels[SIDECAR_INJECT];
  if (label !== undefined) return label === "true";
  const annotation = workload.annotations[SIDECAR_INJECT];
  if (annotation !== undefined) return annotation === "true";
  const namespace = index.find(GROUP.core, "Namespace", "", workload.namespace);
  return namespace !== undefined && namespace.labels["istio-injection"] === "enabled";
}

function inAmbientMode(workload: Workload, index: MeshIndex): boolean {
  if (workload.annotations[AMBIENT_REDIRECTION] === "enabled") return true;
  const mode = workload.labels[DATAPLANE_MODE];
  if (mode !== undefined) return mode === "ambient";
  const namespace = index.find(GROUP.core, "Namespace", "", workload.namespace);
  return namespace !== undefined && isAmbientNamespace(namespace);
}

const SIDECAR_INJECT = "sidecar.istio.io/inject";

/** The annotation the CNI sets on the pods it redirects to ztunnel (ambient mode). */
export const AMBIENT_REDIRECTION = "ambient.istio.io/redirection";

/**
 * The Services of the set that select a workload: Services of its namespace with a non-empty
 * selector whose every label the workload's pods have, in input order. A Service without a
 * selector selects no pods (its endpoints are written by hand). Indexed by each Service's first
 * selector label, so that a workload is matched through its own labels.
 */
export function servicesSelecting(index: MeshIndex, workload: Workload): readonly IndexedResource[] {
  let lookup = serviceCache.get(index);
  if (lookup === undefined) serviceCache.set(index, (lookup = serviceLookup(index)));
  return lookup(workload);
}

const serviceCache = new WeakMap<MeshIndex, (workload: Workload) => readonly IndexedResource[]>();

function serviceLookup(index: MeshIndex): (workload: Workload) => readonly IndexedResource[] {
  const byFirstLabel = new Map<string, { readonly service: IndexedResource; readonly selector: Readonly<Record<string, string>> }[]>();
  for (const service of index.ofKind(GROUP.core, "Service")) {
    const selector = stringMap(service.spec.selector);
    const key = firstSelectorKey(selector);
    if (key === undefined) continue;
    push(byFirstLabel, `${service.namespace}\u0000${key}\u0000${selector[key]}`, { service, selector });
  }
  return (workload) => {
    if (byFirstLabel.size === 0) return [];
    const found: IndexedResource[] = [];
    for (const key in workload.labels) {
      for (const { service, selector } of byFirstLabel.get(`${workload.namespace}\u0000${key}\u0000${workload.labels[key]}`) ?? []) {
        if (selects(selector, workload.labels)) found.push(service);
      }
    }
    return found.length < 2 ? found : found.sort((a, b) => a.position - b.position);
  };
}

/**
 * The Deployments of the set whose pods get a sidecar ({@link hasSidecar}), waypoints left out
 * (label `gateway.istio.io/managed: istio.io-mesh-controller`): the Deployments istioctl checks
 * against the Services that select them.
 */
export function meshDeployments(index: MeshIndex): Workload[] {
  return workloadsOf(index).all.filter((w) => w.resource.kind === "Deployment" && w.resource.group === "apps" && w.resource.labels["gateway.istio.io/managed"] !== "istio.io-mesh-controller" && hasSidecar(w, index));
}
