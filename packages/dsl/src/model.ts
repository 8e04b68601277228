import type { Issue, SourceLocation } from "@meshform/diagnostics";
import type { KindEntry } from "@meshform/kind-runtime";
import type { Operation } from "./json-patch.js";
import type { Targets } from "./targets.js";
import type { RouteApi } from "./refs.js";

/**
 * One resource as a builder wrote it: everything but `apiVersion`, which `compile` picks for the
 * target release (a raw resource may pin it). Plain data: builders only append to it.
 */
export interface Draft {
  /** API group, `""` for the Kubernetes core group. */
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** The namespace, or `undefined` for a cluster-scoped resource. */
  readonly namespace: string | undefined;
  /** The object without `apiVersion` and `kind`: `metadata`, `spec`, and the rest. */
  readonly body: Record<string, unknown>;
  /** Set by raw resources, which say their own version. */
  readonly apiVersion?: string;
  /** The line of mesh.config.ts that declared it. */
  readonly origin: SourceLocation;
  /** The builder path, e.g. `namespace("default").httpRoute("reviews")`. */
  readonly builder: string;
}

/** What identifies a resource of the config: its group, kind, namespace and name. */
export interface DraftKey {
  /** API group, `""` for the Kubernetes core group. */
  readonly group: string;
  readonly kind: string;
  /** The namespace, or `undefined` for a cluster-scoped resource. */
  readonly namespace: string | undefined;
  readonly name: string;
}

/** RFC 6902 operations on one resource, applied by `compile` before validation. */
export interface PatchIntent {
  readonly target: DraftKey;
  readonly operations: readonly Operation[];
  readonly origin: SourceLocation;
}

/** Where Argo CD finds the generated tree, for the optional ApplicationSet. */
export interface ArgoCdOptions {
  /** The git repository URL. */
  readonly repoURL: string;
  /** @defaultValue `"HEAD"` */
  readonly revision?: string;
  /** The path of the generated folder inside the repository. @defaultValue `"generated"` */
  readonly path?: string;
  /** The namespace Argo CD runs in. @defaultValue `"argocd"` */
  readonly namespace?: string;
  /**
   * The ApplicationSet's name and the prefix of its Applications' names; with environments, each
   * environment's ApplicationSet is `<name>-<environment>`. @defaultValue `"meshform"`
   */
  readonly name?: string;
  /**
   * With environments, the template of every Application's name, from `{prefix}` (the `name`),
   * `{environment}`, `{cluster}` and `{namespace}`; it must hold `{environment}`, `{namespace}`
   * and, for an environment with clusters, `{cluster}`, so that no two Applications share a name.
   * @defaultValue `"{prefix}-{environment}-{cluster}-{namespace}"` (`{cluster}` and its `-` left out without clusters)
   */
  readonly applicationName?: string;
  /** The Argo CD project. @defaultValue `"default"` */
  readonly project?: string;
  /** The cluster the Applications deploy to. @defaultValue `"https://kubernetes.default.svc"` */
  readonly server?: string;
  /** Whether Argo CD syncs (and prunes, and self-heals) on its own. @defaultValue `false` */
  readonly automated?: boolean;
  /**
   * Whether deleting an Application also deletes every resource Argo CD deployed from its folder.
   *
   * Left `false`, the ApplicationSet sets `spec.syncPolicy.preserveResourcesOnDeletion: true`, so
   * the ApplicationSet controller creates Applications without Argo CD's
   * `resources-finalizer.argocd.argoproj.io` finalizer. When a namespace leaves the config, its
   * folder leaves the tree, the controller deletes its Application, and the namespace's resources
   * stay in the cluster, no longer managed by Argo CD.
   *
   * `true` sets `preserveResourcesOnDeletion: false`: the controller puts the finalizer on every
   * Application, and deleting one (its folder gone, or the ApplicationSet deleted) deletes every
   * resource it deployed. A Namespace object that still carries the sync option `Delete=false`
   * (the default, see `mesh.namespace(name, { argocd })`) stays; one without it is deleted, and
   * with it every workload in the namespace, whoever deployed it.
   *
   * @defaultValue `false`
   */
  readonly deleteResourcesWithApplication?: boolean;
  /**
   * What the ApplicationSet controller may do to the Applications it generated (the
   * ApplicationSet's `spec.syncPolicy.applicationsSync`). `create-update` and `create-only` never
   * delete an Application, so a namespace that leaves the config keeps its Application and its
   * resources. The controller honours the field only when its policy override is enabled
   * (`applicationsetcontroller.enable.policy.override: "true"` in `argocd-cmd-params-cm`).
   *
   * @defaultValue none: the controller's own policy applies (`sync` unless its `--policy` says otherwise)
   */
  readonly applicationsSync?: ApplicationsSyncPolicy;
}

/**
 * What the ApplicationSet controller may do to the Applications it generated:
 * `create-only` (create them, never update or delete them), `create-update` (never delete them),
 * `create-delete` (never update them) or `sync` (create, update and delete them).
 */
export type ApplicationsSyncPolicy = "create-only" | "create-update" | "create-delete" | "sync";

