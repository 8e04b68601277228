import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { EmittedFile } from "./emit.js";
import { RenderError } from "./errors.js";
import { nodeFs, type WriteFs } from "./fs.js";
import { OWNED_FILE } from "./owned.js";
import { ownedText, readTree, renderFailure } from "./fixtures.js";
import { writeTree } from "./write.js";

let dir: string;
let out: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "meshform-write-"));
  out = join(dir, "generated");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const first: EmittedFile[] = [
  { path: "kustomization.yaml", content: "root v1\n" },
  { path: "apps/kustomization.yaml", content: "apps v1\n" },
  { path: "apps/configmap_a.yaml", content: "a v1\n" },
  { path: "old/configmap_b.yaml", content: "b v1\n" },
];
/** Drops the folder `old` that `first` wrote: writing it over `first` needs `allowRemoval`. */
const second: EmittedFile[] = [
  { path: "kustomization.yaml", content: "root v2\n" },
  { path: "apps/kustomization.yaml", content: "apps v1\n" },
  { path: "apps/configmap_c.yaml", content: "c v2\n" },
];

async function writeError(files: EmittedFile[], fs?: Partial<WriteFs>): Promise<RenderError> {
  return renderFailure(writeTree(out, files, { allowRemoval: true, ...(fs ? { fs } : {}) }));
}

describe("writeTree: ownership", () => {
  test("creates the folder, writes every file and records them as owned", async () => {
    const summary = await writeTree(out, first);
    expect(summary).toEqual({ written: first.map((file) => file.path).sort(), unchanged: [], removed: [] });
    expect(await readTree(out)).toEqual({
      ...Object.fromEntries(first.map((file) => [file.path, file.content])),
      [OWNED_FILE]: ownedText(first.map((file) => file.path)),
    });
  });

  test("leaves unchanged files untouched, mtime included", async () => {
    await writeTree(out, first);
    const past = new Date("2020-01-01T00:00:00Z");
    await utimes(join(out, "apps/kustomization.yaml"), past, past);
    const summary = await writeTree(out, second, { allowRemoval: true });
    expect(summary.unchanged).toEqual(["apps/kustomization.yaml"]);
    expect((await stat(join(out, "apps/kustomization.yaml"))).mtime).toEqual(past);
  });

  test("touches no file at all, the manifest included, when nothing changed", async () => {
    await writeTree(out, first);
    const past = new Date("2020-01-01T00:00:00Z");
    for (const path of [OWNED_FILE, ...first.map((file) => file.path)]) await utimes(join(out, path), past, past);
    const summary = await writeTree(out, first);
    expect(summary).toEqual({ written: [], unchanged: first.map((file) => file.path).sort(), removed: [] });
    for (const path of [OWNED_FILE, ...first.map((file) => file.path)]) expect((await stat(join(out, path))).mtime).toEqual(past);
  });

  test("removes stale owned files and the folders they leave empty, keeps every other file", async () => {
    await writeTree(out, first);
    await writeFile(join(out, "apps/notes.txt"), "mine\n");
    await writeFile(join(out, "notes.txt"), "mine too\n");
    await mkdir(join(out, "mine"));
    const summary = await writeTree(out, second, { allowRemoval: true });
    expect(summary).toEqual({
      written: ["apps/configmap_c.yaml", "kustomization.yaml"],
      unchanged: ["apps/kustomization.yaml"],
      removed: ["apps/configmap_a.yaml", "old/configmap_b.yaml"],
    });
    expect(await readTree(out)).toEqual({
      "kustomization.yaml": "root v2\n",
      "apps/kustomization.yaml": "apps v1\n",
      "apps/configmap_c.yaml": "c v2\n",
      "apps/notes.txt": "mine\n",
      "notes.txt": "mine too\n",
      [OWNED_FILE]: ownedText(second.map((file) => file.path)),
    });
    expect(await readdir(out)).not.toContain("old");
    expect(await readdir(out)).toContain("mine");
  });

});

describe("writeTree: files it does not own", () => {
  test("refuses to overwrite a file it does not own, and writes nothing", async () => {
    await mkdir(join(out, "apps"), { recursive: true });
    await writeFile(join(out, "apps/configmap_a.yaml"), "hand-written\n");
    const error = await writeError(first);
    expect(error.code).toBe("RENDER_PATH_CONFLICT");
    expect(error.message).toBe(
      `${out}: meshform would overwrite files it did not write (they are not in .meshform-owned.json): apps/configmap_a.yaml; move them away and run again`,
    );
    expect(await readTree(out)).toEqual({ "apps/configmap_a.yaml": "hand-written\n" });
  });

  test("takes over a file that already holds exactly its bytes", async () => {
    await mkdir(out);
    await writeFile(join(out, "kustomization.yaml"), "root v1\n");
    const summary = await writeTree(out, first);
    expect(summary.unchanged).toEqual(["kustomization.yaml"]);
    expect(JSON.parse(await readFile(join(out, OWNED_FILE), "utf8")).files).toContain("kustomization.yaml");
  });

});

