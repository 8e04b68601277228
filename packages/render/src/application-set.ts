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
  return applicationSetOf(options, {
    name,
    namespace,
    generators: [{ git: { repoURL: options.repoURL, revision, directories: [{ path: path === "." ? "*" : `${path}/*` }] } }],
    applicationName: `${name}-{{.path.basenameNormalized}}`,
    destination: { server: options.server ?? "https://kubernetes.default.svc" },
  });
}

/** What differs between the ApplicationSet of a single tree and an environment's. */
interface ApplicationSetShape {
  readonly name: string;
  readonly namespace: string;
  readonly generators: readonly unknown[];
  /** The Application name template (Go template syntax). */
  readonly applicationName: string;
  readonly destination: Readonly<Record<string, string>>;
  readonly templatePatch?: string;
}

/**
 * An ApplicationSet with the settings every one meshform writes shares: Go templates that fail on
 * a missing key, the deletion defaults (`preserveResourcesOnDeletion` unless
 * `deleteResourcesWithApplication`, the `applicationsSync` policy), each Application syncing its
 * folder of the repository, automated when asked.
 */
function applicationSetOf(options: ApplicationSetOptions, shape: ApplicationSetShape): KubeResource {
  const syncPolicy = options.automated ? { automated: { prune: true, selfHeal: true } } : undefined;
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "ApplicationSet",
    metadata: { name: shape.name, namespace: shape.namespace },
    spec: {
      goTemplate: true,
      goTemplateOptions: ["missingkey=error"],
      syncPolicy: {
        preserveResourcesOnDeletion: options.deleteResourcesWithApplication !== true,
        ...(options.applicationsSync !== undefined ? { applicationsSync: options.applicationsSync } : {}),
      },
      generators: shape.generators,
      template: {
        metadata: { name: shape.applicationName },
        spec: {
          project: options.project ?? "default",
          source: { repoURL: options.repoURL, targetRevision: options.revision ?? "HEAD", path: "{{.path.path}}" },
          destination: shape.destination,
          ...(syncPolicy ? { syncPolicy } : {}),
        },
      },
      ...(shape.templatePatch !== undefined ? { templatePatch: shape.templatePatch } : {}),
    },
  };
}

// --- environments and clusters ---

/**
 * Where Argo CD deploys an environment's or a cluster's Applications: the API server's URL
 * (`server`), or the name the cluster is registered under in Argo CD (`clusterName`, written as
 * the Application's `spec.destination.name`). Exactly one of the two.
 */
export interface ArgoCdDestination {
  /** The API server's URL, e.g. `https://east.example.com:6443`. */
  readonly server?: string;
  /** The cluster's name in Argo CD, e.g. `prod-west`. */
  readonly clusterName?: string;
}

/** One cluster of an environment: its tree and its Argo CD destination (exactly one of `server` and `clusterName`). */
export interface EnvironmentCluster extends ArgoCdDestination {
  /** The cluster's name in the config: the folder of its tree, and part of its Applications' names. */
  readonly name: string;
  /**
   * The folder of the cluster's tree in the repository.
   *
   * @defaultValue `<path>/<environment>/<name>`
   */
  readonly path?: string;
  /**
   * The folders of the cluster's tree (its namespaces, and `_cluster`), when known: the names of
   * their Applications are then checked (length, uniqueness) when the ApplicationSet is built.
   *
   * @defaultValue not checked
   */
  readonly folders?: readonly string[];
}

/**
 * What {@link buildEnvironmentApplicationSet} needs: the {@link ApplicationSetOptions} shared by
 * every environment, the environment's name, and its clusters or its one destination.
 */
