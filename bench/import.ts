/**
 * The import benchmark: `meshform import <file> -o mesh.config.ts` through the real CLI on the
 * DESIGN.md workload (at N = 10 000: 22 000 resources), whole process. The workload is built with
 * the generated factories (`workload.ts`) and written with `yaml`'s stringify as one multi-document
 * file (what `kustomize build` gives) into a folder in RAM where there is one. One untimed run
 * checks that every resource comes back as an intent with nothing to report but information; the
 * timed runs follow, and the median wall time is the figure.
 *
 * Usage: `tsx bench/import.ts [--services 10000] [--rounds 3]`. Prints one JSON line with the figure.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
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
  readonly detail: { readonly services: number; readonly resources: number; readonly rounds: number; readonly runsSeconds: readonly number[]; readonly configBytes: number };
}

/** Measures `meshform import` on the workload of `services` services, `rounds` timed runs. */
export async function measureImport(services: number, rounds: number): Promise<ImportFigure> {
  const dir = await mkdtemp(join(outputRoot(), "meshform-import-bench-"));
  try {
    const resources = buildWorkload(services);
    const input = join(dir, "workload.yaml");
    await writeFile(input, resources.map((r) => stringify(r)).join("---\n"));
    const out = join(dir, "mesh.config.ts");
    const check = await runChild(process.execPath, [BIN, "import", input, "-o", out, "--force"], root);
    const summary = `${resources.length} resources: ${resources.length} as intents, 0 as raw resources`;
    if (!check.stderr.includes(summary) || /[✖⚠]/.test(check.stderr)) throw new Error(`the workload did not import as intents without findings:\n${check.stderr.split("\n").slice(-5).join("\n")}`);
    const runs: number[] = [];
    for (let i = 0; i < rounds; i += 1) runs.push((await runChild(process.execPath, [BIN, "import", input, "-o", out, "--force"], root)).wallMs / 1000);
    const configBytes = (await readFile(out)).length;
    return {
      name: `meshform import, N = ${services} (${resources.length} resources), whole process`,
      value: Number(median(runs).toFixed(2)),
      unit: "s",
      target: { op: "<=", value: IMPORT_TARGET_SECONDS },
      detail: { services, resources: resources.length, rounds, runsSeconds: runs.map((r) => Number(r.toFixed(2))), configBytes },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  console.log(JSON.stringify(await measureImport(arg("services", 10_000), arg("rounds", 3))));
}
