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
 * Then the CLI's commands are bundled into single files under `packages/cli/dist/bundle/`
 * (`bundle-cli.js`: `validate.cjs`, `import.cjs`, and `mesh-config.cjs` for the commands that load a
 * mesh.config.ts), which the binary runs through V8's code cache; and each package's `dist/` gets
 * `build-id.txt`, the digest of its built files.
 *
 * Runs as the workspace's `postinstall`, so `pnpm install` leaves the packages ready to run.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleCli } from "./bundle-cli.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// One staging folder serves every build: the lock lets one build at a time use it, and the next
// build clears what a killed one left there.
const staging = join(root, "node_modules", ".meshform-build");
const lock = join(root, "node_modules", ".meshform-build.lock");
const tsc = join(dirname(createRequire(join(root, "package.json")).resolve("typescript/package.json")), "bin", "tsc");

/** Whether a process is still running. */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/**
 * Two builds at once (two test runs in one checkout) would replace each other's `dist/` halfway:
 * the second waits for the first, up to five minutes. A lock left by a killed build is taken over.
 */
function acquireLock() {
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, "pid"), String(process.pid));
      return;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
    const holder = Number(existsSync(join(lock, "pid")) ? readFileSync(join(lock, "pid"), "utf8") : NaN);
    if (Number.isInteger(holder) && !alive(holder)) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another build holds ${lock} (pid ${holder}); delete it if no build is running`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
}

/** Every file below a folder, as paths relative to it with `/` separators, sorted. */
function filesBelow(folder, prefix = "") {
  const files = [];
  for (const entry of readdirSync(join(folder, prefix), { withFileTypes: true })) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...filesBelow(folder, path));
    else files.push(path);
  }
  return files.sort();
}

/**
 * Writes `dist/build-id.txt`: the SHA-256 of every built file (its path and bytes). The engine's
 * generation cache keys its entries by it, so that a rebuilt package never reuses a plan the old
 * code computed. The bundles' code caches (`*.cache`), written at run time, are left out.
 */
function writeBuildId(dist) {
  if (!existsSync(dist)) return;
  const hash = createHash("sha256");
  for (const path of filesBelow(dist)) {
    if (path === "build-id.txt" || path.endsWith(".cache")) continue;
    hash.update(`${path}\0`);
    hash.update(readFileSync(join(dist, path)));
    hash.update("\0");
  }
  writeFileSync(join(dist, "build-id.txt"), `${hash.digest("hex")}\n`);
}

acquireLock();
try {
  rmSync(staging, { recursive: true, force: true });
  execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", staging], { cwd: root, stdio: "inherit" });

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
  await bundleCli(root);
  for (const name of readdirSync(join(root, "packages"))) writeBuildId(join(root, "packages", name, "dist"));
} finally {
  rmSync(staging, { recursive: true, force: true });
  rmSync(lock, { recursive: true, force: true });
}
