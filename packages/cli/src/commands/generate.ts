import { relative, resolve } from "node:path";
import { defineCommand } from "citty";
import { readOptions } from "../args.js";
import { UsageError } from "../errors.js";
import { ExitCode } from "../exit-code.js";
import { loadConfig } from "../generate/load-config.js";
import { runGenerate, stopsRun, type GenerateRun } from "../generate/pipeline.js";
import { renderGenerateJson, renderGenerateSummary, renderIssues } from "../generate/report.js";
import { paletteFor, printLine, type CliIo } from "../output.js";

const COMMAND = "meshform generate";

/** The options of `meshform generate`; its help is rendered from these. */
export const generateOptions = {
  config: { type: "string", valueHint: "file", default: "mesh.config.ts", description: "The mesh config: a TypeScript file whose default export is defineMesh(...)" },
  out: { type: "string", valueHint: "dir", default: "generated", description: "The output folder; meshform owns only the files it wrote there" },
  check: { type: "boolean", description: "Write nothing; exit 1 naming each file that differs" },
  diff: { type: "boolean", description: "With --check: print a unified diff of each file that differs" },
  json: { type: "boolean", description: "Print one JSON object on stdout instead of the summary" },
  "fail-on": { type: "string", valueHint: "error|warning", default: "error", description: "Write nothing and exit 1 when a finding is at least this severe" },
} as const;

/** Command lines shown under `EXAMPLES` in the help. */
export const examples: readonly string[] = [
  "meshform generate",
  "meshform generate --config deploy/mesh.config.ts --out deploy/generated",
  "meshform generate --check --diff",
];

/** `meshform generate`: mesh.config.ts in, per-namespace kustomize overlays out. */
export default defineCommand({
  meta: { name: "generate", description: "Generate per-namespace kustomize overlays from mesh.config.ts" },
  args: generateOptions,
  async run({ rawArgs, data }): Promise<ExitCode> {
    const io = data as CliIo;
    const { values } = readOptions(rawArgs, generateOptions, COMMAND);
    const failOn = values["fail-on"];
    if (failOn !== "error" && failOn !== "warning") throw new UsageError(`option '--fail-on' must be error or warning, not '${failOn}'`, COMMAND);
    const cwd = process.cwd();
    const started = performance.now();
    const config = resolve(cwd, values.config);
    const mesh = await loadConfig(config, relative(cwd, config) || values.config);
    const run = await runGenerate(mesh, { out: resolve(cwd, values.out), check: values.check, diff: values.diff, cwd, failOn });
    return printRun(run, performance.now() - started, { ...values, failOn }, io);
  },
});

// --- internal ---

function printRun(run: GenerateRun, elapsedMs: number, values: { json: boolean; check: boolean; failOn: "error" | "warning" }, io: CliIo): ExitCode {
  const failed = run.issues.some((i) => stopsRun(i, values.failOn));
  const stale = run.checked !== undefined && !run.checked.upToDate;
  if (values.json) {
    printLine(io.stdout, JSON.stringify(renderGenerateJson(run, elapsedMs), null, 2));
    return failed || stale ? ExitCode.Failure : ExitCode.Success;
  }
  const palette = paletteFor(io.stderr, io.env);
  if (run.issues.length > 0) for (const line of renderIssues(run.issues, palette)) printLine(io.stderr, line);
  if (run.checked) {
    for (const path of run.checked.added) printLine(io.stderr, `${palette.red("✖")} ${path}: missing`);
    for (const path of run.checked.changed) printLine(io.stderr, `${palette.red("✖")} ${path}: out of date`);
    for (const path of run.checked.removed) printLine(io.stderr, `${palette.red("✖")} ${path}: obsolete`);
    for (const { diff } of run.checked.diffs) printLine(io.stdout, diff.trimEnd());
  }
  printLine(io.stdout, renderGenerateSummary(run, elapsedMs));
  return failed || stale ? ExitCode.Failure : ExitCode.Success;
}
