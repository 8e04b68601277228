/**
 * The process entry of `meshform` for a TypeScript-aware runner: `tsx packages/cli/src/bin.ts`
 * (the workspace's `pnpm meshform` and `pnpm codegen` scripts) or `node --import tsx`. The
 * installed binary is `bin/meshform.js`, which registers tsx and then imports this file.
 *
 * It sets the exit code rather than exiting, so pending output is flushed before the process
 * ends. What a mesh.config.ts leaves running (an interval, an open socket) would keep a finished
 * run alive forever, though: once the output is flushed, a run whose event loop has not emptied
 * within a short grace is ended.
 */
import { main } from "./main.js";

/** How long a finished run waits for its event loop to empty before it ends itself. */
const LINGER_MS = 200;

process.exitCode = await main(process.argv.slice(2));
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write("", resolve))));
setTimeout(() => process.exit(), LINGER_MS).unref();
