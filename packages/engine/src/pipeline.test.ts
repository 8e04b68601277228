import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defineMesh } from "@meshform/dsl";
import { formatIssue } from "@meshform/diagnostics";
import { httpRoute } from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import { runGenerate } from "./pipeline.js";

const folders: string[] = [];
afterAll(async () => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

async function out(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "meshform-pipeline-"));
  folders.push(folder);
  return join(folder, "generated");
}

describe("runGenerate", () => {
  it("runs the CRDs' CEL rules before writing, and writes nothing when one fails", async () => {
    const mesh = defineMesh({}, (m) => {
      m.namespace("shop", { managed: false }).resource(
        httpRoute({
          metadata: { name: "api" },
          spec: { parentRefs: [{ name: "edge" }, { name: "edge" }], rules: [{ backendRefs: [{ name: "api", port: 80 }] }] },
        }),
      );
    });
    const target = await out();
    const run = await runGenerate(mesh, { out: target, check: false, diff: false, cwd: process.cwd() });
    const lines = run.issues.map((i) => `${i.code} ${formatIssue({ ...i, source: undefined })}`);
    expect(lines.filter((line) => line.startsWith("CEL_"))).toEqual([
      'CEL_RULE gateway.networking.k8s.io/v1/HTTPRoute shop/api spec.parentRefs: Invalid value: "array": sectionName must be unique when parentRefs includes 2 or more references to the same parent',
    ]);
    expect(run.written).toBeUndefined();
    await expect(readdir(target)).rejects.toThrow();
  });

  it("accepts an analysis finding the config suppresses with a reason, and reports it otherwise", async () => {
    const unbound = defineMesh({}, (m) => void m.namespace("shop", { dataplane: "ambient" }).waypoint("wp"));
    const reported = await runGenerate(unbound, { out: await out(), check: true, diff: false, cwd: process.cwd() });
    expect(reported.issues.map((i) => i.code)).toEqual(["WAYPOINT_UNUSED"]);
    const suppressed = defineMesh({}, (m) => {
      const waypoint = m.namespace("shop", { dataplane: "ambient" }).waypoint("wp");
      m.suppress("WAYPOINT_UNUSED", { resource: waypoint, reason: "services opt in with their own label, outside this config" });
    });
    const quiet = await runGenerate(suppressed, { out: await out(), check: true, diff: false, cwd: process.cwd() });
    expect(quiet.issues).toEqual([]);
  });

  it("tells each stage as it starts, with what it works on, for progress on long runs", async () => {
    const mesh = defineMesh({}, (m) => {
      m.mtls("STRICT");
      m.namespace("shop", { dataplane: "ambient" }).useWaypoint(m.namespace("shop").waypoint());
    });
    const stages: string[] = [];
    await runGenerate(mesh, { out: await out(), check: false, diff: false, cwd: process.cwd(), progress: (stage, count) => stages.push(`${stage} ${count}`) });
    expect(stages).toEqual(["compile 3", "validate 3", "analyze 3", "render 3", "write 8"]);
  });
});

