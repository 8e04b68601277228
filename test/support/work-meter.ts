// A deterministic measure of the work a piece of code does, for tests that compare the work of two
// input sizes: counts, never times, so the comparison is the same on any machine and under any load.
//
// Two instruments run while the measured code runs:
//
// - V8's block coverage (precise, with counts) through the inspector: how many times each block of
//   JavaScript ran (a function's body, each branch, each loop body), in the product's own modules
//   and their dependencies. A hand-written loop nested in a loop shows here.
// - The linear-scan built-ins, patched for the duration: each call adds the number of elements or
//   characters it touches (`includes`, `indexOf`, `filter`, `join`, `split`, `Object.keys`, array,
//   Map and Set iteration, `JSON.stringify`, ...), and each file-system call adds one plus the
//   entries it lists. A built-in scan inside a loop over the input shows here, although no block
//   of JavaScript runs for it.
//
// Only what the measured code causes is counted: the patched built-ins count inside an
// AsyncLocalStorage context that the measurement opens (so the test runner's own work between two
// awaits is not counted), and the coverage counts only the scripts a filter accepts.
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import { Session } from "node:inspector";
import { syncBuiltinESMExports } from "node:module";

/** The work one measured run did. */
export interface Work {
  /**
   * Blocks of JavaScript run in the accepted scripts: the sum of the counts V8 reports, a call of
   * each function plus a run of each block whose count differs from the block around it (V8 leaves
   * out a block that ran exactly as often as the one around it).
   */
  readonly blocks: number;
  /** Elements and characters the patched built-ins touched. */
  readonly scanned: number;
  /** File-system calls, plus the entries each directory listing returned. */
  readonly fileSystem: number;
  /**
   * The most often run block of each function (`url:name:offset`), for the functions whose hottest
   * block ran at least once. A loop nested in a loop over the input shows here even when the
   * function is a small share of the whole.
   */
  readonly hottest: ReadonlyMap<string, number>;
  /** `scanned` and `fileSystem`, by built-in (`Array#includes`, `JSON.stringify`, `fs.readdirSync`, ...). */
  readonly byBuiltin: ReadonlyMap<string, number>;
}

/** The sum of a {@link Work}'s three counts. */
export function totalOf(work: Work): number {
  return work.blocks + work.scanned + work.fileSystem;
}

// --- the inspector session: block coverage ---

interface CoverageRange {
  readonly startOffset: number;
  readonly endOffset: number;
  readonly count: number;
}
interface FunctionCoverage {
  readonly functionName: string;
  readonly ranges: readonly CoverageRange[];
}
interface ScriptCoverage {
  readonly url: string;
  readonly functions: readonly FunctionCoverage[];
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T)));
  });
}

/**
 * Measures runs of code. Create it before the code to measure is loaded: V8 gives a function
 * block counts only when it compiles it under coverage, so a function compiled before
 * {@link WorkMeter.start} counts its calls only.
 */
export class WorkMeter {
  private readonly session = new Session();
  private readonly context = new AsyncLocalStorage<Tally>();

  /** Starts block coverage with counts. */
  async start(): Promise<void> {
    this.session.connect();
    await post(this.session, "Profiler.enable");
    await post(this.session, "Profiler.startPreciseCoverage", { callCount: true, detailed: true, allowTriggeredUpdates: false });
  }

  /** Stops coverage and lets the session go. */
  async stop(): Promise<void> {
    await post(this.session, "Profiler.stopPreciseCoverage");
    await post(this.session, "Profiler.disable");
    this.session.disconnect();
  }

  /**
   * Runs `run` once and returns what it returned with the work it did.
   *
   * @param counts which scripts' blocks count, by the URL V8 knows them by
   */
  async measure<T>(run: () => T | Promise<T>, counts: (url: string) => boolean): Promise<{ readonly result: T; readonly work: Work }> {
    // Taking the coverage resets its counts: what was run before is not measured.
    await post(this.session, "Profiler.takePreciseCoverage");
    const tally = new Tally();
    const restore = patchBuiltins(this.context);
    let result: T;
    try {
      result = await this.context.run(tally, run);
    } finally {
      restore();
    }
    const { result: scripts } = await post<{ result: readonly ScriptCoverage[] }>(this.session, "Profiler.takePreciseCoverage");
    let blocks = 0;
    const hottest = new Map<string, number>();
    for (const script of scripts) {
      if (!counts(script.url)) continue;
      for (const fn of script.functions) {
        let top = 0;
        for (const range of fn.ranges) {
          blocks += range.count;
          if (range.count > top) top = range.count;
        }
        const first = fn.ranges[0];
        if (top > 0 && first !== undefined) hottest.set(`${script.url}:${fn.functionName || "(anonymous)"}:${first.startOffset}`, top);
      }
    }
    return { result, work: { blocks, scanned: tally.scanned, fileSystem: tally.fileSystem, hottest, byBuiltin: tally.by } };
  }
}

