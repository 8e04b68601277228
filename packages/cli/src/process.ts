/**
 * Runs the CLI as the process: the body of `bin.ts`, shared with the bundled start-up path
 * (`startup/cached-bundle.ts`), which loads this module from a bundle.
 *
 * It sets the exit code rather than exiting, so pending output is flushed before the process
 * ends. What a mesh.config.ts leaves running (an interval, an open socket) would keep a finished
 * run alive forever, though: once the output is flushed, a run whose event loop has not emptied
 * within a short grace is ended.
 */
import { main } from "./main.js";

/** How long a finished run waits for its event loop to empty before it ends itself. */
const LINGER_MS = 200;

/** Runs `meshform` on `argv` (the arguments after the program name) as this process. */
export async function runProcess(argv: readonly string[]): Promise<void> {
  process.exitCode = await main(argv);
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write("", resolve))));
  setTimeout(() => process.exit(), LINGER_MS).unref();
}
