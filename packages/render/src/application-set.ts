// The optional Argo CD ApplicationSet: a git directory generator over the output folder, so that
// every folder (each namespace, and _cluster) becomes one Application.
import { RenderError } from "./errors.js";
import { DNS_LABEL_RULE, DNS_SUBDOMAIN_RULE, isDnsLabel, isDnsSubdomain } from "./names.js";
import type { KubeResource } from "./resource.js";

/** Where Argo CD finds the generated tree, and how the ApplicationSet is named and placed. */
export interface ApplicationSetOptions {
  /** The git repository that holds the generated tree, e.g. `https://github.com/acme/platform.git`. */
  readonly repoURL: string;
  /** The folder of the generated tree inside the repository, e.g. `generated` or `deploy/mesh`. */
  readonly path: string;
  /**
   * The git revision to follow: a branch, tag or commit.
   *
   * @defaultValue `"HEAD"`
   */
  readonly revision?: string;
  /**
   * The ApplicationSet's name, and the prefix of every Application's name.
   *
   * @defaultValue `"meshform"`
   */
  readonly name?: string;
  /**
   * The namespace Argo CD runs in.
   *
   * @defaultValue `"argocd"`
   */
  readonly namespace?: string;
  /**
   * The Argo CD project of the Applications.
   *
   * @defaultValue `"default"`
   */
  readonly project?: string;
  /**
   * The API server of the cluster the mesh is deployed to.
   *
   * @defaultValue `"https://kubernetes.default.svc"` (the cluster Argo CD runs in)
   */
  readonly server?: string;
  /**
   * Whether Argo CD syncs on its own (pruning and self-healing) instead of on request.
   *
   * @defaultValue false
   */
  readonly automated?: boolean;
}

function checkOptions(options: ApplicationSetOptions, name: string, namespace: string): void {
  const problems: string[] = [];
  if (!isDnsSubdomain(name)) problems.push(`name ${JSON.stringify(name)} is not a DNS-1123 subdomain (${DNS_SUBDOMAIN_RULE})`);
  if (!isDnsLabel(namespace)) problems.push(`namespace ${JSON.stringify(namespace)} is not a DNS-1123 label (${DNS_LABEL_RULE})`);
  if (options.repoURL.trim() === "") problems.push("repoURL is empty");
  if (/^\/|(^|\/)\.\.?(\/|$)/.test(options.path)) problems.push(`path ${JSON.stringify(options.path)} must be relative to the repository root, without . or ..`);
  if (problems.length > 0) throw new RenderError("RENDER_INVALID_RESOURCE", `ApplicationSet: ${problems.join("; ")}`);
}

/**
 * Builds the Argo CD ApplicationSet of a generated tree: a git directory generator over
 * `<path>/*`, one Application per folder named `<name>-<folder>` (`_cluster` becomes `-cluster`),
 * each syncing that folder. Applications set no destination namespace: every namespaced resource
 * meshform writes carries its own.
 *
 * @throws {@link RenderError} `RENDER_INVALID_RESOURCE` for a name, namespace, repository or path
 * Argo CD would not accept.
 */
export function buildApplicationSet(options: ApplicationSetOptions): KubeResource {
  const name = options.name ?? "meshform";
  const namespace = options.namespace ?? "argocd";
  checkOptions(options, name, namespace);
  const path = options.path.replace(/\/+$/, "") || ".";
  const revision = options.revision ?? "HEAD";
  const source = { repoURL: options.repoURL, targetRevision: revision, path: "{{.path.path}}" };
  const syncPolicy = options.automated ? { automated: { prune: true, selfHeal: true } } : undefined;
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "ApplicationSet",
    metadata: { name, namespace },
    spec: {
      goTemplate: true,
      goTemplateOptions: ["missingkey=error"],
      generators: [{ git: { repoURL: options.repoURL, revision, directories: [{ path: path === "." ? "*" : `${path}/*` }] } }],
      template: {
        metadata: { name: `${name}-{{.path.basenameNormalized}}` },
        spec: {
          project: options.project ?? "default",
          source,
          destination: { server: options.server ?? "https://kubernetes.default.svc" },
          ...(syncPolicy ? { syncPolicy } : {}),
        },
      },
    },
  };
}
