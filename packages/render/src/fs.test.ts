import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { fileSystemOf, nodeFs } from "./fs.js";
import { checkTree } from "./check.js";
import { writeTree } from "./write.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "meshform-fs-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `onDisk` to a file and asks whether it holds `expected`. */
async function holds(onDisk: string | Buffer, expected: string): Promise<boolean | undefined> {
  const path = join(dir, "file.yaml");
  await writeFile(path, onDisk);
  return nodeFs.holds(path, expected);
}

describe("nodeFs.holds", () => {
  test("is true for the same text, and undefined where there is no file", async () => {
    expect(await holds("kind: HTTPRoute\n", "kind: HTTPRoute\n")).toBe(true);
    expect(await holds("", "")).toBe(true);
    expect(await nodeFs.holds(join(dir, "missing.yaml"), "kind: HTTPRoute\n")).toBeUndefined();
  });

  test("sees a change that keeps the length, and a file longer or shorter than the text", async () => {
    expect(await holds("weight: 90\n", "weight: 80\n")).toBe(false);
    expect(await holds("weight: 90\nextra\n", "weight: 90\n")).toBe(false);
    expect(await holds("weight: 9", "weight: 90\n")).toBe(false);
    expect(await holds("", "weight: 90\n")).toBe(false);
    expect(await holds("weight: 90\n", "")).toBe(false);
  });

  test("compares UTF-8 bytes: text beyond ASCII, and the same characters in another encoding", async () => {
    expect(await holds("name: café ✓ 🚀\n", "name: café ✓ 🚀\n")).toBe(true);
    expect(await holds(Buffer.from("name: café\n", "latin1"), "name: café\n")).toBe(false);
    expect(await holds("name: cafe\n", "name: café\n")).toBe(false);
  });

  test("compares texts larger than its buffer, and very large ones, whole", async () => {
    const large = `${"line of text\n".repeat(20_000)}`;
    expect(await holds(large, large)).toBe(true);
    expect(await holds(`${large.slice(0, -2)}X\n`, large)).toBe(false);
    const huge = "x".repeat(600_000);
    expect(await holds(huge, huge)).toBe(true);
    expect(await holds(`${huge}y`, huge)).toBe(false);
    // a small text after a large one is compared in the grown buffer, with no bytes of the large one
    expect(await holds("a\n", "a\n")).toBe(true);
    expect(await holds("a\nb", "a\n")).toBe(false);
  });

  test("fails on a folder, as reading it does", async () => {
    const folder = join(dir, "folder");
    await mkdir(folder);
    await expect(nodeFs.holds(folder, "x\n")).rejects.toThrow(/EISDIR/);
    await expect(nodeFs.readFile(folder)).rejects.toThrow(/EISDIR/);
  });
});

describe("fileSystemOf", () => {
  test("compares through a readFile given in place of the real one, unless holds is given too", async () => {
    const virtual = new Map([["/virtual/a.yaml", "a: 1\n"]]);
    const fs = fileSystemOf({ readFile: async (path) => virtual.get(path) });
    expect(await Promise.all([fs.holds("/virtual/a.yaml", "a: 1\n"), fs.holds("/virtual/a.yaml", "a: 2\n"), fs.holds("/virtual/b.yaml", "")])).toEqual([true, false, undefined]);
    const own = fileSystemOf({ readFile: async () => "x", holds: async () => false });
    expect(await own.holds("/virtual/a.yaml", "x")).toBe(false);
    expect(fileSystemOf(undefined).holds).toBe(nodeFs.holds);
  });

  test("a write and a check over an unchanged tree read every file through the readFile they are given", async () => {
    const files = [
      { path: "kustomization.yaml", content: "resources:\n  - apps\n" },
      { path: "apps/configmap_a.yaml", content: "a: 1\n" },
    ];
    const out = join(dir, "generated");
    await writeTree(out, files);
    const read: string[] = [];
    const counting = { readFile: async (path: string) => (read.push(path), nodeFs.readFile(path)) };
    expect((await writeTree(out, files, { fs: counting })).unchanged).toEqual(["apps/configmap_a.yaml", "kustomization.yaml"]);
    expect((await checkTree(out, files, { fs: counting })).upToDate).toBe(true);
    const paths = read.filter((path) => path.endsWith(".yaml")).map((path) => path.slice(out.length + 1)).sort();
    expect(paths).toEqual(["apps/configmap_a.yaml", "apps/configmap_a.yaml", "kustomization.yaml", "kustomization.yaml"]);
  });
});
