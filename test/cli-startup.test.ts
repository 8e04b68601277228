// What the `meshform` binary loads as it starts: `validate` on files and `import` run from bundles
// of the CLI (scripts/bundle-cli.js), one file run through V8's code cache instead of hundreds of modules,
// while every command that loads a mesh.config.ts runs on the unbundled packages, whose module
// instances the config shares. The ES modules are recorded by a loader hook in the child, so the
// test sees what Node really loaded.
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { celInvalidRoute } from "./support/manifests.js";

const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
const BIN = join(ROOT, "packages", "cli", "bin", "meshform.js");
const BUNDLE = join(ROOT, "packages", "cli", "dist", "bundle", "validate.cjs");
const LOADER = pathToFileURL(join(ROOT, "packages", "cli", "dist", "startup", "cached-bundle.js")).href;
const PACKAGES = pathToFileURL(join(ROOT, "packages")).href;

const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
  namespace: bookinfo
spec:
  parentRefs:
  - name: gateway
  rules:
  - backendRefs:
    - name: reviews
      port: 9080
`;

// A VirtualService Istio's admission refuses (a route without a destination), and an HTTPRoute
// that breaks two CEL rules of its CRD, one of which needs the CEL evaluator (durations): each
// check loads its code lazily, as do the positions of the errors (yaml).
const INVALID = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts: [reviews]
  http:
  - route: []
---
${celInvalidRoute("bookinfo")}`;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "meshform-startup-"));
  await writeFile(join(dir, "route.yaml"), ROUTE);
  await writeFile(join(dir, "invalid.yaml"), INVALID);
  // Loader hooks run on a thread of their own: the hook appends each URL to the file itself.
  await writeFile(
    join(dir, "hook.mjs"),
    `import { appendFileSync } from "node:fs";\nexport async function load(url, context, next) {\n  appendFileSync(${JSON.stringify(join(dir, "loaded.txt"))}, url + "\\n");\n  return next(url, context);\n}\n`,
  );
  await writeFile(join(dir, "record.mjs"), `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hook.mjs")).href)});\n`);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the binary with `args` and returns its output and the meshform modules it loaded after the binary itself. */
async function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string; modules: string[] }> {
  await writeFile(join(dir, "loaded.txt"), "");
  const child = spawnSync(process.execPath, ["--import", pathToFileURL(join(dir, "record.mjs")).href, BIN, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const loaded = (await readFile(join(dir, "loaded.txt"), "utf8")).split("\n");
  return { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr, modules: loaded.filter((url) => url.startsWith(PACKAGES) && url !== pathToFileURL(BIN).href) };
}

describe("meshform validate on files", () => {
  it("runs from the bundle, whose compilation the first run caches beside it", async () => {
    await rm(`${BUNDLE}.cache`, { force: true });
    const result = await run(["validate", "route.yaml"]);
    expect(result).toMatchObject({ code: 0, stdout: "Found 0 errors and 0 warnings in 1 document (1 file)\n" });
    expect(result.modules).toEqual([LOADER]);
    expect((await stat(`${BUNDLE}.cache`)).size).toBeGreaterThan(100_000);
    expect(await run(["validate", "route.yaml"])).toEqual(result);
  });

  it("gives the unbundled CLI's verdict where Istio's admission rules and the CEL evaluator load lazily", async () => {
    const bundled = await run(["validate", "invalid.yaml"]);
    expect(bundled.modules).toEqual([LOADER]);
    const unbundled = spawnSync(process.execPath, [join(ROOT, "packages", "cli", "dist", "bin.js"), "validate", "invalid.yaml"], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(bundled.code).toBe(1);
    expect(bundled.stdout).toBe("Found 3 errors and 0 warnings in 2 documents (1 file)\n");
    expect(bundled.stderr).toMatch(/HTTP route, redirect or direct_response is required/);
    expect(bundled.stderr).toMatch(/backendRequest timeout cannot be longer than request timeout/);
    expect({ code: bundled.code, stdout: bundled.stdout, stderr: bundled.stderr }).toEqual({ code: unbundled.status, stdout: unbundled.stdout, stderr: unbundled.stderr });
  });
});

describe("meshform import", () => {
  it("runs from a bundle of its own, with the unbundled CLI's output", async () => {
    const bundled = await run(["import", "route.yaml", "invalid.yaml"]);
    expect(bundled.modules).toEqual([LOADER]);
    expect(bundled.stdout).toContain('import { defineMesh } from "@meshform/dsl";');
    const unbundled = spawnSync(process.execPath, [join(ROOT, "packages", "cli", "dist", "bin.js"), "import", "route.yaml", "invalid.yaml"], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect({ code: bundled.code, stdout: bundled.stdout, stderr: bundled.stderr }).toEqual({ code: unbundled.status, stdout: unbundled.stdout, stderr: unbundled.stderr });
  });
});

describe("commands that load a mesh.config.ts", () => {
  it("run on the unbundled packages: `validate --config` too", async () => {
    await writeFile(join(dir, "mesh.config.ts"), `import { defineMesh } from "@meshform/dsl";\nexport default defineMesh({}, () => {});\n`);
    const result = await run(["validate", "--config", "mesh.config.ts", "route.yaml"]);
    expect(result.modules).not.toContain(LOADER);
    expect(result.modules.some((url) => url.includes("/packages/engine/dist/"))).toBe(true);
  });
});
