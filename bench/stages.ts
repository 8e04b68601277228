/**
 * Where `meshform generate`'s time goes, stage by stage, in one process: the modules it loads,
 * running mesh.config.ts, compile, validate (CEL, Istio admission), analyze, plan, emit, and
 * write (or, with `--check`, the comparison with the folder). It runs the same functions as the
 * CLI, from the compiled packages (`node scripts/build.js` first), on one of the benchmark's
 * workloads or on a config of your own.
 *
 * ```sh
 * pnpm exec tsx bench/stages.ts --services 10000 [--raw] [--out <folder>] [--check] [--json]
 * pnpm exec tsx bench/stages.ts --config path/to/mesh.config.ts --out <folder>
 * ```
 *
 * The workload is written with the intent builders unless `--raw` is given (the escape hatch,
 * `mesh.resource(...)`). Outputs go to a fresh folder under `MESHFORM_BENCH_TMP` or `/dev/shm`
 * unless `--out` is given. Milliseconds of wall time and of CPU time (user + system, which other
 * load on the machine moves less) per stage are printed, with the V8 heap in use as the stage
 * ended (with `NODE_OPTIONS=--expose-gc`, after a full collection: what the stage left alive),
 * then the peak RSS.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { outputRoot } from "./generate.js";
import { renderIntentConfig, renderWorkloadConfig } from "./generate-sources.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const { values } = parseArgs({
  options: {
    services: { type: "string", default: "10000" },
    raw: { type: "boolean", default: false },
    config: { type: "string" },
    out: { type: "string" },
    check: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});

const times: Record<string, number> = {};
/** CPU time (user + system, ms) of each stage: less moved by other load on the machine than wall time. */
const cpus: Record<string, number> = {};
/** The V8 heap in use (MiB) as each stage ended: what the stage left alive, plus garbage not yet collected. */
const heaps: Record<string, number> = {};
/** The process's peak RSS (MiB) so far as each stage ended: the stage that raised it holds the peak. */
const peaks: Record<string, number> = {};
let last = performance.now();
let lastCpu = process.cpuUsage();
const started = last;
function mark(stage: string): void {
  const now = performance.now();
  const cpu = process.cpuUsage(lastCpu);
  times[stage] = Math.round(now - last);
  cpus[stage] = Math.round((cpu.user + cpu.system) / 1000);
  // Under `node --expose-gc`, what the stage left alive, garbage collected first (not timed).
  (globalThis as { gc?: () => void }).gc?.();
  heaps[stage] = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  peaks[stage] = Math.round(process.resourceUsage().maxRSS / 1024);
  last = performance.now();
  lastCpu = process.cpuUsage();
}

const dist = (path: string): string => join(root, "packages", path);
const { loadMesh } = (await import(dist("engine/dist/load.js"))) as typeof import("../packages/engine/src/load.js");
const { analyzeCompiled, validateCompiled } = (await import(dist("engine/dist/pipeline.js"))) as typeof import("../packages/engine/src/pipeline.js");
const dsl = (await import(dist("dsl/dist/index.js"))) as typeof import("../packages/dsl/src/index.js");
const render = (await import(dist("render/dist/index.js"))) as typeof import("../packages/render/src/index.js");
mark("load modules");

let config = values.config;
const scratch = join(root, "bench", ".tmp", "stages");
if (config === undefined) {
  const services = Number(values.services);
  await mkdir(scratch, { recursive: true });
  config = join(scratch, `${values.raw ? "raw" : "intent"}-${services}.config.ts`);
  await writeFile(config, values.raw ? renderWorkloadConfig(services) : renderIntentConfig(services));
}
const out = values.out ?? (await mkdtemp(join(outputRoot(), "meshform-stages-")));
mark("write the config");
delete times["write the config"];
delete cpus["write the config"];

const mesh = await loadMesh(resolve(config), { shown: config });
mark("run mesh.config.ts");
const compiled = dsl.compile(mesh.model);
mark("compile");
const validated = validateCompiled(mesh, compiled);
mark("validate");
const analyzed = analyzeCompiled(mesh, compiled);
mark("analyze");
const { scopeOf } = dsl.catalogOf(mesh.model.targets, mesh.model.kinds);
const plan = render.planTree(compiled.resources, { scopeOf });
mark("plan");
const files = render.emitTree(plan, {});
mark("emit");
if (values.check) {
  await render.checkTree(out, files, {});
  mark("check");
} else {
  await render.writeTree(out, files, { allowRemoval: true });
  mark("write");
}
const total = Math.round(performance.now() - started);
const totalCpu = Object.values(cpus).reduce((sum, ms) => sum + ms, 0);
const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
const counts = { resources: compiled.resources.length, files: files.length, compileIssues: compiled.issues.length, validateIssues: validated.length, analyzeIssues: analyzed.length };
if (values.json) console.log(JSON.stringify({ stagesMs: times, stagesCpuMs: cpus, totalCpuMs: totalCpu, heapAfterMiB: heaps, peakRssAfterMiB: peaks, totalMs: total, peakRssMiB, ...counts }));
else {
  for (const [stage, ms] of Object.entries(times)) console.log(`${stage.padEnd(20)} ${String(ms).padStart(6)} ms   CPU ${String(cpus[stage]).padStart(6)} ms   heap after ${String(heaps[stage]).padStart(5)} MiB   peak RSS so far ${String(peaks[stage]).padStart(5)} MiB`);
  console.log(`${"total".padEnd(20)} ${String(total).padStart(6)} ms   CPU ${String(totalCpu).padStart(6)} ms   peak RSS ${peakRssMiB} MiB   ${JSON.stringify(counts)}`);
}
if (values.out === undefined) await rm(out, { recursive: true, force: true });
