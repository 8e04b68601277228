// The validation thread's own side (see thread.ts): checks each batch of resources it is sent and
// answers with the positions of those that have an issue, then bumps the shared counter, so a
// caller blocked waiting for the answer wakes. It reports no issue itself.
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { ANSWERED_BROKEN, CLAIMED_BY_WORKER, type ThreadValidatorOptions, type ValidationAnswer, type ValidationBatch, type ValidationWorkerData } from "./thread.js";
import type { Validator } from "./validator.js";

const { answers, answered } = workerData as ValidationWorkerData;
const counter = new Int32Array(answered);

function signal(value?: number): void {
  if (value === undefined) Atomics.add(counter, 0, 1);
  else Atomics.store(counter, 0, value);
  Atomics.notify(counter, 0);
}

/**
 * Puts this thread at the lowest scheduling priority, where the system can (Linux, where a thread
 * is named by `/proc/thread-self`). On a machine of two cores, the other core is where V8 runs the
 * caller's garbage collection in parallel: at the same priority, this thread slowed the caller
 * more than it saved it; at the lowest, it takes only the time the caller leaves.
 */
function yieldToCaller(): void {
  try {
    const thread = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(thread) && thread > 0) setPriority(thread, 19);
  } catch {
    // No such file (macOS, Windows) or no right to change it: the thread runs as it is.
  }
}

yieldToCaller();

let createValidator: (options: ThreadValidatorOptions) => Validator;
try {
  ({ createValidator } = await import("./validator.js"));
} catch (error) {
  // A caller waiting for answers would otherwise wait for ones that never come.
  signal(ANSWERED_BROKEN);
  throw error;
}

/** One validator per set of options: every batch of one check shares it. */
const validators = new Map<string, Validator>();

function validatorFor(options: ThreadValidatorOptions): Validator {
  const key = JSON.stringify(options);
  let validator = validators.get(key);
  if (validator === undefined) validators.set(key, (validator = createValidator(options)));
  return validator;
}

function flaggedIn({ options, resources }: ValidationBatch): number[] {
  const validator = validatorFor(options);
  const flagged: number[] = [];
  for (let index = 0; index < resources.length; index += 1) if (validator.validate(resources[index]).length > 0) flagged.push(index);
  return flagged;
}

parentPort?.on("message", (batch: ValidationBatch) => {
  // The caller may have taken the batch on (it asked for the answers before this thread got to
  // it): then it wants no answer.
  if (Atomics.compareExchange(new Int32Array(batch.claims), batch.slot, 0, CLAIMED_BY_WORKER) !== 0) return;
  let answer: ValidationAnswer;
  try {
    answer = { id: batch.id, flagged: flaggedIn(batch) };
  } catch (error) {
    answer = { id: batch.id, failed: error instanceof Error ? error.message : String(error) };
  }
  answers.postMessage(answer);
  signal();
});
