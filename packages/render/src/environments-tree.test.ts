// An output folder with one tree per environment (and cluster): the removal rules at every depth,
// and a write or check that covers some environments only.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { checkTree } from "./check.js";
import type { EmittedFile } from "./emit.js";
import { RenderError } from "./errors.js";
import { readTree } from "./fixtures.js";
import { OWNED_FILE } from "./owned.js";
import { describeRemoval, planRemoval } from "./removal.js";
import { writeTree } from "./write.js";

/** A namespace folder's files under `tree`. */
function namespace(tree: string, name: string, content = "x\n"): EmittedFile[] {
  return ["README.md", "kustomization.yaml", `namespace_${name}.yaml`, "httproute_gateway.networking.k8s.io_api.yaml"].map((file) => ({ path: `${tree}/${name}/${file}`, content }));
}

/** A whole tree: its root kustomization and its namespaces. */
function treeAt(tree: string, namespaces: readonly string[], content = "x\n"): EmittedFile[] {
  return [{ path: `${tree}/kustomization.yaml`, content }, ...namespaces.flatMap((name) => namespace(tree, name, content))];
}

const all = [...treeAt("dev", ["shop"]), ...treeAt("prod/east", ["shop", "pay"]), ...treeAt("prod/west", ["shop"])];
const paths = (files: readonly EmittedFile[]) => files.map((file) => file.path);

function removalOf(before: readonly EmittedFile[], after: readonly EmittedFile[]) {
  const keep = new Set(paths(after));
  return planRemoval({ owned: new Set(paths(before)), stale: paths(before).filter((path) => !keep.has(path)), files: after.map((file) => ({ file })) });
}

describe("planRemoval with a tree per environment and cluster", () => {
  test("an environment that leaves the config is one vanished folder, with its Namespace objects", () => {
    const plan = removalOf(all, treeAt("dev", ["shop"]));
    expect([plan.folders, plan.namespaceObjects, plan.needsConsent]).toEqual([["prod"], ["prod/east/pay/namespace_pay.yaml", "prod/east/shop/namespace_shop.yaml", "prod/west/shop/namespace_shop.yaml"], true]);
    expect(describeRemoval(plan)[0]).toBe("folder prod/ (14 files; Argo CD deletes the Applications of its folders)");
  });

  test("a cluster that leaves its environment is its folder", () => {
    const plan = removalOf(all, [...treeAt("dev", ["shop"]), ...treeAt("prod/east", ["shop", "pay"])]);
    expect([plan.folders, plan.needsConsent]).toEqual([["prod/west"], true]);
  });

  test("a namespace that leaves one cluster is its folder there, the others stay", () => {
    const plan = removalOf(all, [...treeAt("dev", ["shop"]), ...treeAt("prod/east", ["shop"]), ...treeAt("prod/west", ["shop"])]);
    expect([plan.folders, plan.namespaceObjects, plan.needsConsent]).toEqual([["prod/east/pay"], ["prod/east/pay/namespace_pay.yaml"], true]);
    expect(describeRemoval(plan)[0]).toBe("folder prod/east/pay/ (4 files; Argo CD deletes its Application)");
  });

  test("a file renamed inside a namespace that stays needs none", () => {
    const renamed = all.map((file) => ({ ...file, path: file.path.replace("prod/west/shop/httproute_gateway.networking.k8s.io_api", "prod/west/shop/httproute_gateway.networking.k8s.io_api2") }));
    const plan = removalOf(all, renamed);
    expect([plan.folders, plan.namespaceObjects, plan.needsConsent]).toEqual([[], [], false]);
  });
});

describe("writeTree and checkTree with a scope", () => {
  let out: string;
  beforeEach(async () => {
    out = join(await mkdtemp(join(tmpdir(), "meshform-scope-")), "generated");
  });
  afterEach(async () => rm(join(out, ".."), { recursive: true, force: true }));

  test("a write scoped to one environment leaves the others' files, changed or gone from the list, as they are and owned", async () => {
    await writeTree(out, all);
    const devOnly = treeAt("dev", ["shop", "cart"], "y\n");
    const summary = await writeTree(out, devOnly, { scope: ["dev"] });
    expect(summary.removed).toEqual([]);
    const tree = await readTree(out);
    for (const file of all.filter((file) => file.path.startsWith("prod/"))) expect(tree[file.path]).toBe("x\n");
    for (const file of devOnly) expect(tree[file.path]).toBe("y\n");
    const owned = JSON.parse(await readFile(join(out, OWNED_FILE), "utf8")) as { files: string[] };
    expect(owned.files).toEqual([...paths(devOnly), ...paths(all.filter((file) => file.path.startsWith("prod/")))].sort());
    // The whole tree, checked unscoped against what the two writes made, is up to date.
    expect((await checkTree(out, [...devOnly, ...all.filter((file) => file.path.startsWith("prod/"))])).upToDate).toBe(true);
  });

  test("a scoped check compares only its folders: the others' stale files are neither changed nor removed", async () => {
    await writeTree(out, all);
    const checked = await checkTree(out, treeAt("dev", ["shop"]), { scope: ["dev"] });
    expect([checked.upToDate, checked.removed, checked.changed]).toEqual([true, [], []]);
    const stale = await checkTree(out, treeAt("dev", ["shop"], "z\n"), { scope: ["dev"] });
    expect([stale.upToDate, stale.changed]).toEqual([false, paths(treeAt("dev", ["shop"])).sort()]);
  });

  test("a scoped write still asks consent for a folder that vanishes inside its scope", async () => {
    await writeTree(out, all);
    const error = await writeTree(out, treeAt("prod/east", ["shop", "pay"]), { scope: ["prod"] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).code).toBe("RENDER_REMOVAL_NOT_ALLOWED");
    expect((error as RenderError).message).toContain("folder prod/west/");
  });

  test("a file outside the scope is refused before anything is written", async () => {
    const error = await writeTree(out, treeAt("prod/east", ["shop"]), { scope: ["dev"] }).catch((caught: unknown) => caught);
    expect((error as RenderError).code).toBe("RENDER_UNSAFE_PATH");
  });
});
