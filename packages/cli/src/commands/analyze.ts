import { readFile } from "node:fs/promises";
import { analyzeMesh, mergeExternalDeclarations, parseExternalReference, readExternalDeclarations, readResources, AnalyzeError, type AnalyzedResource, type ExternalDeclarations } from "@meshform/analyze";
import { countIssues, type Issue } from "@meshform/diagnostics";
import { createValidator, readManifests } from "@meshform/validate";
import { defineCommand } from "citty";
import { readOptions, splitInputs } from "../args.js";
import { FileSystemError, UsageError } from "../errors.js";
import { exitCodeOf, type ExitCode } from "../exit-code.js";
import { failOnOption, INPUTS_ARGUMENT, jsonOption, readFailOn } from "../options.js";
import { printJson, printLine, type CliIo } from "../output.js";
import { printIssues, renderIssueCounts } from "../report/issues.js";
import { renderIssueRecord } from "../report/records.js";
import { configOptions, loadCheckedConfig, type CheckedConfig } from "./validate-config.js";

const COMMAND = "meshform analyze";

/** The options of `meshform analyze`; its help is rendered from these. */
export const analyzeOptions = {
  json: jsonOption("one JSON object with every finding"),
  "fail-on": failOnOption("Exit 1"),
  external: { type: "string", multiple: true, valueHint: "ns/name|Gateway/ns/name|Subset/host/name|host", description: "A Service, Gateway, DestinationRule subset (its host in full) or host that exists outside the input, so references to it are not reported; repeatable" },
  "external-file": { type: "string", valueHint: "file", description: "A YAML file listing services, gateways, hosts and subsets that exist outside the input" },
  "root-namespace": { type: "string", valueHint: "namespace", default: "istio-system", description: "The Istio root namespace, where mesh-wide policy lives" },
  ...configOptions,
} as const;

/** Command lines shown under `EXAMPLES` in the help. */
export const examples: readonly string[] = [
  "meshform analyze generated/",
  "meshform analyze --external shop/reviews --external Gateway/istio-system/ingress routes.yaml",
  "meshform analyze --external Subset/reviews.shop.svc.cluster.local/v1 virtual-services.yaml",
  "kustomize build overlays/prod | meshform analyze --fail-on warning -",
  "meshform analyze --external-file external.yaml --json manifests/",
  "meshform analyze --config mesh.config.ts --env prod generated/prod",
];

/** `meshform analyze`: checks a whole set of manifests for what is broken or unsafe across resources. */
export default defineCommand({
  meta: { name: "analyze", description: "Find what is valid per resource but broken or unsafe across the mesh: references, conflicts, security, protocols, ambient mode" },
  args: { inputs: INPUTS_ARGUMENT, ...analyzeOptions },
  async run({ rawArgs, data }): Promise<ExitCode> {
    const io = data as CliIo;
    const { inputs, options } = splitInputs(rawArgs, analyzeOptions, COMMAND);
    const { values, given } = readOptions(options, analyzeOptions, COMMAND);
    const failOn = readFailOn(values["fail-on"], COMMAND);
    const config = await loadCheckedConfig(values, given.includes("root-namespace") ? ["root-namespace"] : [], COMMAND);
    const external = mergeExternalDeclarations(
      ...values.external.map(parseFlag),
      ...(values["external-file"] ? [await readExternalFile(values["external-file"])] : []),
      ...(config ? [config.model.externals] : []),
    );
    const read = await readAll(inputs, config);
    const findings = analyzeMesh(read.resources, {
      external,
      rootNamespace: config?.model.rootNamespace ?? values["root-namespace"],
      ...(config ? { suppressions: suppressionsOf(config) } : {}),
    });
    const issues: Issue[] = [...read.problems, ...findings];
    printReport(issues, read, values.json, io);
    return exitCodeOf(issues, { failOn });
  },
});

// --- internal ---

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
    const { code, message } = error as NodeJS.ErrnoException;
    const reason = code === "ENOENT" ? "no such file or folder" : code === "EACCES" ? "permission denied" : (message.split(",")[0] ?? message);
    throw new FileSystemError(`${file}: ${reason} (--external-file)`, { cause: error });
  }
  return readExternalDeclarations(text, file);
}

interface ReadResult {
  readonly resources: AnalyzedResource[];
  /** Inputs that could not be read, are not YAML or hold no manifest, and documents that are not resources. */
  readonly problems: Issue[];
  readonly files: number;
}

/** The findings the config accepts (`mesh.suppress`), as analysis takes them. */
function suppressionsOf(config: CheckedConfig) {
  return config.model.suppressions.map(({ code, reason, resource }) => ({ code, reason, ...(resource ? { resource } : {}) }));
}

/**
 * Every resource of the inputs, read as `meshform validate` reads them, each validated as
 * `meshform validate` does (the newest releases, the Gateway API's experimental channel; with
 * `--config`, the releases, channel and kinds of the config): one validation rejects is marked
 * so, and analysis lets it satisfy no reference.
 */
async function readAll(inputs: readonly string[], config: CheckedConfig | undefined): Promise<ReadResult> {
  const targets = config?.model.targets;
  const validator = targets
    ? createValidator({ istioRelease: targets.istio, gatewayApiRelease: targets.gatewayApi.release, gatewayApiChannel: targets.gatewayApi.channel, kinds: config!.model.kinds })
    : createValidator({ gatewayApiChannel: "experimental" });
  const resources: AnalyzedResource[] = [];
  const problems: Issue[] = [];
  let files = 0;
  for await (const { documents, issue } of readManifests(inputs)) {
    if (issue?.code !== "NO_MANIFESTS") files += 1;
    if (issue !== undefined) problems.push(issue);
    const read = readResources(documents);
    for (const resource of read.resources) {
      const rejected = validator.validate(resource.object).some((issue) => issue.severity === "error");
      resources.push(rejected ? { ...resource, rejected: true } : resource);
    }
    for (const problem of read.problems) problems.push(problem);
  }
  return { resources, problems, files };
}

function printReport(issues: readonly Issue[], read: ReadResult, json: boolean, io: CliIo): void {
  if (json) {
    const { errors, warnings } = countIssues(issues);
    const infos = issues.length - errors - warnings;
    printJson(io.stdout, { resources: read.resources.length, files: read.files, errors, warnings, infos, findings: issues.map(renderIssueRecord) });
    return;
  }
  printIssues(io, issues, { codes: true });
  printLine(io.stdout, renderIssueCounts(issues, { count: read.resources.length, noun: "resource", files: read.files }));
}
