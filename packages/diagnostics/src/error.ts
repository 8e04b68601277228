/**
 * The base of the errors meshform raises for a user's mistake (a bad spec, a bad config, a
 * failed write): the message is one line meant for people, `code` is stable for programs, and
 * `cause` keeps whatever led to it. The CLI prints such an error as one `error: …` line, without a
 * stack; anything that is not a `MeshformError` is a bug and prints its stack.
 *
 * @typeParam Code - the union of codes of the package that raises it
 */
export class MeshformError<Code extends string = string> extends Error {
  override readonly name: string = "MeshformError";
  /** A stable code for programs, listed in docs/. */
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
