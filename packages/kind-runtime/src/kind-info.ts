/** Whether a kind lives in a namespace or at cluster scope. */
export type KindScope = "Namespaced" | "Cluster";

/**
 * One `x-kubernetes-validations` rule of a CRD, with the place in the object it applies to.
 *
 * The generator records rules; `@meshform/validate` evaluates them.
 */
export interface CelRule {
  /**
   * Where the rule sits, as segments from the object root: a property name, or `"*"` for every
   * item of a list or every value of a map. `[]` is the object itself.
   */
  readonly path: readonly string[];
  /** The CEL expression; `self` is the value at {@link CelRule.path}. */
  readonly rule: string;
  /** The fixed message shown when the rule fails. */
  readonly message?: string;
  /** A CEL expression that computes the message. */
  readonly messageExpression?: string;
  /** A relative JSON path to the field the failure is reported on. */
  readonly fieldPath?: string;
  /** The reason code the API server returns (`FieldValueInvalid` when absent). */
  readonly reason?: string;
  /** Whether a transition rule also runs when there is no old value. */
  readonly optionalOldSelf?: boolean;
}

/**
 * One schema default: where it applies (segments from the object root, `"*"` for every list item
 * or map value) and the value the API server fills in when the field is absent.
 */
export type SchemaDefault = readonly [path: readonly string[], value: unknown];

/** Metadata of one served version of one kind, as the CRD or OpenAPI document states it. */
export interface KindInfo {
  /** API group, `""` for the Kubernetes core group. */
  readonly group: string;
  /** API version inside the group, e.g. `v1beta1`. */
  readonly version: string;
  /** `group/version`, or just `version` for the core group: the object's `apiVersion`. */
  readonly apiVersion: string;
  /** The kind, e.g. `VirtualService`. */
  readonly kind: string;
  /** The lower-case plural resource name, e.g. `virtualservices`. */
  readonly plural: string;
  /** Namespaced or cluster-scoped. */
  readonly scope: KindScope;
  /** Whether the API server serves this version. */
  readonly served: boolean;
  /** Whether this version is the one stored in etcd. */
  readonly storage: boolean;
  /** Whether the version is deprecated. */
  readonly deprecated: boolean;
  /** The warning the API server returns for a deprecated version. */
  readonly deprecationWarning?: string;
  /** Every `x-kubernetes-validations` rule of the version's schema. */
  readonly rules: readonly CelRule[];
  /**
   * The CRD schema's defaults, parents before children: the API server applies them before it
   * validates (CEL rules see defaulted objects). Empty for Kubernetes' own kinds, whose defaults
   * are applied by Go code, not by their OpenAPI documents.
   */
  readonly defaults: readonly SchemaDefault[];
  /** The spec file and upstream release the kind was generated from. */
  readonly source: { readonly file: string; readonly release: string };
}

/** The plain object every kind shares: `apiVersion`, `kind`, then the kind's own fields. */
export type Resource<ApiVersion extends string, Kind extends string, Body extends object> = {
  apiVersion: ApiVersion;
  kind: Kind;
} & Body;

/**
 * A generated factory: takes everything but `apiVersion` and `kind`, returns the plain object.
 */
export type KindFactory<T extends { apiVersion: string; kind: string }> = (
  body: Omit<T, "apiVersion" | "kind">,
) => T;

/** A kind's zod schema together with its metadata: what a validator looks a resource up by. */
export interface KindEntry {
  readonly info: KindInfo;
  /** Checks the whole object. */
  readonly schema: import("zod").ZodType<unknown, unknown>;
}

/**
 * Which upstream release first has each kind version and field, over the releases a package was
 * generated against.
 */
export interface AvailabilityIndex {
  /** The upstream project, e.g. `Istio`. */
  readonly product: string;
  /** The releases compared, oldest first. */
  readonly releases: readonly string[];
  /**
   * Per `apiVersion/Kind`: the first release that serves it, and the fields that came later than
   * that, as dotted paths (`spec.http.route.destination`; lists are transparent, map values are `*`).
   */
  readonly kinds: Readonly<Record<string, { readonly since: string; readonly fields: Readonly<Record<string, string>> }>>;
}
