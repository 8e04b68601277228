import type { IssueSeverity, SourceLocation } from "@meshform/diagnostics";
import type { AnalysisCode } from "./codes.js";
import type { IndexedResource, MeshIndex } from "./resource-index.js";

/** A field path inside a resource: property names and list indexes. */
export type FieldPath = readonly (string | number)[];

/**
 * One resource to analyze: the plain object, where it was written, and (for YAML) the line of
 * each of its fields.
 */
export interface AnalyzedResource {
  /** The resource as Kubernetes would store it: `apiVersion`, `kind`, `metadata`, `spec`... */
  readonly object: Readonly<Record<string, unknown>>;
  /** The YAML file (and the line of the document), or the line of mesh.config.ts that declared it. */
  readonly source?: SourceLocation;
  /** The line of the field at `path`, or of its nearest written ancestor; `undefined` when unknown. */
  readonly lineOf?: (path: FieldPath) => number | undefined;
  /**
   * Set when validation reported an error on the resource: the API server refuses it, so it is
   * analysed for findings about itself but satisfies no reference (a Service, host, Gateway or
   * subset it declares is not there). @defaultValue absent: accepted
   */
  readonly rejected?: true;
}

/**
 * What lives outside the analyzed set but exists in the cluster, so that references to it are
 * not reported missing. Each entry is `namespace/name` unless said otherwise.
 */
export interface ExternalDeclarations {
  /** Kubernetes Services (an application's), e.g. `shop/reviews`. @defaultValue `[]` */
  readonly services?: readonly string[];
  /** Hosts served outside the set (DNS names, ServiceEntries of another repository), e.g. `api.example.com` or `*.example.com`. @defaultValue `[]` */
  readonly hosts?: readonly string[];
  /** Gateways, Gateway API or Istio, e.g. `istio-system/ingress`. A waypoint declared here is also found by `istio.io/use-waypoint`. @defaultValue `[]` */
  readonly gateways?: readonly string[];
  /**
   * DestinationRule subsets defined outside the set, as `<host>/<subset>` with the host as the
   * DestinationRule writes it in full, e.g. `reviews.shop.svc.cluster.local/v1`; a wildcard host
   * (`*.example.com/v1`) covers the hosts under it. @defaultValue `[]`
   */
  readonly subsets?: readonly string[];
}

/** A suppression given to {@link analyzeMesh} (from the config), rather than by annotation. */
export interface Suppression {
  /** The code to suppress. */
  readonly code: string;
  /** Why the finding does not apply; a suppression without a reason is itself a finding. */
  readonly reason: string;
  /** The resource it applies to, `Kind namespace/name` (or `Kind name` when cluster-scoped); every resource when absent. @defaultValue every resource */
  readonly resource?: string;
}

/** The options of {@link analyzeMesh}. */
export interface AnalyzeOptions {
  /** What exists outside the set. @defaultValue nothing */
  readonly external?: ExternalDeclarations;
  /** Suppressions beyond those written on resources as `meshform.dev/suppress` annotations. @defaultValue `[]` */
  readonly suppressions?: readonly Suppression[];
  /** The Istio root namespace, where mesh-wide policy lives. @defaultValue `"istio-system"` */
  readonly rootNamespace?: string;
  /** The namespace of a namespaced resource that names none, as `kubectl apply` would use. @defaultValue `"default"` */
  readonly defaultNamespace?: string;
}

/** What a check found about one resource; {@link analyzeMesh} adds the code, severity and source. */
export interface Finding {
  readonly resource: IndexedResource;
  readonly path: FieldPath;
  readonly message: string;
  /** What would be right. */
  readonly hint?: string;
}

/** The code of an `istioctl analyze` message, e.g. `IST0101`. */
export type IstioctlCode = `IST${number}`;

/** One check of mesh analysis: a module under `checks/`, one code each. */
export interface Check {
  readonly code: AnalysisCode;
  /**
   * The code `istioctl analyze` gives the same finding, when it has one. Reports carry it beside
   * meshform's code, and a suppression may name either.
   */
  readonly istioctlCode?: IstioctlCode;
  readonly severity: IssueSeverity;
  /** A short title, as on the code's docs page. */
  readonly title: string;
  /** The findings over the whole set; pure, never throws. */
  readonly check: (index: MeshIndex) => Finding[];
}
