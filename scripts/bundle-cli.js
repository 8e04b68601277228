/**
 * Bundles the commands that never load a user's mesh.config.ts, `meshform validate` (on files)
 * and `meshform import`, each into one CommonJS file, `packages/cli/dist/bundle/<command>.cjs`,
 * which `bin/meshform.js` runs through V8's code cache (`packages/cli/src/startup/cached-bundle.ts`).
 * `validate` is what an editor or a pre-commit hook runs on every save. Unbundled, it loads about
 * 300 modules (`import` about 500); on Node 20, resolving, reading and compiling them was most of
 * a one-file run. One file can be compiled once and cached.
 *
 * The bundle is used only by commands that never load a user's mesh.config.ts: a config imports
 * `@meshform/dsl` from its own node_modules, and the pipeline must run on those same module
 * instances, not on a bundled copy. So the other commands, and the loading of a config
 * (`@meshform/engine/load`), stay outside the bundle as imports of the unbundled modules.
 *
 * Synchronous lazy loads (`createRequire(import.meta.url)(...)`) stay lazy and correct:
 * - of a file of the same package (Istio's admission rules, a package.json), they become a plain
 *   `require`, which the bundler turns into a module evaluated when first required;
 * - of another package (the CEL evaluator, RE2, yaml), they resolve from the package that asked,
 *   as they do unbundled, and load only when first needed.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";

/** The CLI commands that run from a bundle of their own; in each, the other commands' modules stay unbundled. */
export const BUNDLED_COMMANDS = ["validate", "import"];

/**
 * Builds each command's bundle from the compiled packages (their `dist/`), replacing any earlier
 * one and its code cache. Returns false, and leaves no bundle, when esbuild is not installed:
 * `bin/meshform.js` then runs the unbundled CLI, which behaves the same, only slower to start.
 */
export async function bundleCli(root) {
  const cli = join(root, "packages", "cli");
  rmSync(join(cli, "dist", "bundle"), { recursive: true, force: true });
  let esbuild;
  try {
    esbuild = createRequire(join(root, "package.json"))("esbuild");
  } catch {
    return false;
  }
  for (const command of BUNDLED_COMMANDS) await bundleCommand(esbuild, root, command);
  return BUNDLED_COMMANDS.every((command) => existsSync(join(cli, "dist", "bundle", `${command}.cjs`)));
}

/** Bundles the CLI for `command` alone into `packages/cli/dist/bundle/<command>.cjs`. */
async function bundleCommand(esbuild, root, command) {
  const cli = join(root, "packages", "cli");
  const packages = join(root, "packages");
  const outfile = join(cli, "dist", "bundle", `${command}.cjs`);
  await esbuild.build({
    entryPoints: [join(cli, "dist", "process.js")],
    outfile,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    external: ["tsx", "tsx/*", "@meshform/engine/load"],
    // A package's lazy `require` of its own dependencies, resolved from that package (see below).
    banner: { js: `const __meshformRequireFrom = (pkg) => require("node:module").createRequire(require.resolve(pkg));` },
    logLevel: "warning",
    plugins: [
      {
        name: "meshform-unbundled-commands",
        setup(build) {
          build.onResolve({ filter: /^\.\/commands\/[a-z-]+\.js$/ }, (args) => {
            const other = args.path.slice("./commands/".length, -".js".length);
            if (args.importer !== join(cli, "dist", "main.js") || other === command) return undefined;
            return { path: `../commands/${other}.js`, external: true };
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
              .replace(/createRequire\(import\.meta\.url\)/g, `__meshformRequireFrom(${JSON.stringify(owner)})`);
            return { contents, loader: "js" };
          });
        },
      },
    ],
  });
  writeFileSync(outfile, asciiOnly(readFileSync(outfile, "utf8")));
}

/**
 * The bundle's text with every character past ASCII written as a `\uXXXX` escape. esbuild
 * escapes them in most places, but leaves some (a regular expression, text inside template
 * literals, comments), and in each of those places the escape means the same character. A bundle
 * of ASCII only is read as one-byte text, which is quicker to decode than UTF-8
 * (`cached-bundle.ts`).
 */
function asciiOnly(text) {
  return text.replace(/[^\x00-\x7f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
