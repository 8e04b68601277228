/**
 * Bundles the start-up path of `meshform validate <files>` into `packages/cli/dist/bundle/`, so
 * the command an editor or a pre-commit hook runs on every save loads a few large files instead
 * of about 300 small modules: on Node 20, resolving, reading and compiling each module costs
 * about a millisecond, which was most of the command's time on one file.
 *
 * The bundle is used only by commands that never load a user's mesh.config.ts (`bin/meshform.js`
 * decides): a config imports `@meshform/dsl` from its own node_modules, and the pipeline must run
 * on those same module instances, not on a bundled copy. So the other commands stay outside the
 * bundle: their modules are left as imports of the unbundled `dist/commands/*.js`.
 *
 * Synchronous lazy loads (`createRequire(import.meta.url)(...)`) are kept lazy and correct:
 * - of a file of the same package (Istio's admission rules, a package.json), they become a plain
 *   `require`, which the bundler turns into a module that is evaluated when first required;
 * - of another package (the CEL evaluator, RE2, yaml), they resolve from the package that asked,
 *   found through `import.meta.resolve`, as they do unbundled; they load only when first needed.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";

/** The CLI commands that run from the bundle; the others' modules stay unbundled. */
const BUNDLED_COMMANDS = new Set(["validate"]);

/**
 * Builds the bundle from the compiled packages (their `dist/`), replacing any earlier one.
 * Returns false, and leaves no bundle, when esbuild is not installed: `bin/meshform.js` then runs
 * the unbundled CLI, which behaves the same, only slower to start.
 */
export async function bundleCli(root) {
  const cli = join(root, "packages", "cli");
  const outdir = join(cli, "dist", "bundle");
  rmSync(outdir, { recursive: true, force: true });
  let esbuild;
  try {
    esbuild = createRequire(join(root, "package.json"))("esbuild");
  } catch {
    return false;
  }
  const packages = join(root, "packages");
  await esbuild.build({
    entryPoints: { bin: join(cli, "dist", "bin.js") },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Loading a config (tsx, the engine) happens only on unbundled paths.
    external: ["tsx", "tsx/*", "@meshform/engine/load"],
    logLevel: "warning",
    plugins: [
      {
        name: "meshform-unbundled-commands",
        setup(build) {
          build.onResolve({ filter: /^\.\/commands\/[a-z-]+\.js$/ }, (args) => {
            const command = args.path.slice("./commands/".length, -".js".length);
            if (args.importer !== join(cli, "dist", "main.js") || BUNDLED_COMMANDS.has(command)) return undefined;
            return { path: `../commands/${command}.js`, external: true };
          });
        },
      },
      {
        name: "meshform-lazy-require",
        setup(build) {
          build.onLoad({ filter: /\.js$/ }, (args) => {
            const inPackages = relative(packages, args.path);
            if (inPackages.startsWith("..") || !inPackages.split(sep).includes("dist")) return undefined;
            const source = readFileSync(args.path, "utf8");
            if (!source.includes("createRequire(import.meta.url)")) return undefined;
            const owner = JSON.parse(readFileSync(join(packages, inPackages.split(sep)[0], "package.json"), "utf8")).name;
            const contents = source
              .replace(/createRequire\(import\.meta\.url\)\((["'])(\.{1,2}\/[^"']*)\1\)/g, "require($1$2$1)")
              .replace(/createRequire\(import\.meta\.url\)/g, `createRequire(import.meta.resolve(${JSON.stringify(owner)}))`);
            return { contents, loader: "js" };
          });
        },
      },
    ],
  });
  return existsSync(join(outdir, "bin.js"));
}
