#!/usr/bin/env node
/**
 * The `meshform` executable.
 *
 * meshform's packages ship compiled: their `exports` point at `dist/*.js`, which plain Node runs,
 * so this file imports the CLI's compiled entry and nothing compiles meshform itself as it loads.
 * Only the user's mesh.config.ts is TypeScript: the CLI registers tsx's ESM loader just before it
 * imports that file, after its own packages have loaded, so their modules are the ones the config
 * gets when it imports `@meshform/dsl` (see `loadMesh` in @meshform/engine).
 *
 * `meshform validate` on files (without `--config`) and `meshform import` run from
 * `dist/bundle/<command>.cjs` when the build made it (scripts/bundle-cli.js): the same code in one
 * file, loaded through V8's code cache (`src/startup/cached-bundle.ts`), for an editor or a
 * pre-commit hook that runs validate on every save. A command that loads a mesh.config.ts never
 * runs from a bundle, as the config must share the CLI's module instances.
 *
 * Without `dist/` (a checkout whose install did not build it), it falls back to the sources:
 * tsx's loader, registered through its API (`tsx/esm/api`), then `src/bin.ts`. `tsx` is resolved
 * from this package's own dependencies, so the binary works from any folder and from another
 * pnpm workspace that depends on `@meshform/cli`. Needs Node 20.6 or later, for `module.register`.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const argv = process.argv.slice(2);
const [command = ""] = argv;
// The build bundles the commands that never load a config (BUNDLED_COMMANDS in scripts/bundle-cli.js);
// with `--config`, validate does load one.
const readsConfig = argv.some((arg) => arg === "--config" || arg.startsWith("--config="));
const bundle = /^[a-z]+$/.test(command) && !readsConfig ? fileURLToPath(new URL(`../dist/bundle/${command}.cjs`, import.meta.url)) : undefined;
const compiled = new URL("../dist/bin.js", import.meta.url);
if (bundle !== undefined && existsSync(bundle)) {
  const { loadCachedBundle } = await import("../dist/startup/cached-bundle.js");
  const loaded = loadCachedBundle(bundle);
  await loaded.exports.runProcess(argv);
  loaded.saveCache();
} else if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/bin.ts");
}
