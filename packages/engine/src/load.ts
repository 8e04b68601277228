/**
 * Loading mesh.config.ts: the one part of the pipeline that runs the user's code. Light on
 * purpose (no renderer, no validator): a caller that wants the loader before the rest, as the CLI
 * does, imports `@meshform/engine/load`.
 *
 * @packageDocumentation
 */
import { stat } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { inspect, types } from "node:util";
import type { MeshDefinition } from "@meshform/dsl";
import { isMeshformError, MeshformError } from "@meshform/diagnostics";
import { compileDirectly, type SharedModuleOf } from "./direct-load.js";
import { catchStrayErrors, startDeadline, unlessStalled } from "./watchdog.js";

export { CACHE_FOLDER_ENV, defaultCacheFolder } from "./folders.js";

/** The codes of {@link ConfigError}. */
export type ConfigErrorCode = "CONFIG_NOT_FOUND" | "CONFIG_FAILED" | "CONFIG_NO_MESH" | "CONFIG_NEVER_SETTLES";

/** mesh.config.ts is missing, throws while it runs, exports no mesh, or waits for what never comes. */
export class ConfigError extends MeshformError<ConfigErrorCode> {
  override readonly name = "ConfigError";
}

/** How long mesh.config.ts may take to load and run, in seconds, unless told otherwise. */
export const DEFAULT_CONFIG_TIMEOUT = 60;

/** The environment variable that sets the time limit when `--config-timeout` is not given. */
export const CONFIG_TIMEOUT_ENV = "MESHFORM_CONFIG_TIMEOUT";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isListOfObjects(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === "object" && item !== null);
}

/**
 * Whether `value` is what `defineMesh` returns, down to every part of the model the pipeline
 * reads: an object that only carries `kind: "MeshDefinition"` is not. A mesh with environments
 * has a model per environment.
 */
function isMeshDefinition(value: unknown): value is MeshDefinition {
  if (!isRecord(value) || value.kind !== "MeshDefinition") return false;
  const ready = (value as { ready?: unknown }).ready;
  if (ready !== undefined && !isThenable(ready)) return false;
  const environments = (value as { environments?: unknown }).environments;
  if (environments === undefined) return isModel(value.model);
  return (
    Array.isArray(environments) &&
    environments.length > 0 &&
    environments.every((environment: unknown) => isRecord(environment) && typeof environment.name === "string" && Array.isArray(environment.clusters) && isModel(environment.model) && (environment.ready === undefined || isThenable(environment.ready)))
  );
}

