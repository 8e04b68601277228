/**
 * The main thread's half of sharing a bundle's modules with a mesh.config.ts (the other half, on
 * the loader thread, is `config-hooks.ts`). The bundle of the commands that load a config
 * (`dist/bundle/mesh-config.cjs`, built by scripts/bundle-cli.js) calls
 * {@link exposeBundledModules} as it loads: it puts the bundle's modules of meshform's packages on
 * a global, each loaded when first asked for, so the bundle's start (and `generate --help`) does
 * not run them. `loadMesh` (`@meshform/engine/load`) calls {@link BundledModules.shareWithConfig}
 * after registering tsx's loader and before importing the config; unbundled, there is no global
 * and nothing to share.
 */
import { register } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { sharedFiles, type BundleManifest, type ConfigHooksData } from "./config-hooks.js";

/** The key, passed to `Symbol.for`, of the global that holds the bundle's {@link BundledModules}. */
export const BUNDLED_MODULES_GLOBAL = "meshform.bundledModules";

/** What the bundle puts on the global: its modules, and the switch that hands them to the config. */
export interface BundledModules {
  /** The exports of the bundle's module `id` (`<package>/<path in the package>`), which runs when first asked for. */
  readonly module: (id: string) => Readonly<Record<string, unknown>>;
  /** Registers the hooks that resolve the config's imports of the bundle's files to the bundle's modules; once. */
  readonly shareWithConfig: () => void;
  /**
   * `import()` for the bundle's code: run from V8's code cache, the bundle cannot call `import()`
   * itself (`cached-bundle.ts`).
   */
  readonly import: (specifier: string) => Promise<unknown>;
  /**
   * The bundle's module for `file` (an absolute path, as Node resolves an import), when the bundle
   * shares that file with a config (the files {@link shareWithConfig}'s hooks hand out): what
   * `loadMesh` gives a config that it runs without tsx's loader.
   */
  readonly sharedModule: (file: string) => Readonly<Record<string, unknown>> | undefined;
}

/**
 * Puts the modules of the bundle at `bundle` (an absolute path) on the global
 * `Symbol.for("meshform.bundledModules")`: `loaders` loads each, by id, and `importModule` is the
 * `import()` the bundle was given. `manifest` is the JSON of their {@link BundleManifest}, which
 * the build writes into the bundle.
 */
export function exposeBundledModules(
  bundle: string,
  loaders: Readonly<Record<string, () => Record<string, unknown>>>,
  importModule: (specifier: string) => Promise<unknown>,
  manifest: string,
): BundledModules {
  const loaded = new Map<string, Record<string, unknown>>();
  let shared = false;
  let files: Map<string, string> | undefined;
  // The bundle is <cli>/dist/bundle/<name>.cjs, the hooks compiled beside it in <cli>/dist/startup.
  const dist = dirname(dirname(bundle));
  const modules: BundledModules = {
    module(id) {
      let exports = loaded.get(id);
      if (exports === undefined) {
        const load = loaders[id];
        if (load === undefined) throw new Error(`${bundle} holds no module ${id}`);
        loaded.set(id, (exports = load()));
      }
      return exports;
    },
    shareWithConfig() {
      if (shared) return;
      shared = true;
      const data: ConfigHooksData = { manifest, cli: dirname(dist) };
      register(pathToFileURL(join(dist, "startup", "config-hooks.js")).href, { data });
    },
    import: importModule,
    sharedModule(file) {
      files ??= sharedFiles(JSON.parse(manifest) as BundleManifest, dirname(dist));
      const id = files.get(pathToFileURL(file).href);
      return id === undefined ? undefined : modules.module(id);
    },
  };
  (globalThis as Record<symbol, unknown>)[Symbol.for(BUNDLED_MODULES_GLOBAL)] = modules;
  return modules;
}
