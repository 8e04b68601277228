/**
 * Bundles the CLI, each into one CommonJS file in `packages/cli/dist/bundle/`, which
 * `bin/meshform.js` runs through V8's code cache (`packages/cli/src/startup/cached-bundle.ts`):
 * - `validate.cjs`, `meshform validate` on files, what an editor or a pre-commit hook runs on
 *   every save, and `import.cjs`, `meshform import`: commands that never load a mesh.config.ts;
 * - `mesh-config.cjs`, the commands that load one: `meshform generate`, and `validate` and
 *   `analyze` with `--config`.
 * Unbundled, validate loads about 300 modules, import about 500 and generate about 550; on Node
 * 20, resolving, reading and compiling them was most of a small run. One file can be compiled
 * once and cached.
 *
 * A config imports `@meshform/dsl` from its own node_modules, and the pipeline must run on those
 * same module instances (the DSL checks that what passes between builders came from its own
 * builders). So `mesh-config.cjs` shares its modules with the config: its entry puts them on a
 * global (`src/startup/bundled-modules.ts`) and, before the config is imported, registers module
 * hooks (`src/startup/config-hooks.ts`) that resolve each import of a file the bundle holds to a
 * module re-exporting the bundle's. The hooks run on Node's loader thread, so the names each
 * module exports are listed here, in a manifest the bundle carries and hands to the hooks. The bundle holds every
 * module the entry points of meshform's packages can be imported from that the CLI loads, plus
 * every entry of `@meshform/dsl` (`@meshform/dsl/istio/<group>/<version>`...), which configs import.
 * The bundles of the other commands leave the loading of a config (`@meshform/engine/load`) out,
 * as imports of the unbundled modules.
 *
 * Synchronous lazy loads (`createRequire(import.meta.url)(...)`) stay lazy and correct:
 * - of a file of the same package (Istio's admission rules, a package.json), they become a plain
 *   `require`, which the bundler turns into a module evaluated when first required;
 * - of another package (the CEL evaluator, RE2, yaml), they resolve from the package that asked,
 *   as they do unbundled, and load only when first needed.
 * Any other `import.meta.url` is the URL of the file the code came from, found from the bundle
 * as Node finds the package (the generation cache keys plans by the engine's package folder).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";

/**
 * The bundles: each holds the CLI with `commands`, the other commands' modules left unbundled.
 * One that `sharesModules` holds the loading of a config and hands its modules to the config.
 */
export const BUNDLES = [
  { name: "validate", commands: ["validate"], sharesModules: false },
  { name: "import", commands: ["import"], sharesModules: false },
  { name: "mesh-config", commands: ["generate", "validate", "analyze"], sharesModules: true },
];

/**
 * Builds each bundle from the compiled packages (their `dist/`), replacing any earlier one and
 * its code cache. Returns false, and leaves no bundle, when esbuild is not installed:
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
  const real = realpathSync(root);
  mkdirSync(join(cli, "dist", "bundle"), { recursive: true });
  for (const bundle of BUNDLES) await buildBundle(esbuild, real, bundle);
  return BUNDLES.every((bundle) => existsSync(join(cli, "dist", "bundle", `${bundle.name}.cjs`)));
}

/** The key, for `Symbol.for`, of the global that holds a bundle's modules (`BUNDLED_MODULES_GLOBAL` in bundled-modules.ts). */
const BUNDLED_MODULES_GLOBAL = "meshform.bundledModules";

/**
 * Builds `packages/cli/dist/bundle/<name>.cjs`, with, for a bundle that shares its modules, their
 * manifest. The bundle is written beside its name and renamed into place, so the binary, which
 * runs it when it exists, never finds it half written.
 */
