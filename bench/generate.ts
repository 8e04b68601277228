/**
 * The generate benchmark: the DESIGN.md workload at N = 100, 1 000 and 10 000 services through the
 * real CLI (`node packages/cli/bin/meshform.js generate --config <mesh.config.ts> --out <tmp>`),
 * config loading included, against the JSON floor measured in the same run. The workload is
 * written twice: with raw resources (`mesh.resource(...)` of the generated factories), and the way
 * users write it, with the intent builders.
 *
 * Each timed round runs, in this order: the floor into an empty folder; `meshform generate` into
 * an empty folder (the figure); `meshform generate` again over the tree it just wrote (nothing to
 * write, every file compared); `meshform generate` of the intent-builder mesh into an empty folder. Wall time is taken from spawn to exit; peak RSS and CPU time are
 * each process's own, reported at exit by a module preloaded with `--import`. One untimed round
 * first warms tsx's transform cache and checks that both programs wrote the workload's objects.
 *
 * Run alone: `tsx bench/generate.ts [services...]`.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { parse } from "yaml";
import { renderFloorScript, renderIntentConfig, renderWorkloadConfig } from "./generate-sources.js";
import { median, runChild, type ChildRun } from "./measure.js";
import { buildWorkload, namespaceCount } from "./workload.js";

/** The sizes of the workload, in services. */
export const GENERATE_SIZES: readonly number[] = [100, 1_000, 10_000];

/** The targets at the largest size (issue 3, item 8). */
export const GENERATE_TARGETS = { wallSeconds: 2, floorRatio: 6, peakRssMiB: 400 } as const;

/** The targets of the workload written with the intent builders, at N = 10 000 (issue 10). */
export const INTENT_TARGETS = { floorRatio: 4, peakRssMiB: 300 } as const;

/** What one process used, as its preloaded reporter saw it at exit. */
interface ProcessUse {
  readonly wallMs: number;
  readonly peakRssMiB: number;
  readonly cpuMs: number;
}

/** Every round of one program at one size. */
export interface Series {
  readonly wallMs: readonly number[];
  readonly peakRssMiB: readonly number[];
  readonly cpuMs: readonly number[];
}

/** The measurements at one size. */
export interface GenerateSize {
  readonly services: number;
  readonly resources: number;
  /** Files meshform writes: one per resource, a kustomization and a README per namespace, the root kustomization. */
  readonly files: number;
  /** `meshform generate` into an empty folder. */
  readonly generate: Series;
  /** `meshform generate` over its own, current output. */
  readonly regenerate: Series;
  /** `meshform generate` into an empty folder, of the same mesh written with the intent builders. */
  readonly intent: Series;
  /** Resources of the intent-builder mesh: the same, plus a Namespace object per namespace. */
  readonly intentResources: number;
  /** The JSON floor into an empty folder. */
  readonly floor: Series;
}

/** A figure in `bench/run.ts`'s table. */
export interface GenerateFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target: { readonly op: "<="; readonly value: number };
  readonly detail: Record<string, unknown>;
}

const root = resolve(fileURLToPath(import.meta.url), "../..");
const BIN = join(root, "packages", "cli", "bin", "meshform.js");
const REPORT_PREFIX = "@@meshform-bench ";

/** Prints the process's peak RSS and CPU time on stderr as it exits; loaded with `--import`. */
const REPORTER = `data:text/javascript,${encodeURIComponent(`import { writeSync } from "node:fs";
process.on("exit", () => {
  const use = process.resourceUsage();
  writeSync(2, "\\n${REPORT_PREFIX}" + JSON.stringify({ peakRssMiB: use.maxRSS / 1024, cpuMs: (use.userCPUTime + use.systemCPUTime) / 1000 }) + "\\n");
});`)}`;

/**
 * Where outputs go: `MESHFORM_BENCH_TMP`, else a RAM-backed `/dev/shm` where there is one, else
 * the OS temp folder. On this machine's disk the file system alone moved the floor from 0.5 to
 * 12 s between identical runs; RAM keeps the figures about meshform.
 */
export function outputRoot(): string {
  const chosen = process.env.MESHFORM_BENCH_TMP;
  if (chosen) return chosen;
  return process.platform === "linux" && existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
}

async function runMeasured(args: readonly string[]): Promise<ProcessUse & { run: ChildRun }> {
  const run = await runChild(process.execPath, ["--import", REPORTER, ...args], root);
  const line = run.stderr.split("\n").find((l) => l.startsWith(REPORT_PREFIX));
  if (line === undefined) throw new Error(`no usage report from node ${args.join(" ")}:\n${run.stderr}`);
  const use = JSON.parse(line.slice(REPORT_PREFIX.length)) as { peakRssMiB: number; cpuMs: number };
  return { wallMs: run.wallMs, ...use, run };
}

/** Runs the CLI and checks its summary line counts what the workload holds. */
async function runGenerate(config: string, out: string, expected: { resources: number; files: number; written: number }): Promise<ProcessUse> {
  const use = await runMeasured([BIN, "generate", "--config", config, "--out", out]);
  const state = `(${expected.written} written, ${expected.files - expected.written} unchanged, 0 removed)`;
  const head = `${expected.resources} resources, ${expected.files} files ${state}`;
  if (!use.run.stdout.includes(head)) throw new Error(`meshform generate did not report "${head}":\n${use.run.stdout}${use.run.stderr}`);
  return use;
}

