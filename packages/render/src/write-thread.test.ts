import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeFileSystemFailure } from "@meshform/diagnostics";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { EmittedFile } from "./emit.js";
import { nodeFs } from "./fs.js";
import { startWriteThread, WRITE_THREAD_MIN_FILES, type FileToWrite } from "./write-thread.js";
import { writeTree } from "./write.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "meshform-write-thread-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `count` files in `dir`, each with a content of its own (some not ASCII). */
function filesIn(folder: string, count: number): FileToWrite[] {
  return Array.from({ length: count }, (_, i) => ({ path: join(folder, `f${i}.yaml`), content: `index: ${i}\nname: ${i % 7 === 0 ? "größe-✓" : "plain"}\n` }));
}

/** The error the one-thread write gives for `file`. */
async function errorHere(file: FileToWrite): Promise<unknown> {
  return nodeFs.writeFile(file.path, file.content).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("startWriteThread", () => {
  test("writes every file with its content, and every outcome is ok, in order", async () => {
    const thread = startWriteThread();
    expect(thread).toBeDefined();
    const files = filesIn(dir, 1500);
    try {
      const results = await thread!.writeAll(files);
      expect(results).toHaveLength(files.length);
      expect(results.every((result) => result.ok)).toBe(true);
    } finally {
      thread!.close();
    }
    expect((await readdir(dir)).length).toBe(files.length);
    for (const file of files) expect(await readFile(file.path, "utf8")).toBe(file.content);
  });

  test("a file it cannot write fails at its own position, with the error a write on this thread gives", async () => {
    await mkdir(join(dir, "here"));
    // The first batches always go to the thread: some of them, and some later ones, have no folder.
    const files = filesIn(join(dir, "here"), 1200).map((file, i) => (i % 100 === 3 ? { ...file, path: join(dir, "missing", `f${i}.yaml`) } : file));
    const thread = startWriteThread()!;
    try {
      const results = await thread.writeAll(files);
      const failed = results.flatMap((result, i) => (result.ok ? [] : [i]));
      expect(failed).toEqual(Array.from({ length: 12 }, (_, k) => k * 100 + 3));
      for (const index of failed) {
        const result = results[index]!;
        const expected = await errorHere(files[index]!);
        expect(result.ok).toBe(false);
        if (result.ok) continue;
        expect(result.error).toBeInstanceOf(Error);
        expect(result.error).toMatchObject({ code: "ENOENT", syscall: "open", path: files[index]!.path });
        expect(describeFileSystemFailure(result.error)).toBe(describeFileSystemFailure(expected));
      }
    } finally {
      thread.close();
    }
    expect((await readdir(join(dir, "here"))).length).toBe(1200 - 12);
  });

  test("what a thread that ended took is written on this thread", async () => {
    const thread = startWriteThread()!;
    thread.close();
    const files = filesIn(dir, 600);
    const results = await thread.writeAll(files);
    expect(results.every((result) => result.ok)).toBe(true);
    expect((await readdir(dir)).length).toBe(files.length);
    expect(await readFile(files[0]!.path, "utf8")).toBe(files[0]!.content);
  });
});

describe("writeTree with a write thread", () => {
  test(`${WRITE_THREAD_MIN_FILES} files or more give the tree one thread gives`, async () => {
    const files: EmittedFile[] = Array.from({ length: WRITE_THREAD_MIN_FILES + 10 }, (_, i) => ({ path: `ns-${i % 40}/route_${i}.yaml`, content: `route: ${i}\n` }));
    const two = join(dir, "two");
    const one = join(dir, "one");
    await writeTree(two, files);
    // A `writeFile` of the caller's writes every file through it, on this thread.
    await writeTree(one, files, { fs: { writeFile: (path, content) => nodeFs.writeFile(path, content) } });
    const list = async (root: string): Promise<string[]> => (await readdir(root, { recursive: true })).sort();
    expect(await list(two)).toEqual(await list(one));
    for (const path of await list(one)) {
      if (!path.endsWith(".yaml") && !path.endsWith(".json")) continue;
      expect(await readFile(join(two, path), "utf8")).toBe(await readFile(join(one, path), "utf8"));
    }
  });
});
