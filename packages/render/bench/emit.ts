// Micro benchmark of the renderer on the DESIGN.md workload (N services over N/10 namespaces:
// an HTTPRoute and a DestinationRule per service, a PeerAuthentication and an AuthorizationPolicy
// per namespace; 22 000 resources at N = 10 000), against a JSON.stringify floor.
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
import { emitManifest, emitTree, planTree, writeTree, type KubeResource } from "../src/index.js";

function workload(services: number): KubeResource[] {
  const namespaces = Math.max(1, Math.floor(services / 10));
  const resources: KubeResource[] = [];
  for (let n = 0; n < namespaces; n++) {
    const namespace = `ns-${n}`;
    resources.push(
      { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "default", namespace }, spec: { mtls: { mode: "STRICT" } } },
      {
        apiVersion: "security.istio.io/v1",
        kind: "AuthorizationPolicy",
        metadata: { name: "allow-ingress", namespace },
        spec: { action: "ALLOW", rules: [{ from: [{ source: { namespaces: ["istio-system"] } }], to: [{ operation: { methods: ["GET", "POST"] } }] }] },
      },
    );
  }
  for (let i = 0; i < services; i++) {
    const namespace = `ns-${i % namespaces}`;
    const name = `svc-${i}`;
    resources.push(
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name, namespace },
        spec: {
          parentRefs: [{ group: "", kind: "Service", name, port: 9080 }],
          rules: [{ backendRefs: [{ name: `${name}-v1`, port: 9080, weight: 90 }, { name: `${name}-v2`, port: 9080, weight: 10 }] }],
        },
      },
      {
        apiVersion: "networking.istio.io/v1",
        kind: "DestinationRule",
        metadata: { name, namespace },
        spec: {
          host: `${name}.${namespace}.svc.cluster.local`,
          trafficPolicy: {
            connectionPool: { http: { http1MaxPendingRequests: 100 } },
            outlierDetection: { consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s", maxEjectionPercent: 50 },
          },
        },
      },
    );
  }
  return resources;
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
  const resources = workload(services);
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
