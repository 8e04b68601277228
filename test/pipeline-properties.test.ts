// The whole pipeline on random, mostly wrong, configs: random builder calls with random names
// (valid, invalid, long, with control characters or path separators) and random options (wrong
// types and unknown keys, cast as a config in JavaScript would pass them), random JSON patches;
// then compile, validate, analyze, render and write into a temporary folder as
// `meshform generate` does. Nothing may throw: a run ends with issues and nothing written, or with
// a whole tree on disk whose every owned file exists and parses.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { defineMesh, type MeshBuilder, type NamespaceBuilder, type Patchable, type ServiceRef } from "@meshform/dsl";
import { runGenerate } from "@meshform/engine";

// --- names and options ---

/** A valid DNS-1123 subdomain of the longest length, 253 characters: a file name of its own, near the limit. */
const LONGEST_SUBDOMAIN = ["a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61)].join(".");
const validName = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);
const oddName = fc.constantFrom("Shop", "my shop", "a\nb", "../../etc", "", "-lead", "trail-", "a.b", "\u001b[31mred", "nul\u0000x", "x".repeat(64), "y".repeat(254), "z".repeat(300), "a/b", "a\\b", "__proto__", "constructor", LONGEST_SUBDOMAIN);
/** Not a string at all: what a config in JavaScript, or with a cast, can pass. */
const notAString = fc.constantFrom<unknown>(null, undefined, 42, {}, ["a"]);
const wildName = fc.oneof({ weight: 6, arbitrary: validName }, { weight: 2, arbitrary: oddName }, { weight: 1, arbitrary: fc.string({ maxLength: 16 }) }, { weight: 1, arbitrary: notAString }) as fc.Arbitrary<string>;

/** Options of the wrong type, with unknown keys, or anything at all. */
const junk = fc.oneof(fc.constantFrom<unknown>(null, 42, "x", [], true, { unknownKey: 1 }), fc.object({ maxDepth: 2, maxKeys: 3 }));
/**
 * How wrong a config may be. A tame config uses valid names and options (its patches and
 * references may still be wrong), so that many runs get as far as writing a tree; a wild one
 * mixes in every kind of mistake.
 */
interface Wildness {
  readonly name: fc.Arbitrary<string>;
  readonly optionsOf: (valid: fc.Arbitrary<unknown>) => fc.Arbitrary<unknown>;
  readonly port: fc.Arbitrary<unknown>;
}
const tame: Wildness = { name: validName, optionsOf: (valid) => valid, port: fc.integer({ min: 1, max: 65535 }) };
const wild: Wildness = {
  name: wildName,
  optionsOf: (valid) => fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: junk }),
  port: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 65535 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0, -1, 70000, 1.5, "80", null) }),
};


// --- JSON patches ---