export interface EnvironmentApplicationSetOptions extends ApplicationSetOptions {
  /** The environment's name, e.g. `prod`: the folder of its tree, and part of every name. */
  readonly environment: string;
  /**
   * The environment's clusters, each with its own tree `<path>/<environment>/<cluster>` and its
   * own destination. Empty or absent: the environment has one tree, `<path>/<environment>`.
   *
   * @defaultValue none
   */
  readonly clusters?: readonly EnvironmentCluster[];
  /**
   * The destination of an environment without clusters.
   *
   * @defaultValue {@link ApplicationSetOptions.server}, else the cluster Argo CD runs in
   */
  readonly destination?: ArgoCdDestination & {
    /** The cluster's name in Argo CD, as Argo CD's own field calls it: the same as `clusterName`. */
    readonly name?: string;
  };
  /**
   * The folders of an environment without clusters, when known (see {@link EnvironmentCluster.folders}).
   *
   * @defaultValue not checked
   */
  readonly folders?: readonly string[];
  /**
   * The template of every Application's name, from the parts `{prefix}` (the
   * {@link ApplicationSetOptions.name}), `{environment}`, `{cluster}` and `{namespace}` (the
   * folder, as Argo CD normalizes it: `_cluster` becomes `cluster`), joined by lower-case letters,
   * digits, `-` and `.`. It must hold `{environment}` and `{namespace}`, and `{cluster}` when the
   * environment has clusters: without them two Applications could get one name.
   *
   * @defaultValue `"{prefix}-{environment}-{cluster}-{namespace}"` with clusters, `"{prefix}-{environment}-{namespace}"` without
   */
  readonly applicationName?: string;
}

/** The longest Application name Argo CD can use: it writes the name into the `app.kubernetes.io/instance` label of what it deploys when it tracks resources by label, and label values are at most 63 characters. */
export const MAX_APPLICATION_NAME = 63;

/** The parts of an Application name template. */
const NAME_PARTS = ["prefix", "environment", "cluster", "namespace"] as const;
type NamePart = (typeof NAME_PARTS)[number];

/**
 * A folder name as Argo CD's git generator gives it in `path.basenameNormalized`: lower-cased,
 * every character but letters, digits, `-` and `.` replaced by `-`, then `-` and `.` trimmed from
 * both ends (`_cluster` becomes `cluster`).
 */
export function normalizeFolderName(folder: string): string {
  return folder
    .toLowerCase()
    .replace(/[^-a-z0-9.]/g, "-")
    .slice(0, 253)
    .replace(/^[-.]+|[-.]+$/g, "");
}

/** A name template split into literal text and parts; problems when it cannot be used. */
function parseNameTemplate(template: string, hasClusters: boolean): { pieces: (string | { part: NamePart })[]; problems: string[] } {
  const pieces: (string | { part: NamePart })[] = [];
  const problems: string[] = [];
  const seen = new Set<NamePart>();
  for (const token of template.split(/(\{[^{}]*\})/)) {
    if (token === "") continue;
    const match = /^\{([^{}]*)\}$/.exec(token);
    if (match) {
      const part = match[1] as NamePart;
      if (!(NAME_PARTS as readonly string[]).includes(part)) {
        problems.push(`applicationName ${JSON.stringify(template)} has an unknown part ${token}: use ${NAME_PARTS.map((p) => `{${p}}`).join(", ")}`);
        continue;
      }
      seen.add(part);
      pieces.push({ part });
    } else if (!/^[-a-z0-9.]+$/.test(token)) {
      problems.push(`applicationName ${JSON.stringify(template)} has ${JSON.stringify(token)} between its parts, where only lower-case letters, digits, '-' and '.' may be`);
    } else pieces.push(token);
  }
  const required: NamePart[] = hasClusters ? ["environment", "cluster", "namespace"] : ["environment", "namespace"];
  const missing = required.filter((part) => !seen.has(part));
  if (missing.length > 0) {
    const why = hasClusters ? "every environment, cluster and namespace" : "every environment and namespace";
    problems.push(
      `applicationName ${JSON.stringify(template)} lacks ${missing.map((p) => `{${p}}`).join(" and ")}: Application names must be unique across ${why}, so the template must hold ${required.map((p) => `{${p}}`).join(", ")}, e.g. ${JSON.stringify(hasClusters ? "{prefix}-{environment}-{cluster}-{namespace}" : "{prefix}-{environment}-{namespace}")}`,
    );
  }
  return { pieces, problems };
}

/**
 * A parsed name template for an environment without clusters: `{cluster}` left out, with one
 * `-` or `.` beside it (the one before it, else the one after), so that a template written for
 * environments with clusters names the Applications of one without them `prod-bookinfo`, not
 * `prod--bookinfo`.
 */
function withoutCluster(pieces: readonly (string | { part: NamePart })[]): (string | { part: NamePart })[] {
  const out: (string | { part: NamePart })[] = [];
  let trimNext = false;
  for (const piece of pieces) {
    if (typeof piece !== "string" && piece.part === "cluster") {
      const before = out.at(-1);
      if (typeof before === "string" && /[-.]$/.test(before)) out[out.length - 1] = before.slice(0, -1);
      else trimNext = true;
      continue;
    }
    if (trimNext && typeof piece === "string") {
      out.push(piece.replace(/^[-.]/, ""));
      trimNext = false;
    } else out.push(piece);
  }
  return out.filter((piece) => piece !== "");
}

