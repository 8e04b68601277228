import { dirname, relative, resolve } from "node:path";
import { defineCommand } from "citty";
import type { MeshformError } from "@meshform/diagnostics";
import { readOptions } from "../args.js";
import { exitCodeOf, type ExitCode, type FailOn } from "../exit-code.js";
import type { GenerateRun, GenerateStage } from "@meshform/engine";
import { CACHE_FOLDER_ENV, defaultCacheFolder, loadMesh } from "@meshform/engine/load";
import { readConfigTimeout, readEnvironments } from "../generate/flags.js";
import { boundHeapGrowthForLargeMeshes } from "../generate/heap.js";
import { renderGenerateJson, renderGenerateSummary } from "../generate/report.js";
import { failOnOption, jsonOption, readFailOn } from "../options.js";
import { paletteFor, printJson, printLine, type CliIo } from "../output.js";
import { printIssues, renderIssueCounts } from "../report/issues.js";
import { renderCheckedTree } from "../report/stale.js";

const COMMAND = "meshform generate";

/** The options of `meshform generate`; its help is rendered from these. */
export const generateOptions = {
  config: { type: "string", valueHint: "file", default: "mesh.config.ts", description: "The mesh config: a TypeScript file whose default export is defineMesh(...)" },
  "config-timeout": { type: "string", valueHint: "sec", description: "Seconds the config may take to run before the run stops with an error (Default: $MESHFORM_CONFIG_TIMEOUT, else 60)" },
  out: { type: "string", valueHint: "dir", default: "generated", description: "The output folder; meshform owns only the files it wrote there" },
  check: { type: "boolean", description: "Write nothing; exit 1 naming each file that differs" },
  diff: { type: "boolean", description: "With --check: print a unified diff of each file that differs" },
  env: {
    type: "string",
    multiple: true,
    valueHint: "names",
    description: "Generate (or with --check, compare) these environments only, comma-separated; the other environments' folders are left as they are (Default: all)",
  },
  "allow-removal": {
    type: "boolean",
    description: "Let the run delete a whole folder, a Namespace object, or more than 10% (and at least 10) of the files meshform owns there",
  },
  "no-cache": {
    type: "boolean",
    description: `Plan everything again; by default a run whose config builds the same mesh as an earlier run reuses its files (cache in node_modules/.cache/meshform, or $${CACHE_FOLDER_ENV})`,
  },
  json: jsonOption("one JSON object", "the summary"),
  "fail-on": failOnOption("Write nothing and exit 1"),
} as const;

/** Command lines shown under `EXAMPLES` in the help. */
export const examples: readonly string[] = [
  "meshform generate",
  "meshform generate --config deploy/mesh.config.ts --out deploy/generated",
  "meshform generate --check --diff",
  "meshform generate --env dev,staging",
];

/** `meshform generate`: mesh.config.ts in, per-namespace kustomize overlays out. */
export default defineCommand({
  meta: { name: "generate", description: "Generate per-namespace kustomize overlays from mesh.config.ts" },
  args: generateOptions,
  async run({ rawArgs, data }): Promise<ExitCode> {
    const io = data as CliIo;
    const { values } = readOptions(rawArgs, generateOptions, COMMAND);
    const failOn = readFailOn(values["fail-on"], COMMAND);
    const cwd = process.cwd();
    const started = performance.now();
    const config = resolve(cwd, values.config);
    const shownConfig = relative(cwd, config) || values.config;
    // Loaded here, not at start-up: it brings in @meshform/render, which `--help` does not need.
    const { refuseOutputFolder } = await import("../generate/out-folder.js");
    refuseOutputFolder(values.out, config, shownConfig, cwd);
    const timeoutSeconds = readConfigTimeout(values["config-timeout"], process.env, COMMAND);
    const environments = readEnvironments(values.env, COMMAND);
    // The pipeline is loaded before tsx's loader is registered: modules loaded after it pass
    // through its thread, one round trip each, which cost a fixed 0.3 s or so on every run.
    const loadPipeline = () => import("@meshform/engine");
    const mesh = await loadMesh(config, { shown: shownConfig, timeoutSeconds, preload: loadPipeline, onLateError: (error) => exitOnLateError(error, io) });
    const { runGenerate } = await loadPipeline();
    boundHeapGrowthForLargeMeshes(mesh);
    const progress = progressReporter(io);
    const out = resolve(cwd, values.out);
    const cacheFolder = !values["no-cache"] ? cacheFolderOf(io.env[CACHE_FOLDER_ENV], config) : undefined;
    const run = await runGenerate(mesh, {
      out,
      check: values.check,
      diff: values.diff,
      allowRemoval: values["allow-removal"],
      cwd,
      failOn,
      ...(environments ? { environments } : {}),
      ...(progress ? { progress } : {}),
      ...(cacheFolder !== undefined ? { cache: { folder: resolve(cwd, cacheFolder) } } : {}),
    });
    return printRun(run, performance.now() - started, { ...values, failOn }, io);
  },
});

// --- internal ---

/** The generation cache's folder: `$MESHFORM_CACHE_DIR` when set, else the default for the config's folder. */
function cacheFolderOf(fromEnv: string | undefined, config: string): string | undefined {
  return fromEnv !== undefined && fromEnv.trim() !== "" ? fromEnv : defaultCacheFolder(dirname(config));
}

/**
 * A callback the config left behind threw once the config had loaded (a builder called from a
 * timer once the mesh is sealed): the run ends with that error, as one line, instead of a stack.
 */
function exitOnLateError(error: MeshformError, io: CliIo): void {
  printLine(io.stderr, `${paletteFor(io.stderr, io.env).red("error:")} ${error.message}`);
  process.exit(1);
}

/** What each stage is called in the progress lines. */
const STAGE_WORDS: Readonly<Record<GenerateStage, string>> = {
  compile: "compiling",
  validate: "validating",
  analyze: "analyzing",
  render: "rendering",
  write: "writing",
  check: "comparing",
};

/** Below this many resources or files a run is quick, and shows no progress. */
const LONG_RUN = 2000;

/**
 * Progress lines on a terminal for long runs (`generate: validating 22000 resources...`), on
 * stderr so results on stdout stay clean; nothing when stderr is not a terminal.
 */
function progressReporter(io: CliIo): ((stage: GenerateStage, count: number) => void) | undefined {
  if (io.stderr.isTTY !== true) return undefined;
  return (stage, count) => {
    if (count < LONG_RUN) return;
    const noun = stage === "write" || stage === "check" ? "files" : "resources";
    printLine(io.stderr, `generate: ${STAGE_WORDS[stage]} ${count} ${noun}...`);
  };
}

function printRun(run: GenerateRun, elapsedMs: number, values: { json: boolean; failOn: FailOn }, io: CliIo): ExitCode {
  const exitCode = exitCodeOf(run.issues, { failOn: values.failOn, stale: run.checked !== undefined && !run.checked.upToDate });
  if (values.json) {
    printJson(io.stdout, renderGenerateJson(run, elapsedMs));
    return exitCode;
  }
  if (run.issues.length > 0) {
    printIssues(io, run.issues);
    printLine(io.stderr, renderIssueCounts(run.issues));
  }
  if (run.checked) {
    for (const line of renderCheckedTree(run.checked, paletteFor(io.stderr, io.env))) printLine(io.stderr, line);
    for (const { diff } of run.checked.diffs) printLine(io.stdout, diff.trimEnd());
  }
  printLine(io.stdout, renderGenerateSummary(run, elapsedMs));
  return exitCode;
}
