// The optional Argo CD ApplicationSet: a git directory generator over the output folder, so that
// every folder (each namespace, and _cluster) becomes one Application.
import { RenderError } from "./errors.js";
import { DNS_LABEL_RULE, DNS_SUBDOMAIN_RULE, isDnsLabel, isDnsSubdomain } from "./names.js";
import type { KubeResource } from "./resource.js";

/**
 * What the ApplicationSet controller may do to the Applications it generated (Argo CD's
 * `spec.syncPolicy.applicationsSync`):
 *
 * - `create-only`: create Applications; never update or delete them.
 * - `create-update`: create and update Applications; never delete them.
 * - `create-delete`: create and delete Applications; never update them.
 * - `sync`: create, update and delete them (the controller's own default).
 *
 * The controller honours the field only when it runs with policy override on
 * (`--enable-policy-override`, or `applicationsetcontroller.enable.policy.override: "true"` in
 * `argocd-cmd-params-cm`); otherwise its `--policy` flag decides, `sync` when unset.
 */
export type ApplicationsSyncPolicy = "create-only" | "create-update" | "create-delete" | "sync";

/** Every {@link ApplicationsSyncPolicy}, in Argo CD's order. */
export const APPLICATIONS_SYNC_POLICIES: readonly ApplicationsSyncPolicy[] = ["create-only", "create-update", "create-delete", "sync"];

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
  /**
   * Whether deleting an Application also deletes every resource Argo CD deployed from its folder.
   *
   * Left `false`, the ApplicationSet sets `spec.syncPolicy.preserveResourcesOnDeletion: true`: the
   * controller creates Applications without the `resources-finalizer.argocd.argoproj.io`
   * finalizer, so when a folder leaves the tree (or the ApplicationSet is deleted) its
   * Application goes and the resources stay in the cluster, no longer managed.
   *
   * `true` sets `preserveResourcesOnDeletion: false`: the controller puts the finalizer on every
   * Application, and deleting one deletes, with cascade, every resource it deployed. A Namespace
   * object that carries the sync option `Delete=false` is left in place; one without it is
   * deleted, and with it everything in that namespace, whoever deployed it.
   *
   * @defaultValue false
   */
  readonly deleteResourcesWithApplication?: boolean;
  /**
   * What the ApplicationSet controller may do to the Applications it generated; see
   * {@link ApplicationsSyncPolicy}. `create-update` (or `create-only`) keeps an Application, and
   * its resources, when its folder leaves the tree.
   *
   * @defaultValue none: the controller's own policy (`sync` unless its `--policy` says otherwise)
   */
  readonly applicationsSync?: ApplicationsSyncPolicy;
}

function checkOptions(options: ApplicationSetOptions, name: string, namespace: string): void {
  const problems: string[] = [];
  if (!isDnsSubdomain(name)) problems.push(`name ${JSON.stringify(name)} is not a DNS-1123 subdomain (${DNS_SUBDOMAIN_RULE})`);
  if (!isDnsLabel(namespace)) problems.push(`namespace ${JSON.stringify(namespace)} is not a DNS-1123 label (${DNS_LABEL_RULE})`);
  if (options.repoURL.trim() === "") problems.push("repoURL is empty");
  if (/^\/|(^|\/)\.\.?(\/|$)/.test(options.path)) problems.push(`path ${JSON.stringify(options.path)} must be relative to the repository root, without . or ..`);
  for (const flag of ["automated", "deleteResourcesWithApplication"] as const) {
    const value: unknown = options[flag];
    if (value !== undefined && typeof value !== "boolean") problems.push(`${flag} must be true or false, not ${JSON.stringify(value)}`);
  }
  const policy: unknown = options.applicationsSync;
  if (policy !== undefined && !(APPLICATIONS_SYNC_POLICIES as readonly unknown[]).includes(policy)) {
    problems.push(`applicationsSync ${JSON.stringify(policy)} is not a policy Argo CD knows: use ${APPLICATIONS_SYNC_POLICIES.map((p) => JSON.stringify(p)).join(", ")}`);
  }
  if (problems.length > 0) throw new RenderError("RENDER_INVALID_RESOURCE", `ApplicationSet: ${problems.join("; ")}`);
}

/**
 * Builds the Argo CD ApplicationSet of a generated tree: a git directory generator over
 * `<path>/*`, one Application per folder named `<name>-<folder>` (`_cluster` becomes `-cluster`),
 * each syncing that folder. Applications set no destination namespace: every namespaced resource
 * meshform writes carries its own.
 *
 * Its `spec.syncPolicy` says what deleting an Application does: `preserveResourcesOnDeletion: true`
 * (resources stay) unless {@link ApplicationSetOptions.deleteResourcesWithApplication}, and the
 * {@link ApplicationSetOptions.applicationsSync} policy when one is given.
 *
 * @throws {@link RenderError} `RENDER_INVALID_RESOURCE` for a name, namespace, repository, path,
 * flag or policy Argo CD would not accept.
 */
export function buildApplicationSet(options: ApplicationSetOptions): KubeResource {
  const name = options.name ?? "meshform";
  const namespace = options.namespace ?? "argocd";
  checkOptions(options, name, namespace);
  const path = options.path.replace(/\/+$/, "") || ".";
  const revision = options.revision ?? "HEAD";
  const source = { repoURL: options.repoURL, targetRevision: revision, path: "{{.path.path}}" };
  const syncPolicy = options.automated ? { automated: { prune: true, selfHeal: true } } : undefined;
  const applicationSetSyncPolicy = {
    preserveResourcesOnDeletion: options.deleteResourcesWithApplication !== true,
    ...(options.applicationsSync !== undefined ? { applicationsSync: options.applicationsSync } : {}),
  };
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "ApplicationSet",
    metadata: { name, namespace },
    spec: {
      goTemplate: true,
      goTemplateOptions: ["missingkey=error"],
      syncPolicy: applicationSetSyncPolicy,
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
