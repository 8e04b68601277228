/**
 * Two guards around running a user's mesh.config.ts: a time limit that holds even when the config
 * blocks the event loop, and the detection of a config that awaits something that can never
 * happen.
 *
 * @internal
 */
import { writeSync } from "node:fs";
import { Worker } from "node:worker_threads";

/** A time limit started with {@link startDeadline}. */
export interface Deadline {
  /** Ends the limit: the work finished (or failed) in time. */
  cancel(): void;
}

/** Who reported the deadline: nobody yet, the main thread, or the watchdog thread. */
const Reporter = { None: 0, Main: 1, Watchdog: 2 } as const;

/**
 * The watchdog thread. A config in an endless loop blocks the main thread, so no timer of the
 * main thread can fire: this thread waits for the deadline (plus a grace, so that an idle main
 * thread reports first), claims the report, writes the message and interrupts the main thread
 * through the inspector (`Runtime.terminateExecution`, which stops even a `for (;;) {}`).
 * Plain CommonJS evaluated as a string: nothing to resolve or load from disk.
 */
const WATCHDOG_SOURCE = `
const { workerData } = require("node:worker_threads");
const { writeSync } = require("node:fs");
setTimeout(() => {
  if (Atomics.compareExchange(workerData.reporter, 0, 0, ${Reporter.Watchdog}) !== 0) return;
  writeSync(2, workerData.message);
  const { Session } = require("node:inspector");
  const session = new Session();
  session.connectToMainThread();
  session.post("Runtime.terminateExecution", () => {
    session.disconnect();
    Atomics.store(workerData.reporter, 1, 1);
    Atomics.notify(workerData.reporter, 1);
  });
}, workerData.ms + workerData.graceMs);
`;

/** How much later than the main thread's timer the watchdog thread acts. */
const GRACE_MS = 500;

/**
 * Ends the process with exit code 1 and `line` on stderr unless {@link Deadline.cancel} is called
 * within `ms`: from the main thread's own timer when its event loop is free (an awaited timer or
 * socket that never completes), from a watchdog thread when the main thread is busy (an endless
 * loop). Neither keeps the process alive.
 *
 * @param line - the whole line to print, newline included
 */
export function startDeadline(ms: number, line: string): Deadline {
  // [0]: who reported (Reporter); [1]: 1 once the watchdog has let go of the main thread.
  const reporter = new Int32Array(new SharedArrayBuffer(8));
  const watchdog = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { ms, graceMs: GRACE_MS, message: line, reporter }, stdout: false, stderr: false });
  watchdog.unref();
  // The watchdog stopped the main thread: what runs after that is exit handlers only. The process
  // must not end while the watchdog's inspector session is still attached to the main thread
  // (ending then can kill the process by a signal instead of exit code 1): wait for it to let go.
  const onExit = (): void => {
    if (Atomics.load(reporter, 0) !== Reporter.Watchdog) return;
    Atomics.wait(reporter, 1, 0, 2000);
    process.exitCode = 1;
  };
  process.on("exit", onExit);
  const timer = setTimeout(() => {
    if (Atomics.compareExchange(reporter, 0, Reporter.None, Reporter.Main) === Reporter.None) writeSync(2, line);
    process.exit(1);
  }, ms);
  timer.unref();
  return {
    cancel() {
      clearTimeout(timer);
      process.off("exit", onExit);
      void watchdog.terminate();
    },
  };
}

/**
 * `promise`, or a rejection with `stalled()` when the event loop empties while it is pending:
 * nothing is left that could ever settle it (Node would otherwise end the process with exit code
 * 13 and print nothing).
 */
export function unlessStalled<T>(promise: Promise<T>, stalled: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onEmptyLoop = (): void => reject(stalled());
    process.once("beforeExit", onEmptyLoop);
    promise.then(
      (value) => {
        process.off("beforeExit", onEmptyLoop);
        resolve(value);
      },
      (error: unknown) => {
        process.off("beforeExit", onEmptyLoop);
        reject(error);
      },
    );
  });
}

/** Errors thrown where nothing awaits them, while {@link catchStrayErrors} listens. */
export interface StrayErrors {
  /** Rejects with the first error thrown in a callback, or promise rejection nobody handled. */
  readonly failed: Promise<never>;
  /**
   * From now on, hands such errors to `handle` instead: the code that awaited {@link failed} is
   * done, and the config's callbacks (a timer it left behind) may still throw.
   */
  afterwards(handle: (error: unknown) => void): void;
}

/**
 * Catches what a config throws outside the code that is awaited (a timer's callback, a
 * promise nobody handles), which would otherwise end the process with Node's own report and a
 * stack, so that it is reported like any error the config throws.
 */
export function catchStrayErrors(): StrayErrors {
  let handle: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    handle = reject;
  });
  failed.catch(() => undefined);
  const listener = (error: unknown): void => handle(error);
  process.on("uncaughtException", listener);
  process.on("unhandledRejection", listener);
  return {
    failed,
    afterwards(next) {
      handle = next;
    },
  };
}
