// Micro benchmark of the renderer on the DESIGN.md workload (`bench/workload.ts`: N services over
// N/10 namespaces, an HTTPRoute and a DestinationRule per service, a PeerAuthentication and an
// AuthorizationPolicy per namespace; 22 000 resources at N = 10 000), against a JSON.stringify floor.
//
//   pnpm exec tsx packages/render/bench/emit.ts [N] [--yaml] [--write [--dir=/dev/shm]]
//
// The tasks run in interleaved rounds; the fastest round is the figure least disturbed by other
// work on the machine.
//
// --yaml adds the `yaml` package's stringify for comparison; --write also times writeTree into a
// fresh temporary folder (under --dir, default the OS temporary folder) against a floor that
// writes one JSON file per resource.
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { buildWorkload, type WorkloadResource } from "../../../bench/workload.js";
import { emitManifest, emitTree, planTree, writeTree, type KubeResource } from "../src/index.js";

/** The workload as the renderer takes it: every resource of it has a name. */
function named(resources: readonly WorkloadResource[]): KubeResource[] {
  return resources.map((resource) => {
    if (resource.metadata.name === undefined) throw new Error(`the workload has an unnamed ${resource.kind}`);
    return resource as KubeResource;
  });
}

/** A timed task of one round. */
interface Task {
  readonly label: string;
  readonly run: () => unknown;
}

/**
 * Runs the tasks in turn, `rounds` times (so that load from elsewhere hits them alike), and
 * returns each one's median and fastest wall time in milliseconds.
 */
function timeRounds(tasks: readonly Task[], rounds: number): { label: string; median: number; min: number }[] {
  const times = tasks.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    tasks.forEach((task, index) => {
      const start = performance.now();
      task.run();
      times[index]?.push(performance.now() - start);
    });
  }
  return tasks.map((task, index) => {
    const sorted = (times[index] ?? []).sort((a, b) => a - b);
    return { label: task.label, median: sorted[Math.floor(sorted.length / 2)] ?? 0, min: sorted[0] ?? 0 };
  });
}

function report(label: string, ms: number, floor: number, min?: number, minFloor?: number): void {
  const fastest = min === undefined || minFloor === undefined ? "" : `   fastest ${min.toFixed(1).padStart(7)} ms ${(min / minFloor).toFixed(2).padStart(6)}×`;
  console.log(`${label.padEnd(46)} ${ms.toFixed(1).padStart(8)} ms ${(ms / floor).toFixed(2).padStart(6)}× floor${fastest}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const services = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 10_000);
  const resources = named(buildWorkload(services));
  const rounds = 15;
  const tasks: Task[] = [
    { label: "floor: JSON.stringify per resource", run: () => resources.map((resource) => JSON.stringify(resource, null, 2)) },
    { label: "emitManifest per resource", run: () => resources.map((resource) => emitManifest(resource)) },
    { label: "planTree + emitTree (READMEs, kustomizations)", run: () => emitTree(planTree(resources)) },
  ];
  if (args.includes("--yaml")) tasks.push({ label: "yaml package stringify per resource", run: () => resources.map((resource) => stringify(resource)) });
  console.log(`${resources.length} resources (N = ${services}), ${rounds} interleaved rounds, median (and fastest), Node ${process.version}`);
  const results = timeRounds(tasks, rounds);
  const [floor] = results;
  for (const result of results) report(result.label, result.median, floor?.median ?? 1, result.min, floor?.min ?? 1);
  if (args.includes("--write")) await benchWrite(resources);
}

async function benchWrite(resources: readonly KubeResource[]): Promise<void> {
  const base = process.argv.find((arg) => arg.startsWith("--dir="))?.slice("--dir=".length) ?? tmpdir();
  const dir = await mkdtemp(join(base, "meshform-bench-"));
  try {
    let start = performance.now();
    const made = new Set<string>();
    for (const resource of resources) {
      const folder = join(dir, "floor", resource.metadata.namespace ?? "_cluster");
      if (!made.has(folder)) mkdirSync(folder, { recursive: true });
      made.add(folder);
      writeFileSync(join(folder, `${resource.kind}-${resource.metadata.name}.json`), JSON.stringify(resource, null, 2));
    }
    const floor = performance.now() - start;
    report("write floor: JSON.stringify + writeFileSync", floor, floor);
    const files = emitTree(planTree(resources));
    start = performance.now();
    await writeTree(join(dir, "out"), files);
    report("writeTree, first run (emitted files)", performance.now() - start, floor);
    start = performance.now();
    await writeTree(join(dir, "out"), files);
    report("writeTree, nothing changed", performance.now() - start, floor);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
