/**
 * The validation thread of `@meshform/validate`, as its build runs it (a worker needs the compiled
 * module: from the sources there is none to start), and `meshform import`, which validates a large
 * input on it: the resources it flags are exactly those with an issue, anything that goes wrong
 * makes it answer nothing (the caller then validates itself), and an import gives the same config
 * and report with it and without it.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkload } from "../bench/workload.js";
import { runMeshform, type CliOutcome } from "../packages/cli/src/testing.js";

const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
const GUIDE = resolve(ROOT, "../shared/scenarios/asm-guide/asm-guide.yaml");

// The build's modules: the worker is `dist/thread-worker.js`, beside `dist/thread.js`.
const validate = (await import(pathToFileURL(join(ROOT, "packages/validate/dist/index.js")).href)) as typeof import("../packages/validate/src/index.js");

type Resource = Record<string, unknown>;

/** Resources with issues of each kind the checks find: CEL rules, Istio's admission rules, and (for a full check only) an unknown field. */
const BROKEN: readonly Resource[] = [
  { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "port-level", namespace: "a" }, spec: { portLevelMtls: { 8080: { mode: "DISABLE" } } } },
  { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "two-rewrites", namespace: "a" }, spec: { rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { port: 80 } }, { type: "URLRewrite", urlRewrite: { hostname: "x" } }] }] } },
  { apiVersion: "networking.istio.io/v1", kind: "DestinationRule", metadata: { name: "no-host", namespace: "a" }, spec: { host: "" } },
  { apiVersion: "networking.istio.io/v1", kind: "DestinationRule", metadata: { name: "unknown-field", namespace: "a" }, spec: { host: "a", hots: "b" } },
];

/** The workload's valid resources (more than one batch of 2 048) with the broken ones spread through them. */
function corpus(): Resource[] {
  const resources = buildWorkload(1000) as unknown as Resource[];
  BROKEN.forEach((broken, index) => resources.splice(17 + index * 700, 0, broken));
  resources.push(BROKEN[0]!);
  return resources;
}

/** The positions of the resources a validator made with `options` finds an issue on, checked here. */
function truth(options: Parameters<typeof validate.createValidator>[0], resources: readonly Resource[]): number[] {
  const validator = validate.createValidator(options);
  return resources.flatMap((resource, index) => (validator.validate(resource).length > 0 ? [index] : []));
}

describe("the validation thread", () => {
  it("flags exactly the resources with an issue, for a check of the rules only and a full one", () => {
    const thread = validate.startValidationThread();
    expect(thread).toBeDefined();
    try {
      const resources = corpus();
      for (const options of [{ schemaChecked: true }, {}]) {
        const expected = truth(options, resources);
        expect(expected.length).toBeGreaterThanOrEqual(options.schemaChecked ? 4 : 5);
        const flagged = thread!.check(options, resources).wait({ takeOver: false });
        expect([...(flagged ?? [])].sort((a, b) => a - b)).toEqual(expected);
      }
    } finally {
      thread?.close();
    }
  });

  it("hands the batches it has not started to a caller that waits, which then checks them itself", () => {
    const thread = validate.startValidationThread();
    try {
      const resources = corpus();
      // Waiting at once: the worker is still loading, so most batches come back as the caller's.
      const flagged = thread!.check({ schemaChecked: true }, resources).wait();
      expect(flagged).toBeDefined();
      for (const index of truth({ schemaChecked: true }, resources)) expect(flagged!.has(index)).toBe(true);
      expect(flagged!.size).toBeGreaterThan(2048);
    } finally {
      thread?.close();
    }
  });

  it("answers nothing for a resource it cannot be sent, or once closed, so the caller validates itself", () => {
    const thread = validate.startValidationThread()!;
    const withCode = [...corpus(), { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { read: () => "x" } }];
    expect(thread.check({}, withCode).wait()).toBeUndefined();
    const pending = thread.check({}, corpus());
    thread.close();
    expect(pending.wait()).toBeUndefined();
    expect(thread.check({}, corpus()).wait({ takeOver: false })).toBeUndefined();
  });
});

describe("meshform import with the validation thread", () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(ROOT, ".tmp/validation-thread", randomUUID());
    await mkdir(dir, { recursive: true });
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("writes the same config and report as without it, for inputs with errors the rules find", async () => {
    // The guide (its corrections and a Telemetry the schema rejects) and the workload with broken
    // resources among thousands of good ones: intents checked by rules only, raw resources in full.
    const workload = join(dir, "workload.yaml");
    await writeFile(workload, corpus().map((resource) => stringify(resource)).join("---\n"));
    for (const input of [GUIDE, workload]) {
      const outcomes: CliOutcome[] = [];
      const configs: string[] = [];
      for (const mode of ["always", "never"]) {
        const out = join(dir, `${mode}.config.ts`);
        outcomes.push(await runMeshform(["import", input, "-o", out, "--force", "--json"], dir, undefined, { MESHFORM_VALIDATION_THREAD: mode }));
        configs.push(await readFile(out, "utf8"));
      }
      const [thread, main] = outcomes as [CliOutcome, CliOutcome];
      expect(thread.stderr).toBe(main.stderr);
      expect(thread.code).toBe(main.code);
      const report = JSON.parse(thread.stdout) as { issues: { code: string }[] };
      expect(report.issues.some((issue) => ["CEL_RULE", "ISTIO_ADMISSION", "SCHEMA_INVALID"].includes(issue.code))).toBe(true);
      expect(thread.stdout.replaceAll("always.config.ts", "X")).toBe(main.stdout.replaceAll("never.config.ts", "X"));
      expect(configs[0]).toBe(configs[1]);
    }
  });
});
