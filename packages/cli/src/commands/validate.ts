import { createValidator, loadIstioAdmissionFor, readManifests, supportedReleases, validateManifestFile, ValidateError, type DocumentResult } from "@meshform/validate/lazy";
import { defineCommand } from "citty";
import { readOptions, splitInputs } from "../args.js";
import { UsageError } from "../errors.js";
import { exitCodeOf, type ExitCode } from "../exit-code.js";
import { INPUTS_ARGUMENT, jsonOption } from "../options.js";
import { printLine, type CliIo } from "../output.js";
import { printIssues, renderIssueCounts } from "../report/issues.js";
import { renderIssueRecord } from "../report/records.js";
import { configOptions, loadCheckedConfig, type CheckedConfig } from "./validate-config.js";

const COMMAND = "meshform validate";
const releases = supportedReleases();

/** The options of `meshform validate`; its help is rendered from these. */
export const validateOptions = {
  strict: { type: "boolean", description: "Unknown fields are errors (as kubectl apply --validate=strict), not warnings" },
  json: jsonOption("one JSON record per document"),
  "istio-release": { type: "string", valueHint: releases.istio.join("|"), default: releases.istio.at(-1)!, description: "The Istio release the resources must be served by" },
  "gateway-api-release": { type: "string", valueHint: releases.gatewayApi.join("|"), default: releases.gatewayApi.at(-1)!, description: "The Gateway API release the resources must be served by" },
  "gateway-api-channel": { type: "string", valueHint: "standard|experimental", default: "standard", description: "The Gateway API channel whose CRDs are installed" },
  ...configOptions,
} as const;

/** The options that say what the config says, refused beside `--config`. */
const TARGET_OPTIONS = ["istio-release", "gateway-api-release", "gateway-api-channel"] as const;

/** Command lines shown under `EXAMPLES` in the help. */
export const examples: readonly string[] = [
  "meshform validate generated/",
  "meshform validate --strict route.yaml gateway.yaml",
  "kustomize build overlays/prod | meshform validate -",
  "meshform validate --gateway-api-channel experimental --json manifests/",
  "meshform validate --config mesh.config.ts --env prod generated/prod",
];

/** `meshform validate`: checks YAML or JSON manifests offline as the API server would on create. */
export default defineCommand({
  meta: { name: "validate", description: "Check manifests as the API server would on create: schema, CEL rules, Istio admission" },
  args: { inputs: INPUTS_ARGUMENT, ...validateOptions },
  async run({ rawArgs, data }): Promise<ExitCode> {
    const io = data as CliIo;
    const { inputs, options } = splitInputs(rawArgs, validateOptions, COMMAND);
    const { values, given } = readOptions(options, validateOptions, COMMAND);
    const config = await loadCheckedConfig(values, TARGET_OPTIONS.filter((option) => given.includes(option)), COMMAND);
    const validator = createValidatorFor(values, config);
    const results: DocumentResult[] = [];
    let files = 0;
    for await (const file of readManifests(inputs)) {
      if (file.issue?.code !== "NO_MANIFESTS") files += 1;
      await loadIstioAdmissionFor(file);
      for (const result of validateManifestFile(validator, file)) results.push(result);
    }
    return printResults(results, files, values.json, io);
  },
});

// --- internal ---

/**
 * The validator for the options: the releases and channel the flags name, or, with `--config`,
 * those the config (its environment) targets, and the kinds it generated of its own.
 */
function createValidatorFor(values: { strict: boolean; "istio-release": string; "gateway-api-release": string; "gateway-api-channel": string }, config: CheckedConfig | undefined) {
  try {
    if (config !== undefined) {
      const { targets, kinds } = config.model;
      return createValidator({ strict: values.strict, istioRelease: targets.istio, gatewayApiRelease: targets.gatewayApi.release, gatewayApiChannel: targets.gatewayApi.channel, kinds });
    }
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

function printResults(results: readonly DocumentResult[], files: number, json: boolean, io: CliIo): ExitCode {
  const issues = results.flatMap((r) => r.issues);
  if (json) {
    printLine(io.stdout, results.length === 0 ? "[]" : `[\n${results.map((r) => JSON.stringify(renderDocumentRecord(r))).join(",\n")}\n]`);
  } else {
    printIssues(io, issues);
    const documents = results.filter((r) => r.skipped === undefined && r.kind !== undefined).length;
    printLine(io.stdout, renderIssueCounts(issues, { count: documents, noun: "document", files }));
  }
  return exitCodeOf(issues);
}

/** One document in `--json` output: where it is, what it is, and its errors and warnings. */
function renderDocumentRecord(result: DocumentResult): Record<string, unknown> {
  const { file, index, item, apiVersion, kind, namespace, name, skipped, issues } = result;
  const records = issues.map(renderIssueRecord);
  return {
    ...{ file, index, ...(item === undefined ? {} : { item }), apiVersion, kind, namespace, name },
    valid: !issues.some((i) => i.severity === "error"),
    ...(skipped === undefined ? {} : { skipped }),
    errors: records.filter((r) => r.severity === "error"),
    warnings: records.filter((r) => r.severity !== "error"),
  };
}
