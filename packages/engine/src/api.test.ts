// The engine driven from code, as a build script or a plugin drives it: load a config file, plan
// without writing, then write or check. No CLI is spawned.
import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { defineMesh } from "@meshform/dsl";
import { isMeshformError } from "@meshform/diagnostics";
import { checkGeneration, ConfigError, GenerationError, loadMesh, planGeneration, writeGeneration } from "./index.js";

/**
 * A folder inside the workspace (`.tmp/`, ignored by git; outside the package, which a test
 * packs), so that the config's `@meshform/*` imports resolve.
 */
const WORK = fileURLToPath(new URL(`../../../.tmp/engine-api-${randomUUID()}/`, import.meta.url));

const CONFIG = `import { defineMesh } from "@meshform/dsl";

export default defineMesh({}, (mesh) => {
  const shop = mesh.namespace("shop");
  const api = shop.service("api", { ports: [8080] });
  shop.destinationRule("api", { host: api }).circuitBreaker({ maxPendingRequests: 10, consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s" });
});
`;

beforeAll(async () => {
  await mkdir(WORK, { recursive: true });
  await writeFile(join(WORK, "mesh.config.ts"), CONFIG);
});
afterAll(async () => rm(WORK, { recursive: true, force: true }));

async function exists(path: string): Promise<boolean> {
  return readdir(path).then(
    () => true,
    () => false,
  );
}

describe("loadMesh", () => {
  test("runs a config file and returns its mesh", async () => {
    const mesh = await loadMesh(join(WORK, "mesh.config.ts"));
    expect(mesh.kind).toBe("MeshDefinition");
    expect(mesh.model.drafts.map((draft) => `${draft.kind} ${draft.namespace ?? ""}/${draft.name}`)).toContain("DestinationRule shop/api");
    expect(mesh.model.issues).toEqual([]);
  });

  test("a missing config is a ConfigError that names it as the caller shows it", async () => {
    const error = await loadMesh(join(WORK, "nope.config.ts"), { shown: "deploy/nope.config.ts" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect(isMeshformError(error)).toBe(true);
    expect((error as ConfigError).message).toBe("deploy/nope.config.ts: no such file (create it, or pass --config <file>)");
  });
});

describe("planGeneration, writeGeneration, checkGeneration", () => {
  test("plans files, issues and the change set without writing; writes; then the folder is up to date", async () => {
    const out = join(WORK, "generated");
    const mesh = await loadMesh(join(WORK, "mesh.config.ts"));
    const plan = await planGeneration(mesh, { out, cwd: WORK });
    expect(plan.blocked).toBe(false);
    expect(plan.issues.filter((issue) => issue.severity === "error")).toEqual([]);
    expect(plan.out).toBe(out);
    expect(plan.trees.map((tree) => tree.folder)).toEqual([""]);
    const paths = plan.files.map((file) => file.path);
    expect(paths).toEqual(expect.arrayContaining(["kustomization.yaml", "shop/kustomization.yaml", "shop/destinationrule_networking.istio.io_api.yaml"]));
    const rule = parse(plan.files.find((file) => file.path === "shop/destinationrule_networking.istio.io_api.yaml")?.content ?? "") as { spec: { trafficPolicy: unknown } };
    expect(rule.spec.trafficPolicy).toMatchObject({ outlierDetection: { consecutive5xxErrors: 5 } });
    // The change set: every file to add (and the ownership manifest), and nothing on disk yet.
    expect(plan.changes?.upToDate).toBe(false);
    expect(plan.changes?.added).toEqual([...paths, ".meshform-owned.json"].sort());
    expect(await exists(out)).toBe(false);

    const written = await writeGeneration(plan);
    expect(written.written).toEqual([...paths].sort());
    expect(await readFile(join(out, "shop/destinationrule_networking.istio.io_api.yaml"), "utf8")).toBe(plan.files.find((file) => file.path === "shop/destinationrule_networking.istio.io_api.yaml")?.content);
    expect((await planGeneration(mesh, { out, cwd: WORK })).changes?.upToDate).toBe(true);

    await writeFile(join(out, "shop/kustomization.yaml"), "# edited\n");
    const checked = await checkGeneration(plan, { diff: true });
    expect([checked.upToDate, checked.changed]).toEqual([false, ["shop/kustomization.yaml"]]);
    expect(checked.diffs[0]?.diff).toContain("-# edited");
  });

  test("changes: false plans without reading the output folder", async () => {
    const mesh = defineMesh({}, (m) => void m.namespace("shop"));
    const plan = await planGeneration(mesh, { out: join(WORK, "never-read"), changes: false });
    expect(plan.changes).toBeUndefined();
    expect(plan.files.length).toBeGreaterThan(0);
  });

  test("a plan its errors block has no files, and neither writes nor checks", async () => {
    const mesh = defineMesh({}, (m) => void m.namespace("shop").service("api", { ports: [70000] }));
    const out = join(WORK, "blocked");
    const plan = await planGeneration(mesh, { out });
    expect(plan.blocked).toBe(true);
    expect(plan.files).toEqual([]);
    expect(plan.changes).toBeUndefined();
    expect(plan.issues.some((issue) => issue.severity === "error")).toBe(true);
    const error = await writeGeneration(plan).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GenerationError);
    expect((error as GenerationError).code).toBe("GENERATION_BLOCKED");
    await expect(checkGeneration(plan)).rejects.toThrow(GenerationError);
    expect(await exists(out)).toBe(false);
  });

  test("failOn: warning blocks a plan on a warning", async () => {
    const mesh = defineMesh({}, (m) => void m.namespace("shop", { dataplane: "ambient" }).waypoint("wp"));
    const lenient = await planGeneration(mesh, { out: join(WORK, "warned"), changes: false });
    expect([lenient.blocked, lenient.issues.map((issue) => issue.code)]).toEqual([false, ["WAYPOINT_UNUSED"]]);
    expect((await planGeneration(mesh, { out: join(WORK, "warned"), changes: false, failOn: "warning" })).blocked).toBe(true);
  });

  test("environments asked of a config that declares none are refused, naming what to do", async () => {
    const mesh = defineMesh({}, (m) => void m.namespace("shop"));
    const error = await planGeneration(mesh, { out: join(WORK, "none"), environments: ["dev"] }).catch((caught: unknown) => caught);
    expect((error as GenerationError).code).toBe("ENVIRONMENT_UNKNOWN");
    expect((error as GenerationError).message).toContain("declare them in defineMesh({ environments: { ... } }), or drop --env");
  });
});