describe("writeTree: atomicity", () => {
  test("creates missing parent folders, and removes them again when the first write fails", async () => {
    const nested = join(dir, "deploy", "mesh", "generated");
    const failing: Partial<WriteFs> = {
      writeFile: async () => {
        throw new Error("EACCES: permission denied");
      },
    };
    const error: unknown = await writeTree(nested, first, { fs: failing }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RenderError);
    expect(await readdir(dir)).toEqual([]);
    await writeTree(nested, first);
    expect(Object.keys(await readTree(nested)).sort()).toEqual([OWNED_FILE, ...first.map((file) => file.path)].sort());
  });

  test("builds a missing output folder under a temporary name and commits it with one rename", async () => {
    const renames: [string, string][] = [];
    const spying: Partial<WriteFs> = {
      rename: async (from, to) => {
        renames.push([from, to]);
        await nodeFs.rename(from, to);
      },
    };
    await writeTree(out, first, { fs: spying });
    expect(renames.filter(([, to]) => !to.endsWith(".meshform-journal"))).toEqual([[join(dir, ".generated.meshform-tmp"), out]]);
    expect(await readdir(dir)).toEqual(["generated"]);
    expect(await readTree(out)).toEqual({
      ...Object.fromEntries(first.map((file) => [file.path, file.content])),
      [OWNED_FILE]: ownedText(first.map((file) => file.path)),
    });
  });

  test("commits each new folder of an existing tree whole, and clears what a killed run left staged", async () => {
    await writeTree(out, first);
    await mkdir(join(out, ".new.meshform-tmp", "deep"), { recursive: true });
    await writeFile(join(out, ".new.meshform-tmp", "deep", "left-over.yaml"), "x\n");
    const renamed: string[] = [];
    const spying: Partial<WriteFs> = {
      rename: async (from, to) => {
        renamed.push(relative(out, to));
        await nodeFs.rename(from, to);
      },
    };
    const more = [...second, { path: "new/deep/configmap_d.yaml", content: "d\n" }];
    await writeTree(out, more, { fs: spying, allowRemoval: true });
    expect(renamed.filter((path) => !path.endsWith(".meshform-journal"))).toEqual(["new", "kustomization.yaml", "apps/configmap_c.yaml", OWNED_FILE]);
    expect(await readTree(out)).toEqual({
      ...Object.fromEntries(more.map((file) => [file.path, file.content])),
      [OWNED_FILE]: ownedText(more.map((file) => file.path)),
    });
  });

  test("leaves the previous tree as it was when writing fails before the commit point", async () => {
    await writeTree(out, first);
    const before = await readTree(out);
    let calls = 0;
    const failing: Partial<WriteFs> = {
      writeFile: async (path, content) => {
        if (++calls === 3) throw new Error("ENOSPC: no space left on device");
        await nodeFs.writeFile(path, content);
      },
    };
    const more = [...second, { path: "new/deep/configmap_d.yaml", content: "d\n" }];
    const error = await writeError(more, failing);
    expect(error.code).toBe("RENDER_WRITE_FAILED");
    expect(error.message).toMatch(/^cannot write .*: ENOSPC: no space left on device; nothing was changed$/);
    expect(await readTree(out)).toEqual(before);
    expect(await readdir(out)).not.toContain("new");
  });

  test("keeps the plan in the journal when renaming fails after the commit point, and the next run finishes it", async () => {
    await writeTree(out, first);
    const failing: Partial<WriteFs> = {
      rename: async (from, to) => {
        if (to === join(out, "apps/configmap_c.yaml")) throw new Error("EIO: i/o error");
        await nodeFs.rename(from, to);
      },
    };
    const error = await writeError(second, failing);
    expect(error.message).toBe(
      `cannot replace ${join(out, "apps/configmap_c.yaml")}: EIO: i/o error; 1 of 3 files were replaced, and the rest are recorded in ${join(dir, ".generated.meshform-journal")}: run again to finish`,
    );
    expect(await readdir(dir)).toEqual([".generated.meshform-journal", "generated"]);
    expect(await writeTree(out, second, { allowRemoval: true })).toEqual({
      written: [],
      unchanged: second.map((file) => file.path).sort(),
      removed: [],
    });
    expect(await readdir(dir)).toEqual(["generated"]);
    expect(await readTree(out)).toEqual({
      ...Object.fromEntries(second.map((file) => [file.path, file.content])),
      [OWNED_FILE]: ownedText(second.map((file) => file.path)),
    });
  });

});

describe("writeTree: safety", () => {
  test.each([
    ["a parent folder", "../escape.yaml"],
    ["an absolute path", "/etc/escape.yaml"],
    ["a hidden file", "apps/.hidden"],
  ])("refuses a path to %s", async (_name, path) => {
    const error = await writeError([{ path, content: "x\n" }]);
    expect(error.code).toBe("RENDER_UNSAFE_PATH");
    expect(error.message).toBe(`${JSON.stringify(path)} is not a relative path meshform may write inside ${out}`);
  });

  test("writes nothing through a folder that is a symbolic link", async () => {
    const elsewhere = join(dir, "elsewhere");
    await mkdir(elsewhere);
    await mkdir(out);
    await symlink(elsewhere, join(out, "apps"));
    const error = await writeError(first);
    expect(error.code).toBe("RENDER_UNSAFE_PATH");
    expect(error.message).toBe(`${join(out, "apps")} is a symbolic link; meshform writes nothing through links: replace the link with the folder it points to`);
    expect(await readdir(elsewhere)).toEqual([]);
  });

  test("refuses an ownership manifest that lists a path outside the folder", async () => {
    await mkdir(out);
    await writeFile(join(out, OWNED_FILE), JSON.stringify({ files: ["../../home/user/.bashrc"] }));
    const error = await writeError(first);
    expect(error.code).toBe("RENDER_MANIFEST_INVALID");
    expect(error.message).toBe(
      `${join(out, OWNED_FILE)}: it lists "../../home/user/.bashrc", which is not a path inside the folder; restore it from version control, or delete it and remove the files meshform wrote`,
    );
  });
});
