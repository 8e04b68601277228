import { MeshformError } from "@meshform/diagnostics";

export { describeFileSystemFailure, isMeshformError, isSystemError, MeshformError } from "@meshform/diagnostics";

/** The stable codes of the errors the CLI raises. */
export type CliErrorCode = "USAGE" | "WORKSPACE_NOT_FOUND" | "SPECS_NOT_FOUND" | "FILE_SYSTEM";

/**
 * A mistake in how the command was called: an unknown command or option, a missing or
 * conflicting argument. The CLI exits with 2 for it.
 */
export class UsageError extends MeshformError<"USAGE"> {
  override readonly name = "UsageError";

  /**
   * @param message - what is wrong, e.g. `unknown option '--foo'`
   * @param command - the command whose help the message points to, e.g. `meshform codegen`
   */
  constructor(message: string, command = "meshform") {
    super("USAGE", `${message}; see '${command} --help'`);
  }
}

/** A file or folder the CLI could not read or write (permissions, a file where a folder should be). */
export class FileSystemError extends MeshformError<"FILE_SYSTEM"> {
  override readonly name = "FileSystemError";

  constructor(message: string, options?: { cause?: unknown }) {
    super("FILE_SYSTEM", message, options);
  }
}
