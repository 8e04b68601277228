// What the packaging test needs: the @meshform packages a user installs, packed the way they are
// published (`pnpm pack`), and a separate pnpm workspace that depends on the tarballs.
import { spawn } from "node:child_process";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** What an `exports` entry maps to: a file, or conditions (`source`, `types`, `default`) to files. */
export type ExportTarget = string | { readonly [condition: string]: ExportTarget };

/** Every file an `exports` entry can resolve to, whatever the conditions. */
function exportFiles(target: ExportTarget): string[] {
  return typeof target === "string" ? [target] : Object.values(target).flatMap(exportFiles);
}

/** A package of the meshform workspace. */
export interface WorkspacePackage {
  readonly name: string;
  readonly folder: string;
  readonly manifest: {
    readonly exports?: Readonly<Record<string, ExportTarget>>;
    readonly bin?: Readonly<Record<string, string>>;
    readonly dependencies?: Readonly<Record<string, string>>;
  };
}

/** A packed package: its tarball and the paths inside it. */
export interface PackedPackage {
  readonly name: string;
  readonly tarball: string;
  readonly files: readonly string[];
}

/** What a finished command printed, and its exit code. */
export interface CommandOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Every package under `packages/` that has a package.json, by name. */
export async function listWorkspacePackages(root: string): Promise<Map<string, WorkspacePackage>> {
  const packages = new Map<string, WorkspacePackage>();
  for (const entry of await readdir(join(root, "packages"), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = join(root, "packages", entry.name);
    const text = await readFile(join(folder, "package.json"), "utf8").catch(() => undefined);
    if (text === undefined) continue;
    const manifest = JSON.parse(text) as WorkspacePackage["manifest"] & { name: string };
    packages.set(manifest.name, { name: manifest.name, folder, manifest });
  }
  return packages;
}

/**
 * The workspace packages a user installs with `wanted`: those, and every `@meshform/*` package in
 * their `dependencies`, transitively (devDependencies are not installed for a dependency). Sorted.
 *
 * @throws Error naming a dependency that is not a package of the workspace
 */
export function dependencyClosure(packages: ReadonlyMap<string, WorkspacePackage>, wanted: readonly string[]): WorkspacePackage[] {
  const found = new Map<string, WorkspacePackage>();
  const visit = (name: string, from: string): void => {
    if (found.has(name)) return;
    const pkg = packages.get(name);
    if (pkg === undefined) throw new Error(`${from} depends on ${name}, which is not a package of the workspace`);
    found.set(name, pkg);
    for (const dependency of Object.keys(pkg.manifest.dependencies ?? {})) if (dependency.startsWith("@meshform/")) visit(dependency, name);
  };
  for (const name of wanted) visit(name, "the test");
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Runs a command without a shell; a run longer than `timeoutMs` is killed (and exits with `null`). */
export function runCommand(command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<CommandOutcome> {
  return new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_lifecycle_|npm_package_|PNPM_SCRIPT_SRC_DIR$)/.test(key)));
    const child = spawn(command, args, { cwd, env: { ...env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * `pnpm pack` of one package into `destination`.
 *
 * @throws Error with pnpm's output when packing fails
 */
export async function packPackage(pkg: WorkspacePackage, destination: string): Promise<PackedPackage> {
  const outcome = await runCommand("pnpm", ["pack", "--pack-destination", destination, "--json"], pkg.folder, 60_000);
  if (outcome.code !== 0) throw new Error(`pnpm pack of ${pkg.name} failed (${outcome.code}):\n${outcome.stderr}${outcome.stdout}`);
  const report = JSON.parse(outcome.stdout) as { filename: string; files: { path: string }[] };
  return { name: pkg.name, tarball: report.filename, files: report.files.map((file) => file.path).sort() };
}

/**
 * The `exports` targets and `bin` files of a package that its tarball lacks. A `*` pattern needs
 * at least one file it matches.
 */
export function missingEntryPoints(pkg: WorkspacePackage, packed: PackedPackage): string[] {
  const targets = [...Object.values(pkg.manifest.exports ?? {}).flatMap(exportFiles), ...Object.values(pkg.manifest.bin ?? {})];
  return targets.filter((target) => {
    const [prefix = "", suffix = ""] = target.replace(/^\.\//, "").split("*");
    return target.includes("*") ? !packed.files.some((file) => file.startsWith(prefix) && file.endsWith(suffix)) : !packed.files.includes(prefix);
  });
}

/** The consumer workspace: its folder, and the folder of its one package. */
export interface ConsumerOptions {
  readonly dir: string;
  /** Every packed package; each is also an override, so `@meshform/*` dependencies of the tarballs resolve to tarballs. */
  readonly packed: readonly PackedPackage[];
  /** The packages the consumer package depends on directly. */
  readonly dependencies: readonly string[];
  /** Registry packages it needs for development, by name and version (TypeScript, to type-check). */
  readonly devDependencies?: Readonly<Record<string, string>>;
  /** The consumer package's scripts. */
  readonly scripts: Readonly<Record<string, string>>;
  /** Other files of the consumer package, by relative path. */
  readonly files: Readonly<Record<string, string>>;
}

/**
 * Writes a pnpm workspace with one package, `app`, that depends on the tarballs (`pnpm pack`
 * rewrites `workspace:*` to the version, which no registry has, so every `@meshform/*` package is
 * overridden with its tarball in pnpm-workspace.yaml).
 *
 * @returns the folder of the consumer package
 * @throws Error when a direct dependency is not among the packed packages
 */
export async function writeConsumerWorkspace(options: ConsumerOptions): Promise<string> {
  const tarballOf = new Map(options.packed.map((p) => [p.name, `file:${p.tarball}`]));
  const app = join(options.dir, "app");
  await mkdir(app, { recursive: true });
  const workspace = [
    "packages:",
    "  - app",
    "allowBuilds:",
    "  esbuild: false",
    "overrides:",
    ...options.packed.map((p) => `  ${JSON.stringify(p.name)}: ${JSON.stringify(tarballOf.get(p.name))}`),
    "",
  ];
  await writeFile(join(options.dir, "pnpm-workspace.yaml"), workspace.join("\n"));
  await writeFile(join(options.dir, "package.json"), `${JSON.stringify({ name: "consumer", private: true }, null, 2)}\n`);
  const dependencies = Object.fromEntries(
    options.dependencies.map((name) => {
      const tarball = tarballOf.get(name);
      if (tarball === undefined) throw new Error(`${name} was not packed`);
      return [name, tarball];
    }),
  );
  const manifest = { name: "mesh", private: true, type: "module", scripts: options.scripts, dependencies, devDependencies: options.devDependencies ?? {} };
  await writeFile(join(app, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [path, text] of Object.entries(options.files)) await writeFile(join(app, path), text);
  return app;
}
