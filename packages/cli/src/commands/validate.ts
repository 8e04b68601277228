import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { formatSource, summarizeIssues } from "@meshform/diagnostics";
import { createValidator, formatPath as formatFieldPath, supportedReleases, validateManifests, ValidateError, type DocumentResult, type ValidateIssue } from "@meshform/validate";
import { defineCommand } from "citty";
import { readOptions } from "../args.js";
import { UsageError } from "../errors.js";
import { ExitCode } from "../exit-code.js";
import { paletteFor, printLine, type CliIo, type Palette } from "../output.js";

const COMMAND = "meshform validate";
const releases = supportedReleases();

/** The options of `meshform validate`; its help is rendered from these. */
export const validateOptions = {
  strict: { type: "boolean", description: "Unknown fields are errors (as kubectl apply --validate=strict), not warnings" },
  json: { type: "boolean", description: "Print one JSON record per document on stdout instead of the report" },
  "istio-release": { type: "string", valueHint: releases.istio.join("|"), default: releases.istio.at(-1)!, description: "The Istio release the resources must be served by" },
  "gateway-api-release": { type: "string", valueHint: releases.gatewayApi.join("|"), default: releases.gatewayApi.at(-1)!, description: "The Gateway API release the resources must be served by" },
  "gateway-api-channel": { type: "string", valueHint: "standard|experimental", default: "standard", description: "The Gateway API channel whose CRDs are installed" },
} as const;

/** Command lines shown under `EXAMPLES` in the help. */
export const examples: readonly string[] = [
  "meshform validate generated/",
  "meshform validate --strict route.yaml gateway.yaml",
  "kustomize build overlays/prod | meshform validate -",
  "meshform validate --gateway-api-channel experimental --json manifests/",
];

/** `meshform validate`: checks YAML or JSON manifests offline as the API server would on create. */
export default defineCommand({
  meta: { name: "validate", description: "Check manifests as the API server would on create: schema, CEL rules, Istio admission" },
  args: { inputs: { type: "positional", required: true, valueHint: "file|dir|-", description: "Manifest files, folders (searched for .yaml, .yml, .json, hidden ones skipped) or - for standard input" }, ...validateOptions },
  async run({ rawArgs, data }): Promise<ExitCode> {
    const io = data as CliIo;
    const { inputs, options } = splitArguments(rawArgs);
    const { values } = readOptions(options, validateOptions, COMMAND);
    const validator = createValidatorFor(values);
    const results: DocumentResult[] = [];
    let files = 0;
    for await (const input of readInputs(inputs)) {
      files += 1;
      results.push(...(input.error === undefined ? validateManifests(validator, input.text, input.file) : [readFailure(input.file, input.error)]));
    }
    return printResults(results, files, values.json, io);
  },
});

// --- internal ---

function splitArguments(rawArgs: readonly string[]): { inputs: string[]; options: string[] } {
  const inputs: string[] = [];
  const options: string[] = [];
  for (let i = 0; i < rawArgs.length; i += 1) {
    const token = rawArgs[i]!;
    if (token === "--") {
      inputs.push(...rawArgs.slice(i + 1));
      break;
    }
    if (token === "-" || !token.startsWith("-")) {
      inputs.push(token);
      continue;
    }
    options.push(token);
    const option = (validateOptions as Record<string, { type: string }>)[token.slice(2)];
    if (option?.type === "string" && i + 1 < rawArgs.length) options.push(rawArgs[(i += 1)]!);
  }
  return { inputs, options };
}

function createValidatorFor(values: { strict: boolean; "istio-release": string; "gateway-api-release": string; "gateway-api-channel": string }) {
  try {
    return createValidator({
      strict: values.strict,
      istioRelease: values["istio-release"],
      gatewayApiRelease: values["gateway-api-release"],
      gatewayApiChannel: values["gateway-api-channel"] as "standard" | "experimental",
    });
  } catch (error) {
    if (error instanceof ValidateError) throw new UsageError(error.message, COMMAND);
    throw error;
  }
}

interface Input {
  readonly file: string;
  readonly text: string;
  readonly error?: NodeJS.ErrnoException;
}

