/**
 * Loads a CommonJS bundle through V8's code cache, so a process that starts often (`meshform
 * validate` run by an editor or a pre-commit hook on every save) does not compile the same
 * megabytes of JavaScript each time. On Node 20, compiling the validator, the schemas of every
 * kind and zod was most of the time a one-file run took; Node 22's `module.enableCompileCache`
 * does the same for every module, but Node 20 has no such switch.
 *
 * The cache sits beside the bundle (`<bundle>.cache`) and is the bundle's own: its first line
 * names the SHA-256 of the bundle's bytes, the Node version and the architecture, and a cache
 * whose line does not match is ignored, so an edited or rebuilt bundle is never run from an
 * older compilation. V8 checks its own version and flags again and rejects a cache that does not
 * fit them. A run without a usable cache compiles as usual and then writes the cache, by an
 * atomic rename; where the folder is not writable, it just runs without one.
 *
 * Code compiled from a cache cannot run `import()` on Node 20: the deserialized script has lost
 * what tells Node which loader handles it, and every `import()` in it fails with
 * ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING. So the bundle gets a function of this module,
 * `__meshformImport`, that imports for it.
 */
import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";

/** How a bundle was loaded: from its code cache, or compiled (no cache, or one for other bytes, another Node, other V8 flags). */
export type BundleCompilation = "cached" | "compiled";

/** A loaded bundle: its exports, and how to keep its compilation for the next process. */
export interface LoadedBundle {
  /** What the bundle's code put on `module.exports`. */
  readonly exports: Readonly<Record<string, unknown>>;
  /** Whether V8 took the compiled code from the cache. */
  readonly compilation: BundleCompilation;
  /**
   * Writes the cache when the bundle was compiled, with every function compiled so far: call it
   * after the work, so the functions the work ran are in it. Never throws; returns whether it wrote.
   */
  readonly saveCache: () => boolean;
}

/** The file that holds the code cache of `bundle`. */
export function cacheFileOf(bundle: string): string {
  return `${bundle}.cache`;
}

/**
 * Loads the CommonJS `bundle` (an absolute path), with its code cache when there is a valid one.
 *
 * @example
 * ```ts
 * const bundle = loadCachedBundle("/…/dist/bundle/validate.cjs");
 * await (bundle.exports.runProcess as (argv: string[]) => Promise<void>)(process.argv.slice(2));
 * bundle.saveCache();
 * ```
 */
export function loadCachedBundle(bundle: string): LoadedBundle {
  const bytes = readFileSync(bundle);
  const header = `meshform-code-cache ${createHash("sha256").update(bytes).digest("hex")} ${process.version} ${process.arch}\n`;
  const cachedData = readCache(cacheFileOf(bundle), header);
  // The build writes bundles of ASCII only, which decode as one-byte text, four times quicker than UTF-8.
  const source = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __meshformImport) {${source}\n})`, {
    filename: bundle,
    ...(cachedData === undefined ? {} : { cachedData }),
    // The bundle leaves some modules outside it, loaded with `import()`.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const compilation: BundleCompilation = cachedData !== undefined && !script.cachedDataRejected ? "cached" : "compiled";
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string, importModule: BundleImport) => void;
  wrapper(module.exports, createRequire(bundle), module, bundle, dirname(bundle), importFrom(pathToFileURL(bundle).href));
  return {
    exports: module.exports,
    compilation,
    saveCache: () => compilation === "compiled" && writeCache(cacheFileOf(bundle), header, script.createCachedData()),
  };
}

/**
 * What a bundle calls, as `__meshformImport(specifier)`, for an `import()`: `specifier` is a file
 * URL, a bare specifier, or a path relative to the bundle.
 */
export type BundleImport = (specifier: string) => Promise<unknown>;

// --- internal ---

/**
 * Imports for the bundle at `bundle` (its URL): a relative path from the bundle's folder, a bare
 * specifier from this file's, which is in the same package.
 */
function importFrom(bundle: string): BundleImport {
  return (specifier) => import(specifier.startsWith("./") || specifier.startsWith("../") ? new URL(specifier, bundle).href : specifier);
}

/** The cached data in `file` when its header is `header`, else `undefined`. */
function readCache(file: string, header: string): Buffer | undefined {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    return undefined;
  }
  const length = Buffer.byteLength(header);
  return content.length > length && content.subarray(0, length).toString("latin1") === header ? content.subarray(length) : undefined;
}

/** Writes the cache through a file of this process's own, renamed over the old one: readers see a whole cache or none. */
function writeCache(file: string, header: string, data: Buffer): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(header, "latin1"), data]));
    renameSync(temporary, file);
    return true;
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing was written, or the folder refuses even that: there is nothing more to do
    }
    return false;
  }
}
