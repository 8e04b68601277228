// What the `meshform` binary loads as it starts: every command but codegen runs from a bundle of
// the CLI (scripts/bundle-cli.js), one file run through V8's code cache instead of hundreds of
// modules. `validate` on files and `import` have bundles of their own; the commands that load a
// mesh.config.ts run from `mesh-config.cjs`, which hands its own modules of meshform's packages to
// the config, so that the config and the pipeline share them as they do unbundled. The ES modules
// are recorded by a loader hook in the child, so the test sees what Node really loaded.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { celInvalidRoute } from "./support/manifests.js";

const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
const BIN = join(ROOT, "packages", "cli", "bin", "meshform.js");
const UNBUNDLED = join(ROOT, "packages", "cli", "dist", "bin.js");
const BUNDLE = join(ROOT, "packages", "cli", "dist", "bundle", "validate.cjs");
const LOADER = pathToFileURL(join(ROOT, "packages", "cli", "dist", "startup", "cached-bundle.js")).href;
const HOOKS = pathToFileURL(join(ROOT, "packages", "cli", "dist", "startup", "config-hooks.js")).href;
const PACKAGES = pathToFileURL(join(ROOT, "packages")).href;
/** Inside the workspace (`.tmp/` is ignored by git), so that a config's `@meshform/*` imports resolve. */
const WORK = join(ROOT, ".tmp", `cli-startup-${randomUUID()}`);

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
  await mkdir(WORK, { recursive: true });
  await writeFile(join(dir, "route.yaml"), ROUTE);
  await writeFile(join(dir, "invalid.yaml"), INVALID);
  // Loader hooks run on a thread of their own: the hook appends each URL to the file itself.
  await writeFile(
    join(dir, "hook.mjs"),
    `import { appendFileSync } from "node:fs";\nexport async function load(url, context, next) {\n  appendFileSync(process.env.MESHFORM_TEST_RECORD, url + "\\n");\n  return next(url, context);\n}\n`,
  );
  await writeFile(join(dir, "record.mjs"), `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hook.mjs")).href)});\n`);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  await rm(WORK, { recursive: true, force: true });
});

