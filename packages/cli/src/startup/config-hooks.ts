/**
 * Module hooks that give a mesh.config.ts, loaded by the CLI run from a bundle
 * (`dist/bundle/mesh-config.cjs`), the bundle's own modules of meshform's packages instead of a
 * second copy from disk. The DSL checks that what a config passes from one builder to another was
 * issued by its own builders (a route attached to a service of the same config), and the pipeline
 * reads the mesh with the bundle's modules: both must be the same instances.
 *
 * Each import is resolved as usual first (by tsx's hooks and Node's), so the config, and any
 * module it loads from disk, gets the bundle's module for exactly the files the unbundled CLI
 * would have shared with it: a file of the very package folders the CLI runs from, which the
 * bundle holds. Another copy of a package (another version in the config's own node_modules), a
 * file the bundle does not hold, or a specifier that does not resolve, is left as Node resolves it.
 * A shared file resolves to a `meshform-bundle:` URL, whose source is a small module that
 * re-exports the bundle's module from a global (`bundled-modules.ts`).
 *
 * The hooks run on Node's loader thread, which cannot see the main thread's globals: the export
 * names of each module come from the manifest the build wrote into the bundle
 * (`scripts/bundle-cli.js`), which the bundle hands over when it registers the hooks. This file imports only Node's built-in modules, as everything it
 * imports loads before the hooks answer the first import.
 */
import { existsSync, realpathSync } from "node:fs";
import type { InitializeHook, LoadHook, ResolveHook } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/** What the build writes into a bundle: the modules a config may share, and where their packages are. */
export interface BundleManifest {
  /** The key, passed to `Symbol.for`, of the global through which the bundle hands out its modules. */
  readonly global: string;
  /**
   * For each package of a shared module, the package whose folder it is found from, as Node finds
   * a dependency: `@meshform/cli` for the CLI's own dependencies, else a package that depends on it.
   */
  readonly packages: Readonly<Record<string, string>>;
  /** Each shared module, as `<package>/<path in the package>`, with the names it exports. */
  readonly modules: Readonly<Record<string, readonly string[]>>;
}

/** What {@link initialize} is given by `module.register`. */
export interface ConfigHooksData {
  /** The JSON of the bundle's {@link BundleManifest}. */
  readonly manifest: string;
  /** The folder of `@meshform/cli` the bundle runs from. */
  readonly cli: string;
}

/** The scheme of the URLs of the modules that re-export the bundle's. */
const SCHEME = "meshform-bundle:";

/** The module id of each shared file, by the `file:` URL Node resolves it to. */
let shared = new Map<string, string>();
let manifest: BundleManifest | undefined;

/** Finds the file of each module the manifest lists, once, before the first import. */
export const initialize: InitializeHook<ConfigHooksData> = (data) => {
  manifest = JSON.parse(data.manifest) as BundleManifest;
  shared = sharedFiles(manifest, data.cli);
};

/**
 * The `file:` URL of each module `read` lists, as Node resolves an import of it from the packages
 * of the CLI at `cli`, with its module id: the files whose imports get the bundle's module.
 */
export function sharedFiles(read: BundleManifest, cli: string): Map<string, string> {
  const folders = new Map<string, string | undefined>([["@meshform/cli", realpathSync(cli)]]);
  const folderOf = (name: string): string | undefined => {
    if (!folders.has(name)) {
      // Set first: a cycle in `packages` ends here rather than looping.
      folders.set(name, undefined);
      const from = read.packages[name];
      const base = from === undefined ? undefined : folderOf(from);
      folders.set(name, base === undefined ? undefined : packageFolder(base, name));
    }
    return folders.get(name);
  };
  const files = new Map<string, string>();
  for (const id of Object.keys(read.modules)) {
    const name = packageOf(id);
    const folder = folderOf(name);
    if (folder !== undefined) files.set(pathToFileURL(join(folder, id.slice(name.length + 1))).href, id);
  }
  return files;
}

/** Resolves as usual, then turns a file the bundle holds into the URL of the module that re-exports it. */
export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const resolved = await nextResolve(specifier, context);
  const id = shared.get(resolved.url);
  return id === undefined ? resolved : { url: `${SCHEME}${id}`, format: "module", shortCircuit: true };
};

/** The source of a `meshform-bundle:` module; any other URL loads as usual. */
export const load: LoadHook = async (url, context, nextLoad) => {
  if (!url.startsWith(SCHEME) || manifest === undefined) return nextLoad(url, context);
  const id = url.slice(SCHEME.length);
  const names = manifest.modules[id];
  if (names === undefined) return nextLoad(url, context);
  return { format: "module", source: reexportSource(manifest.global, id, names), shortCircuit: true };
};

/**
 * A module that exports, under each of `names`, the value the bundle's module `id` exports. The
 * values are read once, when the config imports the module: the bundle's modules have run by then,
 * and none of them reassigns an export later.
 */
export function reexportSource(global: string, id: string, names: readonly string[]): string {
  const lines = [`const module = globalThis[Symbol.for(${JSON.stringify(global)})].module(${JSON.stringify(id)});`];
  names.forEach((name, index) => lines.push(`const $${index} = module[${JSON.stringify(name)}];`));
  // Quoted export names take any string, `default` included.
  lines.push(`export { ${names.map((name, index) => `$${index} as ${JSON.stringify(name)}`).join(", ")} };`);
  return `${lines.join("\n")}\n`;
}

// --- internal ---

/** The package name a module id starts with: `@scope/name` or `name`. */
function packageOf(id: string): string {
  const parts = id.split("/");
  return id.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/**
 * The real folder of package `name` as Node finds it from the package in `from`: in `node_modules`
 * of that folder and of each one above it. The engine's `packageFolder` (`folders.ts`) does the
 * same; this file keeps its own, as the hooks load nothing but Node's built-in modules.
 */
function packageFolder(from: string, name: string): string | undefined {
  for (let folder = from; ; folder = dirname(folder)) {
    const candidate = join(folder, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(folder) === folder) return undefined;
  }
}
