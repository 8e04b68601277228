// Nothing in generate grows faster than its input: every stage, run in-process as `meshform
// generate` runs it, does at most about twice the work for twice the services, on both workloads of
// the benchmark (the intent builders and the raw-resource escape hatch).
//
// Work is counted, not timed (see support/work-meter.ts): blocks of JavaScript run, elements the
// scanning built-ins touch, file-system calls. A `list.includes(x)` or a hand-written scan of a
// growing list inside a loop over the input makes a count grow 4× when the input doubles, on any
// machine and under any load. The first tests show that the meter sees both and passes linear work.
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as Dsl from "@meshform/dsl";
import { renderIntentConfig, renderWorkloadConfig } from "../bench/generate-sources.js";
import { growthProblems, productScripts } from "./support/growth.js";
import { WorkMeter, type Work } from "./support/work-meter.js";

/** The services of the smaller run; the larger has twice as many. */
const SERVICES = 150;
/**
 * The services of a run before the measured one, in the same modules: what a process does once
 * (building lazy schemas, compiling the kinds' CEL rules, loading the README template) is then
 * done before measuring, and the counts compared are the work that depends on the size.
 */
const WARM_UP_SERVICES = 10;

const root = resolve(fileURLToPath(import.meta.url), "../..");
const meter = new WorkMeter();

/** The product's scripts: the workspace packages' modules and their npm dependencies (set before measuring). */
let isProductScript: (url: string) => boolean = () => false;

/** A script of this file: where the meter's own test functions live. */
function isThisFile(url: string): boolean {
  return url.includes("/test/linear-growth.test.ts");
}

beforeAll(async () => {
  isProductScript = await productScripts(root);
  // Before the pipeline's modules load: V8 counts the blocks of what it compiles from now on.
  await meter.start();
});
afterAll(async () => {
  await meter.stop();
});

// --- the meter itself ---

/** `count` numbers in an order that is neither sorted nor reversed, the same every run. */
function shuffled(count: number): number[] {
  const values = Array.from({ length: count }, (_, index) => index);
  let seed = 12345;
  for (let index = count - 1; index > 0; index -= 1) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const other = seed % (index + 1);
    [values[index], values[other]] = [values[other]!, values[index]!];
  }
  return values;
}

function distinctWithSet(values: readonly number[]): number[] {
  const seen = new Set<number>();
  for (const value of values) seen.add(value);
  return [...seen];
}

function distinctWithIncludes(values: readonly number[]): number[] {
  const seen: number[] = [];
  for (const value of values) if (!seen.includes(value)) seen.push(value);
  return seen;
}

function distinctWithLoop(values: readonly number[]): number[] {
  const seen: number[] = [];
  for (let index = 0; index < values.length; index += 1) {
    let found = false;
    for (let other = 0; other < seen.length && !found; other += 1) found = seen[other] === values[index];
    if (!found) seen.push(values[index]!);
  }
  return seen;
}

function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((left, right) => left - right);
}

