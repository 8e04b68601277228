import { MeshformError } from "@meshform/diagnostics";

/**
 * The stable codes of {@link GenerationError}:
 *
 * - `GENERATION_BLOCKED`: a plan whose issues stop the run was given to write or check.
 * - `ENVIRONMENT_UNKNOWN`: an environment was asked for (`--env`) that the config does not
 *   declare, or the config declares none.
 */
export type GenerationErrorCode = "GENERATION_BLOCKED" | "ENVIRONMENT_UNKNOWN";

/** A generation asked of the engine that it cannot do as asked; the message says why and what to do. */
export class GenerationError extends MeshformError<GenerationErrorCode> {
  override readonly name = "GenerationError";
}