const pointer = fc.oneof(
  fc.constantFrom("", "/metadata", "/metadata/name", "/metadata/namespace", "/kind", "/apiVersion", "/spec", "/spec/x", "/metadata/labels", "/metadata/labels/a", "/metadata/name/-", "/spec/-", "/spec/hosts/0", "/spec/listeners/-", "/spec/rules/0/name", "/spec/0", "x", "/__proto__/x"),
  fc.array(fc.oneof(validName, fc.constantFrom("-", "0", "1", "~1", "spec", "metadata")), { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join("/")}`),
);
const patchValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom<unknown>(undefined, null, {}, [], "str"));
const operation = fc.oneof(
  fc.record({ op: fc.constantFrom("add", "replace", "test"), path: pointer, value: patchValue }),
  fc.record({ op: fc.constant("remove"), path: pointer }),
  fc.record({ op: fc.constantFrom("move", "copy"), from: pointer, path: pointer }),
  junk,
);
/** A patch that applies to any resource. */
const labelPatch = fc.record({ key: validName, value: validName }).map(({ key, value }) => [{ op: "add", path: "/metadata/labels", value: { [key]: value } }]);
const operations = fc.oneof({ weight: 6, arbitrary: fc.array(operation, { maxLength: 3 }) }, { weight: 1, arbitrary: junk });

// --- builder calls ---

/** One builder call, as data (so a failing case prints readably); indexes pick earlier results. */
type Step =
  | { readonly call: "namespace"; readonly name: string; readonly options: unknown }
  | { readonly call: "service"; readonly ns: number; readonly name: string; readonly ports: unknown }
  | { readonly call: "gateway"; readonly ns: number; readonly name: string; readonly options: unknown }
  | { readonly call: "route"; readonly grpc: boolean; readonly ns: number; readonly name: string; readonly attach: number | undefined; readonly section: unknown; readonly backends: readonly number[]; readonly canary: unknown }
  | { readonly call: "destinationRule"; readonly ns: number; readonly name: string; readonly host: number; readonly options: unknown }
  | { readonly call: "policy"; readonly which: "peer" | "authz" | "jwt" | "telemetry" | "mtls"; readonly ns: number; readonly name: string; readonly options: unknown }
  | { readonly call: "raw"; readonly object: unknown }
  | { readonly call: "patch"; readonly target: number; readonly operations: unknown };

const index = fc.nat({ max: 7 });
function stepOf({ name, optionsOf, port }: Wildness): fc.Arbitrary<Step> {
  const protocols = name === validName ? fc.constantFrom("HTTP", "TCP") : fc.constantFrom("HTTP", "HTTPS", "TCP", "GRPC", "http");
  const namespaceOptions = optionsOf(fc.record({ dataplane: fc.constantFrom("ambient", "sidecar"), managed: fc.boolean() }, { requiredKeys: [] }));
  const gatewayOptions = optionsOf(fc.record({ listeners: fc.dictionary(validName, fc.record({ port, protocol: protocols }), { minKeys: 1, maxKeys: 2 }) }));
  return fc.oneof(
    fc.record({ call: fc.constant("namespace" as const), name, options: namespaceOptions }),
    fc.record({ call: fc.constant("service" as const), ns: index, name, ports: optionsOf(fc.array(port, { minLength: 1, maxLength: 3 })) }),
    fc.record({ call: fc.constant("gateway" as const), ns: index, name, options: gatewayOptions }),
    fc.record({
      call: fc.constant("route" as const),
      grpc: fc.boolean(),
      ns: index,
      name,
      attach: fc.option(index, { nil: undefined }),
      section: name === validName ? fc.constant(undefined) : fc.option(fc.oneof(validName, junk), { nil: undefined }),
      backends: fc.array(index, { maxLength: 2 }),
      canary: fc.option(name === validName ? fc.integer({ min: 0, max: 100 }) : fc.oneof(fc.integer({ min: -5, max: 105 }), junk), { nil: undefined }),
    }),
    fc.record({ call: fc.constant("destinationRule" as const), ns: index, name, host: index, options: optionsOf(fc.record({ loadBalancing: fc.constantFrom("LEAST_REQUEST", "ROUND_ROBIN") }, { requiredKeys: [] })) }),
    fc.record({
      call: fc.constant("policy" as const),
      which: fc.constantFrom("peer" as const, "authz" as const, "jwt" as const, "telemetry" as const, "mtls" as const),
      ns: index,
      name,
      options: optionsOf(fc.constant(undefined)),
    }),
    fc.record({
      call: fc.constant("raw" as const),
      object: optionsOf(
        fc.record({
          apiVersion: name === validName ? fc.constant("networking.istio.io/v1") : fc.constantFrom("networking.istio.io/v1", "v1", "example.com/v1", ""),
          kind: name === validName ? fc.constant("Sidecar") : fc.constantFrom("Sidecar", "ConfigMap", "Widget", ""),
          metadata: optionsOf(fc.record({ name, namespace: fc.constantFrom("shop", "istio-system") })),
          spec: optionsOf(fc.constant({ outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } })),
        }),
      ),
    }),
    fc.record({ call: fc.constant("patch" as const), target: index, operations: name === validName ? fc.oneof(labelPatch, operations) : operations }),
  );
}
/** A config: a list of builder calls, tame or wild. */
const config = fc.oneof(fc.array(stepOf(tame), { minLength: 1, maxLength: 12 }), fc.array(stepOf(wild), { minLength: 1, maxLength: 12 }));

/** What the calls so far returned, for later calls to refer to. */
interface Made {
  readonly namespaces: NamespaceBuilder[];
  readonly services: ServiceRef[];
  readonly parents: unknown[];
  readonly patchable: Patchable[];
}

/** `target[method](...args)`, with any arguments: the casts a config in JavaScript does not need. */
function call(target: unknown, method: string, ...args: unknown[]): unknown {
  return (target as Record<string, (...a: unknown[]) => unknown>)[method]!.call(target, ...args);
}

function pick<T>(items: readonly T[], at: number): T | undefined {
  return items.length === 0 ? undefined : items[at % items.length];
}

/** A policy's valid options, used when the step's own are absent. */
function policyOptions(which: Step & { call: "policy" }, name: string): unknown {
  if (which.options !== undefined) return which.options;
  switch (which.which) {
    case "peer":
      return { selector: { app: name }, mode: "STRICT" };
    case "authz":
      return { action: "DENY", rules: [{}] };
    case "jwt":
      return { jwt: [{ issuer: "https://sso.example.com", jwksUri: "https://sso.example.com/jwks" }] };
    default:
      return { accessLogging: [{ providers: ["envoy"] }] };
  }
}

/** Makes one call on the mesh, as a config would; the casts stand for a config in JavaScript. */
function perform(mesh: MeshBuilder, made: Made, s: Step): void {
  const ns = "ns" in s ? (pick(made.namespaces, s.ns) ?? mesh.root) : mesh.root;
  switch (s.call) {
    case "namespace":
      made.namespaces.push(mesh.namespace(s.name, s.options as never));
      made.patchable.push(made.namespaces.at(-1)!);
      return;
    case "service": {
      const service = ns.service(s.name, (Array.isArray(s.ports) ? { ports: s.ports } : s.ports) as never);
      made.services.push(service);
      made.parents.push(service);
      return;
    }
    case "gateway": {
      const gateway = ns.gateway(s.name, s.options as never);
      made.parents.push(gateway);
      made.patchable.push(gateway);
      return;
    }
    case "route": {
      const route = s.grpc ? ns.grpcRoute(s.name) : ns.httpRoute(s.name);
      const parent = s.attach === undefined ? undefined : pick(made.parents, s.attach);
      if (parent !== undefined) call(route, "attachTo", parent, s.section === undefined ? undefined : { sectionName: s.section });
      const backends = s.backends.map((i) => pick(made.services, i)).filter((b) => b !== undefined);
      call(route, "rule", (r: unknown) => {
        if (s.canary !== undefined && backends.length === 2) return call(r, "canary", { stable: backends[0], canary: backends[1], weight: s.canary });
        for (const backend of backends) call(r, "to", backend);
        return r;
      });
      made.patchable.push(route);
      return;
    }
    case "destinationRule": {
      const host = pick(made.services, s.host);
      const rule = ns.destinationRule(s.name, { host: host ?? s.name } as never);
      const lb = (s.options as { loadBalancing?: unknown } | null)?.loadBalancing;
      if (lb !== undefined) call(rule, "loadBalancing", lb);
      made.patchable.push(rule);
      return;
    }
    case "policy": {
      const options = policyOptions(s, s.name);
      if (s.which === "peer") made.patchable.push(ns.peerAuthentication(s.name, options as never));
      else if (s.which === "authz") made.patchable.push(ns.authorizationPolicy(s.name, options as never));
      else if (s.which === "jwt") made.patchable.push(...(ns.requestAuthentication(s.name, options as never) as unknown as Patchable[]));
      else if (s.which === "telemetry") made.patchable.push(ns.telemetry(s.name, options as never));
      else made.patchable.push(ns.mtls((s.options ?? "STRICT") as never));
      return;
    }
    case "raw":
      made.patchable.push(mesh.resource(s.object as never));
      return;
    case "patch": {
      const target = pick(made.patchable, s.target);
      if (target !== undefined) mesh.patch(target, s.operations as never);
      return;
    }
  }
}

// --- the property ---

const root = await mkdtemp(join(tmpdir(), "meshform-pipeline-"));
let runs = 0;
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs the steps as mesh.config.ts would, then `generate` into a new folder; checks what it left. */
async function generateFrom(steps: readonly Step[]): Promise<void> {
  const definition = defineMesh({}, (mesh) => {
    const made: Made = { namespaces: [], services: [], parents: [], patchable: [] };
    for (const s of steps) perform(mesh, made, s);
  });
  await (definition as { ready?: Promise<void> }).ready;
  const out = join(root, `run-${runs++}`);
  const run = await runGenerate(definition, { out, check: false, diff: false, cwd: root });
  for (const issue of run.issues) {
    expect(issue.message, JSON.stringify(issue)).toEqual(expect.any(String));
    expect(issue.message.length).toBeGreaterThan(0);
  }
  if (run.issues.some((issue) => issue.severity === "error")) {
    expect(run.written).toBeUndefined();
    expect(existsSync(out)).toBe(false);
    return;
  }
  const owned = JSON.parse(await readFile(join(out, ".meshform-owned.json"), "utf8")) as { files: string[] };
  expect(owned.files.length).toBe(run.files);
  for (const file of owned.files) {
    const text = await readFile(join(out, file), "utf8");
    if (file.endsWith(".yaml")) {
      const errors = parseAllDocuments(text).flatMap((document) => ("errors" in document ? document.errors : []));
      expect(errors, `${file} parses as YAML`).toEqual([]);
    }
  }
}

describe("random configs, mostly wrong, through compile, validate, analyze, render and write", () => {
  it("never throw: they end with issues and nothing written, or with a whole tree that parses", async () => {
    await fc.assert(
      fc.asyncProperty(config, async (steps) => {
        await generateFrom(steps);
      }),
      { numRuns: 300 },
    );
  });
});
