/**
 * `meshform import` end to end, through the built binary: files and standard input in, the config
 * on stdout or in `-o`, which is never replaced without `--force`; the configs it writes
 * type-check under the workspace's strict tsc, and `meshform generate` runs on one.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { importManifests } from "@meshform/import";
import { parseManifests } from "@meshform/validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOOKINFO_SAMPLES, GATEWAY_API_SAMPLES, importFiles } from "../packages/import/src/samples.testing.js";

const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
const BIN = join(ROOT, "packages/cli/bin/meshform.js");
const GUIDE = resolve(ROOT, "../shared/scenarios/asm-guide/asm-guide.yaml");

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[], cwd: string, stdin?: string, command = process.execPath): Promise<Outcome> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: "1" }, stdio: ["pipe", "pipe", "pipe"], timeout: 120_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}

let dir: string;

beforeAll(async () => {
  dir = join(ROOT, ".tmp/import-check", randomUUID());
  await mkdir(dir, { recursive: true });
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("meshform import", () => {
  it("writes the config to -o, refuses to replace it without --force, and replaces it with", async () => {
    const out = join(dir, "guide", "mesh.config.ts");
    await mkdir(join(dir, "guide"));
    const first = await run([BIN, "import", GUIDE, "-o", out], dir);
    expect(first.stderr).toMatch(/9 resources: 9 as intents, 0 as raw resources/);
    expect(first.code).toBe(0);
    const written = await readFile(out, "utf8");
    expect(written).toContain('istioSystem.requireJwt(prodGateway, {');
    expect(written).toContain(`// Gateway istio-system/prod-gateway (${relative(join(dir, "guide"), GUIDE)}:`);

    await writeFile(out, "// mine\n");
    const refused = await run([BIN, "import", GUIDE, "-o", out], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/error: .*mesh\.config\.ts exists: meshform import does not replace it; pass --force/);
    expect(await readFile(out, "utf8")).toBe("// mine\n");

    const forced = await run([BIN, "import", GUIDE, "--out", out, "--force"], dir);
    expect(forced.code).toBe(0);
    expect(await readFile(out, "utf8")).toBe(written);
  });

  it("writes nothing when an input cannot be read", async () => {
    const out = join(dir, "missing.ts");
    const result = await run([BIN, "import", GUIDE, join(dir, "no-such.yaml"), "-o", out], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot read/);
    expect(result.stderr).toMatch(/nothing written/);
    expect(result.stdout).toBe("");
    await expect(readFile(out, "utf8")).rejects.toThrow();
  });

  it("reads standard input (kustomize build, helm template) and prints the config on stdout, the same on every run", async () => {
    const text = await readFile(GUIDE, "utf8");
    const a = await run([BIN, "import", "-"], dir, text);
    const b = await run([BIN, "import", "-"], dir, text);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain("// Namespace default (standard input:6)");
    expect(a.stdout).toBe(b.stdout);
    expect(a.stderr).toMatch(/moved from istio-system to default/);
  });

  it("writes configs that type-check under strict, and that meshform generate runs", async () => {
    const configs: Record<string, string> = {
      "guide.ts": await readFile(join(dir, "guide", "mesh.config.ts"), "utf8"),
      "gateway-api-samples.ts": importFiles(GATEWAY_API_SAMPLES).source,
      "bookinfo-samples.ts": importFiles(BOOKINFO_SAMPLES).source,
      "raw-kinds.ts": importManifests(
        parseManifests(
          "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: x }\ndata: { k: v }\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d, namespace: x }\nspec: { selector: { matchLabels: { app: d } }, template: { metadata: { labels: { app: d } }, spec: { containers: [{ name: c, image: nginx }] } } }\n---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: { name: g, namespace: x }\nspec: { from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: other }], to: [{ group: '', kind: Service }] }\n---\napiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: { name: s, namespace: x }\nspec: { egres: [{ hosts: ['./*'] }] }\n",
          "raw.yaml",
        ).documents,
      ).source,
    };
    await mkdir(join(dir, "check"));
    for (const [file, text] of Object.entries(configs)) await writeFile(join(dir, "check", file), text);
    const tsconfig = { extends: relative(join(dir, "check"), join(ROOT, "tsconfig.json")), compilerOptions: { noEmit: true, strict: true }, files: Object.keys(configs), include: [] };
    await writeFile(join(dir, "check", "tsconfig.json"), JSON.stringify(tsconfig));
    const tsc = await run([join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(dir, "check", "tsconfig.json"), "--pretty", "false"], ROOT);
    expect(`${tsc.stdout}${tsc.stderr}`).toBe("");
    expect(tsc.code).toBe(0);

    const generated = await run([BIN, "generate", "--config", "mesh.config.ts", "--out", "generated"], join(dir, "guide"));
    expect(generated.stderr).not.toMatch(/^error:|✖/m);
    expect(generated.code).toBe(0);
    const route = await readFile(join(dir, "guide", "generated", "default", "httproute_gateway.networking.k8s.io_internal-canary-route.yaml"), "utf8");
    expect(route).toContain("weight: 90");
  });
});
