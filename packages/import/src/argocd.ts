/**
 * The Argo CD ApplicationSet that `meshform generate` writes beside the namespace folders: read
 * back as the config's `output.argocd` options, when building the ApplicationSet from those
 * options gives the input exactly.
 */
import type { ArgoCdOptions } from "@meshform/dsl";
import { buildApplicationSet } from "@meshform/render";
import { differences, normalize } from "./compare.js";
import { isObj, type Doc, type Obj } from "./input.js";

/** The ApplicationSet of the input that `output.argocd` writes, with those options. */
export function recognizeApplicationSet(docs: readonly Doc[]): { readonly doc: Doc; readonly argocd: ArgoCdOptions } | undefined {
  const found = docs.filter((d) => d.group === "argoproj.io" && d.kind === "ApplicationSet" && d.name === "meshform");
  if (found.length !== 1) return undefined;
  const doc = found[0]!;
  const spec = isObj(doc.object.spec) ? doc.object.spec : {};
  const git = Array.isArray(spec.generators) && isObj(spec.generators[0]) && isObj((spec.generators[0] as Obj).git) ? ((spec.generators[0] as Obj).git as Obj) : undefined;
  const directory = git && Array.isArray(git.directories) && isObj(git.directories[0]) ? (git.directories[0] as Obj).path : undefined;
  const template = isObj(spec.template) && isObj((spec.template as Obj).spec) ? ((spec.template as Obj).spec as Obj) : {};
  const syncPolicy = isObj(spec.syncPolicy) ? spec.syncPolicy : {};
  if (git === undefined || typeof git.repoURL !== "string" || typeof directory !== "string" || !directory.endsWith("*")) return undefined;
  const path = directory === "*" ? "." : directory.replace(/\/\*$/, "");
  const destination = isObj(template.destination) ? template.destination : {};
  const argocd: Record<string, unknown> = {
    repoURL: git.repoURL,
    ...(typeof git.revision === "string" && git.revision !== "HEAD" ? { revision: git.revision } : {}),
    path,
    ...(doc.namespace !== undefined && doc.namespace !== "argocd" ? { namespace: doc.namespace } : {}),
    ...(typeof template.project === "string" && template.project !== "default" ? { project: template.project } : {}),
    ...(typeof destination.server === "string" && destination.server !== "https://kubernetes.default.svc" ? { server: destination.server } : {}),
    ...(template.syncPolicy !== undefined ? { automated: true } : {}),
    ...(syncPolicy.preserveResourcesOnDeletion === false ? { deleteResourcesWithApplication: true } : {}),
    ...(typeof syncPolicy.applicationsSync === "string" ? { applicationsSync: syncPolicy.applicationsSync } : {}),
  };
  let built: unknown;
  try {
    built = buildApplicationSet(argocd as unknown as Parameters<typeof buildApplicationSet>[0]);
  } catch {
    return undefined;
  }
  if (differences(normalize(doc.object, []), normalize(built, [])).length > 0) return undefined;
  return { doc, argocd: argocd as unknown as ArgoCdOptions };
}
