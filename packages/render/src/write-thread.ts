// A second thread for writing many files: on a machine with two cores, the kernel's work of
// creating thousands of small files (most of a write's time) runs on both. It only ever writes the
// staged temporary files writeTree hands it, which the journal already names, so a kill at any
// instant leaves what a kill of a one-thread write leaves.
import { writeFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { Settled } from "./fs.js";

/** One file to create or replace with UTF-8 text. */
export interface FileToWrite {
  readonly path: string;
  readonly content: string;
}

/** From this many files to write, {@link writeTree} starts a write thread: below it, starting one costs more than it saves. */
export const WRITE_THREAD_MIN_FILES = 2000;

/** Files handed over or written at a time. */
const BATCH = 128;

/** Batches the thread may have waiting before this thread writes the next one itself. */
const MAX_QUEUED = 2;

/** A failure of the thread's, as it posts it: what Node's error says, as plain data. */
interface PostedFailure {
  readonly index: number;
  readonly message: string;
  readonly code?: string;
  readonly errno?: number;
  readonly syscall?: string;
  readonly path?: string;
}

/** What the thread posts after each batch it wrote. */
interface BatchDone {
  readonly batch: number;
  readonly failures: readonly PostedFailure[];
}

/**
 * The thread: plain CommonJS evaluated as a string, so it loads nothing from disk and runs the
 * same from the sources, the build and a bundle. It writes each batch it is sent, counts it in
 * the shared counter (which the sender reads without waiting for messages), and posts its
 * failures.
 */
const WRITE_THREAD_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { writeFileSync } = require("node:fs");
parentPort.on("message", ({ batch, start, paths, contents }) => {
  const failures = [];
  for (let i = 0; i < paths.length; i += 1) {
    try {
      writeFileSync(paths[i], contents[i]);
    } catch (error) {
      failures.push({ index: start + i, message: String(error && error.message), code: error && error.code, errno: error && error.errno, syscall: error && error.syscall, path: error && error.path });
    }
  }
  Atomics.add(workerData.written, 0, 1);
  parentPort.postMessage({ batch, failures });
});
`;

/** The error a posted failure stands for: Node's fields (`code`, `errno`, `syscall`, `path`) on an `Error` with its message. */
function errorOf(failure: PostedFailure): Error {
  const { message, code, errno, syscall, path } = failure;
  return Object.assign(new Error(message), { code, errno, syscall, path });
}

/** Writes one file on this thread, as {@link WriteFs.writeFile} of the real file system does. */
function writeHere(file: FileToWrite): Settled<void> {
  try {
    writeFileSync(file.path, file.content);
    return { ok: true, value: undefined };
  } catch (error) {
    return { ok: false, error };
  }
}

/** A thread started by {@link startWriteThread}. */
export interface WriteThread {
  /**
   * Writes every file, on this thread and the write thread, and gives each one's outcome in
   * `files`' order. A batch the thread took and did not finish (it failed or ended) is written
   * on this thread. Call it once.
   */
  writeAll(files: readonly FileToWrite[]): Promise<Settled<void>[]>;
  /** Ends the thread. */
  close(): void;
}

/**
 * Starts a thread that writes files beside this one, or gives `undefined` when none can start.
 * Start it early: it loads in about 30 ms of another core, while this one goes on.
 *
 * {@link WriteThread.writeAll} hands the thread a batch of files whenever it has fewer than two
 * waiting, and writes the next batch itself otherwise, so each thread writes what it can: a thread
 * still loading, or starved of a core, costs nothing but its share. Only a few batches are ever
 * copied to it at once, whatever the number of files.
 */
export function startWriteThread(): WriteThread | undefined {
  const written = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker;
  try {
    worker = new Worker(WRITE_THREAD_SOURCE, { eval: true, execArgv: [], workerData: { written }, stdout: false, stderr: false });
  } catch {
    return undefined;
  }
  // Its failures show as batches not done: an unheard 'error' event would end the process.
  let alive = true;
  worker.on("error", () => undefined);
  worker.on("exit", () => {
    alive = false;
  });
  worker.unref();
  return {
    writeAll: (files) => writeAll(worker, written, () => alive, files),
    close() {
      void worker.terminate();
    },
  };
}

async function writeAll(worker: Worker, written: Int32Array, alive: () => boolean, files: readonly FileToWrite[]): Promise<Settled<void>[]> {
  const results = new Array<Settled<void> | undefined>(files.length);
  /** The first index of each batch sent, by batch number. */
  const sent: number[] = [];
  const done = new Set<number>();
  const onMessage = (message: BatchDone): void => {
    done.add(message.batch);
    const start = sent[message.batch] as number;
    for (let index = start; index < Math.min(start + BATCH, files.length); index += 1) results[index] = { ok: true, value: undefined };
    for (const failure of message.failures) results[failure.index] = { ok: false, error: errorOf(failure) };
  };
  worker.on("message", onMessage);
  // Unreferenced, the thread would not keep the process alive while this waits for its answers.
  worker.ref();
  try {
    for (let start = 0; start < files.length; start += BATCH) {
      const end = Math.min(start + BATCH, files.length);
      if (alive() && sent.length - Atomics.load(written, 0) < MAX_QUEUED) {
        const batch = files.slice(start, end);
        try {
          worker.postMessage({ batch: sent.length, start, paths: batch.map((file) => file.path), contents: batch.map((file) => file.content) });
          sent.push(start);
          continue;
        } catch {
          // Not sent: written here, below.
        }
      }
      for (let index = start; index < end; index += 1) results[index] = writeHere(files[index] as FileToWrite);
    }
    // The thread's answers: every batch it took, or its end.
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (done.size < sent.length && alive()) return;
        worker.off("message", check);
        worker.off("exit", check);
        resolve();
      };
      worker.on("message", check);
      worker.on("exit", check);
      check();
    });
  } finally {
    worker.off("message", onMessage);
    worker.unref();
  }
  // A batch the thread took and never answered for is written here. (A loop: `map` would skip
  // the positions never set.)
  const settled: Settled<void>[] = [];
  for (let index = 0; index < files.length; index += 1) settled.push(results[index] ?? writeHere(files[index] as FileToWrite));
  return settled;
}
