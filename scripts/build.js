#!/usr/bin/env node
/**
 * Compiles every workspace package's TypeScript into its `dist/` folder, JavaScript and
 * declarations, which the packages' `exports` point at (`default`, `types`), so Node loads
 * meshform as plain JavaScript and a consumer's compiler reads only declarations. The sources stay
 * what the workspace's tsc and vitest use (the `source` condition).
 *
 * One tsc program over all the packages (tsconfig.build.json: emit only, the type check is
 * `pnpm typecheck`), into a staging folder laid out as `<package>/src/...`; each package's part
 * then replaces its `dist/`, together with the files of `src/` that are not TypeScript (templates).
 * Runs as the workspace's `postinstall`, so `pnpm install` leaves the packages ready to run.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const staging = join(root, "node_modules", ".meshform-build");
const tsc = join(dirname(createRequire(join(root, "package.json")).resolve("typescript/package.json")), "bin", "tsc");

rmSync(staging, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });

for (const name of readdirSync(staging)) {
  const from = join(staging, name, "src");
  const pkg = join(root, "packages", name);
  if (!existsSync(from) || !existsSync(join(pkg, "package.json"))) continue;
  const dist = join(pkg, "dist");
  rmSync(dist, { recursive: true, force: true });
  renameSync(from, dist);
  cpSync(join(pkg, "src"), dist, {
    recursive: true,
    filter: (source) => !/\.ts$/.test(source) || !relative(join(pkg, "src"), source),
  });
}
rmSync(staging, { recursive: true, force: true });
