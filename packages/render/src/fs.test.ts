import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { nodeFs } from "./fs.js";

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
