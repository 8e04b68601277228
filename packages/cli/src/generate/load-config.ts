import { access } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import type { MeshDefinition } from "@meshform/dsl";
import { MeshformError } from "@meshform/diagnostics";

/** The codes of {@link ConfigError}. */
export type ConfigErrorCode = "CONFIG_NOT_FOUND" | "CONFIG_FAILED" | "CONFIG_NO_MESH";

/** mesh.config.ts is missing, throws while it runs, or exports no mesh. */
export class ConfigError extends MeshformError<ConfigErrorCode> {
  override readonly name = "ConfigError";
}

function isMeshDefinition(value: unknown): value is MeshDefinition {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "MeshDefinition";
}

/** esbuild's report of a syntax error, one line per error: `<file>:<line>:<column>: ERROR: <text>`. */
const SYNTAX_ERROR = /^(.+):(\d+):\d+: ERROR: (.*)$/;

/** The first line of an error a config threw, with the config's own line when the stack has it. */
function describeFailure(error: unknown, path: string): string {
  const lines = error instanceof Error ? error.message.split("\n") : [String(error)];
  const syntax = lines.map((line) => SYNTAX_ERROR.exec(line)).find((match) => match !== null);
  if (syntax) return syntax[1] === path ? `${path}:${syntax[2]}: ${syntax[3]}` : `${path}: ${syntax[1]}:${syntax[2]}: ${syntax[3]}`;
  const message = lines[0]!;
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  const at = stack.split("\n").find((line) => line.includes(path));
  const where = at ? /:(\d+):(\d+)\)?$/.exec(at.trim()) : null;
  return where ? `${path}:${where[1]}: ${message}` : `${path}: ${message}`;
}

let typeScriptLoader: Promise<void> | undefined;

/**
 * Lets `import()` load a TypeScript file. The compiled CLI runs under plain Node: it registers
 * tsx's ESM loader, once, after loading `@meshform/dsl` (and through it every kind) itself, so
 * those modules load without the loader's hooks and the config's imports of them resolve to the
 * very modules the CLI uses. Run from its sources, the CLI is already under a TypeScript-aware
 * runner (tsx, vitest), and there is nothing to do.
 */
function loadTypeScript(): Promise<void> {
  if (!import.meta.url.endsWith(".js")) return Promise.resolve();
  return (typeScriptLoader ??= (async () => {
    await import("@meshform/dsl");
    const { register } = await import("tsx/esm/api");
    register();
  })());
}

/**
 * Loads mesh.config.ts (TypeScript runs as it is, through tsx) and returns its default
 * export, which must be what `defineMesh` returned.
 *
 * @throws ConfigError when the file is missing, fails while running, or exports no mesh
 */
export async function loadConfig(path: string, shown: string): Promise<MeshDefinition> {
  try {
    await access(path);
  } catch {
    throw new ConfigError("CONFIG_NOT_FOUND", `${shown}: no such file (create it, or pass --config <file>)`);
  }
  await loadTypeScript();
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError("CONFIG_FAILED", describeFailure(error, path).replace(path, shown), { cause: error });
  }
  if (!isMeshDefinition(module.default)) {
    throw new ConfigError("CONFIG_NO_MESH", `${shown}: the default export is not a mesh (write \`export default defineMesh({ ... }, (mesh) => { ... })\`)`);
  }
  return module.default;
}
