/**
 * The generate benchmark: the DESIGN.md workload at N = 100, 1 000 and 10 000 services, and at
 * N = 100 000, through the real CLI (`node packages/cli/bin/meshform.js generate --config
 * <mesh.config.ts> --out <tmp>`), config loading included, against the JSON floor measured in the
 * same round. The workload is written twice: the way users write it, with the intent builders
 * (the headline figures), and with raw resources (`mesh.resource(...)` of the generated
 * factories).
 *
 * Each timed round runs, in this order: the floor into an empty folder; the raw workload into an
 * empty folder, then again over the tree it just wrote (nothing to write, every file compared);
 * the intent workload the same two ways. At N = 100 000 the reruns are left out and there are
 * fewer rounds. Wall time is taken from spawn to exit; peak RSS and CPU time are each process's
 * own, reported at exit by a module preloaded with `--import`. One untimed round first warms
 * tsx's transform cache and checks, at the smallest size, that the floor and the raw workload
 * wrote the workload's objects.
 *
 * Run alone: `tsx bench/generate.ts [services...] [--large <services> | --no-large]`.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { parse } from "yaml";
import { renderFloorScript, renderIntentConfig, renderWorkloadConfig } from "./generate-sources.js";
import { median, runChild, type ChildRun } from "./measure.js";
import { buildWorkload, namespaceCount } from "./workload.js";

/** The sizes of the workload, in services, measured in every round with every program. */
export const GENERATE_SIZES: readonly number[] = [100, 1_000, 10_000];

/** The large size (issue 10: linear up to here), measured with fewer rounds and no reruns. */
export const LARGE_SIZE = 100_000;

/** Timed rounds at each size. */
export const ROUNDS = 5;
export const LARGE_ROUNDS = 3;

/**
 * The targets at N = 10 000 (issue 3, item 8, tightened by issue 10): the raw workload's wall
 * time and peak RSS, and its ratio to the floor, which issue 10 lowers from 6× to the intent
 * workload's 4×.
 */
export const GENERATE_TARGETS = { wallSeconds: 2, floorRatio: 4, peakRssMiB: 400 } as const;

/**
 * The targets of issue 10: the intent workload at N = 10 000 and at N = 100 000, the growth of
 * its wall time between the two, and a rerun over an unchanged config and its own output.
 */
export const INTENT_TARGETS = { floorRatio: 4, peakRssMiB: 300, largeFloorRatio: 5, largePeakRssMiB: 1024, growth: 11, rerunFloorRatio: 3 } as const;

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
  /** `meshform generate` over its own, current output (not measured at the large size). */
  readonly regenerate?: Series;
  /** `meshform generate` into an empty folder, of the same mesh written with the intent builders. */
  readonly intent: Series;
  /** `meshform generate` of the intent-builder mesh over its own, current output (not measured at the large size). */
  readonly intentRegenerate?: Series;
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

