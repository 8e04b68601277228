/**
 * The validate benchmark: `meshform validate <folder>` through the real CLI on the DESIGN.md
 * workload at N = 10 000 (22 000 documents, one YAML file each), whole process. The files are
 * built with the generated factories (`workload.ts`) and written with `yaml`'s stringify into a
 * folder in RAM where there is one ({@link outputRoot}). One untimed run warms tsx's transform
 * cache and checks that every document is accepted; the timed runs follow.
 *
 * The CEL share is measured apart, in this file's child mode (`tsx bench/validate.ts --cel
 * <folder>`): the same files through `validateManifests` in one process, with the validator's
 * own count of the time spent in CEL rules (defaulting and conversion included), divided by the
 * CLI's median wall time.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createValidator, validateManifests } from "@meshform/validate";
import { stringify } from "yaml";
import { outputRoot } from "./generate.js";
import { median, parseReport, peakRssMiB, runChild, runTsChild } from "./measure.js";
import { buildWorkload } from "./workload.js";

/** The target at N = 10 000 (issue 4, item 7). */
export const VALIDATE_TARGET_SECONDS = 5;

/** The target for one file, whole process, so an editor or a pre-commit hook can run it on every save (issue 15, item 6). */
export const VALIDATE_ONE_FILE_TARGET_SECONDS = 0.3;

const root = resolve(fileURLToPath(import.meta.url), "../..");
const BIN = join(root, "packages", "cli", "bin", "meshform.js");

/** A figure in `bench/run.ts`'s table. */
export interface ValidateFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target: { readonly op: "<="; readonly value: number };
  readonly detail: Record<string, unknown>;
}

/** What the in-process child reports. */
interface CelReport {
  readonly documents: number;
  readonly totalMs: number;
  readonly celMs: number;
  readonly peakRssMiB: number;
}

/** Writes the workload, one file per resource, under `folder/<namespace>/`. */
async function writeWorkload(services: number, folder: string): Promise<number> {
  const resources = buildWorkload(services);
  const byNamespace = new Map<string, string[]>();
  for (const r of resources) byNamespace.set(r.metadata.namespace!, [...(byNamespace.get(r.metadata.namespace!) ?? []), `${r.kind.toLowerCase()}-${r.metadata.name}.yaml`]);
  await Promise.all([...byNamespace.keys()].map((ns) => mkdir(join(folder, ns), { recursive: true })));
  for (let i = 0; i < resources.length; i += 500) {
    await Promise.all(resources.slice(i, i + 500).map((r) => writeFile(join(folder, r.metadata.namespace!, `${r.kind.toLowerCase()}-${r.metadata.name}.yaml`), stringify(r))));
  }
  return resources.length;
}

/** Runs `meshform validate` on `folder` (in the environment of {@link startupEnv}) and checks that it accepted every document. */
async function runValidate(folder: string, documents: number): Promise<number> {
  const run = await runChild(process.execPath, [BIN, "validate", folder], root, startupEnv());
  const expected = `Found 0 errors and 0 warnings in ${documents} documents (${documents} files)`;
  if (run.stdout.trim() !== expected) throw new Error(`meshform validate did not report "${expected}":\n${run.stdout}${run.stderr.slice(0, 2000)}`);
  return run.wallMs;
}