/** Every file under `folder` with the given extension, parsed, keyed by apiVersion/kind/namespace/name. */
async function readObjects(folder: string, extension: string, read: (text: string) => unknown): Promise<Map<string, unknown>> {
  const objects = new Map<string, unknown>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(extension) || entry.name === "kustomization.yaml") continue;
    const object = read(await readFile(join(entry.parentPath, entry.name), "utf8")) as { apiVersion: string; kind: string; metadata: { namespace: string; name: string } };
    objects.set(`${object.apiVersion}/${object.kind}/${object.metadata.namespace}/${object.metadata.name}`, object);
  }
  return objects;
}

/** Checks that a folder holds exactly the workload's objects, one per file. */
async function checkObjects(services: number, folder: string, extension: string, read: (text: string) => unknown, what: string): Promise<void> {
  const objects = await readObjects(folder, extension, read);
  const workload = buildWorkload(services);
  const wrong = workload.filter((r) => !isDeepStrictEqual(objects.get(`${r.apiVersion}/${r.kind}/${r.metadata.namespace}/${r.metadata.name}`), r));
  if (wrong.length > 0 || objects.size !== workload.length) {
    throw new Error(`${what} wrote ${objects.size} objects for ${workload.length} workload resources; ${wrong.length} differ, first: ${JSON.stringify(wrong[0])}`);
  }
}

function series(uses: readonly ProcessUse[]): Series {
  return { wallMs: uses.map((u) => u.wallMs), peakRssMiB: uses.map((u) => u.peakRssMiB), cpuMs: uses.map((u) => u.cpuMs) };
}

