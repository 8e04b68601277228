/**
 * The mark every {@link MeshformError} carries. It is a registered symbol (`Symbol.for`), the
 * same in every copy of `@meshform/diagnostics` loaded into one process, so an error raised by
 * one copy is still recognised by another, where `instanceof` would say no.
 */
const BRAND = Symbol.for("@meshform/diagnostics.MeshformError");

/**
 * The base of the errors meshform raises for a user's mistake (a bad spec, a bad config, a
 * failed write): the message is meant for people (what is wrong, where, and how to fix it),
 * `code` is stable for programs, and `cause` keeps whatever led to it. The CLI prints such an
 * error as `error: …`, without a stack; anything that is not a `MeshformError` is a bug and prints
 * its stack. Recognise one with {@link isMeshformError}, which holds across copies of this package.
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

// On the prototype, not enumerable: the mark is not part of what an error shows or serialises.
Object.defineProperty(MeshformError.prototype, BRAND, { value: true });

/**
 * Whether `value` is a {@link MeshformError}: a user's mistake with a message for people. Unlike
 * `instanceof`, it also recognises an error made by another copy of `@meshform/diagnostics` (a
 * config that loads its own copy of a meshform package, two versions side by side).
 *
 * @example
 * ```ts
 * if (isMeshformError(error)) console.error(`error: ${error.message}`);
 * ```
 */
export function isMeshformError(value: unknown): value is MeshformError {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[BRAND] === true;
}
