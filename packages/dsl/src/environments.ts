/**
 * Environments and clusters: one config for dev, staging and prod, each run of `defineMesh`'s
 * callback building its own model, and each environment spanning one or several clusters (each an
 * Argo CD destination, by API server URL or by cluster name).
 */
import type { MeshModel } from "./model.js";
import type { TargetOptions, Targets } from "./targets.js";

/**
 * An Argo CD destination: a cluster by its API server URL (`server`) or by the name Argo CD knows
 * it by (`name`). Exactly one of the two.
 */
export type ClusterOptions =
  | { /** The cluster's API server URL, e.g. `"https://east.example.com:6443"`. */ readonly server: string; readonly name?: undefined }
  | { /** The cluster's name in Argo CD, e.g. `"prod-west"`. */ readonly name: string; readonly server?: undefined };

/** What the config says about one environment (`defineMesh({ environments: { prod: {...} } })`). */
export interface EnvironmentOptions {
  /**
   * The releases this environment targets, merged over the mesh's `targets` (prod on Istio 1.24
   * while staging moves to 1.30).
   * @defaultValue the mesh's `targets`
   */
  readonly targets?: TargetOptions;
  /**
   * The clusters the environment spans, by name (a DNS-1123 label: it names a folder and an
   * Application), each with its Argo CD destination. Every cluster gets its own tree; resources
   * can be placed on some of them only (`mesh.placeOn`, `mesh.namespace(name, { clusters })`).
   * @defaultValue none: the environment is one tree, for {@link EnvironmentOptions.destination}
   */
  readonly clusters?: Readonly<Record<string, ClusterOptions>>;
  /**
   * The Argo CD destination of an environment without `clusters`.
   * @defaultValue the destination of `output.argocd`
   */
  readonly destination?: ClusterOptions;
}

/** The environments of a config, by name (a DNS-1123 label: it names folders and Applications). */
export type EnvironmentsOptions = Readonly<Record<string, EnvironmentOptions>>;

/** One cluster of an environment, as the pipeline reads it: its name and its Argo CD destination. */
export interface ClusterTarget<Name extends string = string> {
  /** The cluster's name in the config (`environments.prod.clusters.east` → `"east"`). */
  readonly name: Name;
  /** The destination's API server URL, when the config gives the cluster by URL. */
  readonly server?: string;
  /** The destination's cluster name in Argo CD, when the config gives the cluster by name. */
  readonly clusterName?: string;
}

/**
 * The environment a run of `defineMesh`'s callback builds: its name, the targets it resolved to,
 * and its clusters. Typed from the config, so `env.name === "prd"` does not compile when the
 * environments are `dev`, `staging` and `prod`, and comparing `env.name` narrows `env.clusters`.
 */
export interface Environment<Name extends string = string, Cluster extends string = string> {
  /** The environment's name. */
  readonly name: Name;
  /** The releases this environment targets: the mesh's, with the environment's own over them. */
  readonly targets: Targets;
  /** The clusters the environment declares, in the config's order; empty when it declares none. */
  readonly clusters: readonly ClusterTarget<Cluster>[];
}

/** The names of the clusters an environment's options declare (`never` when it declares none). */
export type ClusterNamesOf<Options> = Options extends { readonly clusters: infer Clusters } ? keyof Clusters & string : never;

/** The names of the clusters any environment of `Environments` declares. */
export type ClusterOf<Environments> = { [Name in keyof Environments]: ClusterNamesOf<Environments[Name]> }[keyof Environments];

/**
 * What `defineMesh`'s callback gets as its second argument for a config with these environments:
 * one {@link Environment} per name, a union discriminated by `name`. `never` for a config without
 * environments.
 */
export type EnvironmentOf<Environments> = { [Name in keyof Environments & string]: Environment<Name, ClusterNamesOf<Environments[Name]>> }[keyof Environments & string];

/** One environment of a built definition: what the pipeline generates for it. */
export interface MeshEnvironment {
  /** The environment's name, e.g. `"prod"`. */
  readonly name: string;
  /** Its clusters, in the config's order; empty when it declares none. */
  readonly clusters: readonly ClusterTarget[];
  /** The Argo CD destination of an environment without clusters, when the config gives one. */
  readonly destination?: { readonly server?: string; readonly name?: string };
  /** The model this environment's run of the callback builds; complete once `ready` has resolved. */
  readonly model: MeshModel;
  /** Settles when this environment's run of the callback has finished (rejected with its error). */
  readonly ready: Promise<void>;
}

/** {@link TargetOptions} of an environment merged over the mesh's. */
export function mergeTargets(mesh: TargetOptions | undefined, environment: TargetOptions | undefined): TargetOptions {
  if (environment === undefined) return mesh ?? {};
  const istio = environment.istio ?? mesh?.istio;
  const gatewayApi = mesh?.gatewayApi === undefined && environment.gatewayApi === undefined ? undefined : { ...mesh?.gatewayApi, ...environment.gatewayApi };
  return { ...(istio !== undefined ? { istio } : {}), ...(gatewayApi !== undefined ? { gatewayApi } : {}) };
}

/** The {@link ClusterTarget}s of an environment's clusters, in the config's order. */
export function clusterTargets(clusters: Readonly<Record<string, ClusterOptions>> | undefined): ClusterTarget[] {
  return Object.entries(clusters ?? {}).map(([name, options]) => ({
    name,
    ...(options.server !== undefined ? { server: options.server } : {}),
    ...(options.name !== undefined ? { clusterName: options.name } : {}),
  }));
}
