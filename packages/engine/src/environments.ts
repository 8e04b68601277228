// Environments: what the pipeline runs once for each. A config without environments is one unit,
// the whole mesh, written at the root of the output folder as before environments existed.
import type { MeshDefinition, MeshEnvironment, MeshModel } from "@meshform/dsl";
import { GenerationError } from "./errors.js";

/** What the pipeline runs once: the whole mesh, or one environment of it. */
export interface EnvironmentUnit {
  /** The environment (its name, clusters and destination); absent for a config without environments. */
  readonly environment?: Omit<MeshEnvironment, "model" | "ready">;
  /** The model the environment's run of the callback built (the mesh's, without environments). */
  readonly model: MeshModel;
}

/** The units of a mesh: one per environment, in the config's order, or the whole mesh when it declares none. */
export function environmentsOf(mesh: MeshDefinition): EnvironmentUnit[] {
  const environments = mesh.environments;
  if (environments === undefined || environments.length === 0) return [{ model: mesh.model }];
  return environments.map(({ name, clusters, destination, model }) => ({ environment: { name, clusters, ...(destination ? { destination } : {}) }, model }));
}

/**
 * The units a run covers: all, or those named (`--env dev,prod`), in the config's order.
 *
 * @throws GenerationError `ENVIRONMENT_UNKNOWN` for a name the config does not declare, or names
 * given for a config that declares no environments
 */
export function selectEnvironments(units: readonly EnvironmentUnit[], names: readonly string[] | undefined): readonly EnvironmentUnit[] {
  if (names === undefined) return units;
  const declared = units.flatMap((unit) => (unit.environment ? [unit.environment.name] : []));
  if (declared.length === 0) {
    throw new GenerationError("ENVIRONMENT_UNKNOWN", `the config declares no environments, so there is none to select (${names.join(", ")}): declare them in defineMesh({ environments: { ... } }), or drop --env`);
  }
  const unknown = names.filter((name) => !declared.includes(name));
  if (unknown.length > 0) {
    const list = (items: readonly string[]) => items.map((name) => `'${name}'`).join(", ");
    throw new GenerationError("ENVIRONMENT_UNKNOWN", `the config declares no environment ${list(unknown)}: it declares ${list(declared)}; pass some of those to --env`);
  }
  const wanted = new Set(names);
  return units.filter((unit) => unit.environment !== undefined && wanted.has(unit.environment.name));
}
