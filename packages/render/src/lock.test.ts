import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, unlink, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { checkTree } from "./check.js";
import type { EmittedFile } from "./emit.js";
import { renderFailure } from "./fixtures.js";
import { lockPathOf } from "./lock.js";
import { writeTree } from "./write.js";

let dir: string;
let out: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "meshform-lock-"));
  out = join(dir, "generated");
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

const files: EmittedFile[] = [
  { path: "kustomization.yaml", content: "root\n" },
  { path: "apps/configmap_a.yaml", content: "a\n" },
];

/** A real process that stays alive until the test ends. */
function liveProcess(): number {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  children.push(child);
  if (child.pid === undefined) throw new Error("could not start a process");
  return child.pid;
}

/** The pid of a real process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((done) => child.on("exit", done));
  if (child.pid === undefined) throw new Error("could not start a process");
  return child.pid;
}

async function holdLock(pid: number, host = hostname()): Promise<void> {
  await writeFile(lockPathOf(out), `${JSON.stringify({ pid, host, started: new Date().toISOString() })}\n`);
}

describe("the output folder's lock", () => {
  test("is a hidden file beside the output folder, gone once the write is done", async () => {
    expect(lockPathOf(out)).toBe(join(dir, ".generated.meshform-lock"));
    await writeTree(out, files);
    expect(await readdir(dir)).toEqual(["generated"]);
  });

  test("makes a second run wait the bounded time, then fail naming the holder's pid, and write nothing", async () => {
    const pid = liveProcess();
    await holdLock(pid);
    const started = Date.now();
    const error = await renderFailure(writeTree(out, files, { lockWaitMs: 400 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(error.code).toBe("RENDER_LOCKED");
    expect(error.message).toBe(`another meshform generate is writing ${out} (pid ${pid}); wait for it to finish, or stop it`);
    expect(await readdir(dir)).toEqual([".generated.meshform-lock"]);
  });

  test("lets the second run go on as soon as the first one releases it", async () => {
    await holdLock(liveProcess());
    setTimeout(() => void unlink(lockPathOf(out)), 200);
    const summary = await writeTree(out, files, { lockWaitMs: 5_000 });
    expect(summary.written).toEqual(["apps/configmap_a.yaml", "kustomization.yaml"]);
    expect(await readdir(dir)).toEqual(["generated"]);
  });

  test("keeps checkTree from reading while another run writes", async () => {
    await writeTree(out, files);
    const pid = liveProcess();
    await holdLock(pid);
    const error = await renderFailure(checkTree(out, files, { lockWaitMs: 100 }));
    expect(error.message).toBe(`another meshform generate is writing ${out} (pid ${pid}); wait for it to finish, or stop it`);
  });

  test("is taken over at once when its process is no longer alive", async () => {
    await holdLock(await deadPid());
    const started = Date.now();
    await writeTree(out, files, { lockWaitMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await readdir(dir)).toEqual(["generated"]);
  });

  test("is taken over when it is unreadable and older than a few seconds, not when it is fresh", async () => {
    await writeFile(lockPathOf(out), "{\"pi");
    const error = await renderFailure(writeTree(out, files, { lockWaitMs: 100 }));
    expect(error.message).toBe(`another meshform generate is writing ${out} (pid unknown); wait for it to finish, or stop it`);
    const past = new Date(Date.now() - 60_000);
    await utimes(lockPathOf(out), past, past);
    await writeTree(out, files, { lockWaitMs: 100 });
    expect(await readdir(dir)).toEqual(["generated"]);
  });

  test("is never taken over when another host holds it", async () => {
    await holdLock(await deadPid(), `not-${hostname()}`);
    const error = await renderFailure(writeTree(out, files, { lockWaitMs: 100 }));
    expect(error.code).toBe("RENDER_LOCKED");
  });

  test("is released when the write fails", async () => {
    await mkdir(out);
    await writeFile(join(out, "kustomization.yaml"), "hand-written\n");
    const error = await renderFailure(writeTree(out, files));
    expect(error.code).toBe("RENDER_PATH_CONFLICT");
    expect(await readdir(dir)).toEqual(["generated"]);
  });

  test("lets only one of many concurrent writers in at a time", async () => {
    const trees = Array.from({ length: 6 }, (_, index): EmittedFile[] =>
      Array.from({ length: 50 }, (_, file) => ({ path: `ns-${file % 5}/configmap_${file}.yaml`, content: `writer ${index}\n` })),
    );
    const results = await Promise.allSettled(trees.map((tree) => writeTree(out, tree, { lockWaitMs: 10_000 })));
    expect(results.map((result) => result.status)).toEqual(trees.map(() => "fulfilled"));
    const entries = await readdir(out, { recursive: true });
    expect(entries.filter((entry) => entry.includes(".meshform-tmp"))).toEqual([]);
    // One whole tree: every file from the same, last writer.
    const contents = new Set(await Promise.all(trees[0]!.map((file) => readFile(join(out, file.path), "utf8"))));
    expect(contents.size).toBe(1);
    expect(await readdir(dir)).toEqual(["generated"]);
  });
});
