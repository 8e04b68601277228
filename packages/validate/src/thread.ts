// Validation on a second thread. Checking tens of thousands of resources against their schemas,
// CEL rules and Istio's admission rules takes most of a second, and a caller often has other work
// to do meanwhile (`meshform import` writes and replays the config it imports): a worker
// (thread-worker.ts) checks them while the caller goes on. The worker only says which resources
// have an issue; the caller checks those few again itself, where it knows each one's file and
// line, so every issue reads as if found on the caller's thread.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { ValidatorOptions } from "./validator.js";

/**
 * What a validation thread's validator is made with: {@link ValidatorOptions} without a config's
 * own kinds, whose schemas are code that cannot be sent to another thread.
 */
export type ThreadValidatorOptions = Omit<ValidatorOptions, "kinds">;

/** One batch sent to the worker. */
export interface ValidationBatch {
  readonly id: number;
  readonly options: ThreadValidatorOptions;
  readonly resources: readonly unknown[];
  /**
   * Who checks each batch of the check: 0 nobody yet, {@link CLAIMED_BY_WORKER} or
   * {@link CLAIMED_BY_CALLER}, set once by compare-and-exchange; this batch's is at `slot`.
   */
  readonly claims: SharedArrayBuffer;
  readonly slot: number;
}

/** A batch the worker checks (and answers). */
export const CLAIMED_BY_WORKER = 1;
/** A batch the caller checks itself: the worker had not started it when the caller waited for the answers. It gets no answer. */
export const CLAIMED_BY_CALLER = 2;

/** The worker's answer to a batch: the positions of its resources with an issue, or why it could not check them. */
export type ValidationAnswer = { readonly id: number; readonly flagged: readonly number[] } | { readonly id: number; readonly failed: string };

/** What the worker is started with: its end of the answers' channel, and the counter it bumps after each answer. */
export interface ValidationWorkerData {
  readonly answers: MessagePort;
  readonly answered: SharedArrayBuffer;
}

/** The counter's value once the worker has found it cannot validate: no answer will come. */
export const ANSWERED_BROKEN = -1;

/** Resources checked at a time: each batch is copied into the worker and let go once checked, so the worker never holds a copy of the whole input. */
const BATCH_SIZE = 2048;

/** How long {@link PendingValidation.wait} waits for the worker before it gives up on it (a worker that died answers nothing). */
const WAIT_LIMIT_MS = 120_000;

/** A check sent to a {@link ValidationThread}. */
export interface PendingValidation {
  /**
   * Waits, blocking this thread, until every resource is checked, then gives the positions (in
   * the list sent) of those with at least one issue of any kind; `undefined` when the worker could
   * not check them all (a resource could not be copied to it, it failed, it stopped): then check
   * them all on this thread. The first call settles the answer; later ones give it again.
   *
   * With `takeOver` (the default), the batches the worker has not started yet are left to this
   * thread: all their positions are given, to be checked here, instead of waiting for a worker
   * that a busy machine may be starving (it runs at the lowest priority). Without it, every
   * position comes from the worker's own check.
   */
  wait(options?: { readonly takeOver?: boolean }): ReadonlySet<number> | undefined;
}

/**
 * A worker thread that validates resources while the caller goes on with other work. Anything
 * that goes wrong with it makes {@link PendingValidation.wait} answer `undefined`, and the caller
 * validates on its own thread: the thread can make a run quicker, never different.
 */
export interface ValidationThread {
  /**
   * Sends `resources` to the worker (copied now, in batches) to be checked by a validator made
   * with `options`, and returns at once.
   */
  check(options: ThreadValidatorOptions, resources: readonly unknown[]): PendingValidation;
  /** Stops the worker. */
  close(): void;
}

/**
 * The worker's module, beside this one in the package's build. From the sources (`.ts`) there is
 * none a worker could load without a TypeScript loader.
 */
function workerModule(): URL | undefined {
  if (!import.meta.url.endsWith(".js")) return undefined;
  const module = new URL("./thread-worker.js", import.meta.url);
  return existsSync(fileURLToPath(module)) ? module : undefined;
}

/**
 * Starts a validation thread, or gives `undefined` when none can start: when this package runs
 * from its TypeScript sources, or the worker cannot be created. Starting one costs the worker's
 * loading of this package (about 0.4 s of another core) and some 40 MiB: worth it for thousands
 * of resources, not for a few.
 *
 * @example
 * ```ts
 * const thread = startValidationThread();
 * const pending = thread?.check({ gatewayApiChannel: "standard" }, resources);
 * // ... other work ...
 * const flagged = pending?.wait();
 * thread?.close();
 * ```
 */
