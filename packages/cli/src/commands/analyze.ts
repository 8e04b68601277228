import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { analyzeMesh, mergeExternalDeclarations, parseExternalReference, readExternalDeclarations, readManifests, AnalyzeError, type AnalyzedResource, type ExternalDeclarations } from "@meshform/analyze";
import { countIssues, formatIssue, formatResource, summarizeIssues, type Issue } from "@meshform/diagnostics";
import { formatPath } from "@meshform/validate";
import { defineCommand } from "citty";
import { readOptions } from "../args.js";
import { FileSystemError, UsageError } from "../errors.js";
import { ExitCode } from "../exit-code.js";
import { paletteFor, printLine, type CliIo, type Palette } from "../output.js";

const COMMAND = "meshform analyze";

/** The options of `meshform analyze`; its help is rendered from these. */
export const analyzeOptions = {
  json: { type: "boolean", description: "Print one JSON object with every finding on stdout instead of the report" },
  "fail-on": { type: "string", valueHint: "error|warning", default: "error", description: "Exit 1 when a finding is at least this severe" },
  external: { type: "string", multiple: true, valueHint: "ns/name|Gateway/ns/name|host", description: "A Service, Gateway or host that exists outside the input, so references to it are not reported; repeatable" },
  "external-file": { type: "string", valueHint: "file", description: "A YAML file listing services, gateways and hosts that exist outside the input" },
  "root-namespace": { type: "string", valueHint: "namespace", default: "istio-system", description: "The Istio root namespace, where mesh-wide policy lives" },
} as const;

/** Command lines shown under `EXAMPLES` in the help. */
export const examples: readonly string[] = [
  "meshform analyze generated/",
  "meshform analyze --external shop/reviews --external Gateway/istio-system/ingress routes.yaml",
  "kustomize build overlays/prod | meshform analyze --fail-on warning -",
  "meshform analyze --external-file external.yaml --json manifests/",
];

/** `meshform analyze`: checks a whole set of manifests for what is broken or unsafe across resources. */
export default defineCommand({
  meta: { name: "analyze", description: "Find what is valid per resource but broken or unsafe across the mesh: references, conflicts, security, protocols, ambient mode" },
  args: { inputs: { type: "positional", required: true, valueHint: "file|dir|-", description: "Manifest files, folders (searched for .yaml, .yml, .json) or - for standard input" }, ...analyzeOptions },
  async run({ rawArgs, data }): Promise<ExitCode> {
    const io = data as CliIo;
    const { inputs, options } = splitArguments(rawArgs);
    const { values } = readOptions(options, analyzeOptions, COMMAND);
    if (inputs.length === 0) throw new UsageError("no input given: name files, folders, or - for standard input", COMMAND);
    const failOn = values["fail-on"];
    if (failOn !== "error" && failOn !== "warning") throw new UsageError(`option '--fail-on' must be error or warning, not '${failOn}'`, COMMAND);
    const external = mergeExternalDeclarations(...values.external.map(parseFlag), ...(values["external-file"] ? [await readExternalFile(values["external-file"])] : []));
    const read = await readAll(inputs);
    const findings = analyzeMesh(read.resources, { external, rootNamespace: values["root-namespace"] });
    const issues: Issue[] = [...read.problems, ...findings];
    printReport(issues, read, values.json, io);
    const failing = issues.some((i) => i.severity === "error" || (failOn === "warning" && i.severity === "warning"));
    return failing ? ExitCode.Failure : ExitCode.Success;
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
    const option = (analyzeOptions as Record<string, { type: string }>)[token.slice(2)];
    if (option?.type === "string" && i + 1 < rawArgs.length) options.push(rawArgs[(i += 1)]!);
  }
  return { inputs, options };
}

function parseFlag(value: string): ExternalDeclarations {
  try {
    return parseExternalReference(value);
  } catch (error) {
    if (error instanceof AnalyzeError) throw new UsageError(`--external: ${error.message}`, COMMAND);
    throw error;
  }
}

async function readExternalFile(file: string): Promise<ExternalDeclarations> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new FileSystemError(`${file}: ${reasonOf(error as NodeJS.ErrnoException)} (--external-file)`, { cause: error });
  }
  return readExternalDeclarations(text, file);
}