/** Writes a parsed name template with the given value of each part. */
function fillNameTemplate(pieces: readonly (string | { part: NamePart })[], values: Readonly<Record<NamePart, string>>): string {
  return pieces.map((piece) => (typeof piece === "string" ? piece : values[piece.part])).join("");
}

function destinationProblems(where: string, destination: { server?: unknown; clusterName?: unknown }): string[] {
  const { server, clusterName } = destination;
  if (server !== undefined && clusterName !== undefined) return [`${where} has both server and clusterName: give one (server ${JSON.stringify(server)}, or clusterName ${JSON.stringify(clusterName)})`];
  if (server === undefined && clusterName === undefined) return [`${where} has no destination: give its API server's URL as server, or its Argo CD cluster name as clusterName`];
  if (server !== undefined && (typeof server !== "string" || !/^https?:\/\/\S+$/.test(server))) return [`${where} server ${JSON.stringify(server)} is not an http(s) URL of an API server`];
  if (clusterName !== undefined && (typeof clusterName !== "string" || clusterName.trim() === "" || clusterName !== clusterName.trim())) {
    return [`${where} clusterName ${JSON.stringify(clusterName)} is not a cluster name Argo CD could hold: give the name it was registered under`];
  }
  return [];
}

/** An environment's destination with Argo CD's `name` read as `clusterName`. */
function destinationOf(destination: ArgoCdDestination & { readonly name?: string }): ArgoCdDestination {
  const clusterName = destination.clusterName ?? destination.name;
  return { ...(destination.server !== undefined ? { server: destination.server } : {}), ...(clusterName !== undefined ? { clusterName } : {}) };
}

/** The repository folder `path` with `parts` appended, `.` standing for the repository root. */
function joinPath(path: string, ...parts: string[]): string {
  const base = path.replace(/\/+$/, "") || ".";
  return base === "." ? parts.join("/") : [base, ...parts].join("/");
}

/** The Application names an environment's ApplicationSet gives its known folders, with where each comes from. */
interface NamedApplication {
  readonly name: string;
  readonly where: string;
}

/**
 * Builds the Argo CD ApplicationSet of one environment, named `<name>-<environment>` (e.g.
 * `meshform-prod`), with one Application per folder of the environment's tree or trees, named by
 * {@link EnvironmentApplicationSetOptions.applicationName} (e.g. `meshform-prod-bookinfo`, or
 * `meshform-prod-east-bookinfo` on cluster `east`). Unlike {@link buildApplicationSet}, its names
 * cannot collide with another environment's on one Argo CD.
 *
 * - Without clusters: a git directory generator over `<path>/<environment>/*`, every Application
 *   going to the environment's {@link EnvironmentApplicationSetOptions.destination}.
 * - With clusters: a matrix generator of a list generator, one element per cluster (its name, the
 *   folder of its tree, its destination), and a git directory generator over that folder
 *   (`{{.tree}}/*`), so each cluster's folders become Applications that go to that cluster's
 *   destination. A list generator and not Argo CD's cluster generator: the cluster generator selects
 *   the clusters registered in Argo CD by the labels of their Secrets, which the config neither
 *   declares nor controls (and the cluster Argo CD runs in has none unless one is made for it); the
 *   list holds exactly the destinations the config declares, a review shows them, and a cluster
 *   registered later receives nothing by accident. When every cluster is given by `server` (or
 *   every one by `clusterName`) the template's destination reads the element's; when they mix,
 *   each element holds both (one empty) and a `templatePatch` writes the one that is set.
 *
 * The ApplicationSet's sync policy is {@link buildApplicationSet}'s, for every environment:
 * `preserveResourcesOnDeletion: true` unless {@link ApplicationSetOptions.deleteResourcesWithApplication},
 * and the {@link ApplicationSetOptions.applicationsSync} policy when given.
 *
 * @example
 * ```ts
 * buildEnvironmentApplicationSet({
 *   repoURL: "https://git.example.com/platform.git",
 *   path: "generated",
 *   environment: "prod",
 *   clusters: [
 *     { name: "east", server: "https://east.example.com:6443" },
 *     { name: "west", clusterName: "prod-west" },
 *   ],
 * }); // ApplicationSet meshform-prod: Applications meshform-prod-east-<namespace>, meshform-prod-west-<namespace>
 * ```
 *
 * @throws {@link RenderError} `RENDER_INVALID_RESOURCE` naming every problem: those of
 * {@link buildApplicationSet}, an environment or cluster name that is not a DNS-1123 label, two
 * clusters of one name, a destination missing, doubled or malformed, a name template without the
 * parts that keep names unique, and known Application names longer than
 * {@link MAX_APPLICATION_NAME} characters or given twice.
 */
