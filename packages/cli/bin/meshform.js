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
 * When the build made the bundles (scripts/bundle-cli.js), the commands run from one: the same
 * code in one file, loaded through V8's code cache (`src/startup/cached-bundle.ts`), instead of
 * hundreds of modules to resolve and compile on every start. `meshform validate` on files (what an
 * editor or a pre-commit hook runs on every save) and `meshform import` have bundles of their own,
 * `dist/bundle/<command>.cjs`; the commands that load a mesh.config.ts (`generate`, and `validate`
 * and `analyze` with `--config`) run from `dist/bundle/mesh-config.cjs`, which hands its own
 * modules of meshform's packages to the config (`src/startup/config-hooks.ts`), as the config must
 * share the pipeline's module instances.
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
// The bundles (BUNDLES in scripts/bundle-cli.js): with `--config`, validate and analyze load a
// config, and generate always does; a command's own bundle holds no loading of a config.
const readsConfig = command === "generate" || argv.some((arg) => arg === "--config" || arg.startsWith("--config="));
const name = readsConfig ? (["generate", "validate", "analyze"].includes(command) ? "mesh-config" : undefined) : /^[a-z]+$/.test(command) ? command : undefined;
const bundle = name === undefined ? undefined : fileURLToPath(new URL(`../dist/bundle/${name}.cjs`, import.meta.url));
const compiled = new URL("../dist/bin.js", import.meta.url);
if (bundle !== undefined && existsSync(bundle)) {
  const { loadCachedBundle } = await import("../dist/startup/cached-bundle.js");
  const loaded = loadCachedBundle(bundle);
  await loaded.exports.runProcess(argv);
  // The cache holds the functions compiled so far: one written after printing help or the version
  // would leave every later run compiling the rest.
  if (!argv.some((arg) => arg === "--help" || arg === "-h" || arg === "--version")) loaded.saveCache();
} else if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/bin.ts");
}
