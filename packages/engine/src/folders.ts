// Finding folders as Node finds packages, from a folder up: where the generation cache lives, and
// where a package is installed. Light on purpose (Node's built-in modules only), so the CLI can
// name the cache in its help before the pipeline loads.
import { existsSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The environment variable that names the cache's folder in place of {@link defaultCacheFolder}. */
export const CACHE_FOLDER_ENV = "MESHFORM_CACHE_DIR";

/** What `pick` gives for the nearest of `from` and the folders above it for which it gives anything. */
function nearestAbove<T>(from: string, pick: (folder: string) => T | undefined): T | undefined {
  for (let folder = resolve(from); ; folder = dirname(folder)) {
    const picked = pick(folder);
    if (picked !== undefined || dirname(folder) === folder) return picked;
  }
}

/**
 * Where the generation cache lives by default: `node_modules/.cache/meshform` of the nearest
 * folder, from `from` up, that has a `node_modules` (where meshform itself is installed), beside
 * the caches of other build tools; `undefined` when there is none.
 */
export function defaultCacheFolder(from: string): string | undefined {
  return nearestAbove(from, (folder) => (existsSync(join(folder, "node_modules")) ? join(folder, "node_modules", ".cache", "meshform") : undefined));
}

/**
 * The real folder of package `name` as Node finds it from the package in `from`, without reading
 * its `exports`: in `node_modules` of that folder and of each one above it; `undefined` when it is
 * not installed.
 */
export function packageFolder(from: string, name: string): string | undefined {
  return nearestAbove(from, (folder) => {
    const candidate = join(folder, "node_modules", name);
    return existsSync(join(candidate, "package.json")) ? realpathSync(candidate) : undefined;
  });
}
