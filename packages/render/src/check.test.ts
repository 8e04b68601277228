import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { checkTree, formatDiff } from "./check.js";
import type { EmittedFile } from "./emit.js";
import { writeTree } from "./write.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "meshform-check-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const before: EmittedFile[] = [
  { path: "kustomization.yaml", content: "resources:\n  - apps\n" },
  { path: "apps/configmap_a.yaml", content: "a: 1\nb: 2\nc: 3\n" },
  { path: "apps/configmap_old.yaml", content: "old: true\n" },
];
const after: EmittedFile[] = [
  { path: "kustomization.yaml", content: "resources:\n  - apps\n" },
  { path: "apps/configmap_a.yaml", content: "a: 1\nb: 20\nc: 3\n" },
  { path: "apps/configmap_new.yaml", content: "new: true\n" },
];

describe("checkTree", () => {
  test("finds a freshly written tree up to date", async () => {
    await writeTree(dir, before);
    const noRemoval = { files: [], folders: [], namespaceObjects: [], owned: 3, largeShare: false, needsConsent: false };
    expect(await checkTree(dir, before)).toEqual({ upToDate: true, added: [], changed: [], removed: [], removal: noRemoval, unchanged: 3, diffs: [] });
  });

  test("lists what writing would add, change and remove, with diffs, and writes nothing", async () => {
    await writeTree(dir, before);
    await writeFile(join(dir, "notes.txt"), "mine\n");
    const listing = await readdir(dir, { recursive: true });
    const result = await checkTree(dir, after, { diff: true });
    expect(result).toEqual({
      upToDate: false,
      added: ["apps/configmap_new.yaml"],
      changed: [".meshform-owned.json", "apps/configmap_a.yaml"],
      removed: ["apps/configmap_old.yaml"],
      removal: { files: ["apps/configmap_old.yaml"], folders: [], namespaceObjects: [], owned: 3, largeShare: false, needsConsent: false },
      unchanged: 1,
      diffs: expect.any(Array),
    });
    expect(result.diffs.map((diff) => diff.path)).toEqual([
      ".meshform-owned.json",
      "apps/configmap_a.yaml",
      "apps/configmap_new.yaml",
      "apps/configmap_old.yaml",
    ]);
    expect(result.diffs[1]?.diff).toBe("--- a/apps/configmap_a.yaml\n+++ b/apps/configmap_a.yaml\n@@ -1,3 +1,3 @@\n a: 1\n-b: 2\n+b: 20\n c: 3\n");
    expect(result.diffs[2]?.diff).toBe("--- /dev/null\n+++ b/apps/configmap_new.yaml\n@@ -0,0 +1,1 @@\n+new: true\n");
    expect(result.diffs[3]?.diff).toBe("--- a/apps/configmap_old.yaml\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-old: true\n");
    expect(await readdir(dir, { recursive: true })).toEqual(listing);
  });

  test("reports a namespace folder that would disappear apart, with its Namespace object, as needing consent", async () => {
    const shop = [
      { path: "shop/kustomization.yaml", content: "namespace: shop\n" },
      { path: "shop/namespace_shop.yaml", content: "kind: Namespace\n" },
    ];
    await writeTree(dir, [...before, ...shop]);
    const result = await checkTree(dir, before);
    expect([result.added, result.changed, result.removed]).toEqual([[], [".meshform-owned.json"], ["shop/kustomization.yaml", "shop/namespace_shop.yaml"]]);
    expect(result.removal).toEqual({
      files: ["shop/kustomization.yaml", "shop/namespace_shop.yaml"],
      folders: ["shop"],
      namespaceObjects: ["shop/namespace_shop.yaml"],
      owned: 5,
      largeShare: false,
      needsConsent: true,
    });
  });

  test("sees a file edited by hand that kept its length, and writing puts its text back", async () => {
    await writeTree(dir, before);
    await writeFile(join(dir, "apps/configmap_a.yaml"), "a: 1\nb: 9\nc: 3\n");
    const result = await checkTree(dir, before, { diff: true });
    expect([result.upToDate, result.changed, result.unchanged]).toEqual([false, ["apps/configmap_a.yaml"], 2]);
    expect(result.diffs.map((diff) => diff.diff)).toEqual(["--- a/apps/configmap_a.yaml\n+++ b/apps/configmap_a.yaml\n@@ -1,3 +1,3 @@\n a: 1\n-b: 9\n+b: 2\n c: 3\n"]);
    expect((await writeTree(dir, before)).written).toEqual(["apps/configmap_a.yaml"]);
    expect((await checkTree(dir, before)).upToDate).toBe(true);
  });

  test("reports a missing output folder as every file added", async () => {
    const result = await checkTree(join(dir, "missing"), before);
    expect(result.added).toEqual([".meshform-owned.json", "apps/configmap_a.yaml", "apps/configmap_old.yaml", "kustomization.yaml"]);
    expect(result.upToDate).toBe(false);
  });
});

describe("formatDiff", () => {
  test("marks a missing final newline", () => {
    expect(formatDiff("x.yaml", "a\nb", "a\nb\n")).toBe("--- a/x.yaml\n+++ b/x.yaml\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
  });
});