/** Writes one file per value, listing the folder after each: file-system work that grows as n². */
async function writeAndListEach(values: readonly number[]): Promise<number> {
  const folder = await mkdtemp(join(tmpdir(), "meshform-growth-"));
  try {
    let listed = 0;
    for (const value of values) {
      await writeFile(join(folder, `${value}.txt`), "");
      listed += (await readdir(folder)).length;
    }
    return listed;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function toyGrowth(run: (values: readonly number[]) => unknown, size: number): Promise<string[]> {
  const small = shuffled(size);
  const large = shuffled(2 * size);
  await meter.measure(() => run(large), isThisFile); // the first run compiles and warms up
  const { work: before } = await meter.measure(() => run(small), isThisFile);
  const { work: after } = await meter.measure(() => run(large), isThisFile);
  return growthProblems(run.name, before, after, root);
}

describe("the work meter", () => {
  it("passes work that grows linearly, or as n·log n for a sort", async () => {
    expect(await toyGrowth(distinctWithSet, 500)).toEqual([]);
    expect(await toyGrowth(sortedCopy, 500)).toEqual([]);
  });

  it("fails a scan with a built-in inside a loop over the input", async () => {
    const problems = await toyGrowth(distinctWithIncludes, 500);
    expect(problems.join("\n")).toMatch(/distinctWithIncludes: .* units of work .*; at most 2\.2×/);
    expect(problems.join("\n")).toMatch(/Array#includes touched \d+ elements for twice the input, (?:3\.[5-9]|4\.\d)\d*×/);
  });

  it("fails a hand-written scan inside a loop over the input", async () => {
    const problems = await toyGrowth(distinctWithLoop, 500);
    expect(problems.join("\n")).toMatch(/distinctWithLoop: .* units of work .*; at most 2\.2×/);
    expect(problems.join("\n")).toMatch(/the hottest block of .*distinctWithLoop.* ran \d+ times for twice the input, (?:3\.[5-9]|4\.\d)\d*×/);
  });

  it("fails file-system work that grows as n²", async () => {
    const problems = await toyGrowth(writeAndListEach, 50);
    expect(problems.join("\n")).toMatch(/writeAndListEach: .* units of work .*; at most 2\.2×/);
    expect(problems.join("\n")).toMatch(/fs\.readdir touched \d+ elements for twice the input, (?:3\.[5-9]|4\.\d)\d*×/);
  });
});

// --- generate's stages ---

/**
 * The pipeline's modules, loaded afresh (the meter has started), as a process of `meshform
 * generate` loads them: what a measured run of one size leaves in a module (a cache of rule
 * results, a count of the values a kind's schema has checked) must not make the run of the other
 * size cheaper or dearer. A cache that changes strategy past a number of values (kind-runtime
 * compiles a kind's checker after its first 1 000 values) must stay on one side of it in both
 * runs: at WARM_UP_SERVICES + 2 · SERVICES services no kind has 1 000 resources.
 */
async function loadPipeline() {
  vi.resetModules();
  const dsl = await import("@meshform/dsl");
  const { createValidator } = await import("@meshform/validate");
  const { analyzeMesh } = await import("@meshform/analyze");
  const render = await import("@meshform/render");
  return { dsl, createValidator, analyzeMesh, render };
}
type Pipeline = Awaited<ReturnType<typeof loadPipeline>>;

const STAGES = ["builders", "compile", "validate", "analyze", "plan", "emit", "write", "write again (unchanged)", "check (unchanged)"] as const;
type Stage = (typeof STAGES)[number];

/** Where the benchmark's configs are written: inside the workspace, so that their `@meshform/*` imports resolve. */
const scratch = join(root, "test", ".tmp");

/**
 * Writes `text`, a mesh.config.ts, to a file of its own in `folder` and returns a function that
 * imports it: the import runs the config, in the modules loaded since the last
 * {@link loadPipeline}, as `meshform generate` runs a config in its process.
 */
async function configLoader(folder: string, name: string, text: string): Promise<() => Promise<Dsl.MeshDefinition>> {
  const file = join(folder, `${name}.config.ts`);
  await writeFile(file, text);
  return async () => ((await import(/* @vite-ignore */ pathToFileURL(file).href)) as { default: Dsl.MeshDefinition }).default;
}

/**
 * Runs each stage of `meshform generate` (packages/engine/src/pipeline.ts) on the mesh
 * `load` builds, into a fresh temporary folder; with `measured`, returns the work of each.
 */
async function runStages(pipeline: Pipeline, load: () => Promise<Dsl.MeshDefinition>, measured: boolean): Promise<Record<Stage, Work>> {
  const works: Partial<Record<Stage, Work>> = {};
  async function stage<T>(name: Stage, run: () => T | Promise<T>): Promise<T> {
    if (!measured) return run();
    const { result, work } = await meter.measure(run, isProductScript);
    works[name] = work;
    return result;
  }
  const { dsl, createValidator, analyzeMesh, render } = pipeline;
  const out = await mkdtemp(join(tmpdir(), "meshform-growth-"));
  try {
    const mesh = await stage("builders", load);
    const { model } = mesh;
    const compiled = await stage("compile", () => dsl.compile(model));
    const validated = await stage("validate", () => {
      const { targets } = model;
      const validator = createValidator({ istioRelease: targets.istio, gatewayApiRelease: targets.gatewayApi.release, gatewayApiChannel: targets.gatewayApi.channel, kinds: model.kinds, schemaChecked: true });
      return compiled.resources.flatMap((resource) => {
        const origin = compiled.origins.get(resource);
        return validator.validate(resource, origin && { file: origin.file, lineOf: () => origin.line });
      });
    });
    const analyzed = await stage("analyze", () =>
      analyzeMesh(
        compiled.resources.map((object) => ({ object, source: compiled.origins.get(object) })),
        { rootNamespace: model.rootNamespace, external: model.externals, suppressions: model.suppressions.map(({ code, reason, resource }) => ({ code, reason, ...(resource ? { resource } : {}) })) },
      ),
    );
    // A run that measures an error path measures nothing of what users run.
    expect([...model.issues, ...compiled.issues, ...validated, ...analyzed].filter((issue) => issue.severity === "error")).toEqual([]);
    const { scopeOf } = dsl.catalogOf(model.targets, model.kinds);
    const plan = await stage("plan", () => render.planTree(compiled.resources, { scopeOf }));
    const files = await stage("emit", () => render.emitTree(plan, {}));
    await stage("write", () => render.writeTree(out, files, { allowRemoval: true }));
    await stage("write again (unchanged)", () => render.writeTree(out, files, { allowRemoval: true }));
    const checked = await stage("check (unchanged)", () => render.checkTree(out, files, {}));
    expect(checked.upToDate).toBe(true);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  return works as Record<Stage, Work>;
}

describe.each([
  { workload: "the intent builders", config: renderIntentConfig },
  { workload: "raw resources", config: renderWorkloadConfig },
])("generate with $workload", ({ config }) => {
  let small: Record<Stage, Work>;
  let large: Record<Stage, Work>;
  beforeAll(async () => {
    await mkdir(scratch, { recursive: true });
    const folder = await mkdtemp(join(scratch, "linear-growth-"));
    try {
      for (const services of [SERVICES, 2 * SERVICES]) {
        // Written before measuring: writing the configs is no stage of generate.
        const warmUp = await configLoader(folder, `warm-up-${services}`, config(WARM_UP_SERVICES));
        const measuredRun = await configLoader(folder, `mesh-${services}`, config(services));
        const pipeline = await loadPipeline();
        await runStages(pipeline, warmUp, false);
        const works = await runStages(pipeline, measuredRun, true);
        if (services === SERVICES) small = works;
        else large = works;
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it.each(STAGES)("%s does at most about twice the work for twice the services", (stage) => {
    // The meter saw the stage's own code (and, writing, its files), so a growth it misses is not one it could not see.
    for (const works of [small, large]) {
      expect(works[stage].blocks, `${stage}: blocks of the product's modules`).toBeGreaterThan(0);
      if (stage.startsWith("write") || stage.startsWith("check")) expect(works[stage].fileSystem, `${stage}: file-system calls`).toBeGreaterThan(0);
    }
    expect(growthProblems(`${stage} (${SERVICES} → ${2 * SERVICES} services)`, small[stage], large[stage], root)).toEqual([]);
  });
});
