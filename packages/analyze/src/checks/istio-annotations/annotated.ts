/**
 * What the annotation checks share: the resources whose annotations Istio's analyzers read
 * (Namespaces, Services, Pods and Deployments, each its own `metadata.annotations`), which keys
 * count as Istio's, and the ones no check reports.
 */
import { GROUP, type IndexedResource, type MeshIndex } from "../../resource-index.js";
import { annotationsAt, labelsAt, NEWEST_ISTIO_RELEASE, type IstioMetadataEntry } from "./metadata.js";

/** The kinds whose annotations are checked, as `[group, kind]`: those `istioctl analyze` checks. */
const ANNOTATED_KINDS: readonly (readonly [string, string])[] = [
  [GROUP.core, "Namespace"],
  [GROUP.core, "Service"],
  [GROUP.core, "Pod"],
  ["apps", "Deployment"],
];

/**
 * Annotations Istio's components write themselves (the injector's status, the gateway
 * controller's version, the revision a proxy runs): no check reports them.
 */
const WRITTEN_BY_ISTIO: ReadonlySet<string> = new Set(["sidecar.istio.io/status", "gateway.istio.io/controller-version", "istio.io/rev"]);

/** The one annotation outside `*istio.io` that Istio documents, and so checks. */
const INGRESS_CLASS = "kubernetes.io/ingress.class";

/** One Istio annotation written on a checked resource. */
export interface IstioAnnotation {
  readonly resource: IndexedResource;
  readonly name: string;
  readonly value: string;
  /** Its entry in Istio's list at the release checked against; `undefined` when the list lacks it. */
  readonly entry: IstioMetadataEntry | undefined;
  /** The field path of the annotation. */
  readonly path: readonly ["metadata", "annotations", string];
}

/**
 * Whether Istio counts an annotation key as its own: the part before the first `/` ends with
 * `istio.io` (as `sidecar.istio.io/inject` or `istio.io/rev`), or it is `kubernetes.io/ingress.class`.
 */
export function isIstioAnnotation(name: string): boolean {
  if (name === INGRESS_CLASS) return true;
  const slash = name.indexOf("/");
  return (slash < 0 ? name : name.slice(0, slash)).endsWith("istio.io");
}

/**
 * Every Istio annotation of the checked resources, in input order, against Istio's list at
 * `release`, leaving out those Istio writes itself.
 */
export function istioAnnotations(index: MeshIndex, release: string = NEWEST_ISTIO_RELEASE): IstioAnnotation[] {
  const known = annotationsAt(release);
  const out: IstioAnnotation[] = [];
  for (const [group, kind] of ANNOTATED_KINDS) {
    for (const resource of index.ofKind(group, kind)) {
      for (const [name, value] of Object.entries(resource.annotations)) {
        if (!isIstioAnnotation(name) || WRITTEN_BY_ISTIO.has(name)) continue;
        out.push({ resource, name, value, entry: known.get(name), path: ["metadata", "annotations", name] });
      }
    }
  }
  return out.sort((a, b) => a.resource.position - b.resource.position);
}

/** Whether an entry applies to every kind. */
export function appliesToAny(entry: IstioMetadataEntry): boolean {
  return entry.resources.includes("Any");
}

/** The kinds an entry applies to, as Istio lists them (`Any` and unknown kinds left out). */
export function kindsOf(entry: IstioMetadataEntry): readonly string[] {
  return entry.resources.filter((r) => r !== "Any" && r !== "Unknown");
}

/** Istio's label of that name at `release`, if it has one. */
export function labelNamed(name: string, release: string = NEWEST_ISTIO_RELEASE): IstioMetadataEntry | undefined {
  return labelsAt(release).get(name);
}

/** Where an annotation is written, for messages: `Pod shop/reviews`, `Namespace shop`. */
export function described(resource: IndexedResource): string {
  return `${resource.kind} ${resource.namespace === "" ? "" : `${resource.namespace}/`}${resource.name}`;
}