/** Every input file's text, in the order given (a folder's files sorted), read a batch at a time. */
async function* readInputs(inputs: readonly string[]): AsyncGenerator<Input> {
  for (const input of inputs) {
    if (input === "-") {
      yield { file: "-", text: await readStdin() };
      continue;
    }
    let files: string[];
    try {
      files = (await stat(input)).isDirectory() ? await listManifests(input) : [input];
    } catch (error) {
      yield { file: input, text: "", error: error as NodeJS.ErrnoException };
      continue;
    }
    for (let i = 0; i < files.length; i += 128) {
      const batch = files.slice(i, i + 128);
      yield* await Promise.all(batch.map((file) => readFile(file, "utf8").then((text) => ({ file, text }), (error: NodeJS.ErrnoException) => ({ file, text: "", error }))));
    }
  }
}

/** The `.yaml`, `.yml` and `.json` files under `folder`, sorted, without hidden files and folders (`.meshform-owned.json`, `.github/`). */
async function listManifests(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && /\.(ya?ml|json)$/i.test(e.name)).map((e) => join(relative(folder, e.parentPath), e.name));
  const visible = files.filter((file) => !file.split(/[\\/]/).some((part) => part.startsWith(".")));
  return visible.sort().map((file) => join(folder, file).split("\\").join("/"));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function readFailure(file: string, error: NodeJS.ErrnoException): DocumentResult {
  const reason = error.code === "ENOENT" ? "no such file or folder" : error.code === "EACCES" ? "permission denied" : (error.message.split(",")[0] ?? error.message);
  const issue: ValidateIssue = { code: "READ_FAILED", severity: "error", message: `cannot read: ${reason}`, source: { file } };
  return { file, index: 0, issues: [issue] };
}

function printResults(results: readonly DocumentResult[], files: number, json: boolean, io: CliIo): ExitCode {
  const issues = results.flatMap((r) => r.issues);
  if (json) {
    printLine(io.stdout, results.length === 0 ? "[]" : `[\n${results.map((r) => JSON.stringify(renderRecord(r))).join(",\n")}\n]`);
  } else {
    const palette = paletteFor(io.stderr, io.env);
    for (const result of results) for (const issue of sortIssues(result.issues)) printLine(io.stderr, renderIssueLine(issue, result, palette));
    const documents = results.filter((r) => r.skipped === undefined && r.kind !== undefined).length;
    printLine(io.stdout, `${summarizeIssues(issues)} in ${documents} ${documents === 1 ? "document" : "documents"} (${files} ${files === 1 ? "file" : "files"})`);
  }
  return issues.some((issue) => issue.severity === "error") ? ExitCode.Failure : ExitCode.Success;
}

function sortIssues(issues: readonly ValidateIssue[]): ValidateIssue[] {
  return [...issues].sort((a, b) => (a.source?.line ?? 0) - (b.source?.line ?? 0));
}

/** `✖ file:line Kind/namespace/name field: message (hint)`. */
function renderIssueLine(issue: ValidateIssue, result: DocumentResult, palette: Palette): string {
  const mark = issue.severity === "error" ? palette.red("✖") : palette.yellow("⚠");
  const where = issue.source === undefined ? result.file : formatSource(issue.source);
  const who = result.kind === undefined ? "" : ` ${[result.kind, result.namespace, result.name].filter((p) => p !== undefined && p !== "").join("/")}`;
  const path = issue.path !== undefined && issue.path.length > 0 ? `${formatFieldPath(issue.path)}: ` : "";
  return `${mark} ${where}${who} ${path}${issue.message}${issue.hint === undefined ? "" : ` (${issue.hint})`}`;
}

function renderRecord(result: DocumentResult): Record<string, unknown> {
  const render = (issue: ValidateIssue) => ({
    code: issue.code,
    ...(issue.path === undefined || issue.path.length === 0 ? {} : { path: formatFieldPath(issue.path) }),
    ...(issue.source?.line === undefined ? {} : { line: issue.source.line }),
    message: issue.message,
    ...(issue.hint === undefined ? {} : { hint: issue.hint }),
  });
  const { file, index, item, apiVersion, kind, namespace, name, skipped, issues } = result;
  return {
    ...{ file, index, ...(item === undefined ? {} : { item }), apiVersion, kind, namespace, name },
    valid: !issues.some((i) => i.severity === "error"),
    ...(skipped === undefined ? {} : { skipped }),
    errors: issues.filter((i) => i.severity === "error").map(render),
    warnings: issues.filter((i) => i.severity !== "error").map(render),
  };
}
