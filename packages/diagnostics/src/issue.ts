/** How bad a finding is: an error stops `generate`; a warning is printed; info is advice. */
export type IssueSeverity = "error" | "warning" | "info";

/** The resource a finding concerns. */
export interface IssueResource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** Where the thing a finding concerns was written: a YAML file and line, or a line of mesh.config.ts. */
export interface SourceLocation {
  readonly file: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based. */
  readonly column?: number;
}

/**
 * One finding. `code` is stable and never reused (each stage documents its codes in docs/);
 * `path` is the field path inside the resource, printed by {@link formatIssue} as
 * `spec.http[0].route[1].weight`.
 *
 * @typeParam Code - the union of codes of the stage that produced it
 */
export interface Issue<Code extends string = string> {
  readonly code: Code;
  readonly severity: IssueSeverity;
  readonly message: string;
  /** What would be right. */
  readonly hint?: string;
  readonly path?: readonly (string | number)[];
  readonly resource?: IssueResource;
  readonly source?: SourceLocation;
  /**
   * The code `istioctl analyze` gives the same finding (`IST0101`), for an analysis finding that
   * has one: Istio's users know and search those codes.
   */
  readonly istioctlCode?: string;
}
