// Running a mesh.config.ts without tsx's loader. Registering the loader starts Node's module hooks
// thread, which the main thread waits for: about 0.3 s of every run from the CLI's bundle, for a
// config that most often imports nothing but meshform's packages. Such a config is compiled here
// by esbuild (what tsx compiles it with) to one CommonJS module, with every import handed the
// module the pipeline itself runs, and run in this thread. Anything else (a file of the user's,
// another package, top-level await, `import.meta` beyond its url) goes through tsx as before.
import { createRequire, isBuiltin } from "node:module";
import Module from "node:module";
import { dirname, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";

/** The module the pipeline runs for the file a config's import resolves to, or `undefined` for a file it does not share. */
export type SharedModuleOf = (file: string) => Readonly<Record<string, unknown>> | undefined;

/** A config compiled to run here: running it gives its module's exports (`default` is the mesh). */
export type DirectConfig = () => { readonly default?: unknown };

/** What esbuild's `build` gives, as far as it is read here. */
interface BuildResult {
  readonly warnings: readonly unknown[];
  readonly outputFiles?: readonly { readonly text: string }[];
  readonly metafile?: { readonly inputs: Readonly<Record<string, { readonly format?: string; readonly imports: readonly { readonly path: string; readonly kind: string; readonly external?: boolean }[] }>> };
}

/**
 * The part of esbuild's API used here. The asynchronous `build`: its synchronous form starts a
 * worker thread to run esbuild's service from and blocks on it, about 0.08 s more per run.
 */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<BuildResult>;
}

/** Node's CommonJS module, as far as it is used here: internal, but stable since Node 0.x. */
interface CommonJsModule {
  filename: string;
  paths: string[];
  exports: Record<string, unknown>;
  require: (id: string) => unknown;
  _compile(code: string, filename: string): void;
}

interface CommonJsModuleClass {
  new (id: string): CommonJsModule;
  _nodeModulePaths(folder: string): string[];
}

let esbuild: Esbuild | null | undefined;

/** esbuild, as tsx (a dependency of this package) has it; `null` when it cannot be loaded. */
function loadEsbuild(): Esbuild | null {
  if (esbuild === undefined) {
    try {
      const fromEngine = createRequire(import.meta.url);
      esbuild = createRequire(fromEngine.resolve("tsx/package.json"))("esbuild") as Esbuild;
    } catch {
      esbuild = null;
    }
  }
  return esbuild;
}

/**
 * Every config module run here, kept for the life of the process, as Node's `require` cache keeps
 * a module it loaded. Node keeps a module's source map only while the module lives: once it is
 * collected, a stack read later (the line of a resource's issue, read after analysis) shows the
 * compiled code's lines instead of the TypeScript file's.
 */
const RAN = new Set<object>();

/**
 * `import.meta`, as the config's code spells it: written in two parts, as the CLI's bundler
 * rewrites every whole spelling of its `url` in this package's code to the bundled file's own.
 */
const META = ["import", "meta"].join(".");

/** The config built by esbuild in one format, or `undefined` when it does not build (tsx then reports why). */
async function buildOnce(build: Esbuild, path: string, format: "esm" | "cjs"): Promise<BuildResult | undefined> {
  const folder = dirname(path);
  try {
    return await build.build({
      entryPoints: [path],
      absWorkingDir: folder,
      bundle: true,
      packages: "external",
      format,
      platform: "node",
      target: `node${process.versions.node}`,
      write: false,
      metafile: true,
      sourcemap: format === "cjs" ? "inline" : false,
      logLevel: "silent",
      ...(format === "cjs" ? { define: { [`${META}.url`]: JSON.stringify(pathToFileURL(path).href), [`${META}.dirname`]: JSON.stringify(folder), [`${META}.filename`]: JSON.stringify(path) } } : {}),
    });
  } catch {
    return undefined;
  }
}

/** An import statement of the config: from where, and the names it imports (`default` for a default import). */
interface ImportStatement {
  readonly specifier: string;
  readonly names: readonly string[];
}

