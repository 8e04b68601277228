import type { KindScope } from "@meshform/kind-runtime";
import type { SpecLocation } from "../errors.js";

/** One version of a kind as an input describes it. */
export interface KindVersionSource {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  readonly deprecated: boolean;
  readonly deprecationWarning?: string;
  /** The root schema of the object. */
  readonly schema: Readonly<Record<string, unknown>>;
  /** Where the root schema is. */
  readonly location: SpecLocation;
}

/** A kind and its versions, from a CRD or from an OpenAPI document. */
export interface KindSource {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly scope: KindScope;
  readonly versions: readonly KindVersionSource[];
  /** The file the kind came from. */
  readonly file: string;
  /** For OpenAPI kinds: every named definition of the document, for `$ref`s. */
  readonly definitions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** A document that was read but holds no kind, and why. */
export interface SkippedDocument {
  readonly file: string;
  readonly index: number;
  readonly reason: string;
}