async function buildBundle(esbuild, root, { name, commands, sharesModules }) {
  const cli = join(root, "packages", "cli");
  const outfile = join(cli, "dist", "bundle", `${name}.cjs`);
  const staged = join(cli, "dist", "bundle", `.${name}.${process.pid}.cjs`);
  const options = { ...bundleOptions(root, commands, sharesModules), outfile, write: false };
  if (!sharesModules) {
    const built = await esbuild.build({ ...options, entryPoints: [join(cli, "dist", "process.js")] });
    writeFileSync(staged, asciiOnly(built.outputFiles[0].text));
    renameSync(staged, outfile);
    return;
  }
  const packages = meshformPackages(root);
  // First, what the CLI loads with every entry of @meshform/dsl: then, of those files, the ones
  // a package's `exports` name are the modules a config can import, and the bundle shares them.
  const dsl = packages.get("@meshform/dsl");
  const probe = await esbuild.build({ ...options, stdin: entrySource(root, cli, entryFiles(dsl, (file) => existsSync(join(dsl.folder, file)))), metafile: true });
  const inputs = new Set(Object.keys(probe.metafile.inputs).map((input) => join(root, input)));
  const shared = [...packages.values()].flatMap((pkg) => entryFiles(pkg, (file) => inputs.has(join(pkg.folder, file))));
  const built = await esbuild.build({ ...options, stdin: entrySource(root, cli, shared) });
  const text = built.outputFiles[0].text;
  writeFileSync(staged, text);
  // The names each shared module exports, as the bundle has them: what its re-exports must export.
  const { bundledModules } = createRequire(import.meta.url)(staged);
  const modules = Object.fromEntries(shared.map(({ id }) => [id, Object.keys(bundledModules.module(id))]));
  const manifest = { global: BUNDLED_MODULES_GLOBAL, packages: whereFound(packages, shared), modules };
  // The manifest goes into the bundle, in place of the entry's placeholder: a run has it from its
  // start, with nothing more to read when the config loads (by then, a build may be replacing dist/).
  const placeholder = JSON.stringify(MANIFEST_PLACEHOLDER);
  if (text.split(placeholder).length !== 2) throw new Error(`${name}.cjs: expected the manifest's placeholder once`);
  writeFileSync(staged, asciiOnly(text.replace(placeholder, () => JSON.stringify(JSON.stringify(manifest)))));
  renameSync(staged, outfile);
}

/** What the entry passes as the manifest until the build knows it. */
const MANIFEST_PLACEHOLDER = "meshform:bundle-manifest";