/** An import statement as esbuild prints one: `import x, { a, b as c } from "m";`, `import * as m from "m";`, `import "m";`. */
const IMPORT = /^import\s*(?:([^"';]*?)\s*from\s*)?"([^"]+)";$/gm;

/**
 * The import statements of esbuild's ES module output of the config; `undefined` when it holds a
 * form this reader does not know, or re-exports from another module.
 */
function importStatements(code: string): ImportStatement[] | undefined {
  if (/^export\b[^;]*\bfrom\s*"/m.test(code)) return undefined;
  const statements: ImportStatement[] = [];
  for (const [, clause = "", specifier] of code.matchAll(IMPORT)) {
    const names: string[] = [];
    const braces = /\{([^}]*)\}/.exec(clause);
    const outside = clause.replace(/\{[^}]*\}/, "").replace(/\*\s*as\s+[\w$]+/, "").replace(/,/g, " ").trim();
    if (outside !== "") {
      if (!/^[\w$]+$/.test(outside)) return undefined;
      names.push("default");
    }
    for (const part of braces?.[1]?.split(",") ?? []) {
      const name = part.trim().split(/\s+as\s+/)[0]?.trim().replace(/^"(.*)"$/, "$1");
      if (name === undefined) return undefined;
      if (name !== "") names.push(name);
    }
    statements.push({ specifier: specifier!, names });
  }
  return statements;
}

/**
 * The config at `path` compiled to run in this thread, when each of its imports is a module of
 * Node's or one that `sharedModuleOf` gives; `undefined` when it must go through tsx: it imports
 * anything else (its own files too), uses top-level await or `import.meta` beyond `url`,
 * `dirname` and `filename`, does not compile (tsx then reports the syntax error), or esbuild is
 * missing. Compiling runs none of the config's code.
 */
export async function compileDirectly(path: string, sharedModuleOf: SharedModuleOf): Promise<DirectConfig | undefined> {
  const build = loadEsbuild();
  if (build === null) return undefined;
  const folder = dirname(path);
  // Built twice: as an ES module, whose import statements name what the config imports from each
  // module (missing names must fail as Node fails them, before any code runs, so such a config
  // goes through tsx), and as CommonJS, the code that runs. Both at once, by one esbuild process.
  const [esm, cjs] = await Promise.all([buildOnce(build, path, "esm"), buildOnce(build, path, "cjs")]);
  if (esm === undefined || cjs === undefined) return undefined;
  const inputs = Object.entries(cjs.metafile?.inputs ?? {});
  const code = cjs.outputFiles?.[0]?.text;
  const statements = importStatements(esm.outputFiles?.[0]?.text ?? "");
  if (esm.warnings.length > 0 || cjs.warnings.length > 0 || inputs.length !== 1 || code === undefined || statements === undefined) return undefined;
  const [input, { format, imports }] = inputs[0]!;
  // One input, the config itself (named relative to the working folder), written as an ES module.
  if (input !== relative(folder, path).split(sep).join("/") || format !== "esm") return undefined;
  if (imports.some(({ kind, external }) => external !== true || kind !== "import-statement")) return undefined;
  // The imports esbuild found are the ones this reader read: none is left to Node's own require.
  const read = new Set(statements.map(({ specifier }) => specifier));
  const found = new Set(imports.map(({ path: specifier }) => specifier));
  if (read.size !== found.size || [...found].some((specifier) => !read.has(specifier))) return undefined;
  const fromConfig = createRequire(path);
  const modules = new Map<string, Readonly<Record<string, unknown>>>();
  for (const { specifier, names } of statements) {
    let module: Readonly<Record<string, unknown>> | undefined;
    const builtin = isBuiltin(specifier);
    try {
      module = builtin ? (fromConfig(specifier) as Record<string, unknown>) : sharedModuleOf(fromConfig.resolve(specifier));
    } catch {
      return undefined;
    }
    // A built-in module's ES module form has a default export (its whole object) and its own keys.
    const exported = (name: string): boolean => (builtin && name === "default") || Object.hasOwn(module!, name);
    if (module === undefined || !names.every(exported)) return undefined;
    modules.set(specifier, module);
  }
  return () => {
    const ModuleClass = Module as unknown as CommonJsModuleClass;
    const module = new ModuleClass(path);
    RAN.add(module);
    module.filename = path;
    module.paths = ModuleClass._nodeModulePaths(folder);
    module.require = (id) => {
      const found = modules.get(id);
      if (found === undefined) throw new Error(`${path}: ${id} was not read before the config ran`);
      return found;
    };
    // Lines in stack traces (a config's error, a resource's line) are the TypeScript file's, as
    // under tsx, which turns this on too.
    process.setSourceMapsEnabled(true);
    // An ES module's code is strict; on the first line, so the source map's lines stay right.
    module._compile(`"use strict";${code}`, path);
    return module.exports;
  };
}