/** What the config says about the output, beyond the resources. */
export interface OutputSettings {
  /** An Argo CD ApplicationSet with one Application per namespace folder. */
  readonly argocd?: ArgoCdOptions;
  /** A handlebars template for each namespace folder's README. */
  readonly readmeTemplate?: string;
}

/** The whole mesh as plain data: what `compile` turns into resources. */
export interface MeshModel {
  readonly targets: Targets;
  /**
   * The API routes are written in unless a namespace or the route says otherwise
   * (`defineMesh({ routeApi })`).
   */
  readonly routeApi: RouteApi;
  /** Kinds of the config's own, generated with `meshform codegen` (a vendor's CRDs, say). */
  readonly kinds: readonly KindEntry[];
  /** The Istio root namespace, where mesh-wide policy lives. */
  readonly rootNamespace: string;
  readonly drafts: Draft[];
  readonly patches: PatchIntent[];
  readonly output: OutputSettings;
  /** What builders found wrong while the config ran (a weight out of range...); compile reports them. */
  readonly issues: Issue<BuilderIssueCode>[];
  /**
   * What the config refers to but does not generate: Services named with `ns.service()`, and
   * whatever `mesh.external()` declares. Analysis does not report references to them as missing.
   */
  readonly externals: ExternalDeclarations;
  /** Analysis findings the config accepts, each with its reason. */
  readonly suppressions: AnalysisSuppression[];
  /**
   * The namespaces whose Namespace object Argo CD may prune or delete
   * (`mesh.namespace(name, { argocd: { allowDeletion: true } })`). `compile` gives every other
   * Namespace object the sync options `Delete=false,Prune=false`.
   */
  readonly namespacesArgoCdMayDelete: string[];
  /**
   * Where resources go when the environment spans several clusters: what `mesh.placeOn(...)` and
   * `mesh.namespace(name, { clusters })` said, in the config's order. Absent until the config
   * places something; a resource no placement names goes to every cluster.
   */
  readonly placements?: PlacementIntent[];
  /**
   * The clusters of the environment the model is built for, in the config's order (what
   * placements name); absent when it declares none.
   */
  readonly clusters?: readonly string[];
}

/**
 * Resources placed on some clusters of the environment only: one resource of the config
 * (`target`), or a whole namespace (`namespace`: its Namespace object and everything in it).
 * The clusters are names the environment declares (a call naming another is refused at its line).
 */
export type PlacementIntent =
  | { readonly target: DraftKey; readonly namespace?: undefined; readonly clusters: readonly string[]; readonly origin: SourceLocation }
  | { readonly namespace: string; readonly target?: undefined; readonly clusters: readonly string[]; readonly origin: SourceLocation };

/**
 * The codes of issues builders report: what a builder was told and cannot write as asked. The
 * builder leaves the faulty part out, so each mistake is reported once.
 */
export type BuilderIssueCode =
  // routing
  | "VALUE_OUT_OF_RANGE"
  | "INVALID_DURATION"
  | "TIMEOUT_CONFLICT"
  | "RULE_CONFLICT"
  | "FIELD_NOT_IN_CHANNEL"
  | "PORT_REQUIRED"
  | "UNKNOWN_PORT"
  | "DUPLICATE_PARENT"
  | "SERVICE_IN_OTHER_NAMESPACE"
  // traffic
  | "HTTP_POLICY_ON_OPAQUE_PORT"
  | "TLS_ORIGINATION_WITHOUT_HTTP_PORT"
  | "DUPLICATE_SUBSET"
  // Istio Gateways: two servers on one port that Istio cannot merge (it skips the later one)
  | "SERVER_CONFLICT"
  // either API: an intent the route's API cannot express
  | "API_CANNOT_EXPRESS"
  // what a builder was handed (checked at run time, for configs the compiler did not check)
  | "INVALID_NAME"
  | "INVALID_OPTION"
  | "INVALID_REFERENCE"
  // placement: a cluster the environment does not declare
  | "UNKNOWN_CLUSTER";

/** Things that live outside the config, by `namespace/name` (hosts by DNS name). */
export interface ExternalDeclarations {
  /** Kubernetes Services, e.g. `shop/reviews`. */
  readonly services: string[];
  /** Hosts served outside the mesh config, e.g. `api.example.com` or `*.example.com`. */
  readonly hosts: string[];
  /** Gateways (Gateway API or Istio), e.g. `istio-system/ingress`. */
  readonly gateways: string[];
  /**
   * DestinationRule subsets defined outside the config, as `<host>/<subset>`, e.g.
   * `reviews.shop.svc.cluster.local/v1` (`ns.externalSubsets(...)`).
   */
  readonly subsets: string[];
}

/** A compiled resource: a plain Kubernetes object. */
export interface Resource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** An analysis finding the config accepts: its code, why, and (optionally) which resource. */
export interface AnalysisSuppression {
  readonly code: string;
  readonly reason: string;
  /** `Kind namespace/name` (or `Kind name` when cluster-scoped); every resource when absent. */
  readonly resource?: string;
  readonly origin: SourceLocation;
}
