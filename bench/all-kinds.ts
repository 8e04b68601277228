/**
 * Writes the input of the type-check benchmark: one TypeScript file that imports every version
 * module of every kinds package (both Gateway API channels included), and a tsconfig that checks
 * just that file. The modules are found through each package's `exports` patterns, so a new
 * group or version is picked up without editing this file.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";

/** The kinds packages, by folder under `packages/`. */
const KINDS_PACKAGES = ["k8s", "istio", "gateway-api"] as const;

/** A version module's file name: `v1.ts`, `v1beta1.ts`, `v1alpha3.ts`. */
const VERSION_MODULE = /^v\d+(?:(?:alpha|beta)\d+)?\.ts$/;

async function listFiles(folder: string, base = folder): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path, base)));
    else files.push(relative(base, path).split("\\").join("/"));
  }
  return files;
}

/** The import specifiers of every version module a package exports through a `./prefix/*` pattern. */
async function versionSpecifiers(root: string, folder: string): Promise<string[]> {
  const packageDir = join(root, "packages", folder);
  const manifest = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as {
    name: string;
    exports: Record<string, string | { readonly types?: string; readonly source?: string }>;
  };
  const specifiers: string[] = [];
  for (const [pattern, entry] of Object.entries(manifest.exports)) {
    // A conditional export: the workspace's type-checker resolves the `source` condition (the
    // TypeScript sources; `types` points at the built declarations).
    const target = typeof entry === "string" ? entry : (entry.source ?? entry.types ?? "");
    if (!pattern.endsWith("/*") || !target.endsWith("/*.ts")) continue;
    const targetDir = join(packageDir, target.slice(0, -"/*.ts".length));
    const exported = pattern.slice(2, -1); // "./experimental/*" → "experimental/"
    for (const file of await listFiles(targetDir)) {
      const name = file.split("/").at(-1)!;
      if (!VERSION_MODULE.test(name) || !file.includes("/")) continue;
      specifiers.push(`${manifest.name}/${exported}${file.slice(0, -".ts".length)}`);
    }
  }
  return specifiers;
}

/** Every version module of every kinds package, sorted. */
export async function listVersionModules(root: string): Promise<string[]> {
  const all: string[] = [];
  for (const folder of KINDS_PACKAGES) {
    const found = await versionSpecifiers(root, folder);
    // A figure over nothing would pass for the wrong reason: the exports changed shape.
    if (found.length === 0) throw new Error(`no version modules found through the exports of packages/${folder}/package.json`);
    all.push(...found);
  }
  return [...new Set(all)].sort();
}

/**
 * Writes `all-kinds.ts` and `tsconfig.json` into `folder` (inside the workspace, so the packages
 * resolve as they do for users).
 *
 * @returns the tsconfig path and the modules imported
 */
export async function writeAllKindsProject(root: string, folder: string): Promise<{ tsconfig: string; modules: string[] }> {
  const modules = await listVersionModules(root);
  await mkdir(folder, { recursive: true });
  const imports = modules.map((specifier, i) => `import * as m${i} from "${specifier}";`);
  const source = [
    "// Every version module of every kinds package: the input of the type-check benchmark.",
    ...imports,
    "",
    `export const modules = [${modules.map((_, i) => `m${i}`).join(", ")}];`,
    "",
  ].join("\n");
  await writeFile(join(folder, "all-kinds.ts"), source);
  const base = relative(folder, join(root, "tsconfig.json")).split("\\").join("/");
  const tsconfig = join(folder, "tsconfig.json");
  await writeFile(tsconfig, `${JSON.stringify({ extends: base, include: ["all-kinds.ts"] }, null, 2)}\n`);
  return { tsconfig, modules };
}
