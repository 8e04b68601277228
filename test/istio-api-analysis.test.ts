// Routes written in Istio's API, end to end: `meshform generate` run as a process on a config, and
// what analysis finds in the VirtualServices it compiled reported at the line of mesh.config.ts
// that declared them, before anything is written.
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runMeshform, scratchFolder } from "../packages/cli/src/testing.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");
// Inside the workspace, so that the config's import of @meshform/dsl resolves; git-ignored.
const base = scratchFolder("istio-api-analysis");

afterAll(() => rm(base, { recursive: true, force: true }));

/** Writes `body` as the callback of a mesh.config.ts in a folder of its own and runs `meshform generate --json` there. */
async function generate(name: string, body: string): Promise<{ folder: string; code: number | null; report: { issues: { code: string; severity: string; message: string; file?: string; line?: number }[] } }> {
  const folder = join(base, name);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, "mesh.config.ts"), `import { defineMesh } from "@meshform/dsl";\n\nexport default defineMesh({ targets: { istio: "1.30.3" }, routeApi: "istio" }, (mesh) => {\n${body}\n});\n`);
  const { code, stdout } = await runMeshform(["generate", "--json"], folder);
  return { folder, code, report: JSON.parse(stdout) as never };
}

describe("routes in Istio's API through generate and analysis", () => {
  it("two routes for one Service are two VirtualServices claiming its host: both reported at their lines, nothing written", async () => {
    const { folder, code, report } = await generate(
      "conflict",
      [
        '  const shop = mesh.namespace("shop", { dataplane: "sidecar" });',
        '  const web = shop.service("web", { ports: [8080] });',
        '  shop.httpRoute("web").attachTo(web).rule((r) => r.timeouts({ request: "5s" }).to(web));',
        '  shop.httpRoute("web-canary").attachTo(web).rule((r) => r.match({ headers: { "x-canary": "1" } }).to(web));',
      ].join("\n"),
    );
    expect(code).toBe(1);
    const conflicts = report.issues.filter((issue) => issue.code === "VIRTUAL_SERVICE_HOST_CONFLICT");
    expect(conflicts.map((issue) => [issue.severity, issue.file, issue.line])).toEqual([
      ["error", "mesh.config.ts", 6],
      ["error", "mesh.config.ts", 7],
    ]);
    expect(conflicts[0]?.message).toMatch(/^The VirtualServices shop\/web,shop\/web-canary associated with mesh gateway define the same host \*\/web\.shop\.svc\.cluster\.local/);
    expect(existsSync(join(folder, "generated"))).toBe(false);
  });

  it("a subset declared outside the config, and a gateway declared outside it, are not reported missing", async () => {
    const { code, report } = await generate(
      "externals",
      [
        '  const shop = mesh.namespace("shop", { dataplane: "sidecar" });',
        '  const web = shop.service("web", { ports: [8080] });',
        '  const { v1, v2 } = shop.externalSubsets(web, ["v1", "v2"]);',
        '  const edge = mesh.root.externalIstioGateway("edge", { hosts: ["*.example.com"] });',
        '  shop.httpRoute("web", { hostnames: ["shop.example.com"] }).attachTo(edge).attachTo(web).canary({ stable: v1, canary: v2, weight: 10 });',
      ].join("\n"),
    );
    expect(report.issues).toEqual([]);
    expect(code).toBe(0);
  });
});
