// Where the generation cache lives: light on purpose (no pipeline code), so the CLI can name it in
// its help and pick the folder before the pipeline loads.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The environment variable that names the cache's folder in place of {@link defaultCacheFolder}. */
export const CACHE_FOLDER_ENV = "MESHFORM_CACHE_DIR";

/**
 * Where the generation cache lives by default: `node_modules/.cache/meshform` of the nearest
 * folder, from `from` up, that has a `node_modules` (where meshform itself is installed), beside
 * the caches of other build tools; `undefined` when there is none.
 */
export function defaultCacheFolder(from: string): string | undefined {
  for (let folder = resolve(from); ; folder = dirname(folder)) {
    if (existsSync(join(folder, "node_modules"))) return join(folder, "node_modules", ".cache", "meshform");
    if (dirname(folder) === folder) return undefined;
  }
}
