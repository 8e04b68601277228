import type { MeshDefinition } from "@meshform/dsl";
import type { Issue } from "@meshform/diagnostics";
import type { ValidationThread } from "@meshform/validate";

/** A path to a field of a document: property names and list indexes. */
export type FieldPath = readonly (string | number)[];

/** One parsed document with where it came from: what `@meshform/validate`'s reader gives. */
export interface ImportDocument {
  /** The document as Kubernetes reads it. */
  readonly object: unknown;
  /** The file it was read from, `-` for standard input. */
  readonly file: string;
  /** 0-based position among the file's documents. */
  readonly index?: number;
  /**
   * The 1-based line the document starts at, when the caller knows it cheaply
   * (`documentStartLines`); otherwise `lineOf([])` is asked, which parses the file for positions.
   */
  readonly line?: number;
  /** For an item of a `kind: List` document, its position in `items`. */
  readonly item?: number;
  /** Why the document is not a resource (a kustomization file), when it is not. */
  readonly skipped?: string;
  /** The 1-based line of the field at `path`, when known. */
  readonly lineOf?: (path: FieldPath) => number | undefined;
}

/** The codes of the findings of an import. */
export type ImportIssueCode =
  /** A document that is not a Kubernetes resource (no apiVersion, kind or name). */
  | "NOT_A_RESOURCE"
  /** Two documents define the same resource; the last one is kept. */
  | "DUPLICATE_INPUT"
  /** The input fails the API server's checks (schema, CEL rules, Istio admission). */
  | "INPUT_INVALID"
  /** The input was corrected, where the intent it expresses is unambiguous. */
  | "INPUT_CORRECTED"
  /** The resource generated from the config differs from the input in a field. */
  | "ROUND_TRIP_DIFFERENCE"
  /** A resource of the input that the config does not generate, or the reverse. */
  | "ROUND_TRIP_MISSING"
  /** The written config does not compile without errors. */
  | "CONFIG_ISSUE";

/** A finding of an import. */
export type ImportIssue = Issue<ImportIssueCode | string>;

/** How one resource of the input was written in the config. */
export interface ImportedResource {
  /** `Kind namespace/name`, or `Kind name` for a cluster-scoped resource. */
  readonly resource: string;
  readonly file: string;
  readonly line?: number;
  /** The builder that writes it (`httpRoute`, `requireJwt`...), or `resource` for a typed raw resource. */
  readonly as: string;
  /** The line of the written config where it is declared. */
  readonly configLine?: number;
}

/** What an import found, resource by resource. */
export interface ImportReport {
  /** Every resource of the input, in the order of the input. */
  readonly resources: readonly ImportedResource[];
  /** Resources written with an intent builder. */
  readonly intents: number;
  /** Resources written as typed raw resources. */
  readonly raw: number;
  /**
   * Every finding: input errors, corrections (each at the input's line, and named at the line of
   * the config where the comment is), and every difference between the input and what the
   * config generates, field by field.
   */
  readonly issues: readonly ImportIssue[];
}

/** What {@link importManifests} returns. */
export interface ImportResult {
  /** The text of mesh.config.ts. */
  readonly source: string;
  readonly report: ImportReport;
  /**
   * The mesh the written config defines, built in-process by the same calls the text makes:
   * `compile(definition.model)` gives what `meshform generate` on the text would. Absent when
   * the calls could not run. Its drafts carry no lines of the text: the calls ran without call
   * sites, and each origin is the placeholder `{ file: "<unknown>" }`.
   */
  readonly definition?: MeshDefinition;
}

/** The options of {@link importManifests}. */
export interface ImportOptions {
  /** Istio's root namespace. @defaultValue `"istio-system"` */
  readonly rootNamespace?: string;
  /** Check the input with `@meshform/validate` and report its errors. @defaultValue true */
  readonly validate?: boolean;
  /** Compile the written config and compare what it generates with the input. @defaultValue true */
  readonly roundTrip?: boolean;
  /**
   * Told when each stage ends, with its duration in milliseconds: `read`, `validate`, `plan`
   * (recognise and write), `compile` (run the statements and compile), `compare`.
   * @defaultValue nothing is told
   */
  readonly onStage?: (stage: "read" | "validate" | "plan" | "compile" | "compare", milliseconds: number) => void;
  /** How the config names the input's files in its comments, e.g. relative to the config. @defaultValue the name as given */
  readonly fileName?: (file: string) => string;
  /**
   * A validation thread (`startValidationThread()` of `@meshform/validate`) that checks the input
   * while the config is written and replayed. It only tells which resources have an issue; those
   * are checked again here, so the report is the same as without it. Worth it for thousands of
   * resources; the caller closes it.
   * @defaultValue the input is validated on this thread
   */
  readonly validationThread?: ValidationThread;
}
