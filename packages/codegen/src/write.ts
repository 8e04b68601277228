import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import type { GeneratedFile } from "./plan/types.js";

/** How a generated tree compares with what is on disk. */
export interface TreeDiff {
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
  readonly unchanged: number;
}

async function listFiles(folder: string, base = folder): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path, base)));
    else files.push(relative(base, path).split("\\").join("/"));
  }
  return files.sort();
}

/** Compares generated files with the folder on disk. The folder is wholly owned by the generator. */
export async function diffTree(out: string, files: readonly GeneratedFile[]): Promise<TreeDiff> {
  const existing = new Set(await listFiles(out));
  const diff: TreeDiff = { added: [], changed: [], removed: [], unchanged: 0 };
  let unchanged = 0;
  for (const file of files) {
    if (!existing.has(file.path)) diff.added.push(file.path);
    else if ((await readFile(join(out, file.path), "utf8")) !== file.content) diff.changed.push(file.path);
    else unchanged += 1;
    existing.delete(file.path);
  }
  diff.removed.push(...existing);
  return { ...diff, unchanged };
}

/**
 * Replaces the folder `out` with exactly `files`, atomically: the new tree is written beside it
 * and swapped in with renames, so a failure leaves the previous tree as it was.
 */
export async function writeTree(out: string, files: readonly GeneratedFile[]): Promise<void> {
  const staging = `${out}.staging-${process.pid}`;
  const previous = `${out}.previous-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    for (const file of files) {
      const path = join(staging, file.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content);
    }
    await mkdir(dirname(out), { recursive: true });
    let hadPrevious = true;
    await rename(out, previous).catch(() => {
      hadPrevious = false;
    });
    await rename(staging, out);
    if (hadPrevious) await rm(previous, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