/** Runs the binary with `args` in `cwd` and returns its output and the meshform modules it loaded after the binary itself. */
async function run(args: readonly string[], cwd = dir): Promise<{ code: number; stdout: string; stderr: string; modules: string[] }> {
  const record = join(dir, `loaded-${randomUUID()}.txt`);
  await writeFile(record, "");
  const child = spawnSync(process.execPath, ["--import", pathToFileURL(join(dir, "record.mjs")).href, BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", MESHFORM_TEST_RECORD: record } });
  const loaded = (await readFile(record, "utf8")).split("\n");
  return { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr, modules: loaded.filter((url) => url.startsWith(PACKAGES) && url !== pathToFileURL(BIN).href) };
}

/** Runs the unbundled CLI (`dist/bin.js`), which loads every module from disk, as the binary did before the bundles. */
function runUnbundled(args: readonly string[], cwd = dir): { code: number; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [UNBUNDLED, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
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


/** A mesh whose route is attached to, and sends to, services the same config declared: the DSL checks each was issued by its own builders. */
const REFS_CONFIG = `import { defineMesh } from "@meshform/dsl";

export default defineMesh({ targets: { istio: "1.30.3", gatewayApi: { release: "v1.6.1", channel: "experimental" } } }, (mesh) => {
  for (const routeApi of ["gateway-api", "istio"] as const) {
    const ns = mesh.namespace(\`shop-\${routeApi}\`, { dataplane: "sidecar", routeApi });
    const web = ns.service("web", { ports: [8080] });
    const stable = ns.service("web-v1", { ports: [8080] });
    const canary = ns.service("web-v2", { ports: [8080] });
    ns.httpRoute("web")
      .attachTo(web)
      .rule((r) => r.match({ path: "/api" }).to(canary).timeouts({ request: "10s" }))
      .rule((r) => r.match({ path: "/" }).canary({ stable, canary, weight: 10 }));
  }
});
`;

/** A mesh that adds resources made by the typed factories of `@meshform/dsl/istio/...`; the EnvoyFilter gets a warning at its line. */
const FACTORIES_CONFIG = `import { defineMesh } from "@meshform/dsl";
import { sidecar } from "@meshform/dsl/istio/networking.istio.io/v1";
import * as alpha3 from "@meshform/dsl/istio/networking.istio.io/v1alpha3";

export default defineMesh({}, (mesh) => {
  const legacy = mesh.namespace("legacy", { dataplane: "sidecar" });
  mesh.resource(sidecar({ metadata: { name: "default", namespace: legacy.name }, spec: { egress: [{ hosts: ["./*", "istio-system/*"] }] } }));
  mesh.resource(alpha3.envoyFilter({ metadata: { name: "lua", namespace: legacy.name }, spec: { configPatches: [] } }));
});
`;

/** Every file under `folder`, by path, with its text. */
async function treeOf(folder: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    files[relative(folder, file)] = await readFile(file, "utf8");
  }
  return files;
}

/** A run's output, with the time a summary line reports left out. */
function withoutTime(result: { code: number; stdout: string; stderr: string }): { code: number; stdout: string; stderr: string } {
  return { code: result.code, stdout: result.stdout.replace(/\b\d+(\.\d+)?m?s\b/g, "<time>"), stderr: result.stderr };
}

describe("commands that load a mesh.config.ts", () => {
  it("run from the bundle: generate, whose config gets the bundle's modules, and writes what the unbundled CLI writes", async () => {
    // A config that imports a file of its own goes through tsx's loader and the bundle's hooks;
    // one that imports only meshform's packages (and Node's) runs without them.
    await writeFile(join(WORK, "teams.ts"), `export const TEAMS: readonly string[] = ["shop", "pay"];\n`);
    const LOCAL_CONFIG = `import { defineMesh } from "@meshform/dsl";\nimport { TEAMS } from "./teams.ts";\nimport { basename } from "node:path";\n\nexport default defineMesh({}, (mesh) => {\n  for (const team of TEAMS) mesh.namespace(\`\${team}-\${basename("/a/b")}\`, { dataplane: "sidecar" }).service("web", { ports: [8080] });\n});\n`;
    const cases = [
      ["refs", REFS_CONFIG, [LOADER]],
      ["factories", FACTORIES_CONFIG, [LOADER]],
      ["local", LOCAL_CONFIG, [LOADER, HOOKS]],
    ] as const;
    for (const [name, config, modules] of cases) {
      await writeFile(join(WORK, `${name}.config.ts`), config);
      const bundled = await run(["generate", "--config", `${name}.config.ts`, "--out", `${name}-bundled`, "--no-cache"], WORK);
      // No module of meshform's packages loads from disk but the bundle's loader (and its hooks):
      // the config's imports of @meshform/dsl got the bundle's modules.
      expect(bundled.modules).toEqual(modules);
      expect(bundled.code).toBe(0);
      const unbundled = runUnbundled(["generate", "--config", `${name}.config.ts`, "--out", `${name}-unbundled`, "--no-cache"], WORK);
      expect(withoutTime(bundled)).toEqual(withoutTime(unbundled));
      const tree = await treeOf(join(WORK, `${name}-bundled`));
      expect(Object.keys(tree).length).toBeGreaterThan(3);
      expect(tree).toEqual(await treeOf(join(WORK, `${name}-unbundled`)));
    }
  });

  it("report a config's mistakes as the unbundled CLI does", async () => {
    const configs = {
      throws: `import { defineMesh } from "@meshform/dsl";\nexport default defineMesh({}, (mesh) => {\n  mesh.namespace("shop", { dataplane: "sidecar" });\n  throw new Error("no such team");\n});\n`,
      invalid: `import { defineMesh } from "@meshform/dsl";\nexport default defineMesh({}, (mesh) => {\n  mesh.namespace("Shop_1", { dataplane: "sidecar" });\n});\n`,
      "not-a-mesh": `export default { kind: "MeshDefinition" };\n`,
      "missing-export": `import { defineMash } from "@meshform/dsl";\nexport default defineMash({}, () => {});\n`,
      "missing-builtin-export": `import { defineMesh } from "@meshform/dsl";\nimport { readFileSynk } from "node:fs";\nexport default defineMesh({}, () => { readFileSynk("x"); });\n`,
      "syntax-error": `import { defineMesh } from "@meshform/dsl";\nexport default defineMesh({}, (mesh) => {\n  mesh.namespace("shop", { dataplane: "sidecar" };\n});\n`,
      "late-line": `import { defineMesh } from "@meshform/dsl";\n\ntype Team = { readonly name: string };\nconst teams: Team[] = [{ name: "Shop" }];\n\nexport default defineMesh({}, (mesh) => {\n  for (const team of teams) {\n    mesh.namespace(team.name, { dataplane: "sidecar" });\n  }\n  if (teams.length > 0) throw new TypeError(\`\${import.meta.url.endsWith("late-line.config.ts")} no team\`);\n});\n`,
    };
    for (const [name, config] of Object.entries(configs)) {
      await writeFile(join(WORK, `${name}.config.ts`), config);
      const args = ["generate", "--config", `${name}.config.ts`, "--out", `${name}-out`, "--no-cache"];
      const bundled = await run(args, WORK);
      expect(bundled.code).toBe(1);
      expect(withoutTime(bundled)).toEqual(withoutTime(runUnbundled(args, WORK)));
      // The line of the TypeScript file, whichever way the config was run.
      if (name === "throws") expect(bundled.stderr).toContain("throws.config.ts:4: no such team");
      if (name === "late-line") expect(bundled.stderr).toContain("late-line.config.ts:10: true no team");
    }
  });

  it("key the generation cache as the unbundled CLI does", async () => {
    await writeFile(join(WORK, "cached.config.ts"), REFS_CONFIG);
    const env = { MESHFORM_CACHE_DIR: join(WORK, "cache") };
    const args = ["generate", "--config", "cached.config.ts", "--out", "cached-out"];
    const planned = spawnSync(process.execPath, [BIN, ...args], { cwd: WORK, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
    expect(planned.stdout).not.toMatch(/reused/);
    const reused = spawnSync(process.execPath, [UNBUNDLED, ...args], { cwd: WORK, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
    expect(reused.stdout).toMatch(/plan reused from the cache/);
  });

  it("`validate --config` and `analyze --config` run from the bundle too, with the unbundled CLI's output", async () => {
    await writeFile(join(WORK, "mesh.config.ts"), `import { defineMesh } from "@meshform/dsl";\nexport default defineMesh({}, (mesh) => {\n  mesh.namespace("bookinfo", { dataplane: "sidecar" });\n});\n`);
    for (const command of ["validate", "analyze"]) {
      const args = [command, "--config", "mesh.config.ts", join(dir, "route.yaml"), join(dir, "invalid.yaml")];
      const bundled = await run(args, WORK);
      expect(bundled.modules).toEqual([LOADER]);
      expect(bundled.stdout).toMatch(/error/);
      expect({ code: bundled.code, stdout: bundled.stdout, stderr: bundled.stderr }).toEqual(runUnbundled(args, WORK));
    }
  });

  it("`generate --help` loads the bundle and none of its modules of meshform's packages", async () => {
    const help = await run(["generate", "--help"], WORK);
    expect(help).toMatchObject({ code: 0, modules: [LOADER] });
    expect(help.stdout).toMatch(/--config/);
    expect(help.stdout).toEqual(runUnbundled(["generate", "--help"], WORK).stdout);
  });
});
