/**
 * The import benchmark: `meshform import <file> -o mesh.config.ts` through the real CLI on the
 * DESIGN.md workload (at N = 10 000: 22 000 resources), whole process. The workload is built with
 * the generated factories (`workload.ts`) and written with `yaml`'s stringify as one multi-document
 * file (what `kustomize build` gives) into a folder in RAM where there is one. One untimed run
 * checks that every resource comes back as an intent with nothing to report but information; the
 * timed runs follow, and the median wall time is the figure. Each run also reports its CPU time,
 * all threads and the main thread alone (read by a module preloaded with `node --import` as the
 * process exits), which a machine shared with other work inflates far less than the wall time.
 *
 * With `--stages`, the import runs once in this process instead, as the CLI runs it (the YAML read
 * by `parseManifests`, each document's line by `documentStartLines`), and the figure is each
 * stage's wall and main-thread CPU time: where the time goes.
 *
 * Usage: `tsx bench/import.ts [--services 10000] [--rounds 3] [--stages]`. Prints one JSON line with the figure.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { stringify } from "yaml";
import { outputRoot } from "./generate.js";
import { median, runChild } from "./measure.js";
import { buildWorkload } from "./workload.js";

/** The target at N = 10 000 (issue 13, item 6), in seconds. */
export const IMPORT_TARGET_SECONDS = 5;

const root = resolve(fileURLToPath(import.meta.url), "../..");
const BIN = join(root, "packages", "cli", "bin", "meshform.js");

/** The figure of one benchmark run. */
export interface ImportFigure {
  readonly name: string;
  /** The median wall time of the timed runs, in seconds. */
  readonly value: number;
  readonly unit: "s";
  readonly target: { readonly op: "<="; readonly value: number };
  readonly detail: {
    readonly services: number;
    readonly resources: number;
    readonly rounds: number;
    readonly runsSeconds: readonly number[];
    /** Each run's CPU time, every thread of the process (the garbage collector's helpers included), in seconds. */
    readonly cpuSeconds: readonly number[];
    /** Each run's main-thread CPU time in seconds, where the system tells it (Linux). */
    readonly mainThreadSeconds: readonly number[];
    readonly configBytes: number;
  };
}

/** What the preloaded module prints on standard error as the process exits. */
const CPU_MARK = "meshform-import-bench-cpu ";

/**
 * The module preloaded into each run: on exit, the process's CPU time and its main thread's
 * (from `/proc/self/task/<pid>/stat`, in clock ticks of 10 ms, when it can be read).
 */
const CPU_PRELOAD = `import { readFileSync } from "node:fs";
process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  let main = null;
  try {
    const fields = readFileSync(\`/proc/self/task/\${process.pid}/stat\`, "utf8").split(") ")[1].split(" ");
    main = (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {}
  process.stderr.write(\`\\n${CPU_MARK}\${JSON.stringify({ cpu: (user + system) / 1e6, main })}\\n\`);
});
`;

/** The CPU times a run's preloaded module printed. */
function cpuOf(stderr: string): { readonly cpu: number; readonly main: number | null } {
  const line = stderr.split("\n").find((l) => l.startsWith(CPU_MARK));
  if (line === undefined) throw new Error("the run did not report its CPU time");
  return JSON.parse(line.slice(CPU_MARK.length)) as { cpu: number; main: number | null };
}

/** Measures `meshform import` on the workload of `services` services, `rounds` timed runs. */
export async function measureImport(services: number, rounds: number): Promise<ImportFigure> {
  const dir = await mkdtemp(join(outputRoot(), "meshform-import-bench-"));
  try {
    const resources = buildWorkload(services);
    const input = join(dir, "workload.yaml");
    await writeFile(input, resources.map((r) => stringify(r)).join("---\n"));
    const out = join(dir, "mesh.config.ts");
    const preload = join(dir, "cpu.mjs");
    await writeFile(preload, CPU_PRELOAD);
    const command = ["--import", pathToFileURL(preload).href, BIN, "import", input, "-o", out, "--force"];
    const check = await runChild(process.execPath, command, root);
    const summary = `${resources.length} resources: ${resources.length} as intents, 0 as raw resources`;
    if (!check.stderr.includes(summary) || /[✖⚠]/.test(check.stderr)) throw new Error(`the workload did not import as intents without findings:\n${check.stderr.split("\n").slice(-5).join("\n")}`);
    const runs: number[] = [];
    const cpu: number[] = [];
    const main: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      const run = await runChild(process.execPath, command, root);
      runs.push(run.wallMs / 1000);
      const times = cpuOf(run.stderr);
      cpu.push(times.cpu);
      if (times.main !== null) main.push(times.main);
    }
    const configBytes = (await readFile(out)).length;
    return {
      name: `meshform import, N = ${services} (${resources.length} resources), whole process`,
      value: Number(median(runs).toFixed(2)),
      unit: "s",
      target: { op: "<=", value: IMPORT_TARGET_SECONDS },
      detail: {
        services,
        resources: resources.length,
        rounds,
        runsSeconds: runs.map((r) => Number(r.toFixed(2))),
        cpuSeconds: cpu.map((r) => Number(r.toFixed(2))),
        mainThreadSeconds: main.map((r) => Number(r.toFixed(2))),
        configBytes,
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The stages of one in-process import, each in milliseconds: wall time, and the main thread's CPU time (Linux; `null` elsewhere). */
export interface ImportStages {
  readonly name: string;
  readonly stages: readonly { readonly stage: string; readonly wallMs: number; readonly mainCpuMs: number | null }[];
}

/** The main thread's CPU time so far in milliseconds, from `/proc` (in ticks of 10 ms); `null` where there is none. */
function mainThreadCpuMs(): number | null {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Imports the workload of `services` services once in this process, timing each stage. */
export async function measureImportStages(services: number): Promise<ImportStages> {
  const { documentStartLines, importManifests } = await import("@meshform/import");
  const { parseManifests } = await import("@meshform/validate");
  const text = buildWorkload(services)
    .map((r) => stringify(r))
    .join("---\n");
  const stages: { stage: string; wallMs: number; mainCpuMs: number | null }[] = [];
  let wall = performance.now();
  let cpu = mainThreadCpuMs();
  const stage = (name: string): void => {
    const [nowWall, nowCpu] = [performance.now(), mainThreadCpuMs()];
    stages.push({ stage: name, wallMs: Math.round(nowWall - wall), mainCpuMs: nowCpu === null || cpu === null ? null : nowCpu - cpu });
    [wall, cpu] = [nowWall, nowCpu];
  };
  const starts = documentStartLines(text);
  const documents = parseManifests(text, "workload.yaml").documents.map((d) => ({ ...d, line: starts[d.index] }));
  stage("parse");
  const { report } = importManifests(documents, { onStage: (name) => stage(name) });
  if (report.raw !== 0) throw new Error(`the workload did not import as intents: ${report.raw} raw resources`);
  return { name: `meshform import stages, N = ${services} (${documents.length} resources), in-process`, stages };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  if (process.argv.includes("--stages")) console.log(JSON.stringify(await measureImportStages(arg("services", 10_000))));
  else console.log(JSON.stringify(await measureImport(arg("services", 10_000), arg("rounds", 3))));
}