/** Measures `meshform validate` on the workload at `services`, `rounds` timed runs after an untimed one. */
export async function benchValidateCli(services = 10_000, rounds = 5): Promise<ValidateFigure> {
  const folder = await mkdtemp(join(outputRoot(), "meshform-bench-validate-"));
  try {
    const documents = await writeWorkload(services, folder);
    await runValidate(folder, documents);
    const walls: number[] = [];
    for (let i = 0; i < rounds; i += 1) walls.push(await runValidate(folder, documents));
    const cel = parseReport<CelReport>(await runTsChild(fileURLToPath(import.meta.url), ["--cel", folder], root));
    const wallMs = median(walls);
    return {
      name: `meshform validate, workload N=${services} (${documents} documents, one file each), whole process`,
      value: Math.round(wallMs) / 1000,
      unit: "s",
      target: { op: "<=", value: VALIDATE_TARGET_SECONDS },
      detail: {
        runsSeconds: walls.map((ms) => Math.round(ms) / 1000),
        celSeconds: Math.round(cel.celMs) / 1000,
        celShareOfWall: Math.round((cel.celMs / wallMs) * 1000) / 1000,
        inProcessSeconds: Math.round(cel.totalMs) / 1000,
        inProcessPeakRssMiB: Math.round(cel.peakRssMiB),
        outputRoot: outputRoot(),
      },
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * The environment of the one-file runs: this process's, without `NODE_EXTRA_CA_CERTS`. When that
 * variable is set, Node reads and parses the whole CA bundle it names as it starts, before any
 * code runs (about 90 ms on the 2-core machine, where it is set); `meshform validate`
 * opens no connection, and a developer's shell rarely sets it. The figure with it is reported too.
 */
function startupEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env["NODE_EXTRA_CA_CERTS"];
  return env;
}

/**
 * Measures `meshform validate <file>` on one file of the workload (a service's HTTPRoute, which
 * has CEL rules), `rounds` timed runs after an untimed one (which also writes the bundle's code
 * cache, as a user's first run does): what an editor or a pre-commit hook pays on every save,
 * start-up included. Each round also times Node starting and doing nothing (`node -e 0`), the
 * floor no Node program starts under, and, when this process's environment sets
 * `NODE_EXTRA_CA_CERTS`, the same validate run with it. Reports the median wall time without `NODE_EXTRA_CA_CERTS` ({@link startupEnv}).
 */
export async function benchValidateOneFile(rounds = 9): Promise<ValidateFigure> {
  const folder = await mkdtemp(join(outputRoot(), "meshform-bench-validate-one-"));
  try {
    const route = buildWorkload(1).find((r) => r.kind === "HTTPRoute")!;
    const file = join(folder, "route.yaml");
    await writeFile(file, stringify(route));
    const once = async (env: NodeJS.ProcessEnv): Promise<number> => {
      const run = await runChild(process.execPath, [BIN, "validate", file], root, env);
      if (run.stdout.trim() !== "Found 0 errors and 0 warnings in 1 document (1 file)") throw new Error(`meshform validate did not accept ${file}:\n${run.stdout}${run.stderr}`);
      return run.wallMs;
    };
    const env = startupEnv();
    const ownEnvDiffers = process.env["NODE_EXTRA_CA_CERTS"] !== undefined;
    await once(env);
    const runs: number[] = [];
    const nodeStart: number[] = [];
    const withOwnEnv: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      runs.push(await once(env));
      nodeStart.push((await runChild(process.execPath, ["-e", "0"], root, env)).wallMs);
      if (ownEnvDiffers) withOwnEnv.push(await once(process.env));
    }
    const wallMs = median(runs);
    const seconds = (ms: number): number => Math.round(ms) / 1000;
    return {
      name: "meshform validate, one file (an HTTPRoute of the workload), whole process",
      value: seconds(wallMs),
      unit: "s",
      target: { op: "<=", value: VALIDATE_ONE_FILE_TARGET_SECONDS },
      detail: {
        runsSeconds: runs.map(seconds),
        nodeStartSeconds: seconds(median(nodeStart)),
        ...(ownEnvDiffers ? { withNodeExtraCaCertsSeconds: seconds(median(withOwnEnv)) } : {}),
        outputRoot: outputRoot(),
      },
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The child mode: validates every file under `folder` in this process and prints a {@link CelReport}. */
async function reportCelShare(folder: string): Promise<void> {
  const files = (await readdir(folder, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  const started = performance.now();
  const validator = createValidator();
  let documents = 0;
  for (let i = 0; i < files.length; i += 128) {
    const batch = files.slice(i, i + 128);
    const texts = await Promise.all(batch.map((file) => readFile(file, "utf8")));
    texts.forEach((text, j) => (documents += validateManifests(validator, text, batch[j]!).length));
  }
  const report: CelReport = { documents, totalMs: performance.now() - started, celMs: validator.stats().celMilliseconds, peakRssMiB: peakRssMiB() };
  console.log(JSON.stringify(report));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === "--cel") await reportCelShare(process.argv[3]!);
  else if (process.argv[2] === "--one-file") console.log(JSON.stringify(await benchValidateOneFile(Number(process.argv[3] ?? "9")), null, 2));
  else console.log(JSON.stringify(await benchValidateCli(Number(process.argv[2] ?? "10000"), Number(process.argv[3] ?? "5")), null, 2));
}
