// `--config` and `--env` of `meshform validate` and `meshform analyze`: the mesh.config.ts a tree
// was generated from, read for what `generate` checked the tree with (targets, kinds, externals,
// suppressions), so that checking the tree gives generate's verdict.
import { relative, resolve } from "node:path";
import type { MeshDefinition, MeshModel } from "@meshform/dsl";
import type { StringOption } from "../args.js";
import { UsageError } from "../errors.js";

/** The options both commands take to read the config. */
export const configOptions = {
  config: {
    type: "string",
    valueHint: "file",
    description: "The mesh.config.ts the input was generated from: check it with the config's targets, kinds, externals and suppressions, as generate does",
  },
  env: { type: "string", valueHint: "name", description: "With --config: the environment the input belongs to (needed when the config declares several)" },
} as const satisfies Readonly<Record<string, StringOption>>;

/** What the commands take from the config: the model of the environment the input belongs to. */
export interface CheckedConfig {
  /** The model of the mesh, or of the environment `--env` names. */
  readonly model: MeshModel;
  /** The environment, when the config declares environments. */
  readonly environment?: string;
  /** The config's path as the messages show it. */
  readonly shown: string;
}

/** The environment variable that sets how long the config may run (seconds), as for `generate`. */
const TIMEOUT_ENV = "MESHFORM_CONFIG_TIMEOUT";

/**
 * Loads the config `--config` names and picks the model of the environment `--env` names;
 * `undefined` without `--config`. Options that say what the config says (`conflicting`, given on
 * the command line) are refused beside it.
 *
 * @throws UsageError for `--env` without `--config`, an environment the config does not declare,
 * a config with several environments and no `--env`, `--env` for a config without environments,
 * or an option the config overrides
 * @throws ConfigError (from the loader) when the config is missing, fails or exports no mesh
 */
export async function loadCheckedConfig(
  values: { readonly config?: string | undefined; readonly env?: string | undefined },
  conflicting: readonly string[],
  command: string,
): Promise<CheckedConfig | undefined> {
  if (values.config === undefined) {
    if (values.env !== undefined) throw new UsageError("--env names an environment of the config: give the config with --config <file>", command);
    return undefined;
  }
  const overridden = conflicting[0];
  if (overridden !== undefined) {
    const what = overridden === "root-namespace" ? "rootNamespace" : "targets";
    throw new UsageError(`--${overridden} and --config both say what to check against: the config's ${what} apply; drop --${overridden}`, command);
  }
  const cwd = process.cwd();
  const absolute = resolve(cwd, values.config);
  const shown = relative(cwd, absolute) || values.config;
  const { loadMesh } = await import("@meshform/engine/load");
  const timeout = Number(process.env[TIMEOUT_ENV]);
  const mesh = await loadMesh(absolute, { shown, ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutSeconds: timeout } : {}) });
  return pickEnvironment(mesh, values.env, shown, command);
}

/**
 * The model of the environment `env` names, or of the whole mesh for a config without
 * environments; a config with one environment needs no `--env`.
 *
 * @throws UsageError as {@link loadCheckedConfig} says
 */
export function pickEnvironment(mesh: MeshDefinition, env: string | undefined, shown: string, command: string): CheckedConfig {
  const environments = mesh.environments ?? [];
  if (environments.length === 0) {
    if (env !== undefined) throw new UsageError(`--env ${env}: ${shown} declares no environments; drop --env`, command);
    return { model: mesh.model, shown };
  }
  const names = environments.map((environment) => environment.name);
  if (env === undefined) {
    if (environments.length === 1) return { model: environments[0]!.model, environment: names[0]!, shown };
    throw new UsageError(`${shown} declares the environments ${names.join(", ")}: name the one the input belongs to with --env <name>`, command);
  }
  const chosen = environments.find((environment) => environment.name === env);
  if (chosen === undefined) throw new UsageError(`--env ${env}: ${shown} declares no such environment; it declares ${names.join(", ")}`, command);
  return { model: chosen.model, environment: chosen.name, shown };
}
