// A write stopped at every file-system operation, by a crash (no operation after it runs, as when
// the process is killed) or by a single failure: the next run's recovery leaves the previous tree
// or the new one, whole, and nothing else.
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { checkTree } from "./check.js";
import type { EmittedFile } from "./emit.js";
import { RenderError } from "./errors.js";
import { nodeFs, type WriteFs } from "./fs.js";
import { journalPathOf } from "./journal.js";
import { OWNED_FILE } from "./owned.js";
import { ownedText, readTree } from "./fixtures.js";
import { writeTree } from "./write.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "meshform-crash-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every entry under a folder whose name is one of meshform's own bookkeeping names. */
async function leftovers(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true });
  return entries.filter((path) => /\.meshform-(tmp|journal|lock)/.test(path));
}

const before: EmittedFile[] = [
  { path: "kustomization.yaml", content: "root v1\n" },
  { path: "apps/kustomization.yaml", content: "apps v1\n" },
  { path: "apps/configmap_a.yaml", content: "a v1\n" },
  { path: "old/configmap_b.yaml", content: "b v1\n" },
];
const after: EmittedFile[] = [
  { path: "kustomization.yaml", content: "root v2\n" },
  { path: "apps/kustomization.yaml", content: "apps v1\n" },
  { path: "apps/configmap_c.yaml", content: "c v2\n" },
  { path: "new/deep/configmap_d.yaml", content: "d v2\n" },
];

/** The files a tree of emitted files leaves in `dir` when written to `out`, manifest included. */
function treeOf(out: string, files: readonly EmittedFile[]): Record<string, string> {
  const prefix = relative(dir, out);
  const listed = Object.fromEntries(files.map((file) => [join(prefix, file.path), file.content]));
  return { ...listed, [join(prefix, OWNED_FILE)]: ownedText(files.map((file) => file.path)) };
}

/** The real file system, numbered: operation `at` crashes (it and every later one throw) or fails once. */
function faultyFs(at: number, mode: "crash" | "fail"): { fs: WriteFs; count: () => number } {
  let calls = 0;
  let dead = false;
  const wrapped = Object.fromEntries(
    Object.entries(nodeFs).map(([name, operation]) => [
      name,
      async (...args: unknown[]) => {
        if (dead) throw new Error("the process is gone");
        if (++calls === at) {
          if (mode === "crash") dead = true;
          throw new Error(`EIO: simulated ${mode} at operation ${at}`);
        }
        return (operation as (...a: unknown[]) => Promise<unknown>)(...args);
      },
    ]),
  ) as unknown as WriteFs;
  return { fs: wrapped, count: () => calls };
}

interface Scenario {
  readonly name: string;
  /** The output folder, relative to `dir`. */
  readonly out: string;
  /** The tree on disk before the write; `undefined` for none. */
  readonly previous: readonly EmittedFile[] | undefined;
}

const scenarios: Scenario[] = [
  { name: "over an existing tree (changed, added, new folder, stale files)", out: "generated", previous: before },
  { name: "a first run into a missing output folder with missing parents", out: "deploy/mesh/generated", previous: undefined },
];

async function prepare(scenario: Scenario): Promise<string> {
  const out = join(dir, scenario.out);
  if (scenario.previous) {
    await writeTree(out, scenario.previous);
    await writeFile(join(out, "notes.txt"), "mine\n");
  }
  return out;
}

/** How many file-system operations the write of `after` takes in a scenario. */
async function operationCount(scenario: Scenario): Promise<number> {
  const out = await prepare(scenario);
  const counting = faultyFs(0, "fail");
  await writeTree(out, after, { fs: counting.fs, allowRemoval: true });
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir);
  return counting.count();
}

describe.each(scenarios)("writeTree stopped at every operation, $name", (scenario) => {
  test.each(["crash", "fail"] as const)("after a %s, the next check and write see one whole tree and no leftover", async (mode) => {
    const total = await operationCount(scenario);
    expect(total).toBeGreaterThan(10);
    const outcomes = new Set<string>();
    for (let at = 1; at <= total; at++) {
      const out = await prepare(scenario);
      const old = { ...(await readTree(dir)) };
      const faulty = faultyFs(at, mode);
      const error: unknown = await writeTree(out, after, { fs: faulty.fs, allowRemoval: true }).then(() => undefined, (caught: unknown) => caught);
      // A few failures are harmless and ignored (a stale folder that cannot be removed); every other one is a RenderError.
      if (error !== undefined) expect(error, `operation ${at}`).toBeInstanceOf(RenderError);
      // The next run starts with checkTree (what `meshform generate --check` does): it recovers first.
      await checkTree(out, after);
      const now = sortedKeys(await readTree(dir));
      const userFiles = scenario.previous ? { [join(scenario.out, "notes.txt")]: "mine\n" } : {};
      const isNew = JSON.stringify(now) === JSON.stringify(sortedKeys({ ...treeOf(out, after), ...userFiles }));
      const isOld = JSON.stringify(now) === JSON.stringify(sortedKeys(old));
      expect(isNew || isOld, `operation ${at}: ${JSON.stringify(Object.keys(now))}`).toBe(true);
      expect(await leftovers(dir), `operation ${at}`).toEqual([]);
      outcomes.add(isNew ? "new" : "old");
      const summary = await writeTree(out, after, { allowRemoval: true });
      expect(await readTree(dir), `operation ${at}`).toEqual({ ...treeOf(out, after), ...userFiles });
      expect(summary.written.length === 0, `operation ${at}`).toBe(isNew);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir);
    }
    // Stops before the commit point roll back, stops after it roll forward: both happen.
    expect([...outcomes].sort()).toEqual(["new", "old"]);
  });
});

function sortedKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

describe("recovery", () => {
  test("refuses a journal meshform did not write, and names the file and the way out", async () => {
    const out = join(dir, "generated");
    await writeTree(out, before);
    await writeFile(journalPathOf(out), JSON.stringify({ meshform: "write journal", phase: "committing", temps: ["../../etc/passwd"], stale: [] }));
    const error: unknown = await writeTree(out, after, { allowRemoval: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).code).toBe("RENDER_JOURNAL_INVALID");
    expect((error as RenderError).message).toBe(
      `${journalPathOf(out)}: it lists "../../etc/passwd", which is not a temporary path meshform writes; if no meshform run is writing there, restore the output folder from version control, delete this file and every .meshform-tmp file beside it, and run again`,
    );
  });

  test("refuses the names of the journal and the lock as files to write", async () => {
    for (const path of ["apps/x.meshform-journal", "x.meshform-lock", "apps/.generated.meshform-lock"]) {
      const error: unknown = await writeTree(join(dir, "generated"), [{ path, content: "x\n" }]).catch((caught: unknown) => caught);
      expect((error as RenderError).code).toBe("RENDER_UNSAFE_PATH");
    }
  });
});
