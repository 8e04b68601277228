// Real processes, a real folder, the 10 000-service workload: a writer killed with SIGKILL at exact
// file-system operations and at random instants of a real `meshform generate`, and two writers at
// once. After each, the next run leaves the previous tree or the new one, byte for byte, and no
// temporary, journal or lock file anywhere.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { checkTree, emitTree, OWNED_FILE, planTree, writeTree, type EmittedFile, type KubeResource } from "@meshform/render";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { renderWorkloadConfig } from "../bench/generate-sources.js";
import { buildWorkload } from "../bench/workload.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "packages/cli/bin/meshform.js");
const CHILD = join(ROOT, "test/support/write-child.mjs");
const SERVICES = 10_000;

/** RAM where there is some: 24 000 files per tree, many times over. */
const SCRATCH_BASE = process.platform === "linux" && existsSync("/dev/shm") ? "/dev/shm" : tmpdir();

let scratch: string;
/** Configs live in the workspace, so that their `@meshform/*` imports resolve. */
let configs: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(SCRATCH_BASE, "meshform-faults-"));
  await mkdir(join(ROOT, "test/.tmp"), { recursive: true });
  configs = await mkdtemp(join(ROOT, "test/.tmp/faults-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await rm(configs, { recursive: true, force: true });
}, 60_000);

/** Every file under a folder, hidden ones included, by relative path. */
function snapshot(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(relative(root, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name)));
  }
  return files;
}

/** How two snapshots differ, as a short text; empty when they hold the same bytes at the same paths. */
function difference(actual: Map<string, Buffer>, expected: Map<string, Buffer>): string {
  const extra = [...actual.keys()].filter((path) => !expected.has(path));
  const missing = [...expected.keys()].filter((path) => !actual.has(path));
  const changed = [...expected.keys()].filter((path) => actual.has(path) && !actual.get(path)?.equals(expected.get(path) as Buffer));
  if (extra.length + missing.length + changed.length === 0) return "";
  const few = (paths: string[]) => `${paths.length} ${JSON.stringify(paths.slice(0, 3))}`;
  return `extra ${few(extra)}, missing ${few(missing)}, changed ${few(changed)}`;
}

/** Which of the two trees a folder holds, exactly; fails the test when it holds neither. */
function wholeTree(out: string, old: Map<string, Buffer>, next: Map<string, Buffer>, when: string): "old" | "new" {
  const now = snapshot(out);
  const fromOld = difference(now, old);
  if (fromOld === "") return "old";
  const fromNew = difference(now, next);
  if (fromNew === "") return "new";
  throw new Error(`${when}: the folder holds neither tree; against the old one: ${fromOld}; against the new one: ${fromNew}`);
}

/** meshform's bookkeeping files anywhere under a folder: staging, journal, lock. */
function leftovers(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" }).filter((path) => /\.meshform-(tmp|journal|lock)/.test(path));
}

/** A snapshot as files to write again (the ownership manifest is made by writeTree). */
function filesOf(tree: Map<string, Buffer>): EmittedFile[] {
  return [...tree].filter(([path]) => path !== OWNED_FILE).map(([path, bytes]) => ({ path, content: bytes.toString("utf8") }));
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly pid: number;
}

/** Runs node with arguments; `killAfterMs` sends SIGKILL at that instant. */
function run(args: readonly string[], killAfterMs?: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, pid: child.pid ?? 0 });
    });
  });
}

function lockMessage(out: string, pid: number): string {
  return `another meshform generate is writing ${out} (pid ${pid}); wait for it to finish, or stop it`;
}

// Each child process reads, stages and renames 24 000 files; on a busy 2-core machine a round takes
// several seconds, so the limits are wider than vitest's defaults.
const LIMIT_MS = 240_000;

describe("a writer killed at exact operations", () => {
  test("the next check finishes or undoes its write: the old tree or the new one, exactly, and no leftover", { timeout: LIMIT_MS }, async () => {
    const before = emitTree(planTree(buildWorkload(SERVICES) as unknown as KubeResource[]));
    // The new tree changes every third file, drops ten namespace folders and adds ten new ones.
    const dropped = (path: string) => /^ns-99\d\//.test(path);
    const after: EmittedFile[] = [
      ...before.filter((file) => !dropped(file.path)).map((file, index) => (index % 3 === 0 ? { path: file.path, content: `${file.content}# changed\n` } : file)),
      ...before.filter((file) => dropped(file.path)).map((file) => ({ path: file.path.replace(/^ns-99/, "ns-new-99"), content: file.content })),
    ];
    await writeFile(join(scratch, "after.json"), JSON.stringify(after));
    const out = join(scratch, "exact", "generated");
    await writeTree(join(scratch, "ref-old"), before);
    await writeTree(join(scratch, "ref-new"), after);
    const old = snapshot(join(scratch, "ref-old"));
    const next = snapshot(join(scratch, "ref-new"));

    await writeTree(out, before);
    const counted = await run([CHILD, out, join(scratch, "after.json")]);
    expect(counted.code, counted.stderr).toBe(0);
    const { ops, commitAt } = JSON.parse(counted.stdout) as { ops: number; commitAt: number };
    expect(commitAt).toBeGreaterThan(24_000); // every file was read and staged before the commit point
    expect(ops - commitAt).toBeGreaterThan(5_000); // the commit: thousands of renames and deletions
    expect(wholeTree(out, old, next, "after a whole run")).toBe("new");

    // Staging, both sides of the commit point, the commit itself, and its very last operation.
    const points = [Math.round(commitAt / 2), commitAt, commitAt + 1, ...[0.1, 0.6].map((share) => commitAt + Math.round((ops - commitAt) * share)), ops];
    let state: "old" | "new" = "new";
    for (const at of points) {
      if (state === "new") await writeTree(out, before, { allowRemoval: true });
      const killed = await run([CHILD, out, join(scratch, "after.json"), String(at)]);
      expect(killed.signal, `operation ${at}: ${killed.stderr}`).toBe("SIGKILL");
      await checkTree(out, after);
      // A kill before the commit point's rename is undone; one after it is finished.
      state = wholeTree(out, old, next, `killed at operation ${at} of ${ops}`);
      expect(state, `operation ${at}`).toBe(at <= commitAt ? "old" : "new");
      expect(leftovers(scratch), `operation ${at}`).toEqual([]);
    }
  });
});

