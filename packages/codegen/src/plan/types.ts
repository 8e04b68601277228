import type { FieldNode } from "../ir.js";
import type { KindSource } from "../sources/kind-source.js";

/** The kinds of one upstream release. */
export interface ReleaseKinds {
  /** The release, e.g. `1.30.3` or `v1.6.1`. */
  readonly release: string;
  readonly kinds: readonly KindSource[];
}

/** What to generate: the releases of one upstream product, and how the output imports its helpers. */
export interface GenerateKindsOptions {
  /** The upstream project, for docs and the availability index, e.g. `Istio`. */
  readonly product: string;
  /**
   * Releases oldest first. The last is generated with types; each older one's CRDs get their own
   * schemas and metadata (`releases/<release>.ts`, sharing every structure a newer release has);
   * every one feeds the availability index.
   */
  readonly releases: readonly ReleaseKinds[];
  /** The import specifier of `@meshform/kind-runtime`. */
  readonly runtimeSpecifier: string;
  /**
   * The import specifier of the module holding `ObjectMeta`, for CRD kinds.
   * @defaultValue `"@meshform/k8s/meta/v1"`
   */
  readonly objectMetaSpecifier?: string;
  /** How a spec file is named in headers and metadata (a path relative to a root, or a URL). */
  readonly displayPath: (file: string) => string;
  /** The generator's name and version for headers, e.g. `@meshform/codegen 0.1.0`. */
  readonly generator: string;
}

/** One file to write, with its path inside the output folder. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** A kind version emitted into a version module, and where its shape is. */
export interface PlannedKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The module that holds the kind's resource type. */
  readonly module: string;
}

/** Field notes shared by the planners: what to say about a field in its doc comment. */
export type FieldNotes = (field: FieldNode) => readonly string[];
