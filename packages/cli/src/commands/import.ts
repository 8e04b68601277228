import { isAscii } from "node:buffer";
import { closeSync, constants, openSync, readFileSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import type { Issue } from "@meshform/diagnostics";
import { documentStartLines, importManifests, type ImportDocument, type ImportIssue } from "@meshform/import";
import { readManifests } from "@meshform/validate";
import { defineCommand } from "citty";
import { readOptions, splitInputs } from "../args.js";
import { VALIDATION_THREAD_ENV, validationThreadFor } from "../validation-thread.js";
import { MeshformError, UsageError } from "../errors.js";
import { ExitCode } from "../exit-code.js";
import { INPUTS_ARGUMENT, jsonOption } from "../options.js";
import { printLine, type CliIo } from "../output.js";
import { printIssues, renderIssueCounts } from "../report/issues.js";
import { renderIssueRecord } from "../report/records.js";

const COMMAND = "meshform import";

/** The options of `meshform import`; its help is rendered from these. */
export const importOptions = {
  out: { type: "string", valueHint: "mesh.config.ts", description: "Write the config to this file (also -o) instead of standard output" },
  force: { type: "boolean", description: "Let --out replace a file that exists" },
  "root-namespace": { type: "string", valueHint: "name", default: "istio-system", description: "Istio's root namespace, where mesh-wide policy lives" },
  json: jsonOption("the report as one JSON object (with --out only)"),
} as const;

/** Command lines shown under `EXAMPLES` in the help. */
export const examples: readonly string[] = [
  "meshform import manifests/ -o mesh.config.ts",
  "kustomize build overlays/prod | meshform import - -o mesh.config.ts",
  "helm template my-mesh ./chart | meshform import - > mesh.config.ts",
  "meshform import generated/ -o mesh.config.ts --force",
];

/** `-o` is `--out`'s short form, which the shared option reader does not know. */
function expandShortOptions(rawArgs: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawArgs.length; i += 1) {
    const token = rawArgs[i]!;
    if (token === "--") {
      out.push(...rawArgs.slice(i));
      break;
    }
    if (token === "-o") out.push("--out");
    else if (token.startsWith("-o=")) out.push(`--out=${token.slice(3)}`);
    else out.push(token);
  }
  return out;
}

/** The codes of {@link ImportWriteError}. */
export type ImportWriteErrorCode = "OUTPUT_EXISTS";

/** `--out` names a file that exists, and `--force` was not given. */
export class ImportWriteError extends MeshformError<ImportWriteErrorCode> {
  override readonly name = "ImportWriteError";
}

/** `meshform import`: manifests in, a typed mesh.config.ts out, with a report of every difference. */
export default defineCommand({
  meta: { name: "import", description: "Write a typed mesh.config.ts from manifests: intents where they match, typed raw resources for the rest" },
  args: { inputs: INPUTS_ARGUMENT, ...importOptions },
  async run({ rawArgs, data }): Promise<ExitCode> {
    const io = data as CliIo;
    const args = expandShortOptions(rawArgs);
    const { inputs, options } = splitInputs(args, importOptions, COMMAND);
    const { values } = readOptions(options, importOptions, COMMAND);
    if (inputs.length === 0) throw new UsageError("name the manifests to import: files, folders, or - for standard input", COMMAND);
    if (values.json && values.out === undefined) throw new UsageError("--json prints the report on standard output, where the config goes without --out: give --out too", COMMAND);
    const out = values.out === undefined ? undefined : resolve(values.out);
    const documents: ImportDocument[] = [];
    const readIssues: Issue[] = [];
    // Standard input is read once here, so its text can be scanned for each document's line.
    const stdin = inputs.includes("-") ? await readAll(process.stdin) : undefined;
    for await (const file of readManifests(inputs, stdin === undefined ? {} : { stdin: once(stdin) })) {
      if (file.issue !== undefined) readIssues.push(file.issue);
      const starts = file.documents.length === 0 ? [] : documentStartLines(textOf(file.file, stdin));
      for (const document of file.documents) {
        const line = document.item === undefined ? starts[document.index] : undefined;
        documents.push(line === undefined ? document : { ...document, line });
      }
    }
    // An input that cannot be read (or is not YAML) would leave its resources out of the config
    // without a trace in it: nothing is written then.
    if (readIssues.some((i) => i.severity === "error") || documents.length === 0) {
      printIssues({ ...io, stdout: io.stderr }, readIssues);
      printLine(io.stderr, `nothing written: ${documents.length === 0 ? "the input holds no manifest" : "fix the inputs that cannot be read, or leave them out"}`);
      return ExitCode.Failure;
    }
    const configDir = out === undefined ? process.cwd() : dirname(out);
    // Asked once per resource: each file's name is worked out once.
    const fileNames = new Map<string, string>();
    const fileName = (file: string): string => {
      let name = fileNames.get(file);
      if (name === undefined) fileNames.set(file, (name = file === "-" ? "standard input" : relative(configDir, resolve(file)) || file));
      return name;
    };
    const thread = validationThreadFor(documents.length, io.env[VALIDATION_THREAD_ENV]);
    let imported: ReturnType<typeof importManifests>;
    try {
      imported = importManifests(documents, { rootNamespace: values["root-namespace"], fileName, ...(thread ? { validationThread: thread } : {}) });
    } finally {
      thread?.close();
    }
    const { source, report } = imported;
    const issues: ImportIssue[] = [...readIssues, ...report.issues];
    if (out === undefined) io.stdout.write(source);
    else writeConfig(out, source, values.force);
    if (values.json) {
      printLine(io.stdout, JSON.stringify({ config: out, resources: report.resources, intents: report.intents, raw: report.raw, issues: issues.map(renderIssueRecord) }, null, 2));
    } else {
      printIssues({ ...io, stdout: io.stderr }, issues);
      printLine(io.stderr, `${report.resources.length} resources: ${report.intents} as intents, ${report.raw} as raw resources; ${renderIssueCounts(issues)}`);
    }
    return ExitCode.Success;
  },
});

/** A stream of one chunk. */
async function* once(chunk: Uint8Array): AsyncGenerator<Uint8Array> {
  yield chunk;
}

/** The whole of a stream, as bytes. */
async function readAll(stream: AsyncIterable<string | Uint8Array>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * The text of an input file that was read already (standard input, `-`, from its bytes), for
 * {@link documentStartLines}. Text of ASCII only (most manifests) is decoded as one-byte text,
 * several times quicker than UTF-8 decoding of the same megabytes and the same characters.
 */
function textOf(file: string, stdin: Uint8Array | undefined): string {
  try {
    // Standard input's bytes are viewed, not copied.
    const bytes = file !== "-" ? readFileSync(file) : stdin === undefined ? Buffer.alloc(0) : Buffer.from(stdin.buffer, stdin.byteOffset, stdin.byteLength);
    return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  } catch {
    return "";
  }
}

/**
 * Writes the config. Without `force` an existing file is never replaced (the file is created
 * exclusively); with it, the new text goes to a temporary file beside it that then replaces it,
 * so a reader never sees half a config.
 */
function writeConfig(path: string, source: string, force: boolean): void {
  if (force) {
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, source);
    renameSync(temporary, path);
    return;
  }
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new ImportWriteError("OUTPUT_EXISTS", `${path} exists: meshform import does not replace it; pass --force to replace it, or choose another --out`);
    }
    throw error;
  }
  try {
    writeSync(fd, source);
  } finally {
    closeSync(fd);
  }
}
