// The generation cache seen from the engine's API: a plan over an unchanged mesh reuses the files
// of an earlier one, byte for byte, and anything that could change a file, an issue or a tree
// makes it plan again. The engine runs from its sources here, with no build digest, so each test
// names the build.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { defineMesh, type MeshDefinition, type Percent } from "@meshform/dsl";
import { planGeneration, type GenerationPlan, type PlanGenerationOptions } from "./index.js";
import { buildIdentity, cacheKeyOf } from "./cache-key.js";

const folders: string[] = [];
afterAll(async () => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

async function temp(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "meshform-cache-"));
  folders.push(folder);
  return folder;
}

interface ShopOptions {
  readonly weight?: Percent;
  readonly pending?: number;
  readonly argocd?: boolean;
  readonly extra?: Record<string, unknown>;
}

/** A small mesh whose parts the tests vary: a canary's weight, a circuit breaker, Argo CD output, a raw resource. */
function shop(options: ShopOptions = {}): MeshDefinition {
  return defineMesh(options.argocd ? { output: { argocd: { repoURL: "https://git.example.com/mesh.git" } } } : {}, (mesh) => {
    const ns = mesh.namespace("shop", { dataplane: "sidecar" });
    ns.mtls("STRICT");
    const api = ns.service("api", { ports: [8080] });
    ns.httpRoute("api")
      .attachTo(api)
      .canary({ stable: ns.service("api-v1", { ports: [8080] }), canary: ns.service("api-v2", { ports: [8080] }), weight: options.weight ?? 10 });
    ns.destinationRule("api", { host: api }).circuitBreaker({ maxPendingRequests: options.pending ?? 100, consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s" });
    if (options.extra) ns.resource({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings" }, data: { mode: "a" }, ...options.extra });
  });
}

async function plan(mesh: MeshDefinition, out: string, options: Partial<PlanGenerationOptions> = {}): Promise<GenerationPlan> {
  return planGeneration(mesh, { out, changes: false, ...options });
}

/** What a plan writes and holds, apart from how it was made. */
function contentOf(generation: GenerationPlan): unknown {
  return {
    files: generation.files,
    resources: generation.resources,
    resourceCount: generation.resourceCount,
    namespaces: generation.namespaces,
    trees: generation.trees.map((tree) => ({ ...tree, resources: tree.resources })),
    issues: generation.issues,
  };
}

describe("the generation cache", () => {
  test("a second plan of the same mesh reuses the first one's files, and holds what planning again gives", async () => {
    const folder = await temp();
    const cache = { folder: join(folder, "cache"), build: "build-1" };
    const first = await plan(shop(), join(folder, "out"), { cache });
    expect(first.cache).toEqual({ state: "stored" });
    const again = await plan(shop(), join(folder, "out"), { cache });
    expect(again.cache).toEqual({ state: "reused" });
    const uncached = await plan(shop(), join(folder, "out"));
    expect(uncached.cache).toBeUndefined();
    expect(contentOf(again)).toEqual(contentOf(uncached));
    expect(again.resourceCount).toBe(uncached.resources.length);
  });

  test("files of any size and any characters come back byte for byte", async () => {
    const folder = await temp();
    const cache = { folder: join(folder, "cache"), build: "build-1" };
    // Larger than the writer's buffer, and characters of one to four UTF-8 bytes.
    const big = "aé€😀\n".repeat(120_000);
    const mesh = () => shop({ extra: { data: { mode: "a", big, small: "ünï" } } });
    expect((await plan(mesh(), join(folder, "out"), { cache })).cache?.state).toBe("stored");
    const reused = await plan(mesh(), join(folder, "out"), { cache });
    expect(reused.cache?.state).toBe("reused");
    expect(contentOf(reused)).toEqual(contentOf(await plan(mesh(), join(folder, "out"))));
    expect(Math.max(...reused.files.map((file) => file.content.length))).toBeGreaterThan(big.length);
  });

  test("a reused plan compares with the output folder as a planned one does", async () => {
    const folder = await temp();
    const cache = { folder: join(folder, "cache"), build: "build-1" };
    const out = join(folder, "out");
    await plan(shop(), out, { cache });
    const reused = await planGeneration(shop(), { out, cache, diff: true });
    const planned = await planGeneration(shop(), { out, diff: true });
    expect(reused.cache?.state).toBe("reused");
    expect(reused.changes).toEqual(planned.changes);
    expect(reused.changes?.upToDate).toBe(false);
  });

  test("every change to the mesh that changes a file makes a new plan, never a reused one", async () => {
    const folder = await temp();
    const cache = { folder: join(folder, "cache"), build: "build-1", maxEntries: 100 };
    const variants: ShopOptions[] = [{}, { weight: 20 }, { pending: 99 }, { argocd: true }, { extra: { data: { mode: "b" } } }, { extra: { data: { mode: "a" }, immutable: true } }];
    for (const variant of variants) {
      const out = join(folder, `out-${variants.indexOf(variant)}`);
      const first = await plan(shop(variant), out, { cache });
      expect(first.cache?.state, JSON.stringify(variant)).toBe("stored");
      expect(contentOf(first)).toEqual(contentOf(await plan(shop(variant), out)));
    }
    for (const variant of variants) expect((await plan(shop(variant), join(folder, "again"), { cache })).cache?.state).toBe("reused");
  });

  test("property: whatever the weights and limits, a plan through the cache holds what a plan without it does", async () => {
    const folder = await temp();
    const cache = { folder: join(folder, "cache"), build: "build-1", maxEntries: 4 };
    const options = fc.record({ weight: fc.integer({ min: 0, max: 100 }).map((weight) => weight as Percent), pending: fc.integer({ min: 1, max: 5 }), argocd: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(options, async (variant) => {
        const through = await plan(shop(variant), join(folder, "out"), { cache });
        expect(contentOf(through)).toEqual(contentOf(await plan(shop(variant), join(folder, "out"))));
      }),
      { numRuns: 40 },
    );
  });

  test("another meshform build never reuses an entry", async () => {
    const folder = await temp();
    await plan(shop(), join(folder, "out"), { cache: { folder: join(folder, "cache"), build: "build-1" } });
    const other = await plan(shop(), join(folder, "out"), { cache: { folder: join(folder, "cache"), build: "build-2" } });
    expect(other.cache?.state).toBe("stored");
  });

  test("from its sources the engine has no build to key by, and uses no cache unless told one", async () => {
    expect(buildIdentity()).toBeUndefined();
    const folder = await temp();
    const unkeyed = await plan(shop(), join(folder, "out"), { cache: { folder: join(folder, "cache") } });
    expect(unkeyed.cache).toEqual({ state: "skipped", reason: "meshform runs from its sources, with no build to tell when its code changes" });
    expect(await readdir(folder)).toEqual([]);
  });

  test("a plan with an issue is never kept, so a reused plan never hides a finding", async () => {
    const folder = await temp();
    const cache = { folder: join(folder, "cache"), build: "build-1" };
    const warned = defineMesh({}, (mesh) => {
      const ns = mesh.namespace("shop");
      // Routes to a Service that nothing declares: analysis reports it.
      ns.resource({ apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "api" }, spec: { rules: [{ backendRefs: [{ name: "missing", port: 80 }] }] } });
    });
    const first = await plan(warned, join(folder, "out"), { cache });
    expect(first.issues.length).toBeGreaterThan(0);
    expect(first.cache).toEqual({ state: "skipped", reason: "the plan has issues" });
    const again = await plan(warned, join(folder, "out"), { cache });
    expect(again.cache?.state).not.toBe("reused");
    expect(again.issues).toEqual(first.issues);
  });

  test("values JSON writes alike but the pipeline tells apart have different keys; code and class instances have none", async () => {
    const folder = await temp();
    const cache = { folder: join(folder, "cache"), build: "build-1", maxEntries: 100 };
    const stored = await plan(shop({ extra: { data: { mode: "a", count: null } } }), join(folder, "out"), { cache });
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, undefined]) {
      const other = await plan(shop({ extra: { data: { mode: "a", count: value } } }), join(folder, "out"), { cache });
      expect(other.cache?.state, String(value)).not.toBe("reused");
    }
    expect(stored.cache?.state === "stored" || stored.cache?.state === "skipped").toBe(true);
    for (const [value, reason] of [
      [() => "a", "'count' is a function"],
      [new Date(0), "'count' is not plain data"],
      [new Map([["a", 1]]), "'count' is not plain data"],
    ] as const) {
      const odd = await plan(shop({ extra: { data: { mode: "a", count: value } } }), join(folder, "out"), { cache });
      expect(odd.cache?.state).toBe("skipped");
      expect(odd.cache?.reason).toBe(reason);
    }
  });

  test("a mesh of hundreds of resources has one key for one list of them: a change to any, or a raw resource moved among them, makes another", () => {
    // Builder resources are hashed a hundred at a time and raw ones alone: these meshes span
    // several such chunks, with raw resources at their edges and inside them.
    interface Big {
      readonly services: number;
      readonly rawAt?: readonly number[];
      readonly pendingOf?: (i: number) => number;
    }
    const big = ({ services, rawAt = [], pendingOf = () => 100 }: Big): MeshDefinition =>
      defineMesh({}, (mesh) => {
        const ns = mesh.namespace("shop", { dataplane: "sidecar" });
        for (let i = 0; i < services; i += 1) {
          // The same raw resources wherever they sit: only their place differs.
          const raw = rawAt.indexOf(i);
          if (raw >= 0) ns.resource({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `settings-${raw}` }, data: { mode: "a" } });
          const svc = ns.service(`svc-${i}`, { ports: [8080] });
          ns.destinationRule(`svc-${i}`, { host: svc }).circuitBreaker({ maxPendingRequests: pendingOf(i), consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s" });
        }
      });
    const keyOf = (shape: Big): string => {
      const key = cacheKeyOf("build-1", [{ model: big(shape).model }], undefined);
      if (!("key" in key)) throw new Error(key.uncacheable);
      return key.key;
    };
    const shapes: Big[] = [
      { services: 250 },
      { services: 251 },
      { services: 250, pendingOf: (i) => (i === 0 ? 99 : 100) },
      { services: 250, pendingOf: (i) => (i === 99 ? 99 : 100) },
      { services: 250, pendingOf: (i) => (i === 100 ? 99 : 100) },
      { services: 250, pendingOf: (i) => (i === 249 ? 99 : 100) },
      { services: 250, rawAt: [0] },
      { services: 250, rawAt: [99] },
      { services: 250, rawAt: [100] },
      { services: 250, rawAt: [101] },
      { services: 250, rawAt: [99, 100] },
      { services: 250, rawAt: [249] },
    ];
    const keys = shapes.map(keyOf);
    expect(new Set(keys).size).toBe(shapes.length);
    expect(shapes.map(keyOf)).toEqual(keys);
  });

  test("a damaged or truncated entry is a miss: the plan is made again, whole", async () => {
    const folder = await temp();
    const cache = { folder: join(folder, "cache"), build: "build-1" };
    const expected = contentOf(await plan(shop(), join(folder, "out")));
    await plan(shop(), join(folder, "out"), { cache });
    const [entry] = await readdir(cache.folder);
    const path = join(cache.folder, entry!);
    const bytes = await readFile(path);
    const damaged = Buffer.from(bytes);
    damaged[10] = damaged[10] === 0x61 ? 0x62 : 0x61; // one byte of the first file's text
    await writeFile(path, damaged);
    const afterDamage = await plan(shop(), join(folder, "out"), { cache });
    expect(afterDamage.cache?.state).toBe("stored");
    expect(contentOf(afterDamage)).toEqual(expected);
    await writeFile(path, bytes.subarray(0, bytes.length - 20));
    const afterTruncation = await plan(shop(), join(folder, "out"), { cache });
    expect(afterTruncation.cache?.state).toBe("stored");
    expect(contentOf(afterTruncation)).toEqual(expected);
  });

  test("a cache folder that cannot be written costs the reuse, not the plan", async () => {
    const folder = await temp();
    await writeFile(join(folder, "cache"), "a file where the folder should be");
    const cache = { folder: join(folder, "cache"), build: "build-1" };
    const result = await plan(shop(), join(folder, "out"), { cache });
    expect(result.cache).toEqual({ state: "skipped", reason: `the cache folder ${cache.folder} cannot be written` });
    expect(contentOf(result)).toEqual(contentOf(await plan(shop(), join(folder, "out"))));
  });

  test("the cache keeps its most recently used entries only", async () => {
    const folder = await temp();
    const cache = { folder: join(folder, "cache"), build: "build-1", maxEntries: 2 };
    for (const weight of [1, 2, 3] as const) await plan(shop({ weight }), join(folder, "out"), { cache });
    expect((await readdir(cache.folder)).filter((name) => name.endsWith(".plan"))).toHaveLength(2);
    expect((await plan(shop({ weight: 3 }), join(folder, "out"), { cache })).cache?.state).toBe("reused");
    expect((await plan(shop({ weight: 1 }), join(folder, "out"), { cache })).cache?.state).toBe("stored");
  });

  test("the lines of mesh.config.ts are not part of the key: the same mesh declared elsewhere reuses the plan", async () => {
    const folder = await temp();
    const cache = { folder: join(folder, "cache"), build: "build-1" };
    const here = defineMesh({}, (mesh) => mesh.namespace("shop").service("api", { ports: [80] }));
    await plan(here, join(folder, "out"), { cache });
    const there = defineMesh({}, (mesh) => {
      const ns = mesh.namespace("shop");
      ns.service("api", { ports: [80] });
    });
    expect((await plan(there, join(folder, "out"), { cache })).cache?.state).toBe("reused");
  });
});

describe("the generation cache with environments", () => {
  const mesh = (westWeight: Percent) =>
    defineMesh(
      { environments: { dev: {}, prod: { clusters: { east: { server: "https://east.example.com:6443" }, west: { name: "prod-west" } } } } },
      (m, env) => {
        const ns = m.namespace("shop");
        const api = ns.service("api", { ports: [80] });
        ns.httpRoute("api").attachTo(api).canary({ stable: ns.service("api-v1", { ports: [80] }), canary: ns.service("api-v2", { ports: [80] }), weight: env.name === "prod" ? westWeight : 50 });
        if (env.name === "prod") m.namespace("payments", { clusters: ["east"] });
      },
    );

  test("a reused plan has each environment's and cluster's trees, with their resources", async () => {
    const folder = await temp();
    const cache = { folder: join(folder, "cache"), build: "build-1" };
    await plan(mesh(10), join(folder, "out"), { cache });
    const reused = await plan(mesh(10), join(folder, "out"), { cache });
    expect(reused.cache?.state).toBe("reused");
    expect(contentOf(reused)).toEqual(contentOf(await plan(mesh(10), join(folder, "out"))));
    expect(reused.trees.map((tree) => tree.folder)).toEqual(["dev", "prod/east", "prod/west"]);
    const east = reused.trees.find((tree) => tree.folder === "prod/east")!.resources.map((resource) => `${resource.kind} ${resource.metadata.name}`);
    expect(east).toContain("Namespace payments");
    expect(reused.trees.find((tree) => tree.folder === "prod/west")!.resources.map((resource) => `${resource.kind} ${resource.metadata.name}`)).not.toContain("Namespace payments");
    expect((await plan(mesh(20), join(folder, "out"), { cache })).cache?.state).toBe("stored");
  });

  test("a run restricted to some environments has a key of its own", async () => {
    const folder = await temp();
    const cache = { folder: join(folder, "cache"), build: "build-1" };
    await plan(mesh(10), join(folder, "out"), { cache });
    const devOnly = await plan(mesh(10), join(folder, "out"), { cache, environments: ["dev"] });
    expect(devOnly.cache?.state).toBe("stored");
    expect(devOnly.scope).toEqual(["dev"]);
    expect(contentOf(devOnly)).toEqual(contentOf(await plan(mesh(10), join(folder, "out"), { environments: ["dev"] })));
  });
});