export function startValidationThread(): ValidationThread | undefined {
  const module = workerModule();
  if (module === undefined) return undefined;
  const { port1: answers, port2: workerEnd } = new MessageChannel();
  const answered = new SharedArrayBuffer(4);
  let worker: Worker;
  try {
    // No flags of the caller's: the worker loads this package's compiled modules, which a
    // `--conditions` flag (a test runner's `source`, say) could send to sources it cannot run.
    worker = new Worker(module, { execArgv: [], workerData: { answers: workerEnd, answered } satisfies ValidationWorkerData, transferList: [workerEnd] });
  } catch {
    answers.close();
    return undefined;
  }
  // Its failures are told by its answers (or their absence): an unheard 'error' event would end
  // the caller's process. And it must not keep that process alive once the caller is done.
  worker.on("error", () => undefined);
  worker.unref();
  return new WorkerThread(worker, answers, new Int32Array(answered));
}

/** What a check that could not be sent answers. */
const NOTHING_CHECKED: PendingValidation = { wait: () => undefined };

/** A batch as the caller keeps it: its answer's id, and where its resources are in the list sent. */
interface Batch {
  readonly id: number;
  readonly start: number;
  readonly size: number;
  readonly slot: number;
}

class WorkerThread implements ValidationThread {
  readonly #worker: Worker;
  readonly #answers: MessagePort;
  readonly #answered: Int32Array;
  /** Answers read so far, by batch id, until their check takes them. */
  readonly #received = new Map<number, ValidationAnswer>();
  #nextId = 0;
  #read = 0;
  #closed = false;

  constructor(worker: Worker, answers: MessagePort, answered: Int32Array) {
    this.#worker = worker;
    this.#answers = answers;
    this.#answered = answered;
  }

  check(options: ThreadValidatorOptions, resources: readonly unknown[]): PendingValidation {
    const batches: Batch[] = [];
    const count = Math.ceil(resources.length / BATCH_SIZE);
    const claims = new SharedArrayBuffer(4 * Math.max(1, count));
    for (let slot = 0; slot < count && !this.#closed; slot += 1) {
      const id = this.#nextId++;
      const start = slot * BATCH_SIZE;
      const batch = resources.slice(start, start + BATCH_SIZE);
      try {
        // Copied now: a value that cannot be copied (a function, a symbol) throws here.
        this.#worker.postMessage({ id, options, resources: batch, claims, slot } satisfies ValidationBatch);
      } catch {
        return NOTHING_CHECKED;
      }
      batches.push({ id, start, size: batch.length, slot });
    }
    if (this.#closed) return NOTHING_CHECKED;
    let settled: ReadonlySet<number> | undefined | null = null;
    return {
      wait: ({ takeOver = true } = {}) => {
        if (settled === null) settled = this.#collect(batches, takeOver ? new Int32Array(claims) : undefined);
        return settled;
      },
    };
  }

  close(): void {
    this.#closed = true;
    this.#answers.close();
    void this.#worker.terminate();
  }

  /**
   * Every batch's answer. With `claims`, the batches the worker has not started yet are claimed
   * for the caller, and all their positions count as flagged.
   */
  #collect(batches: readonly Batch[], claims: Int32Array | undefined): ReadonlySet<number> | undefined {
    if (this.#closed) return undefined;
    const flagged = new Set<number>();
    const mine = new Set(claims === undefined ? [] : batches.filter(({ slot }) => Atomics.compareExchange(claims, slot, 0, CLAIMED_BY_CALLER) === 0));
    for (const { start, size } of mine) for (let index = start; index < start + size; index += 1) flagged.add(index);
    const deadline = performance.now() + WAIT_LIMIT_MS;
    for (const batch of batches) {
      if (mine.has(batch)) continue;
      const answer = this.#answer(batch.id, deadline);
      if (answer === undefined || "failed" in answer) return undefined;
      for (const index of answer.flagged) flagged.add(batch.start + index);
    }
    return flagged;
  }

  /** Batch `id`'s answer, waiting for it (the worker bumps the counter after each answer it posts). */
  #answer(id: number, deadline: number): ValidationAnswer | undefined {
    for (;;) {
      const found = this.#received.get(id);
      if (found !== undefined) {
        this.#received.delete(id);
        return found;
      }
      if (this.#closed || Atomics.load(this.#answered, 0) === ANSWERED_BROKEN) return undefined;
      const message = receiveMessageOnPort(this.#answers);
      if (message !== undefined) {
        const answer = message.message as ValidationAnswer;
        this.#read += 1;
        this.#received.set(answer.id, answer);
        continue;
      }
      const left = deadline - performance.now();
      if (left <= 0) return undefined;
      // Sleeps until the worker has posted more answers than were read, or a while has passed.
      Atomics.wait(this.#answered, 0, this.#read, Math.min(left, 1000));
    }
  }
}