/** Whether `value` holds every part of a MeshModel the pipeline reads. */
function isModel(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const { targets, kinds, rootNamespace, drafts, patches, output, issues, externals, suppressions } = value;
  return (
    isRecord(targets) &&
    typeof targets.istio === "string" &&
    isRecord(targets.gatewayApi) &&
    typeof targets.gatewayApi.release === "string" &&
    typeof targets.gatewayApi.channel === "string" &&
    typeof rootNamespace === "string" &&
    [kinds, drafts, patches, issues, suppressions].every(isListOfObjects) &&
    isRecord(output) &&
    isRecord(externals) &&
    [externals.services, externals.hosts, externals.gateways].every(Array.isArray)
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/** esbuild's report of a syntax error, one line per error: `<file>:<line>:<column>: ERROR: <text>`. */
const SYNTAX_ERROR = /^(.+):(\d+):\d+: ERROR: (.*)$/;

/** An `Error`, from any realm, or an object that carries a message as one does. */
function isErrorLike(value: unknown): value is { message: string; stack?: unknown } {
  return types.isNativeError(value) || value instanceof Error || (isRecord(value) && typeof value.message === "string" && value.message !== "");
}

/** A thrown value that is not an Error, shown as code would write it, on one short line. */
function showValue(value: unknown): string {
  const text = inspect(value, { depth: 2, breakLength: Number.POSITIVE_INFINITY, maxArrayLength: 10, maxStringLength: 200 });
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The first line of an error a config threw, with the config's own line when the stack has it. */
function describeFailure(error: unknown, path: string): string {
  if (!isErrorLike(error)) return `${path}: the config threw a value that is not an Error: ${showValue(error)} (throw new Error("...") to show the line)`;
  const lines = String(error.message).split("\n");
  const syntax = lines.map((line) => SYNTAX_ERROR.exec(line)).find((match) => match !== null);
  if (syntax) return syntax[1] === path ? `${path}:${syntax[2]}: ${syntax[3]}` : `${path}: ${syntax[1]}:${syntax[2]}: ${syntax[3]}`;
  const name = types.isNativeError(error) && error.name !== "Error" ? ` (${error.name})` : "";
  const message = lines[0]!.trim() === "" ? `the config threw an Error with no message${name}` : lines[0]!;
  const stack = typeof error.stack === "string" ? error.stack : "";
  const at = stack.split("\n").find((line) => line.includes(path));
  const where = at ? /:(\d+):(\d+)\)?$/.exec(at.trim()) : null;
  return where ? `${path}:${where[1]}: ${message}` : `${path}: ${message}`;
}

let typeScriptLoader: Promise<void> | undefined;

/**
 * What the CLI's bundle of the commands that load a config puts on a global before it runs
 * (`exposeBundledModules` in @meshform/cli's `src/startup/bundled-modules.ts`; nothing imports the
 * CLI, so the two meet by this `Symbol.for` key). Unbundled, there is none.
 */
interface BundledModules {
  /** Registers the module hooks that give the config the bundle's modules of meshform's packages. */
  readonly shareWithConfig: () => void;
  /** `import()` for code in the bundle, which V8's code cache leaves unable to call it itself. */
  readonly import: (specifier: string) => Promise<unknown>;
  /** The bundle's module for a file of meshform's packages it holds: what a config compiled to run without tsx's loader gets for its import. */
  readonly sharedModule: SharedModuleOf;
}

function bundledModules(): BundledModules | undefined {
  return (globalThis as Record<symbol, BundledModules | undefined>)[Symbol.for("meshform.bundledModules")];
}

/**
 * Lets `import()` load a TypeScript file. The compiled engine runs under plain Node: it
 * registers tsx's ESM loader, once, after loading `@meshform/dsl` (and through it every kind)
 * itself, so those modules load without the loader's hooks and the config's imports of them
 * resolve to the very modules the engine uses. Run from the CLI's bundle, those modules are the
 * bundle's, which Node's resolution cannot reach: the bundle's hooks, registered after tsx's so
 * they see where tsx and Node resolve each import, hand them to the config. Run from its sources,
 * the engine is already under a TypeScript-aware runner (tsx, vitest), and there is nothing to do.
 */
function loadTypeScript(): Promise<void> {
  const bundle = bundledModules();
  if (bundle === undefined && !import.meta.url.endsWith(".js")) return Promise.resolve();
  return (typeScriptLoader ??= (async () => {
    await import("@meshform/dsl");
    const { register } = (await (bundle ? bundle.import("tsx/esm/api") : import("tsx/esm/api"))) as typeof import("tsx/esm/api");
    register();
    bundle?.shareWithConfig();
  })());
}

/** The options of {@link loadMesh}. */
export interface LoadMeshOptions {
  /**
   * How the config's path is shown in errors (`deploy/mesh.config.ts`).
   * @defaultValue the path relative to the current folder
   */
  readonly shown?: string;
  /** How long loading and running the config may take, in seconds. @defaultValue {@link DEFAULT_CONFIG_TIMEOUT} */
  readonly timeoutSeconds?: number;
  /**
   * Loads what the caller will need after the config, once the config file is known to exist and
   * before tsx's loader is registered: every module loaded after that passes through the
   * loader's thread, one round trip each.
   * @defaultValue nothing is loaded
   */
  readonly preload?: () => Promise<unknown>;
  /**
   * Told of an error that a callback the config left behind (a timer, a promise nobody awaits)
   * throws after the config has loaded: a builder called once the mesh is sealed. Whatever it
   * does, the mesh already returned is incomplete.
   * @defaultValue prints `error: <message>` on stderr and ends the process with exit code 1
   */
  readonly onLateError?: (error: MeshformError) => void;
}

/**
 * Loads mesh.config.ts (TypeScript runs as it is, through tsx) and returns its default
 * export, which must be what `defineMesh` returned, once its callback has finished (an async
 * callback is awaited; with environments, every environment's callback).
 *
 * Running the config (from its import to the end of its callback) is bounded by
 * `timeoutSeconds`: past it, the process prints why on stderr and exits with code 1, even when
 * the config is stuck in an endless loop (nothing else can stop a loop that holds the thread).
 *
 * Under plain Node (the compiled packages), it registers tsx's ESM loader once, after loading
 * `@meshform/dsl`, so the config's imports of meshform's packages resolve to the modules already
 * loaded. Under a TypeScript-aware runner (tsx, vitest) there is nothing to register.
 *
 * @param path - the config file, absolute or relative to the current folder
 * @throws ConfigError when the file is missing, fails while running, exports no mesh, or awaits
 * a promise that nothing is left to settle
 *
 * @example
 * ```ts
 * const mesh = await loadMesh("mesh.config.ts");
 * const plan = await planGeneration(mesh, { out: "generated" });
 * ```
 */
export async function loadMesh(path: string, options: LoadMeshOptions = {}): Promise<MeshDefinition> {
  const absolute = resolve(path);
  const shown = options.shown ?? (relative(process.cwd(), absolute) || path);
  const isFolder = await stat(absolute).then(
    (entry) => entry.isDirectory(),
    () => undefined,
  );
  if (isFolder === undefined) throw new ConfigError("CONFIG_NOT_FOUND", `${shown}: no such file (create it, or pass --config <file>)`);
  if (isFolder) throw new ConfigError("CONFIG_NOT_FOUND", `${shown}: is a folder, not a config file (pass --config ${shown}/mesh.config.ts)`);
  await options.preload?.();
  // From the CLI's bundle, a config that imports only meshform's packages and Node's runs without
  // tsx's loader (direct-load.ts); any other goes through it.
  const bundle = bundledModules();
  const direct = bundle !== undefined ? await compileDirectly(absolute, bundle.sharedModule) : undefined;
  if (direct === undefined) await loadTypeScript();
  const url = pathToFileURL(absolute).href;
  const load = direct !== undefined ? async () => direct() : bundle !== undefined ? () => bundle.import(url) : () => import(url);
  const seconds = options.timeoutSeconds ?? DEFAULT_CONFIG_TIMEOUT;
  const deadline = startDeadline(seconds * 1000, `error: ${shown} did not finish within ${seconds} s (an endless loop, or a slow call?); raise the limit with --config-timeout <sec>\n`);
  try {
    return await runConfig(absolute, shown, options.onLateError ?? exitOnLateError, load);
  } finally {
    deadline.cancel();
  }
}

// --- internal ---

/** What a late error does unless the caller says otherwise: one line on stderr, then exit code 1. */
function exitOnLateError(error: MeshformError): void {
  process.stderr.write(`error: ${error.message}\n`);
  process.exit(1);
}

/** Runs the config `load` loads (by the bundle's `import()`, Node's, or compiled here), within the watchdog's checks. */
async function runConfig(path: string, shown: string, onLateError: (error: MeshformError) => void, load: () => Promise<unknown>): Promise<MeshDefinition> {
  const stalled = (): ConfigError =>
    new ConfigError("CONFIG_NEVER_SETTLES", `${shown}: the config awaits a promise that never settles (nothing else is pending): resolve or reject it, or drop the await`);
  const stray = catchStrayErrors();
  /** `promise`, unless the loop empties first or the config throws where nothing awaits it. */
  const settled = async <T>(promise: Promise<T>): Promise<T> => {
    try {
      return await Promise.race([unlessStalled(promise, stalled), stray.failed]);
    } catch (error) {
      throw failure(error, path, shown);
    }
  };
  try {
    const module = (await settled(load())) as { default?: unknown };
    const definition = module.default;
    if (!isMeshDefinition(definition)) {
      throw new ConfigError("CONFIG_NO_MESH", `${shown}: the default export is not a mesh (write \`export default defineMesh({ ... }, (mesh) => { ... })\`)`);
    }
    const { ready } = definition as { ready?: PromiseLike<unknown> };
    if (ready !== undefined) await settled(Promise.resolve(ready));
    const { environments = [] } = definition as { environments?: readonly { ready?: PromiseLike<unknown> }[] };
    for (const environment of environments) if (environment.ready !== undefined) await settled(Promise.resolve(environment.ready));
    // One turn of the event loop, so that what the config left for right after it (a
    // `setTimeout(..., 0)` that calls a builder once the mesh is sealed) fails the run here,
    // before anything is compiled or written, rather than in the middle of the write.
    await settled(new Promise<void>((resolve) => setTimeout(resolve, 0)));
    return definition;
  } finally {
    // A callback the config left behind can still throw (a builder called from a timer once the
    // mesh is sealed): that ends the run with the error, as one line, instead of a stack.
    stray.afterwards((error) => onLateError(failure(error, path, shown)));
  }
}

/** What to throw for an error the config raised: meshform's own errors (from any copy of its packages) as they are, others described. */
function failure(error: unknown, path: string, shown: string): MeshformError {
  if (isMeshformError(error)) return error;
  return new ConfigError("CONFIG_FAILED", describeFailure(error, path).replace(path, shown), { cause: error });
}
