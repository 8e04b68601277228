// `meshform generate` over an unchanged config, through the real binary: the second run reuses
// the first one's plan (compile, validation, analysis and rendering skipped), and still compares
// every file with the output folder, so a file edited or deleted by hand is written back. Any
// change to what the config builds (its text, or what it reads from the environment) plans again;
// `--no-cache` never reuses.
import { randomUUID } from "node:crypto";
import { mkdir, readdir, rm, unlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readFiles, runMeshform, type CliOutcome } from "../packages/cli/src/testing.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");
/** Inside the workspace (`.tmp/` is ignored by git), so that the config's `@meshform/*` imports resolve. */
const WORK = join(root, ".tmp", `generate-cache-${randomUUID()}`);
const CACHE = join(WORK, "cache");
const OUT = join(WORK, "generated");

/** The config: a canary whose weight comes from the environment, as a config may read it. */
const CONFIG = `import { defineMesh } from "@meshform/dsl";

const weight = Number(process.env.CANARY_WEIGHT ?? "10") as 10;

export default defineMesh({ output: { argocd: { repoURL: "https://git.example.com/mesh.git" } } }, (mesh) => {
  const shop = mesh.namespace("shop", { dataplane: "sidecar" });
  shop.mtls("STRICT");
  const api = shop.service("api", { ports: [8080] });
  shop.httpRoute("api").attachTo(api).canary({ stable: shop.service("api-v1", { ports: [8080] }), canary: shop.service("api-v2", { ports: [8080] }), weight });
  shop.destinationRule("api", { host: api }).circuitBreaker({ maxPendingRequests: 100, consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s" });
});
`;

function generate(extra: readonly string[] = [], env: Record<string, string> = {}): Promise<CliOutcome> {
  return runMeshform(["generate", "--config", "mesh.config.ts", "--out", "generated", ...extra], WORK, undefined, { MESHFORM_CACHE_DIR: CACHE, ...env });
}

const REUSED = ", plan reused from the cache";

beforeAll(async () => {
  await mkdir(WORK, { recursive: true });
  await writeFile(join(WORK, "mesh.config.ts"), CONFIG);
});
afterAll(async () => rm(WORK, { recursive: true, force: true }));

describe("meshform generate with the generation cache", () => {
  let planned: Record<string, string>;

  test("the first run plans and stores; the second reuses, writes nothing and says so", async () => {
    const first = await generate();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).not.toContain(REUSED);
    planned = await readFiles(OUT);
    expect((await readdir(CACHE)).filter((name) => name.endsWith(".plan"))).toHaveLength(1);
    const second = await generate();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/\(0 written, \d+ unchanged, 0 removed\) in \d+\.\ds, plan reused from the cache$/m);
    expect(await readFiles(OUT)).toEqual(planned);
    const json = await generate(["--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ cache: "reused", issues: [], written: [] });
  });

  test("a generated file edited or deleted by hand is written back by a reusing run", async () => {
    const route = Object.keys(planned).find((path) => path.startsWith("shop/httproute"))!;
    await writeFile(join(OUT, route), "edited by hand\n");
    await unlink(join(OUT, "shop/kustomization.yaml"));
    const check = await generate(["--check"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(REUSED);
    expect(check.stderr).toContain(route);
    const restored = await generate();
    expect(restored.stdout).toMatch(/\(2 written, \d+ unchanged, 0 removed\).*plan reused from the cache$/m);
    expect(await readFiles(OUT)).toEqual(planned);
  });

  test("what the config reads from the environment is part of what it builds: another value plans again", async () => {
    const other = await generate([], { CANARY_WEIGHT: "20" });
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout).not.toContain(REUSED);
    expect(other.stdout).toMatch(/\(1 written,/);
    const files = await readFiles(OUT);
    const route = Object.keys(files).find((path) => path.startsWith("shop/httproute"))!;
    expect(files[route]).toContain("weight: 20");
    // Back to the first value: its entry is still there, and gives the first tree back.
    const back = await generate();
    expect(back.stdout).toContain(REUSED);
    expect(await readFiles(OUT)).toEqual(planned);
  });

  test("an edited config plans again; --no-cache never reuses", async () => {
    await writeFile(join(WORK, "mesh.config.ts"), CONFIG.replace("maxPendingRequests: 100", "maxPendingRequests: 50"));
    const edited = await generate();
    expect(edited.stdout).not.toContain(REUSED);
    expect(Object.values(await readFiles(OUT)).some((text) => text.includes("http1MaxPendingRequests: 50"))).toBe(true);
    const again = await generate(["--no-cache"]);
    expect(again.stdout).not.toContain(REUSED);
    expect(again.stdout).toMatch(/\(0 written,/);
    await writeFile(join(WORK, "mesh.config.ts"), CONFIG);
  });

  test("a reused plan that drops a namespace folder the output holds still needs --allow-removal", async () => {
    const withBilling = CONFIG.replace('shop.mtls("STRICT");', 'shop.mtls("STRICT");\n  mesh.namespace("billing");');
    // Both meshes are planned once, so both plans are in the cache; the output ends with billing's folder.
    await writeFile(join(WORK, "mesh.config.ts"), CONFIG);
    await generate(["--allow-removal"]);
    await writeFile(join(WORK, "mesh.config.ts"), withBilling);
    expect((await generate()).code).toBe(0);
    expect(await readdir(OUT)).toContain("billing");
    // Back to the config without billing: its plan is reused, and removing billing's folder needs consent.
    await writeFile(join(WORK, "mesh.config.ts"), CONFIG);
    const refused = await generate();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--allow-removal/);
    expect(await readdir(OUT)).toContain("billing");
    const allowed = await generate(["--allow-removal"]);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain(REUSED);
    expect(await readFiles(OUT)).toEqual(planned);
  });

  test("a config whose plan has findings is never stored: each run reports them again", async () => {
    await writeFile(join(WORK, "mesh.config.ts"), CONFIG.replace('shop.mtls("STRICT");', 'shop.mtls("STRICT");\n  shop.resource({ apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "orphan" }, spec: { rules: [{ backendRefs: [{ name: "missing", port: 80 }] }] } });'));
    const first = await generate();
    const second = await generate();
    expect(second.stdout).not.toContain(REUSED);
    expect(second.stderr).toBe(first.stderr);
    expect(second.stderr).toMatch(/missing/);
    await writeFile(join(WORK, "mesh.config.ts"), CONFIG);
  });
});