describe("the real meshform generate", () => {
  let old: Map<string, Buffer>;
  let next: Map<string, Buffer>;
  let configOld: string;
  let configNew: string;
  let fullRunMs: number;

  beforeAll(async () => {
    configOld = join(configs, "old.config.ts");
    configNew = join(configs, "new.config.ts");
    const text = renderWorkloadConfig(SERVICES);
    await writeFile(configOld, text);
    // Every HTTPRoute changes: 10 000 files to replace.
    await writeFile(configNew, text.replace("weight: 90", "weight: 80").replace("weight: 10", "weight: 20"));
    const out = join(scratch, "cli-ref", "generated");
    const first = await run([BIN, "generate", "--config", configOld, "--out", out]);
    expect(first.code, first.stderr).toBe(0);
    old = snapshot(out);
    // Timed as the runs to kill run: each plans everything, with no plan to reuse from the
    // generation cache (a reused plan makes a run finish before most instants aimed at it).
    const started = Date.now();
    const second = await run([BIN, "generate", "--no-cache", "--config", configNew, "--out", out]);
    fullRunMs = Date.now() - started;
    expect(second.code, second.stderr).toBe(0);
    next = snapshot(out);
    expect(difference(old, next)).not.toBe("");
  }, LIMIT_MS);

  test("killed at random instants, its next --check run leaves the old tree or the new one, exactly", { timeout: LIMIT_MS }, async () => {
    const out = join(scratch, "cli-kill", "generated");
    await writeTree(out, filesOf(old));
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round++) {
      // Writing is the last part of a run: aim at its second half.
      const instant = Math.round(fullRunMs * (0.5 + Math.random() * 0.55));
      const killed = await run([BIN, "generate", "--no-cache", "--config", configNew, "--out", out], instant);
      const check = await run([BIN, "generate", "--check", "--config", configNew, "--out", out]);
      expect(check.stderr).not.toMatch(/This is a bug|\n\s+at /);
      const state = wholeTree(out, old, next, `killed after ${instant} ms (${killed.signal ?? `exit ${killed.code}`})`);
      expect(leftovers(join(out, "..")), `killed after ${instant} ms`).toEqual([]);
      outcomes.push(`${instant} ms: ${killed.signal ?? "finished"} → ${state}`);
      if (state === "new") await writeTree(out, filesOf(old));
    }
    // At least one run was really cut short (the instants reach a little past a whole run).
    expect(outcomes.filter((outcome) => outcome.includes("SIGKILL")), outcomes.join("; ")).not.toEqual([]);
  });

  test("two runs at once: each finishes or fails with the lock message, and the tree is whole", { timeout: LIMIT_MS }, async () => {
    const out = join(scratch, "cli-concurrent", "generated");
    await writeTree(out, filesOf(old));
    const [a, b] = await Promise.all([
      run([BIN, "generate", "--config", configNew, "--out", out]),
      run([BIN, "generate", "--config", configOld, "--out", out]),
    ]);
    for (const [self, other] of [
      [a, b],
      [b, a],
    ] as const) {
      if (self.code !== 0) expect(self.stderr).toContain(lockMessage(out, other.pid));
    }
    expect([a.code, b.code]).toContain(0);
    const state = wholeTree(out, old, next, "after two runs at once");
    if (a.code === 0 && b.code !== 0) expect(state).toBe("new");
    if (b.code === 0 && a.code !== 0) expect(state).toBe("old");
    const owned = JSON.parse(readFileSync(join(out, OWNED_FILE), "utf8")) as { files: string[] };
    expect(owned.files.filter((path) => !existsSync(join(out, path)))).toEqual([]);
    expect(leftovers(join(out, ".."))).toEqual([]);
  });

  test("two writers at once with no time to wait: one fails with the lock message naming the other's pid", { timeout: LIMIT_MS }, async () => {
    const out = join(scratch, "child-concurrent", "generated");
    await mkdir(join(scratch, "child-concurrent"), { recursive: true });
    const files = join(scratch, "new-files.json");
    await writeFile(files, JSON.stringify(filesOf(next)));
    const [a, b] = await Promise.all([run([CHILD, out, files, "0", "0"]), run([CHILD, out, files, "0", "0"])]);
    const codes = [a.code, b.code].sort();
    // Started together, the two overlap unless one finished before the other began.
    if (codes[1] !== 0) {
      const [failed, winner] = a.code === 0 ? [b, a] : [a, b];
      expect(failed.stderr).toContain(lockMessage(out, winner.pid));
    }
    expect(codes[0]).toBe(0);
    expect(wholeTree(out, old, next, "after two writers at once")).toBe("new");
    expect(leftovers(join(scratch, "child-concurrent"))).toEqual([]);
  });
});
