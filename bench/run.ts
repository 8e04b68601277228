/**
 * meshform's benchmarks (`pnpm bench`): codegen of every builtin target, `tsc --noEmit` over every
 * generated kind, zod validation throughput on the DESIGN.md workload, and `meshform generate` on
 * that workload (`generate.ts`). Prints a table with the targets and writes `bench/results.json`.
 * Exits 1 when a figure misses its target.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, platform, arch, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeAllKindsProject } from "./all-kinds.js";
import { benchGenerate, generateFigures, renderGenerateSizes } from "./generate.js";
import { median, parseReport, runChild, runTsChild } from "./measure.js";
import { benchValidateCli, benchValidateOneFile } from "./validate.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const specs = resolve(root, "../shared/specs");
const scratch = join(root, "bench", ".tmp");

const CODEGEN_RUNS = 5;
const TYPE_CHECK_RUNS = 3;
const VALIDATE_SERVICES = 10_000;
const VALIDATE_ROUNDS = 5;

/** One measured figure against its target. */
interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** `<=` for time, `>=` for throughput. */
  readonly target: { readonly op: "<=" | ">="; readonly value: number };
  readonly detail: Record<string, unknown>;
}

/** Rounds to `digits` decimals, for figures a person reads. */
function round(value: number, digits = 3): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

function passes(figure: Figure): boolean {
  return figure.target.op === "<=" ? figure.value <= figure.target.value : figure.value >= figure.target.value;
}

async function benchCodegen(): Promise<Figure | string> {
  if (!existsSync(specs)) return `skipped: the upstream specs are absent (${specs})`;
  const walls: number[] = [];
  const rss: number[] = [];
  let report = { kinds: 0, files: 0, peakRssMiB: 0 };
  for (let i = 0; i < CODEGEN_RUNS; i += 1) {
    const out = await mkdtemp(join(tmpdir(), "meshform-bench-codegen-"));
    try {
      const run = await runTsChild(join(root, "bench", "codegen-child.ts"), [specs, out], root);
      report = parseReport<typeof report>(run);
      walls.push(run.wallMs);
      rss.push(report.peakRssMiB);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }
  return {
    name: "codegen, all builtin targets (whole process)",
    value: round(median(walls) / 1000),
    unit: "s",
    target: { op: "<=", value: 10 },
    detail: {
      runsSeconds: walls.map((ms) => round(ms / 1000)),
      peakRssMiB: round(Math.max(...rss), 1),
      medianPeakRssMiB: round(median(rss), 1),
      kinds: report.kinds,
      files: report.files,
    },
  };
}

/** Reads one `Name: value` line of `tsc --extendedDiagnostics`. */
function diagnostic(output: string, name: string): string | undefined {
  return new RegExp(`^${name}:\\s+(\\S+)`, "m").exec(output)?.[1];
}

async function benchTypeCheck(): Promise<Figure> {
  const { tsconfig, modules } = await writeAllKindsProject(root, scratch);
  const tsc = join(dirname(createRequire(join(root, "package.json")).resolve("typescript/package.json")), "bin", "tsc");
  const walls: number[] = [];
  let output = "";
  for (let i = 0; i < TYPE_CHECK_RUNS; i += 1) {
    const run = await runChild(process.execPath, [tsc, "-p", tsconfig, "--noEmit", "--extendedDiagnostics"], root);
    walls.push(run.wallMs);
    output = run.stdout;
  }
  return {
    name: "tsc --noEmit, one file importing every kind",
    value: round(median(walls) / 1000),
    unit: "s",
    target: { op: "<=", value: 3 },
    detail: {
      runsSeconds: walls.map((ms) => round(ms / 1000)),
      versionModules: modules.length,
      files: Number(diagnostic(output, "Files")),
      lines: Number(diagnostic(output, "Lines")),
      checkTime: diagnostic(output, "Check time"),
      memoryUsed: diagnostic(output, "Memory used"),
    },
  };
}

async function benchValidation(): Promise<Figure> {
  const run = await runTsChild(join(root, "bench", "validate-child.ts"), [String(VALIDATE_SERVICES), String(VALIDATE_ROUNDS)], root);
  const report = parseReport<{ services: number; resources: number; buildMs: number; rounds: number[]; medianPerSecond: number; peakRssMiB: number }>(run);
  return {
    name: `zod validation, workload N=${report.services} (${report.resources} resources)`,
    value: Math.round(report.medianPerSecond),
    unit: "resources/s",
    target: { op: ">=", value: 50_000 },
    detail: { roundsPerSecond: report.rounds.map(Math.round), buildMs: round(report.buildMs, 1), peakRssMiB: round(report.peakRssMiB, 1) },
  };
}

function formatValue(value: number, unit: string): string {
  if (unit === "×") return `${value.toFixed(1)}×`;
  return unit === "s" ? `${value.toFixed(2)} s` : `${Math.round(value).toLocaleString("en-US")} ${unit}`;
}

function renderTable(figures: readonly (Figure | { name: string; skipped: string })[]): string {
  const rows = figures.map((f) =>
    "skipped" in f
      ? [f.name, "-", "-", f.skipped]
      : [f.name, formatValue(f.value, f.unit), `${f.target.op} ${formatValue(f.target.value, f.unit)}`, passes(f) ? "pass" : "FAIL"],
  );
  const header = ["figure", "measured (median)", "target", "result"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function machine(): Record<string, unknown> {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: `${platform()} ${arch()}`,
    node: process.version,
  };
}

try {
  const codegen = await benchCodegen();
  const figures = [
    typeof codegen === "string" ? { name: "codegen, all builtin targets (whole process)", skipped: codegen } : codegen,
    await benchTypeCheck(),
    await benchValidation(),
  ];
  const generate = await benchGenerate();
  figures.push(...generateFigures(generate));
  figures.push(await benchValidateCli());
  figures.push(await benchValidateOneFile());
  console.log(renderTable(figures));
  console.log(`\ngenerate, every size (medians; details in results.json):\n${renderGenerateSizes(generate)}`);
  for (const f of figures) if (!("skipped" in f)) console.log(`\n${f.name}:\n  ${JSON.stringify(f.detail)}`);
  const results = { machine: machine(), measuredAt: new Date().toISOString(), figures: figures.map((f) => ("skipped" in f ? f : { ...f, pass: passes(f) })) };
  await writeFile(join(root, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote bench/results.json (${machine().cpus} CPUs, Node ${process.version})`);
  if (figures.some((f) => !("skipped" in f) && !passes(f))) process.exitCode = 1;
} finally {
  await rm(scratch, { recursive: true, force: true });
}
