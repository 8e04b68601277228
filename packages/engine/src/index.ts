/**
 * meshform's generation as a library: what `meshform generate` runs, for a build script, a test
 * or a bundler plugin to call without spawning the CLI.
 *
 * {@link loadMesh} runs a mesh.config.ts; {@link planGeneration} computes, without writing, what
 * it generates (every file, every finding of compile, validation and analysis, and how the output
 * folder differs); {@link writeGeneration} writes a plan (atomically, owned, locked) and
 * {@link checkGeneration} compares one with the folder. {@link runGenerate} is the three in a row,
 * as the CLI runs them.
 *
 * @example
 * ```ts
 * import { checkGeneration, loadMesh, planGeneration, writeGeneration } from "@meshform/engine";
 *
 * const mesh = await loadMesh("mesh.config.ts");
 * const plan = await planGeneration(mesh, { out: "generated" });
 * for (const issue of plan.issues) console.warn(issue.message);
 * if (!plan.blocked && !plan.changes?.upToDate) await writeGeneration(plan);
 * ```
 *
 * @packageDocumentation
 */
export { ConfigError, CONFIG_TIMEOUT_ENV, DEFAULT_CONFIG_TIMEOUT, loadMesh, type ConfigErrorCode, type LoadMeshOptions } from "./load.js";
export {
  analyzeCompiled,
  applicationSetOf,
  checkGeneration,
  failsRun,
  planGeneration,
  runGenerate,
  validateCompiled,
  writeGeneration,
  type CacheUse,
  type CheckGenerationOptions,
  type FailOn,
  type GenerateOptions,
  type GenerateRun,
  type GenerateStage,
  type GenerationPlan,
  type PlanGenerationOptions,
  type PlannedTree,
  type WriteGenerationOptions,
} from "./pipeline.js";
export { type GenerationCacheOptions } from "./cache.js";
export { CACHE_FOLDER_ENV, defaultCacheFolder } from "./folders.js";
export { environmentsOf, type EnvironmentUnit } from "./environments.js";
export { GenerationError, type GenerationErrorCode } from "./errors.js";
