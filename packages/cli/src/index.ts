/**
 * The `meshform` command-line tool: `meshform codegen` generates typed kinds from CRDs and
 * OpenAPI documents. The executable is `bin/meshform.js`; this module offers the same CLI to
 * programs: {@link main} runs it on an argument list and returns the exit code.
 *
 * @packageDocumentation
 */
export { main, meshform, VERSION } from "./main.js";
export { ExitCode, EXIT_CODE_MEANINGS } from "./exit-code.js";
export { MeshformError, UsageError, FileSystemError, type CliErrorCode } from "./errors.js";
export { processIo, type CliIo, type OutputStream } from "./output.js";