export function buildEnvironmentApplicationSet(options: EnvironmentApplicationSetOptions): KubeResource {
  return buildEnvironment(options).resource;
}

function buildEnvironment(options: EnvironmentApplicationSetOptions): { resource: KubeResource; applications: NamedApplication[] } {
  const prefix = options.name ?? "meshform";
  const namespace = options.namespace ?? "argocd";
  const environment = options.environment;
  if (typeof environment !== "string" || !isDnsLabel(environment)) {
    throw new RenderError("RENDER_INVALID_RESOURCE", `ApplicationSet: environment ${JSON.stringify(environment)} is not a DNS-1123 label (${DNS_LABEL_RULE})`);
  }
  const name = `${prefix}-${environment}`;
  checkOptions(options, name, namespace);
  const clusters = options.clusters ?? [];
  const problems: string[] = [];
  const template = options.applicationName ?? (clusters.length > 0 ? "{prefix}-{environment}-{cluster}-{namespace}" : "{prefix}-{environment}-{namespace}");
  const parsed = parseNameTemplate(template, clusters.length > 0);
  const templateProblems = parsed.problems;
  const pieces = clusters.length > 0 ? parsed.pieces : withoutCluster(parsed.pieces);
  problems.push(...templateProblems);
  const seenClusters = new Set<string>();
  for (const cluster of clusters) {
    const where = `cluster ${JSON.stringify(cluster.name)} of environment ${environment}`;
    if (typeof cluster.name !== "string" || !isDnsLabel(cluster.name)) problems.push(`${where}: the name is not a DNS-1123 label (${DNS_LABEL_RULE})`);
    else if (seenClusters.has(cluster.name)) problems.push(`${where} is given twice: give each cluster of an environment its own name`);
    seenClusters.add(cluster.name);
    problems.push(...destinationProblems(where, cluster));
    if (cluster.path !== undefined && /^\/|(^|\/)\.\.?(\/|$)/.test(cluster.path)) problems.push(`${where}: path ${JSON.stringify(cluster.path)} must be relative to the repository root, without . or ..`);
  }
  const chosen = options.destination === undefined ? undefined : destinationOf(options.destination);
  if (clusters.length === 0 && options.destination !== undefined) {
    if (options.destination.name !== undefined && options.destination.clusterName !== undefined && options.destination.name !== options.destination.clusterName) {
      problems.push(`environment ${environment} destination has name ${JSON.stringify(options.destination.name)} and clusterName ${JSON.stringify(options.destination.clusterName)}: give one`);
    } else problems.push(...destinationProblems(`environment ${environment}`, chosen ?? {}));
  }
  if (clusters.length > 0 && options.destination !== undefined) problems.push(`environment ${environment} has clusters and a destination: give each cluster its destination, and the environment none`);

  // The names of the folders known now: each Application's name as Argo CD will write it.
  const applications: NamedApplication[] = [];
  if (templateProblems.length === 0) {
    const trees = clusters.length > 0 ? clusters.map((cluster) => ({ cluster: cluster.name, folders: cluster.folders })) : [{ cluster: "", folders: options.folders }];
    for (const tree of trees) {
      for (const folder of tree.folders ?? []) {
        const where = tree.cluster === "" ? `environment ${environment}, folder ${folder}` : `environment ${environment}, cluster ${tree.cluster}, folder ${folder}`;
        applications.push({ name: fillNameTemplate(pieces, { prefix, environment, cluster: tree.cluster, namespace: normalizeFolderName(folder) }), where });
      }
    }
  }
  problems.push(...applicationNameProblems(applications));
  if (problems.length > 0) throw new RenderError("RENDER_INVALID_RESOURCE", `ApplicationSet ${name}: ${problems.join("; ")}`);

  const revision = options.revision ?? "HEAD";
  const git = (path: string) => ({ git: { repoURL: options.repoURL, revision, directories: [{ path }] } });
  const goName = fillNameTemplate(pieces, { prefix, environment, cluster: "{{.cluster}}", namespace: "{{.path.basenameNormalized}}" });
  let generators: unknown[];
  let destination: Record<string, string>;
  let templatePatch: string | undefined;
  if (clusters.length === 0) {
    generators = [git(`${joinPath(options.path, environment)}/*`)];
    destination = chosen?.clusterName !== undefined ? { name: chosen.clusterName } : { server: chosen?.server ?? options.server ?? "https://kubernetes.default.svc" };
  } else {
    const byServer = clusters.filter((cluster) => cluster.server !== undefined).length;
    const mixed = byServer > 0 && byServer < clusters.length;
    const elements = clusters.map((cluster) => ({
      cluster: cluster.name,
      tree: cluster.path?.replace(/\/+$/, "") ?? joinPath(options.path, environment, cluster.name),
      ...(cluster.server !== undefined || mixed ? { server: cluster.server ?? "" } : {}),
      ...(cluster.clusterName !== undefined || mixed ? { clusterName: cluster.clusterName ?? "" } : {}),
    }));
    generators = [{ matrix: { generators: [{ list: { elements } }, git("{{.tree}}/*")] } }];
    if (mixed) {
      destination = {};
      templatePatch = [
        "spec:",
        "  destination:",
        "    {{- if .server }}",
        "    server: {{ .server | toJson }}",
        "    {{- else }}",
        "    name: {{ .clusterName | toJson }}",
        "    {{- end }}",
        "",
      ].join("\n");
    } else destination = byServer > 0 ? { server: "{{.server}}" } : { name: "{{.clusterName}}" };
  }
  const resource = applicationSetOf(options, { name, namespace, generators, applicationName: goName, destination, ...(templatePatch !== undefined ? { templatePatch } : {}) });
  return { resource, applications };
}