/** The esbuild options every bundle shares; `commands` are bundled, the other commands stay imports of `dist/commands/`. */
function bundleOptions(root, commands, sharesModules) {
  const cli = join(root, "packages", "cli");
  const packages = join(root, "packages");
  return {
    absWorkingDir: root,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    external: ["tsx", "tsx/*", ...(sharesModules ? [] : ["@meshform/engine/load"])],
    banner: { js: BANNER },
    logLevel: "warning",
    plugins: [
      {
        name: "meshform-unbundled-commands",
        setup(build) {
          build.onResolve({ filter: /^\.\/commands\/[a-z-]+\.js$/ }, (args) => {
            const other = args.path.slice("./commands/".length, -".js".length);
            if (args.importer !== join(cli, "dist", "main.js") || commands.includes(other)) return undefined;
            return { path: `../commands/${other}.js`, external: true };
          });
        },
      },
      {
        name: "meshform-import-meta",
        setup(build) {
          build.onLoad({ filter: /\.js$/ }, (args) => {
            const inPackages = relative(packages, args.path);
            if (inPackages.startsWith("..") || !inPackages.split(sep).includes("dist")) return undefined;
            const source = readFileSync(args.path, "utf8");
            const folder = join(packages, inPackages.split(sep)[0]);
            const file = relative(folder, args.path).split(sep).join("/");
            if (!source.includes("import.meta")) return undefined;
            const owner = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")).name;
            const contents = source
              .replace(/createRequire\(import\.meta\.url\)\((["'])(\.{1,2}\/[^"']*)\1\)/g, "require($1$2$1)")
              .replace(/createRequire\(import\.meta\.url\)/g, `__meshformRequireFrom(${JSON.stringify(owner)})`)
              .replace(/import\.meta\.url/g, `__meshformFileUrl(${JSON.stringify(owner)}, ${JSON.stringify(file)})`);
            return { contents, loader: "js" };
          });
        },
      },
    ],
  };
}

/**
 * Helpers the rewritten modules call. `__meshformRequireFrom`: a package's lazy `require` of its
 * own dependencies, resolved from that package. `__meshformFileUrl`: the URL of a file of a
 * package, found from the bundle (in `<cli>/dist/bundle/`) as Node finds a dependency, in
 * `node_modules` of each folder above; the CLI's own files are in the CLI's folder.
 */
const BANNER = [
  `const __meshformRequireFrom = (pkg) => require("node:module").createRequire(require.resolve(pkg));`,
  `const __meshformFileUrl = (pkg, file) => {
  const { existsSync, realpathSync } = require("node:fs");
  const { dirname, join } = require("node:path");
  let folder = join(__dirname, "..", "..");
  if (pkg !== "@meshform/cli") {
    for (let from = folder; ; from = dirname(from)) {
      const candidate = join(from, "node_modules", pkg);
      if (existsSync(join(candidate, "package.json"))) { folder = candidate; break; }
      if (dirname(from) === from) throw new Error("cannot find " + pkg + " from " + __dirname);
    }
  }
  return require("node:url").pathToFileURL(join(realpathSync(folder), file)).href;
};`,
].join("\n");

/** The workspace's packages named `@meshform/*`, by name: folder and package.json. */
function meshformPackages(root) {
  const found = new Map();
  for (const entry of readdirSync(join(root, "packages"))) {
    const folder = join(root, "packages", entry);
    if (!existsSync(join(folder, "package.json"))) continue;
    const json = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
    if (json.name?.startsWith("@meshform/")) found.set(json.name, { name: json.name, folder, json });
  }
  return found;
}

/**
 * The files of `pkg` its `exports` point at (the `default` condition), each with its id,
 * `<package>/<path in the package>`; a pattern (`./istio/*`) gives each file under it that `has`.
 */
function entryFiles(pkg, has) {
  const targets = Object.values(pkg.json.exports ?? {}).map((target) => (typeof target === "string" ? target : target.default)).filter((target) => typeof target === "string");
  const files = new Set();
  for (const target of targets) {
    const path = target.replace(/^\.\//, "");
    if (!path.includes("*")) {
      if (has(path)) files.add(path);
      continue;
    }
    const [before, after] = path.split("*");
    const base = before.slice(0, before.lastIndexOf("/") + 1);
    for (const file of filesUnder(pkg.folder, base)) if (file.startsWith(before) && file.endsWith(after) && has(file)) files.add(file);
  }
  return [...files].sort().map((file) => ({ id: `${pkg.name}/${file}`, file: join(pkg.folder, file) }));
}

/** The files under `base` (a folder of `folder`, with a trailing `/`), as paths from `folder`. */
function filesUnder(folder, base) {
  if (!existsSync(join(folder, base))) return [];
  return readdirSync(join(folder, base), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join("/"));
}

/**
 * The entry of a bundle that shares `modules`: the CLI's process entry, and a loader of each
 * module by id. The loaders are `require`s, which the bundler turns into modules run when first
 * loaded, so the bundle's start, and `generate --help`, runs none of them.
 */
function entrySource(root, cli, modules) {
  const loaders = modules.map(({ id, file }) => `  ${JSON.stringify(id)}: () => require(${JSON.stringify(file)}),`);
  const contents = [
    `export { runProcess } from ${JSON.stringify(join(cli, "dist", "process.js"))};`,
    `import { exposeBundledModules } from ${JSON.stringify(join(cli, "dist", "startup", "bundled-modules.js"))};`,
    `export const bundledModules = exposeBundledModules(__filename, {`,
    ...loaders,
    // Given by cached-bundle.ts; when the build requires the bundle (below) to list the exports, import() works.
    `}, typeof __meshformImport === "function" ? __meshformImport : (specifier) => import(specifier), ${JSON.stringify(MANIFEST_PLACEHOLDER)});`,
  ].join("\n");
  return { contents, resolveDir: root, sourcefile: "mesh-config-entry.js", loader: "js" };
}

/**
 * For each package of a shared module, the package whose folder it is found from at run time:
 * the CLI for its own dependencies, else the first package on a path of dependencies from the CLI.
 */
function whereFound(packages, shared) {
  const from = new Map([["@meshform/cli", undefined]]);
  const queue = ["@meshform/cli"];
  while (queue.length > 0) {
    const name = queue.shift();
    for (const dependency of Object.keys(packages.get(name)?.json.dependencies ?? {})) {
      if (!packages.has(dependency) || from.has(dependency)) continue;
      from.set(dependency, name);
      queue.push(dependency);
    }
  }
  const needed = new Set(shared.map(({ id }) => id.split("/").slice(0, 2).join("/")));
  return Object.fromEntries([...needed].sort().flatMap((name) => (from.get(name) === undefined ? [] : [[name, from.get(name)]])));
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