async function runMeasured(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ProcessUse & { run: ChildRun }> {
  const run = await runChild(process.execPath, ["--import", REPORTER, ...args], root, env);
  const line = run.stderr.split("\n").find((l) => l.startsWith(REPORT_PREFIX));
  if (line === undefined) throw new Error(`no usage report from node ${args.join(" ")}:\n${run.stderr}`);
  const use = JSON.parse(line.slice(REPORT_PREFIX.length)) as { peakRssMiB: number; cpuMs: number };
  return { wallMs: run.wallMs, ...use, run };
}

/**
 * Runs the CLI and checks its summary line counts what the workload holds, and whether the plan
 * came from the generation cache: each round gives the CLI a cache folder of its own
 * (`MESHFORM_CACHE_DIR`), so a first run plans everything (and stores its plan), as a user's
 * first run does, and the rerun over an unchanged config reuses it.
 */
async function runGenerate(config: string, out: string, cache: string, expected: { resources: number; files: number; written: number; reused: boolean }): Promise<ProcessUse> {
  const use = await runMeasured([BIN, "generate", "--config", config, "--out", out], { ...process.env, MESHFORM_CACHE_DIR: cache });
  const state = `(${expected.written} written, ${expected.files - expected.written} unchanged, 0 removed)`;
  const head = `${expected.resources} resources, ${expected.files} files ${state}`;
  if (!use.run.stdout.includes(head)) throw new Error(`meshform generate did not report "${head}":\n${use.run.stdout}${use.run.stderr}`);
  if (use.run.stdout.includes("plan reused from the cache") !== expected.reused) {
    throw new Error(`meshform generate ${expected.reused ? "did not reuse" : "reused"} a cached plan:\n${use.run.stdout}${use.run.stderr}`);
  }
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

/**
 * Measures one size: an untimed, checked round, then `rounds` timed ones. Each round runs the
 * floor, the raw workload, the intent workload and, unless `reruns` is false, each of the two
 * again over its own output.
 */
async function benchSize(services: number, rounds: number, scratch: string, options: { check: boolean; reruns: boolean }): Promise<GenerateSize> {
  const folder = join(scratch, `n-${services}`);
  await mkdir(folder, { recursive: true });
  const config = join(folder, "mesh.config.ts");
  const intentConfig = join(folder, "intent.config.ts");
  const floorScript = join(folder, "floor.mjs");
  await writeFile(config, renderWorkloadConfig(services));
  await writeFile(intentConfig, renderIntentConfig(services));
  await writeFile(floorScript, renderFloorScript());
  const namespaces = namespaceCount(services);
  const resources = 2 * services + 2 * namespaces;
  const files = resources + 2 * namespaces + 1;
  const fresh = { resources, files, written: files, reused: false };
  const intentResources = 2 * services + 3 * namespaces;
  const intentFiles = intentResources + 2 * namespaces + 1;
  const intentFresh = { resources: intentResources, files: intentFiles, written: intentFiles, reused: false };
  const uses: Record<"generate" | "regenerate" | "intent" | "intentRegenerate" | "floor", ProcessUse[]> = { generate: [], regenerate: [], intent: [], intentRegenerate: [], floor: [] };
  for (let index = -1; index < rounds; index += 1) {
    const out = await mkdtemp(join(outputRoot(), "meshform-bench-generate-"));
    try {
      const floor = await runMeasured([floorScript, String(services), join(out, "floor")]);
      const cache = join(out, "cache");
      const generate = await runGenerate(config, join(out, "generated"), cache, fresh);
      const regenerate = options.reruns ? await runGenerate(config, join(out, "generated"), cache, { ...fresh, written: 0, reused: true }) : undefined;
      const intent = await runGenerate(intentConfig, join(out, "intent"), cache, intentFresh);
      const intentRegenerate = options.reruns ? await runGenerate(intentConfig, join(out, "intent"), cache, { ...intentFresh, written: 0, reused: true }) : undefined;
      if (index >= 0) {
        uses.floor.push(floor);
        uses.generate.push(generate);
        uses.intent.push(intent);
        if (regenerate !== undefined) uses.regenerate.push(regenerate);
        if (intentRegenerate !== undefined) uses.intentRegenerate.push(intentRegenerate);
      } else if (options.check) {
        await checkObjects(services, join(out, "floor"), ".json", JSON.parse, "the JSON floor");
        await checkObjects(services, join(out, "generated"), ".yaml", parse, "meshform generate");
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }
  return {
    services,
    resources,
    files,
    generate: series(uses.generate),
    intent: series(uses.intent),
    ...(options.reruns ? { regenerate: series(uses.regenerate), intentRegenerate: series(uses.intentRegenerate) } : {}),
    intentResources,
    floor: series(uses.floor),
  };
}

/**
 * Runs the benchmark at each size. The config and the floor script are written under
 * `bench/.tmp/generate/` (inside the workspace, so the config's `@meshform/*` imports resolve as
 * in a user's workspace); outputs go to {@link outputRoot}. `large` is measured after the others,
 * with fewer rounds and no reruns; `null` leaves it out.
 */
export async function benchGenerate(sizes: readonly number[] = GENERATE_SIZES, large: number | null = LARGE_SIZE): Promise<GenerateSize[]> {
  const scratch = join(root, "bench", ".tmp", "generate");
  try {
    const results: GenerateSize[] = [];
    for (const [index, services] of sizes.entries()) results.push(await benchSize(services, ROUNDS, scratch, { check: index === 0, reruns: true }));
    if (large !== null) results.push(await benchSize(large, LARGE_ROUNDS, scratch, { check: false, reruns: false }));
    return results;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;
const seconds = (values: readonly number[]): number => round(median(values) / 1000, 3);

/** The programs measured at each size, other than the floor. */
type Program = "generate" | "regenerate" | "intent" | "intentRegenerate";

/** The floor ratio: a program's median wall time over the median floor wall time of the same rounds. */
export function floorRatio(size: GenerateSize, program: Program = "generate"): number {
  const measured = size[program];
  return measured === undefined ? Number.NaN : median(measured.wallMs) / median(size.floor.wallMs);
}

const perRun = (values: readonly number[] | undefined, digits: number, scale = 1): number[] | undefined => values?.map((v) => round(v / scale, digits));

/** Every run's values at one size, for results.json. */
function sizeDetail(s: GenerateSize): Record<string, unknown> {
  return {
    services: s.services,
    resources: s.resources,
    intentResources: s.intentResources,
    files: s.files,
    floorSeconds: perRun(s.floor.wallMs, 3, 1000),
    floorCpuSeconds: perRun(s.floor.cpuMs, 3, 1000),
    floorPeakRssMiB: perRun(s.floor.peakRssMiB, 1),
    ...Object.fromEntries(
      (["generate", "regenerate", "intent", "intentRegenerate"] as const).flatMap((program) => {
        const measured = s[program];
        if (measured === undefined) return [];
        return [
          [`${program}Seconds`, perRun(measured.wallMs, 3, 1000)],
          [`${program}CpuSeconds`, perRun(measured.cpuMs, 3, 1000)],
          [`${program}PeakRssMiB`, perRun(measured.peakRssMiB, 1)],
          [`${program}FloorRatio`, round(floorRatio(s, program))],
        ];
      }),
    ),
  };
}

/**
 * The figures with targets: at N = 10 000 (the largest size measured with reruns) the raw
 * workload's wall time, floor ratio and peak RSS, the intent workload's floor ratio and peak RSS,
 * and both reruns' floor ratios; at N = 100 000 (when measured) both workloads' floor ratios and
 * peak RSS, and how much their wall time grew from N = 10 000.
 */
export function generateFigures(sizes: readonly GenerateSize[]): GenerateFigure[] {
  const main = sizes.filter((s) => s.regenerate !== undefined).at(-1);
  if (main === undefined) return [];
  const large = sizes.find((s) => s.regenerate === undefined && s.services > main.services);
  const raw = `N=${main.services} (${main.resources} resources)`;
  const intent = `N=${main.services} (${main.intentResources} resources)`;
  const figure = (name: string, value: number, unit: string, target: number, detail: Record<string, unknown> = {}): GenerateFigure => ({ name, value, unit, target: { op: "<=", value: target }, detail });
  const ratio = (s: GenerateSize, program: Program): number => round(floorRatio(s, program));
  const peak = (series: Series): number => round(Math.max(...series.peakRssMiB), 1);
  const figures = [
    figure(`generate, raw resources, ${raw}, whole process`, seconds(main.generate.wallMs), "s", GENERATE_TARGETS.wallSeconds, { outputRoot: outputRoot(), sizes: sizes.map(sizeDetail) }),
    figure(`generate, raw resources / JSON floor wall time, ${raw}`, ratio(main, "generate"), "×", GENERATE_TARGETS.floorRatio, { generateSeconds: seconds(main.generate.wallMs), floorSeconds: seconds(main.floor.wallMs) }),
    figure(`generate, raw resources, peak RSS, ${raw}`, peak(main.generate), "MiB", GENERATE_TARGETS.peakRssMiB, { medianPeakRssMiB: round(median(main.generate.peakRssMiB), 1) }),
    figure(`generate, intent builders / JSON floor wall time, ${intent}`, ratio(main, "intent"), "×", INTENT_TARGETS.floorRatio, { intentSeconds: seconds(main.intent.wallMs), intentCpuSeconds: seconds(main.intent.cpuMs), floorSeconds: seconds(main.floor.wallMs) }),
    figure(`generate, intent builders, peak RSS, ${intent}`, peak(main.intent), "MiB", INTENT_TARGETS.peakRssMiB, { medianPeakRssMiB: round(median(main.intent.peakRssMiB), 1) }),
    figure(`generate again over an unchanged config and its output, intent builders / JSON floor, ${intent}`, ratio(main, "intentRegenerate"), "×", INTENT_TARGETS.rerunFloorRatio, { seconds: seconds(main.intentRegenerate!.wallMs), peakRssMiB: peak(main.intentRegenerate!) }),
    figure(`generate again over an unchanged config and its output, raw resources / JSON floor, ${raw}`, ratio(main, "regenerate"), "×", INTENT_TARGETS.rerunFloorRatio, { seconds: seconds(main.regenerate!.wallMs), peakRssMiB: peak(main.regenerate!) }),
  ];
  if (large === undefined) return figures;
  const largeRaw = `N=${large.services} (${large.resources} resources)`;
  const largeIntent = `N=${large.services} (${large.intentResources} resources)`;
  const growth = (program: "generate" | "intent"): number => round(median(large[program].wallMs) / median(main[program].wallMs));
  return [
    ...figures,
    figure(`generate, intent builders / JSON floor wall time, ${largeIntent}`, ratio(large, "intent"), "×", INTENT_TARGETS.largeFloorRatio, { intentSeconds: seconds(large.intent.wallMs), floorSeconds: seconds(large.floor.wallMs) }),
    figure(`generate, intent builders, peak RSS, ${largeIntent}`, peak(large.intent), "MiB", INTENT_TARGETS.largePeakRssMiB, { medianPeakRssMiB: round(median(large.intent.peakRssMiB), 1) }),
    figure(`generate, intent builders, wall time N=${large.services} / N=${main.services}`, growth("intent"), "×", INTENT_TARGETS.growth, { inputGrowth: large.services / main.services }),
    figure(`generate, raw resources / JSON floor wall time, ${largeRaw}`, ratio(large, "generate"), "×", INTENT_TARGETS.largeFloorRatio, { generateSeconds: seconds(large.generate.wallMs), floorSeconds: seconds(large.floor.wallMs) }),
    figure(`generate, raw resources, peak RSS, ${largeRaw}`, peak(large.generate), "MiB", INTENT_TARGETS.largePeakRssMiB, { medianPeakRssMiB: round(median(large.generate.peakRssMiB), 1) }),
    figure(`generate, raw resources, wall time N=${large.services} / N=${main.services}`, growth("generate"), "×", INTENT_TARGETS.growth, { inputGrowth: large.services / main.services }),
  ];
}

/** A Markdown table of every size: medians of wall time and peak RSS of each program, and the floor ratios. */
export function renderGenerateSizes(sizes: readonly GenerateSize[]): string {
  const header = ["services", "floor wall", "raw wall (ratio)", "raw peak", "raw rerun (ratio)", "intent wall (ratio)", "intent peak", "intent rerun (ratio)"];
  const cell = (s: GenerateSize, program: Program): string => {
    const measured = s[program];
    return measured === undefined ? "-" : `${seconds(measured.wallMs).toFixed(2)} s (${floorRatio(s, program).toFixed(1)}×)`;
  };
  const rows = sizes.map((s) => [
    s.services.toLocaleString("en-US"),
    `${seconds(s.floor.wallMs).toFixed(2)} s`,
    cell(s, "generate"),
    `${Math.round(Math.max(...s.generate.peakRssMiB))} MiB`,
    cell(s, "regenerate"),
    cell(s, "intent"),
    `${Math.round(Math.max(...s.intent.peakRssMiB))} MiB`,
    cell(s, "intentRegenerate"),
  ]);
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // `tsx bench/generate.ts [services...] [--large <services> | --no-large]`
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { large: { type: "string" }, "no-large": { type: "boolean" } } });
  // `null`, not `undefined`: an `undefined` argument would take the parameter's default, the large size.
  const large = values["no-large"] ? null : Number(values.large ?? LARGE_SIZE);
  const sizes = positionals.map(Number);
  const results = await benchGenerate(sizes.length > 0 ? sizes : GENERATE_SIZES, large);
  console.log(renderGenerateSizes(results));
  for (const figure of generateFigures(results)) console.log(`${figure.name}: ${figure.value} ${figure.unit} (target ${figure.target.op} ${figure.target.value})`);
}
