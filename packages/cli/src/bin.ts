/**
 * The process entry of `meshform` for a TypeScript-aware runner: `tsx packages/cli/src/bin.ts`
 * (the workspace's `pnpm meshform` and `pnpm codegen` scripts) or `node --import tsx`. The
 * installed binary is `bin/meshform.js`, which registers tsx and then imports this file.
 *
 * It only sets the exit code, so pending output is flushed before the process ends.
 */
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));