/** Application names given twice; with `shape`, also those too long or not DNS-1123 subdomains. */
function applicationNameProblems(applications: readonly NamedApplication[], shape = true): string[] {
  const problems: string[] = [];
  const first = new Map<string, string>();
  for (const { name, where } of applications) {
    if (!shape) {
      // Only the names given twice.
    } else if (name.length > MAX_APPLICATION_NAME) {
      problems.push(`the Application of ${where} would be named ${JSON.stringify(name)}, ${name.length} characters, over Argo CD's ${MAX_APPLICATION_NAME}: shorten the prefix (name) or the applicationName template`);
    } else if (!isDnsSubdomain(name)) {
      problems.push(`the Application of ${where} would be named ${JSON.stringify(name)}, which is not a DNS-1123 subdomain (${DNS_SUBDOMAIN_RULE}): change the prefix (name) or the applicationName template`);
    }
    const before = first.get(name);
    if (before !== undefined) problems.push(`the Applications of ${before} and of ${where} would both be named ${JSON.stringify(name)}: change the applicationName template, or a folder, cluster or environment name`);
    else first.set(name, where);
  }
  return problems;
}

/**
 * Builds the ApplicationSet of every environment with {@link buildEnvironmentApplicationSet}, in
 * the order given, and checks the names across them: no two ApplicationSets, and no two known
 * Applications (environment `prod-east` and cluster `east` of environment `prod` could both
 * give `meshform-prod-east-<namespace>`), share a name.
 *
 * @throws {@link RenderError} `RENDER_INVALID_RESOURCE` naming every problem of every
 * environment, and every name given twice.
 */
export function buildEnvironmentApplicationSets(environments: readonly EnvironmentApplicationSetOptions[]): KubeResource[] {
  const problems: string[] = [];
  const built: { resource: KubeResource; applications: NamedApplication[] }[] = [];
  for (const options of environments) {
    try {
      built.push(buildEnvironment(options));
    } catch (error) {
      if (!(error instanceof RenderError)) throw error;
      problems.push(error.message);
    }
  }
  const sets = new Map<string, string>();
  for (const [index, { resource }] of built.entries()) {
    const environment = environments[index]?.environment ?? "";
    const before = sets.get(resource.metadata.name);
    if (before !== undefined) problems.push(`environments ${before} and ${environment} would both have the ApplicationSet ${resource.metadata.name}`);
    else sets.set(resource.metadata.name, environment);
  }
  problems.push(...applicationNameProblems(built.flatMap(({ applications }) => applications), false));
  if (problems.length > 0) throw new RenderError("RENDER_INVALID_RESOURCE", problems.join("; "));
  return built.map(({ resource }) => resource);
}
