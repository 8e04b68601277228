// Environments: what the pipeline runs once for each. A config without environments is one unit,
// the whole mesh, written at the root of the output folder as before environments existed.
import type { MeshDefinition, MeshModel } from "@meshform/dsl";
import { GenerationError } from "./errors.js";

/** A cluster of an environment: its own tree and its own Argo CD destination. */
export interface EnvironmentCluster {
  /** The cluster's name in the config: its folder inside the environment's. */
  readonly name: string;
  /** The API server URL Argo CD deploys to. */
  readonly server?: string;
  /** The cluster's name in Argo CD, when it is not given by server. */
  readonly clusterName?: string;
}

/** An environment as the pipeline reads it from the config. */
export interface EnvironmentInfo {
  /** The environment's name: its folder in the output folder. */
  readonly name: string;
  /** Its clusters; empty when it declares none (one tree, the environment's folder). */
  readonly clusters: readonly EnvironmentCluster[];
  /** Where Argo CD deploys an environment without clusters. */
  readonly destination?: { readonly server?: string; readonly name?: string };
}

/** What the pipeline runs once: the whole mesh, or one environment of it. */
export interface EnvironmentUnit {
  /** The environment; absent for a config without environments. */
  readonly environment?: EnvironmentInfo;
  /** The model the environment's callback built. */
  readonly model: MeshModel;
}

/** The shape of a mesh with environments, as `defineMesh` returns it. */
interface WithEnvironments {
  readonly environments?: readonly (EnvironmentInfo & { readonly model: MeshModel })[];
}

/** The units of a mesh: one per environment, in the config's order, or the whole mesh when it declares none. */
export function environmentsOf(mesh: MeshDefinition): EnvironmentUnit[] {
  const environments = (mesh as MeshDefinition & WithEnvironments).environments;
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
    throw new GenerationError("ENVIRONMENT_UNKNOWN", `the config declares no environment ${unknown.map((name) => `'${name}'`).join(", ")}: it declares ${declared.map((name) => `'${name}'`).join(", ")}`);
  }
  const wanted = new Set(names);
  return units.filter((unit) => unit.environment !== undefined && wanted.has(unit.environment.name));
}