interface ReadResult {
  readonly resources: AnalyzedResource[];
  /** Files that could not be read, documents that are not YAML. */
  readonly problems: Issue[];
  readonly files: number;
}

/** Every resource of the inputs, in the order given (a folder's files sorted). */
async function readAll(inputs: readonly string[]): Promise<ReadResult> {
  const resources: AnalyzedResource[] = [];
  const problems: Issue[] = [];
  let files = 0;
  for (const input of inputs) {
    let names: string[];
    try {
      names = input === "-" ? ["-"] : (await stat(input)).isDirectory() ? await listManifests(input) : [input];
    } catch (error) {
      problems.push({ code: "READ_FAILED", severity: "error", message: `cannot read: ${reasonOf(error as NodeJS.ErrnoException)}`, source: { file: input } });
      continue;
    }
    for (const file of names) {
      files += 1;
      const text = file === "-" ? await readStdin() : await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => error);
      if (typeof text !== "string") {
        problems.push({ code: "READ_FAILED", severity: "error", message: `cannot read: ${reasonOf(text)}`, source: { file } });
        continue;
      }
      const set = readManifests(text, file);
      resources.push(...set.resources);
      problems.push(...set.issues);
    }
  }
  return { resources, problems, files };
}

async function listManifests(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && /\.(ya?ml|json)$/i.test(e.name)).map((e) => join(relative(folder, e.parentPath), e.name));
  return files.sort().map((file) => join(folder, file).split("\\").join("/"));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function reasonOf(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return "no such file or folder";
  if (error.code === "EACCES") return "permission denied";
  return error.message.split(",")[0] ?? error.message;
}

function printReport(issues: readonly Issue[], read: ReadResult, json: boolean, io: CliIo): void {
  if (json) {
    const { errors, warnings } = countIssues(issues);
    const infos = issues.length - errors - warnings;
    printLine(io.stdout, JSON.stringify({ resources: read.resources.length, files: read.files, errors, warnings, infos, findings: issues.map(renderRecord) }, null, 2));
    return;
  }
  for (const line of renderFindings(issues, paletteFor(io.stderr, io.env))) printLine(io.stderr, line);
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  printLine(io.stdout, `${summarizeIssues(issues)} in ${count(read.resources.length, "resource")} (${count(read.files, "file")})`);
}

/**
 * The findings grouped by file, then by resource: a header line per group, then one
 * `✖`/`⚠`/`ℹ` line per finding with its line, field, message, hint and code.
 */
function renderFindings(issues: readonly Issue[], palette: Palette): string[] {
  const groups = new Map<string, Issue[]>();
  for (const issue of issues) {
    const key = [issue.source?.file, issue.resource && formatResource(issue.resource)].filter((p) => p !== undefined && p !== "").join(" - ");
    groups.set(key, [...(groups.get(key) ?? []), issue]);
  }
  const mark = (issue: Issue) => (issue.severity === "error" ? palette.red("✖") : issue.severity === "warning" ? palette.yellow("⚠") : palette.dim("ℹ"));
  return [...groups].flatMap(([header, group]) => [
    palette.bold(header),
    ...group.map((issue) => {
      const line = issue.source?.line === undefined ? undefined : { file: `line ${issue.source.line}` };
      return `  ${mark(issue)} ${formatIssue({ ...issue, resource: undefined, source: line })} ${palette.dim(`[${issue.code}]`)}`;
    }),
  ]);
}

function renderRecord(issue: Issue): Record<string, unknown> {
  return {
    code: issue.code,
    severity: issue.severity,
    ...(issue.source ? { file: issue.source.file, ...(issue.source.line === undefined ? {} : { line: issue.source.line }) } : {}),
    ...(issue.resource ? { resource: issue.resource } : {}),
    ...(issue.path && issue.path.length > 0 ? { path: formatPath(issue.path) } : {}),
    message: issue.message,
    ...(issue.hint === undefined ? {} : { hint: issue.hint }),
  };
}
