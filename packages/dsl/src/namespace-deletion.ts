// Argo CD never deletes a Namespace object meshform writes unless the config says it may: every
// Namespace carries the sync options Delete=false and Prune=false, set when the config compiles,
// so that validation, analysis and the written files all see the same object. With Argo CD output,
// every Namespace also carries sync wave -1, so Argo CD applies it before what lives in it.
import type { MeshModel } from "./model.js";

/** The annotation Argo CD reads a resource's own sync options from, comma-separated. */
export const ARGOCD_SYNC_OPTIONS = "argocd.argoproj.io/sync-options";

/** The annotation Argo CD orders a sync by: lower waves are applied (and healthy) first. */
export const ARGOCD_SYNC_WAVE = "argocd.argoproj.io/sync-wave";

/**
 * The sync wave of a Namespace object: before wave 0, where everything else is, so that Argo CD
 * creates the namespace before the resources that live in it.
 */
export const NAMESPACE_SYNC_WAVE = "-1";

/**
 * The sync options that keep a Namespace object in the cluster: `Delete=false` (not deleted
 * when its Application is deleted with cascade) and `Prune=false` (not pruned when it leaves the
 * Application's folder).
 */
export const NAMESPACE_KEEP_OPTIONS: readonly string[] = ["Delete=false", "Prune=false"];

/**
 * Records whether Argo CD may prune or delete the Namespace object of `namespace`; the latest
 * call decides.
 */
export function setNamespaceDeletion(model: MeshModel, namespace: string, allowed: boolean): void {
  const list = model.namespacesArgoCdMayDelete;
  const at = list.indexOf(namespace);
  if (allowed && at < 0) list.push(namespace);
  if (!allowed && at >= 0) list.splice(at, 1);
}

/**
 * `Delete=false,Prune=false` merged with the sync options already written: the others are kept
 * in their order after these two, and any other `Delete=` or `Prune=` value is replaced.
 */
export function mergeKeepOptions(existing: string | undefined): string {
  const others = (existing ?? "")
    .split(",")
    .map((option) => option.trim())
    .filter((option) => option !== "" && !/^(Delete|Prune)=/.test(option));
  return [...NAMESPACE_KEEP_OPTIONS, ...others].join(",");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A core `v1` Namespace with {@link NAMESPACE_KEEP_OPTIONS} merged into its
 * `argocd.argoproj.io/sync-options` annotation, unless the config lets Argo CD delete it, and,
 * when the config writes an Argo CD ApplicationSet (`output.argocd`), with
 * `argocd.argoproj.io/sync-wave: "-1"` ({@link NAMESPACE_SYNC_WAVE}) unless it sets a wave of its
 * own. Without Argo CD output no wave is written, so such a config's files stay as they were. Any
 * other object, and a Namespace whose metadata is not in a shape to annotate (the schema check
 * reports it), comes back as it is. Never mutates its input.
 */
export function keepNamespaceInArgoCd(object: Record<string, unknown>, model: MeshModel): Record<string, unknown> {
  if (object["kind"] !== "Namespace" || object["apiVersion"] !== "v1") return object;
  const metadata = object["metadata"];
  if (!isPlainObject(metadata) || typeof metadata["name"] !== "string") return object;
  const annotations = metadata["annotations"] ?? {};
  if (!isPlainObject(annotations)) return object;
  const added: Record<string, string> = {};
  if (!model.namespacesArgoCdMayDelete.includes(metadata["name"])) {
    const existing = annotations[ARGOCD_SYNC_OPTIONS];
    if (existing === undefined || typeof existing === "string") added[ARGOCD_SYNC_OPTIONS] = mergeKeepOptions(existing);
  }
  if (model.output.argocd !== undefined && annotations[ARGOCD_SYNC_WAVE] === undefined) added[ARGOCD_SYNC_WAVE] = NAMESPACE_SYNC_WAVE;
  if (Object.keys(added).length === 0) return object;
  return { ...object, metadata: { ...metadata, annotations: { ...annotations, ...added } } };
}