// --- the patched built-ins ---

class Tally {
  scanned = 0;
  fileSystem = 0;
  readonly by = new Map<string, number>();
  /** Set while the tally itself runs, so that its own use of built-ins is not counted. */
  busy = false;

  scan(what: string, count: number): void {
    this.scanned += count;
    this.add(what, count);
  }

  touch(what: string, count: number): void {
    this.fileSystem += count;
    this.add(what, count);
  }

  private add(what: string, count: number): void {
    const busy = this.busy;
    this.busy = true;
    this.by.set(what, (this.by.get(what) ?? 0) + count);
    this.busy = busy;
  }
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;
type Counter = (self: unknown, args: unknown[], result: unknown) => number;

function lengthOf(value: unknown): number {
  if (typeof value === "string" || Array.isArray(value)) return value.length;
  if (value !== null && typeof value === "object" && typeof (value as { length?: unknown }).length === "number") return (value as { length: number }).length;
  return 0;
}

/**
 * Where a forward search starts: its position argument as `indexOf` reads it (a string's clamped
 * to the text, an array's counted from the end when negative), 0 without one.
 */
function startOf(self: unknown, from: unknown, length: number): number {
  if (from === undefined) return 0;
  const position = Math.trunc(Number(from)) || 0;
  if (position >= 0) return Math.min(position, length);
  return typeof self === "string" ? 0 : Math.max(0, length + position);
}

/**
 * Elements from where the search starts up to the one found (or to the end): what `indexOf`,
 * `includes` and `lastIndexOf` compare. A scan that goes on from where the last one stopped
 * (`indexOf(x, from)`) counts only what it reads.
 */
function searched(self: unknown, args: unknown[], fromEnd: boolean): number {
  const length = lengthOf(self);
  const at = fromEnd
    ? Reflect.apply(Array.prototype.lastIndexOf, self, args) as number
    : typeof self === "string"
      ? Reflect.apply(String.prototype.indexOf, self, args) as number
      : Reflect.apply(Array.prototype.indexOf, self, args) as number;
  if (fromEnd) return at < 0 ? length : length - at;
  const start = startOf(self, args[1], length);
  return Math.max(0, (at < 0 ? length : at + 1) - start);
}

const byLength: Counter = (self) => lengthOf(self);
const byResult: Counter = (_self, _args, result) => lengthOf(result);
const byFirstArgument: Counter = (_self, args) => lengthOf(args[0]);

/** Array methods: how many elements each call touches, beyond its callback's calls. */
const ARRAY_METHODS: Readonly<Record<string, Counter>> = {
  includes: (self, args) => searched(self, args, false),
  indexOf: (self, args) => searched(self, args, false),
  lastIndexOf: (self, args) => searched(self, args, true),
  // The callback methods count each call of their callback (a search that stops early has
  // touched only what it saw): see `CALLBACK_METHODS`.
  slice: byResult,
  concat: (self, args) => lengthOf(self) + args.reduce<number>((sum, arg) => sum + lengthOf(arg), 0),
  join: byLength,
  flat: byResult,
  sort: byLength,
  toSorted: byLength,
  reverse: byLength,
  toReversed: byLength,
  splice: byLength,
  toSpliced: byLength,
  shift: byLength,
  unshift: byLength,
  fill: byLength,
  copyWithin: byLength,
  with: byLength,
};
const CALLBACK_METHODS = ["find", "findIndex", "findLast", "findLastIndex", "filter", "some", "every", "map", "forEach", "reduce", "reduceRight", "flatMap"] as const;

const STRING_METHODS: Readonly<Record<string, Counter>> = {
  includes: (self, args) => searched(self, args, false),
  indexOf: (self, args) => searched(self, args, false),
  lastIndexOf: byLength,
  split: byLength,
  replace: byLength,
  replaceAll: byLength,
  match: byLength,
  matchAll: byLength,
  search: byLength,
  toLowerCase: byLength,
  toUpperCase: byLength,
  normalize: byLength,
  repeat: byResult,
  padStart: byResult,
  padEnd: byResult,
};

function patchBuiltins(context: AsyncLocalStorage<Tally>): () => void {
  const undo: (() => void)[] = [];
  /** The tally to count into: the measurement's, unless the call comes from elsewhere or from the tally. */
  const counting = (): Tally | undefined => {
    const tally = context.getStore();
    return tally !== undefined && !tally.busy ? tally : undefined;
  };
  function replace(owner: object, key: PropertyKey, make: (original: AnyFunction) => AnyFunction): void {
    const descriptor = Object.getOwnPropertyDescriptor(owner, key);
    if (descriptor === undefined || typeof descriptor.value !== "function" || !descriptor.configurable) return;
    const original = descriptor.value as AnyFunction;
    Object.defineProperty(owner, key, { ...descriptor, value: make(original) });
    undo.push(() => Object.defineProperty(owner, key, descriptor));
  }
  function counted(owner: object, key: PropertyKey, name: string, count: Counter): void {
    replace(owner, key, (original) =>
      function (this: unknown, ...args: unknown[]): unknown {
        const result = Reflect.apply(original, this, args);
        const tally = counting();
        if (tally !== undefined) {
          tally.busy = true;
          const touched = count(this, args, result);
          tally.busy = false;
          tally.scan(name, touched);
        }
        return result;
      },
    );
  }
  /** A callback method: each call of the callback is one element touched. */
  function withCountedCallback(owner: object, key: string, name: string): void {
    replace(owner, key, (original) =>
      function (this: unknown, ...args: unknown[]): unknown {
        const tally = counting();
        const callback = args[0];
        if (tally === undefined || typeof callback !== "function") return Reflect.apply(original, this, args);
        args[0] = function (this: unknown, ...inner: unknown[]): unknown {
          tally.scan(name, 1);
          return Reflect.apply(callback as AnyFunction, this, inner);
        };
        return Reflect.apply(original, this, args);
      },
    );
  }
  /** An iterator factory: each step of the iterator is one element touched. */
  function iterated(owner: object, key: PropertyKey, name: string): void {
    replace(owner, key, (original) =>
      function (this: unknown, ...args: unknown[]): unknown {
        const iterator = Reflect.apply(original, this, args) as Iterator<unknown>;
        const tally = counting();
        if (tally === undefined) return iterator;
        return {
          next(): IteratorResult<unknown> {
            const step = iterator.next();
            if (step.done !== true) tally.scan(name, 1);
            return step;
          },
          [Symbol.iterator]() {
            return this;
          },
        };
      },
    );
  }

  const restore = (): void => {
    for (const step of undo.reverse()) step();
    undo.length = 0;
    syncBuiltinESMExports();
  };
  try {
    for (const [key, count] of Object.entries(ARRAY_METHODS)) counted(Array.prototype, key, `Array#${key}`, count);
    for (const key of CALLBACK_METHODS) withCountedCallback(Array.prototype, key, `Array#${key}`);
    for (const key of ["keys", "values", "entries"]) iterated(Array.prototype, key, `Array#${key}`);
    iterated(Array.prototype, Symbol.iterator, "Array iteration");
    for (const [key, count] of Object.entries(STRING_METHODS)) counted(String.prototype, key, `String#${key}`, count);
    for (const [owner, name] of [
      [Map.prototype, "Map"],
      [Set.prototype, "Set"],
    ] as const) {
      for (const key of ["keys", "values", "entries"]) iterated(owner, key, `${name}#${key}`);
      iterated(owner, Symbol.iterator, `${name} iteration`);
      counted(owner, "forEach", `${name}#forEach`, (self) => (self as { size: number }).size);
    }
    for (const key of ["keys", "values", "entries", "getOwnPropertyNames"]) counted(Object, key, `Object.${key}`, byResult);
    counted(Object, "assign", "Object.assign", (_self, args) => args.slice(1).reduce<number>((sum, source) => sum + (source !== null && typeof source === "object" ? Object.keys(source).length : 0), 0));
    counted(JSON, "stringify", "JSON.stringify", byResult);
    counted(JSON, "parse", "JSON.parse", byFirstArgument);

    // The file system: a call is one, a listing adds its entries.
    for (const owner of [fs, fs.promises] as const) {
      for (const key of Object.keys(owner)) {
        if (!/^[a-z]/.test(key)) continue;
        replace(owner, key, (original) =>
          function (this: unknown, ...args: unknown[]): unknown {
            const tally = counting();
            if (tally !== undefined) tally.touch(`fs.${key}`, 1);
            const result = Reflect.apply(original, this, args);
            if (tally !== undefined && key.startsWith("readdir")) {
              if (result instanceof Promise) return result.then((entries: unknown) => (tally.touch(`fs.${key}`, lengthOf(entries)), entries));
              tally.touch(`fs.${key}`, lengthOf(result));
            }
            return result;
          },
        );
      }
    }
    syncBuiltinESMExports();
  } catch (error) {
    restore();
    throw error;
  }
  return restore;
}
