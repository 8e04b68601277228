import { MeshformError } from "@meshform/diagnostics";

/**
 * The stable codes of {@link RenderError}. Programs branch on these; the message is for people.
 *
 * - `RENDER_INVALID_RESOURCE`: a resource lacks `apiVersion`, `kind` or `metadata`, or has one in
 *   a form that cannot name a file.
 * - `RENDER_INVALID_NAME`: `metadata.name` is not a DNS-1123 subdomain (a Namespace's name not a
 *   DNS-1123 label).
 * - `RENDER_INVALID_NAMESPACE`: `metadata.namespace` is not a DNS-1123 label.
 * - `RENDER_MISSING_NAMESPACE`: a namespaced kind has no `metadata.namespace`.
 * - `RENDER_UNEXPECTED_NAMESPACE`: a cluster-scoped kind has a `metadata.namespace`.
 * - `RENDER_DUPLICATE`: two resources share API group, kind, namespace and name.
 * - `RENDER_UNSUPPORTED_VALUE`: a value that is not plain JSON (`NaN`, a function, a `Date`...).
 * - `RENDER_TEMPLATE_FAILED`: the README template does not compile or render.
 * - `RENDER_UNSAFE_PATH`: a path that would leave the output folder or pass through a link.
 * - `RENDER_PATH_CONFLICT`: a file meshform would write exists and meshform does not own it.
 * - `RENDER_MANIFEST_INVALID`: the ownership manifest cannot be read as meshform wrote it.
 * - `RENDER_WRITE_FAILED`: the file system refused an operation.
 * - `RENDER_REMOVAL_NOT_ALLOWED`: a write would delete a whole folder, a Namespace object or a
 *   large share of the owned files, and removal was not allowed.
 * - `RENDER_OUTPUT_REFUSED`: the output folder is one meshform must not own (an empty path, a
 *   file-system root, the home folder).
 * - `RENDER_LOCKED`: another run holds the output folder's lock and did not release it in time.
 * - `RENDER_JOURNAL_INVALID`: the journal of an interrupted write cannot be read as meshform wrote it.
 */
export type RenderErrorCode =
  | "RENDER_INVALID_RESOURCE"
  | "RENDER_INVALID_NAME"
  | "RENDER_INVALID_NAMESPACE"
  | "RENDER_MISSING_NAMESPACE"
  | "RENDER_UNEXPECTED_NAMESPACE"
  | "RENDER_DUPLICATE"
  | "RENDER_UNSUPPORTED_VALUE"
  | "RENDER_TEMPLATE_FAILED"
  | "RENDER_UNSAFE_PATH"
  | "RENDER_PATH_CONFLICT"
  | "RENDER_MANIFEST_INVALID"
  | "RENDER_WRITE_FAILED"
  | "RENDER_REMOVAL_NOT_ALLOWED"
  | "RENDER_OUTPUT_REFUSED"
  | "RENDER_LOCKED"
  | "RENDER_JOURNAL_INVALID";

/** One problem found while planning: its code and the one-line text naming the resource. */
export interface RenderProblem {
  /** The stable code of the problem. */
  readonly code: RenderErrorCode;
  /** What is wrong, naming the resource (`apiVersion/kind namespace/name`) and the field. */
  readonly message: string;
}

/**
 * A problem that stops rendering (a {@link MeshformError}: the CLI prints it as `error: …`):
 * resources that cannot be laid out as files, a value YAML cannot carry, or a file system that
 * refuses to be written as meshform needs.
 *
 * When planning finds several problems, one error carries them all in {@link RenderError.problems}
 * (sorted), its message lists one per line and its `code` is the first problem's.
 */
export class RenderError extends MeshformError<RenderErrorCode> {
  override readonly name = "RenderError";
  /** Every problem found, sorted by message; a single-problem error holds just that one. */
  readonly problems: readonly RenderProblem[];

  constructor(code: RenderErrorCode, message: string, options?: { cause?: unknown; problems?: readonly RenderProblem[] }) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.problems = options?.problems ?? [{ code, message }];
  }

  /**
   * Builds one error from the problems planning found.
   *
   * @internal
   */
  static fromProblems(problems: readonly RenderProblem[]): RenderError {
    const sorted = [...problems].sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
    const first = sorted[0];
    if (first === undefined) throw new TypeError("RenderError.fromProblems needs at least one problem");
    if (sorted.length === 1) return new RenderError(first.code, first.message);
    const lines = sorted.map((problem) => `  ✖ ${problem.message}`);
    return new RenderError(first.code, `${sorted.length} problems stop rendering:\n${lines.join("\n")}`, {
      problems: sorted,
    });
  }
}