/** Measures one size: an untimed, checked round, then `rounds` timed ones. */
async function benchSize(services: number, rounds: number, scratch: string, check: boolean): Promise<GenerateSize> {
  const folder = join(scratch, `n-${services}`);
  await mkdir(folder, { recursive: true });
  const config = join(folder, "mesh.config.ts");
  const intentConfig = join(folder, "intent.config.ts");
  const floorScript = join(folder, "floor.mjs");
  await writeFile(config, renderWorkloadConfig(services));
  await writeFile(intentConfig, renderIntentConfig(services));
  await writeFile(floorScript, renderFloorScript());
  const namespaces = namespaceCount(services);
  const resources = buildWorkload(services).length;
  const files = resources + 2 * namespaces + 1;
  const fresh = { resources, files, written: files };
  const intentResources = 2 * services + 3 * namespaces;
  const intentFiles = intentResources + 2 * namespaces + 1;
  const uses: Record<"generate" | "regenerate" | "intent" | "floor", ProcessUse[]> = { generate: [], regenerate: [], intent: [], floor: [] };
  for (let index = -1; index < rounds; index += 1) {
    const out = await mkdtemp(join(outputRoot(), "meshform-bench-generate-"));
    try {
      const floor = await runMeasured([floorScript, String(services), join(out, "floor")]);
      const generate = await runGenerate(config, join(out, "generated"), fresh);
      const regenerate = await runGenerate(config, join(out, "generated"), { ...fresh, written: 0 });
      const intent = await runGenerate(intentConfig, join(out, "intent"), { resources: intentResources, files: intentFiles, written: intentFiles });
      if (index >= 0) {
        uses.floor.push(floor);
        uses.generate.push(generate);
        uses.regenerate.push(regenerate);
        uses.intent.push(intent);
      } else if (check) {
        await checkObjects(services, join(out, "floor"), ".json", JSON.parse, "the JSON floor");
        await checkObjects(services, join(out, "generated"), ".yaml", parse, "meshform generate");
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }
  return { services, resources, files, generate: series(uses.generate), regenerate: series(uses.regenerate), intent: series(uses.intent), intentResources, floor: series(uses.floor) };
}

/**
 * Runs the benchmark at each size. The config and the floor script are written under
 * `bench/.tmp/generate/` (inside the workspace, so the config's `@meshform/*` imports resolve as
 * in a user's workspace); outputs go to {@link outputRoot}.
 */
export async function benchGenerate(sizes: readonly number[] = GENERATE_SIZES, rounds = 5): Promise<GenerateSize[]> {
  const scratch = join(root, "bench", ".tmp", "generate");
  try {
    const results: GenerateSize[] = [];
    for (const [index, services] of sizes.entries()) results.push(await benchSize(services, rounds, scratch, index === 0));
    return results;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;
const seconds = (values: readonly number[]): number => round(median(values) / 1000, 3);

/** The floor ratio: median generate wall time (raw resources, or the intent builders) over median floor wall time. */
export function floorRatio(size: GenerateSize, workload: "generate" | "intent" = "generate"): number {
  return median(size[workload].wallMs) / median(size.floor.wallMs);
}

/** The three figures with targets, at the largest size measured. */
export function generateFigures(sizes: readonly GenerateSize[]): GenerateFigure[] {
  const largest = sizes.at(-1);
  if (largest === undefined) return [];
  const label = `N=${largest.services} (${largest.resources} resources)`;
  const perSize = sizes.map((s) => ({
    services: s.services,
    resources: s.resources,
    files: s.files,
    generateSeconds: s.generate.wallMs.map((ms) => round(ms / 1000, 3)),
    generateCpuSeconds: s.generate.cpuMs.map((ms) => round(ms / 1000, 3)),
    generatePeakRssMiB: s.generate.peakRssMiB.map((v) => round(v, 1)),
    regenerateSeconds: s.regenerate.wallMs.map((ms) => round(ms / 1000, 3)),
    regeneratePeakRssMiB: s.regenerate.peakRssMiB.map((v) => round(v, 1)),
    intentResources: s.intentResources,
    intentSeconds: s.intent.wallMs.map((ms) => round(ms / 1000, 3)),
    intentCpuSeconds: s.intent.cpuMs.map((ms) => round(ms / 1000, 3)),
    intentPeakRssMiB: s.intent.peakRssMiB.map((v) => round(v, 1)),
    intentFloorRatio: round(floorRatio(s, "intent")),
    floorSeconds: s.floor.wallMs.map((ms) => round(ms / 1000, 3)),
    floorCpuSeconds: s.floor.cpuMs.map((ms) => round(ms / 1000, 3)),
    floorPeakRssMiB: s.floor.peakRssMiB.map((v) => round(v, 1)),
    floorRatio: round(floorRatio(s)),
  }));
  return [
    {
      name: `generate, workload ${label}, whole process`,
      value: seconds(largest.generate.wallMs),
      unit: "s",
      target: { op: "<=", value: GENERATE_TARGETS.wallSeconds },
      detail: { outputRoot: outputRoot(), sizes: perSize },
    },
    {
      name: `generate / JSON floor wall time, ${label}`,
      value: round(floorRatio(largest)),
      unit: "×",
      target: { op: "<=", value: GENERATE_TARGETS.floorRatio },
      detail: { generateSeconds: seconds(largest.generate.wallMs), floorSeconds: seconds(largest.floor.wallMs) },
    },
    {
      name: `generate peak RSS, ${label}`,
      value: round(Math.max(...largest.generate.peakRssMiB), 1),
      unit: "MiB",
      target: { op: "<=", value: GENERATE_TARGETS.peakRssMiB },
      detail: { medianPeakRssMiB: round(median(largest.generate.peakRssMiB), 1), regeneratePeakRssMiB: round(Math.max(...largest.regenerate.peakRssMiB), 1) },
    },
    {
      name: `generate with the intent builders / JSON floor wall time, N=${largest.services} (${largest.intentResources} resources)`,
      value: round(floorRatio(largest, "intent")),
      unit: "×",
      target: { op: "<=", value: INTENT_TARGETS.floorRatio },
      detail: { intentSeconds: seconds(largest.intent.wallMs), intentCpuSeconds: seconds(largest.intent.cpuMs), floorSeconds: seconds(largest.floor.wallMs) },
    },
    {
      name: `generate with the intent builders, peak RSS, N=${largest.services} (${largest.intentResources} resources)`,
      value: round(Math.max(...largest.intent.peakRssMiB), 1),
      unit: "MiB",
      target: { op: "<=", value: INTENT_TARGETS.peakRssMiB },
      detail: { medianPeakRssMiB: round(median(largest.intent.peakRssMiB), 1) },
    },
  ];
}

/** A Markdown table of every size: medians of wall time, CPU time and peak RSS, and the floor ratio. */
export function renderGenerateSizes(sizes: readonly GenerateSize[]): string {
  const header = ["services", "resources", "generate wall", "generate CPU", "peak RSS (max)", "regenerate, unchanged", "intent builders wall", "intent builders CPU", "floor wall", "floor CPU", "ratio", "intent ratio"];
  const rows = sizes.map((s) => [
    s.services.toLocaleString("en-US"),
    s.resources.toLocaleString("en-US"),
    `${seconds(s.generate.wallMs).toFixed(2)} s`,
    `${seconds(s.generate.cpuMs).toFixed(2)} s`,
    `${Math.round(Math.max(...s.generate.peakRssMiB))} MiB`,
    `${seconds(s.regenerate.wallMs).toFixed(2)} s`,
    `${seconds(s.intent.wallMs).toFixed(2)} s`,
    `${seconds(s.intent.cpuMs).toFixed(2)} s`,
    `${seconds(s.floor.wallMs).toFixed(2)} s`,
    `${seconds(s.floor.cpuMs).toFixed(2)} s`,
    `${floorRatio(s).toFixed(1)}×`,
    `${floorRatio(s, "intent").toFixed(1)}×`,
  ]);
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const sizes = process.argv.slice(2).map(Number);
  const results = await benchGenerate(sizes.length > 0 ? sizes : GENERATE_SIZES);
  console.log(renderGenerateSizes(results));
  for (const figure of generateFigures(results)) console.log(`${figure.name}: ${figure.value} ${figure.unit} (target ${figure.target.op} ${figure.target.value})`);
}
