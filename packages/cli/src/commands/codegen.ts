import { relative } from "node:path";
import { runCodegen, type CodegenResult, type CodegenTarget } from "@meshform/codegen";
import { defineCommand } from "citty";
import { readOptions } from "../args.js";
import { countStale, renderCodegenJson, renderSkipped, renderStale, renderStaleCount, renderSummary, type CodegenRun } from "../codegen/report.js";
import { planCodegenTargets } from "../codegen/targets.js";
import { FileSystemError, isSystemError } from "../errors.js";
import { exitCodeOf, type ExitCode } from "../exit-code.js";
import { jsonOption } from "../options.js";
import { paletteFor, printJson, printLine, type CliIo } from "../output.js";

const COMMAND = "meshform codegen";

/** The options of `meshform codegen`; its help is rendered from these. */
export const codegenOptions = {
  builtin: { type: "boolean", description: "Regenerate meshform's own kinds (Kubernetes, Istio, Gateway API) in the workspace" },
  specs: { type: "string", valueHint: "dir", description: "With --builtin: the specs folder (default: ../shared/specs beside the workspace)" },
  crd: { type: "string", valueHint: "file|dir|url", multiple: true, description: "CRD YAML: a file, a folder of them, or a URL (repeatable)" },
  openapi: { type: "string", valueHint: "file|url", multiple: true, description: "A Kubernetes OpenAPI v3 document (repeatable; needs --kind)" },
  kind: { type: "string", valueHint: "[group/]version/Kind", multiple: true, description: "A kind to take from --openapi, e.g. apps/v1/Deployment, or apps/v1/* for every kind of the version (repeatable)" },
  out: { type: "string", valueHint: "dir", description: "The output folder, replaced whole (required without --builtin)" },
  product: { type: "string", valueHint: "label", default: "Custom", description: "The product named in docs and the availability index" },
  release: { type: "string", valueHint: "label", default: "local", description: "The release of the inputs, named in docs and headers" },
  "runtime-import": { type: "string", valueHint: "specifier", default: "@meshform/kind-runtime", description: "Where generated code imports its runtime helpers from" },
  "meta-import": { type: "string", valueHint: "specifier", default: "@meshform/k8s/meta/v1", description: "Where generated code imports ObjectMeta from" },
  check: { type: "boolean", description: "Write nothing; exit 1 naming each stale file" },
  json: jsonOption("one JSON object", "the summary"),
} as const;

/** Command lines shown under `EXAMPLES` in the help. */
export const examples: readonly string[] = [
  "meshform codegen --crd crds/ --out src/kinds",
  "meshform codegen --openapi k8s-openapi.json --kind apps/v1/Deployment --kind v1/Service --out src/kinds",
  "meshform codegen --crd crds/ --out src/kinds --check",
  "meshform codegen --builtin",
];

/** `meshform codegen`: typed kinds from CRDs and OpenAPI documents, or meshform's own with `--builtin`. */
export default defineCommand({
  meta: { name: "codegen", description: "Generate typed kinds (types, zod schemas, metadata) from CRDs and OpenAPI documents" },
  args: codegenOptions,
  async run({ rawArgs, data }): Promise<ExitCode> {
    const io = data as CliIo;
    const { values, given } = readOptions(rawArgs, codegenOptions, COMMAND);
    const cwd = process.cwd();
    const targets = planCodegenTargets(values, given, cwd);
    const started = performance.now();
    const results = await runTargets(targets, cwd);
    return printCodegenRun({ results, check: values.check, elapsedMs: performance.now() - started, cwd }, values.json, io);
  },
});

// --- internal ---

async function runTargets(targets: readonly CodegenTarget[], cwd: string): Promise<CodegenResult[]> {
  const results: CodegenResult[] = [];
  try {
    for (const target of targets) {
      results.push(await runCodegen(target));
    }
  } catch (error) {
    if (!isSystemError(error)) throw error;
    const reason = /^[A-Z]+: ([^,]+)/.exec(error.message)?.[1] ?? error.message;
    const path = error.path === undefined ? "" : ` ${relative(cwd, error.path).split("\\").join("/")}`;
    throw new FileSystemError(`cannot ${error.syscall}${path}: ${reason} (${error.code})`, { cause: error });
  }
  return results;
}

function printCodegenRun(run: CodegenRun, json: boolean, io: CliIo): ExitCode {
  const stale = run.check ? countStale(run.results) : 0;
  if (json) {
    printJson(io.stdout, renderCodegenJson(run));
  } else {
    const palette = paletteFor(io.stderr, io.env);
    for (const line of renderSkipped(run, palette)) printLine(io.stderr, line);
    if (run.check) for (const line of renderStale(run, palette)) printLine(io.stderr, line);
    printLine(io.stdout, renderSummary(run));
    if (stale > 0) printLine(io.stderr, renderStaleCount(stale));
  }
  return exitCodeOf([], { stale: stale > 0 });
}
