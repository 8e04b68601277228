/**
 * The process entry of `meshform` for a TypeScript-aware runner: `tsx packages/cli/src/bin.ts`
 * (the workspace's `pnpm meshform` and `pnpm codegen` scripts) or `node --import tsx`. The
 * installed binary is `bin/meshform.js`, which imports the compiled form of this file (or, for
 * `meshform validate` on files, the bundled CLI: see `startup/cached-bundle.ts`).
 */
import { runProcess } from "./process.js";

await runProcess(process.argv.slice(2));
