// Nothing in `meshform import` grows faster than its input: reading the YAML, and importing it
// (recognising intents, laying out and writing the config, running and compiling it, comparing
// and validating), each does at most about twice the work for twice the services of the DESIGN.md
// workload, the one bench/import.ts times.
//
// Work is counted, not timed (see support/work-meter.ts), so the judgement holds on any machine
// and under any load: a scan of a growing list inside a loop over the input makes a count grow 4×
// when the input doubles.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stringify } from "yaml";
import { buildWorkload } from "../bench/workload.js";
import { growthProblems, productScripts } from "./support/growth.js";
import { WorkMeter, type Work } from "./support/work-meter.js";

/** The services of the smaller run; the larger has twice as many. */
const SERVICES = 120;
/** The services of an unmeasured run first, in the same modules: what a process does once is done before measuring. */
const WARM_UP_SERVICES = 10;

const root = resolve(fileURLToPath(import.meta.url), "../..");
const meter = new WorkMeter();
/** The product's scripts: the workspace packages' modules and their npm dependencies (set before measuring). */
let isProductScript: (url: string) => boolean = () => false;

/** The workload as one multi-document YAML text, as bench/import.ts writes it. */
function workloadText(services: number): string {
  return buildWorkload(services)
    .map((r) => stringify(r))
    .join("---\n");
}

/** The modules of an import, loaded afresh: what one size's run leaves in a module must not change the other's. */
async function loadImport() {
  vi.resetModules();
  const { documentStartLines, importManifests } = await import("@meshform/import");
  const { parseManifests } = await import("@meshform/validate");
  return { documentStartLines, importManifests, parseManifests };
}

const STAGES = ["read", "import"] as const;
type Stage = (typeof STAGES)[number];

async function runImport(modules: Awaited<ReturnType<typeof loadImport>>, text: string, measured: boolean): Promise<Record<Stage, Work>> {
  const works: Partial<Record<Stage, Work>> = {};
  async function stage<T>(name: Stage, run: () => T): Promise<T> {
    if (!measured) return run();
    const { result, work } = await meter.measure(run, isProductScript);
    works[name] = work;
    return result;
  }
  const { documentStartLines, importManifests, parseManifests } = modules;
  const documents = await stage("read", () => {
    const starts = documentStartLines(text);
    return parseManifests(text, "workload.yaml").documents.map((d) => ({ ...d, line: starts[d.index] }));
  });
  const { report } = await stage("import", () => importManifests(documents));
  // A run that measures an error path, or writes raw resources, measures nothing of what the benchmark runs.
  expect(report.raw).toBe(0);
  expect(report.issues.filter((issue) => issue.severity !== "info")).toEqual([]);
  return works as Record<Stage, Work>;
}

describe("import of the DESIGN.md workload", () => {
  let small: Record<Stage, Work>;
  let large: Record<Stage, Work>;
  beforeAll(async () => {
    isProductScript = await productScripts(root);
    await meter.start();
    // Built before measuring: writing the input is no stage of import.
    const warmUp = workloadText(WARM_UP_SERVICES);
    for (const services of [SERVICES, 2 * SERVICES]) {
      const text = workloadText(services);
      const modules = await loadImport();
      await runImport(modules, warmUp, false);
      const works = await runImport(modules, text, true);
      if (services === SERVICES) small = works;
      else large = works;
    }
  }, 180_000);
  afterAll(async () => {
    await meter.stop();
  });

  it.each(STAGES)("%s does at most about twice the work for twice the services", (stage) => {
    for (const works of [small, large]) expect(works[stage].blocks, `${stage}: blocks of the product's modules`).toBeGreaterThan(0);
    expect(growthProblems(`${stage} (${SERVICES} → ${2 * SERVICES} services)`, small[stage], large[stage], root)).toEqual([]);
  });
});
