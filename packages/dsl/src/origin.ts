import type { SourceLocation } from "@meshform/diagnostics";
import { fileURLToPath } from "node:url";

/**
 * The DSL's own files: its sources, its build, its installed copy, and the CLI's bundles
 * (`<cli>/dist/bundle/<name>.cjs`), whose frames are the DSL's too when the CLI runs from one.
 */
const DSL_SOURCE = /[\\/]packages[\\/]dsl[\\/](?:src|dist)[\\/]|[\\/]@meshform[\\/]dsl[\\/]|[\\/]cli[\\/]dist[\\/]bundle[\\/][^\\/]+\.cjs$/;
const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?$/;

/** The first stack frame outside this package (test files count as the user's code). */
function locate(stack: string | undefined): SourceLocation {
  for (const line of stack?.split("\n").slice(1) ?? []) {
    const match = FRAME.exec(line.trim());
    if (!match || match[1]!.startsWith("node:") || /[\\/]node_modules[\\/]/.test(match[1]!)) continue;
    if (DSL_SOURCE.test(match[1]!) && !/\.test\.ts$/.test(match[1]!)) continue;
    const file = match[1]!.startsWith("file://") ? fileURLToPath(match[1]!) : match[1]!;
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return { file: "<unknown>" };
}

/** A captured stack: an object whose `stack`, read once, is formatted from the frames captured. */
interface Frames {
  readonly stack?: string;
}

/**
 * What a location read on first use stands for: the captured frames until it is looked at, then
 * the location read from them, as plain data (the frames are let go).
 */
interface Captured {
  frames?: Frames;
  file?: string;
  line?: number;
  column?: number;
}

/** Reads the location from the captured frames, the first time only; its fields are then `captured`'s own, in the order file, line, column. */
function settled(captured: Captured): Captured {
  if (captured.frames !== undefined) {
    const { file, line, column } = locate(`Error\n${captured.frames.stack?.split("\n").slice(1).join("\n") ?? ""}`);
    delete captured.frames;
    captured.file = file;
    captured.line = line;
    captured.column = column;
  }
  return captured;
}

/**
 * How a location read on first use behaves: every way of looking at it (a field, a spread,
 * `Object.keys`, JSON) reads the location first, then sees plain data. One handler for every such
 * location: making one costs a proxy, where own accessor properties cost a slow property
 * definition per field and per location.
 */
const LAZY_LOCATION: ProxyHandler<Captured> = {
  get: (captured, key) => Reflect.get(settled(captured), key),
  has: (captured, key) => Reflect.has(settled(captured), key),
  ownKeys: (captured) => Reflect.ownKeys(settled(captured)),
  getOwnPropertyDescriptor: (captured, key) => Reflect.getOwnPropertyDescriptor(settled(captured), key),
  set: (captured, key, value) => Reflect.set(settled(captured), key, value),
  defineProperty: (captured, key, descriptor) => Reflect.defineProperty(settled(captured), key, descriptor),
  deleteProperty: (captured, key) => Reflect.deleteProperty(settled(captured), key),
};

/**
 * The location of the first frame outside this package among `frames`, read the first time it is
 * looked at: formatting a stack (through source maps, under tsx) costs far more than capturing
 * it, and most resources never need their line.
 */
function lazyLocation(frames: Frames): SourceLocation {
  // The proxy reads as a SourceLocation: its `file` is set before any field is read.
  return new Proxy<Captured>({ frames }, LAZY_LOCATION) as SourceLocation;
}

/**
 * The frames above `skip` (the frames of `skip` and of what it called are left out), at most
 * `limit` of them (`undefined`: the process's `Error.stackTraceLimit`), as a location read on
 * first use.
 */
function captureAbove(skip: (...args: never[]) => unknown, limit: number | undefined): SourceLocation {
  const frames: Frames = {};
  const before = Error.stackTraceLimit;
  if (limit !== undefined) Error.stackTraceLimit = limit;
  try {
    Error.captureStackTrace(frames, skip);
  } finally {
    Error.stackTraceLimit = before;
  }
  return lazyLocation(frames);
}

/**
 * As many of this package's frames as a call can go through (a rule built inside a route's
 * method): how deep {@link captureOrigin} reads for a location asked for where the depth is not
 * known (an issue, a refused call), which is rare.
 */
export const DEEPEST = 40;

/**
 * Where the user's code called into the DSL: the first stack frame outside this package. It is
 * how an error names the line of mesh.config.ts a resource came from.
 *
 * The stack is captured now but read only when a location is asked for. A caller that knows how
 * many of this package's frames lie between it and the user's code (a public method calling it
 * through one helper) passes that number, and only that much of the stack is captured: a config
 * that adds thousands of resources pays for a few frames each instead of ten.
 */
export function captureOrigin(dslFrames?: number): SourceLocation {
  if (callSitesOff > 0) return NO_CALL_SITE;
  // This package's frames, the user's, and one to spare.
  return captureAbove(captureOrigin, dslFrames === undefined ? undefined : dslFrames + 2);
}

// --- running without call sites ---

/**
 * The location every builder call gets while call sites are off: no file known, as
 * {@link captureOrigin} says when no frame outside this package is found. One frozen object,
 * shared: nothing is captured or allocated per call.
 */
const NO_CALL_SITE: SourceLocation = Object.freeze({ file: "<unknown>" });

/** How many {@link withoutCallSites} runs are in progress (they may nest). */
let callSitesOff = 0;

/**
 * Runs `run` with call sites off: every draft, issue and placement recorded while it runs gets one
 * shared placeholder location (`{ file: "<unknown>" }`) instead of the line of the code that made
 * the builder call, and no stack is captured.
 *
 * For code that makes builder calls on a config's behalf and reports at lines of its own: the
 * import replays the config it wrote, whose call sites would be its own interpreter's frames,
 * and capturing them is a large share of that replay's time. A config loaded from a file never
 * runs under it. Only what `run` does before it returns is covered: builder calls an async
 * callback makes after its first `await` capture their call sites as usual.
 */
export function withoutCallSites<T>(run: () => T): T {
  callSitesOff += 1;
  try {
    return run();
  } finally {
    callSitesOff -= 1;
  }
}

// --- the builder call in progress ---

/**
 * One guarded builder method, as far as locations go: whether a call of it has asked where it
 * was made (it declared a resource, say). From then on, each call of it at the user's level
 * captures its caller's frame on entry, a walk of a few frames, instead of the walk from deep
 * inside the builders that asking later would take.
 */
export interface LocatedMethod {
  asksOrigin: boolean;
}

/**
 * The guarded method of the builder call in progress, when it was made straight from the user's
 * code and no other builder call runs inside it; `undefined` otherwise (then a location is found
 * by reading the stack from where it is asked for, past every frame of this package, as it always
 * may be). Two variables rather than an object per call: every builder call sets them.
 */
let userMethod: LocatedMethod | undefined;
/** Where that call was made from, when its method is known to ask for it. */
let userOrigin: SourceLocation | undefined;
/** How many guarded builder calls are in progress, one inside the other. */
let depth = 0;

/** Frames captured for a call made from the user's code: the caller's, and two to spare (a bound method, a builtin such as `Array.prototype.map`). */
const CALLER_FRAMES = 3;

/**
 * The frames of a builder call made from the user's code, captured by the guard constructing one:
 * an error records the frames from its constructor's caller on, so the capture starts at the
 * guard's own frame without walking past the frames below it, and keeps them in a compact object.
 * It holds the guard's frame and {@link CALLER_FRAMES} more.
 */
export class CallerFrames extends Error {
  constructor() {
    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 1 + CALLER_FRAMES;
    super();
    Error.stackTraceLimit = before;
  }
}

/** What a builder call made inside another one hides of the outer call while it runs. */
interface OuterCall {
  readonly method: LocatedMethod | undefined;
  readonly origin: SourceLocation | undefined;
}

/**
 * Whether a guarded call of `method` starting now is made from the user's code (no other builder
 * call is in progress) by a method known to ask where it was made: the guard then constructs
 * {@link CallerFrames} and hands them to {@link beginBuilderCall}.
 */
export function wantsCallerFrames(method: LocatedMethod): boolean {
  return depth === 0 && method.asksOrigin && callSitesOff === 0;
}

/**
 * Marks the start of a guarded builder call. `method` is the guarded method, whose caller is the
 * user's code when no other builder call is in progress (`undefined` for an entry whose caller is
 * this package's own code); `frames` are the frames its guard captured when
 * {@link wantsCallerFrames} said so. Returns what {@link endBuilderCall} restores.
 */
export function beginBuilderCall(method: LocatedMethod | undefined, frames?: CallerFrames): OuterCall | undefined {
  if (depth++ === 0) {
    userMethod = method;
    userOrigin = frames === undefined ? undefined : lazyLocation(frames);
    return undefined;
  }
  const outer: OuterCall = { method: userMethod, origin: userOrigin };
  userMethod = undefined;
  userOrigin = undefined;
  return outer;
}

/** Marks the end of the builder call {@link beginBuilderCall} started, with what it returned. */
export function endBuilderCall(outer: OuterCall | undefined): void {
  depth -= 1;
  userMethod = outer?.method;
  userOrigin = outer?.origin;
}

/**
 * Where the user's code made the builder call in progress: {@link captureOrigin}'s answer, taken
 * from the frame the call was made from when the call came straight from the user's code (every
 * resource one call declares then shares it). `dslFrames` is as for {@link captureOrigin}, counted
 * from the caller of this function.
 */
export function callOrigin(dslFrames?: number): SourceLocation {
  if (userOrigin !== undefined) return userOrigin;
  // Before marking the method as one that asks: with call sites off, it asked for nothing.
  if (callSitesOff > 0) return NO_CALL_SITE;
  if (userMethod !== undefined) userMethod.asksOrigin = true;
  return captureAbove(callOrigin, dslFrames === undefined ? undefined : dslFrames + 2);
}
