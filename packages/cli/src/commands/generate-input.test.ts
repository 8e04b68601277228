import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readFiles, runMeshform, scratchFolder } from "../testing.js";

const WORK = scratchFolder("cli-generate-input");

const SYNC_CONFIG = `import { defineMesh } from "@meshform/dsl";

export default defineMesh({}, (mesh) => {
  mesh.namespace("shop");
  mesh.namespace("web");
});
`;

const ASYNC_CONFIG = `import { defineMesh } from "@meshform/dsl";

export default defineMesh({}, async (mesh) => {
  await new Promise((r) => setTimeout(r, 10));
  mesh.namespace("shop");
  mesh.namespace("web");
});
`;

const TYPO_CONFIG = `import { defineMesh } from "@meshform/dsl";

export default defineMesh({}, (mesh) => {
  mesh.namespace("shop");
  mesh.namespace("x", { dataplan: "ambient" } as never);
});
`;

async function files(folder: string): Promise<string[]> {
  return Object.keys(await readFiles(join(WORK, folder)));
}

beforeAll(async () => {
  await mkdir(WORK, { recursive: true });
  await writeFile(join(WORK, "sync.config.ts"), SYNC_CONFIG);
  await writeFile(join(WORK, "async.config.ts"), ASYNC_CONFIG);
  await writeFile(join(WORK, "typo.config.js"), TYPO_CONFIG.replace(" as never", ""));
});
afterAll(async () => {
  await rm(WORK, { recursive: true, force: true });
});

describe("meshform generate runs what a config declares, and nothing it cannot write", () => {
  test("an async config over an existing tree writes its namespaces and removes nothing", async () => {
    const first = await runMeshform(["generate", "--config", "sync.config.ts", "--out", "generated"], WORK);
    expect(first.code).toBe(0);
    const before = await files("generated");
    const second = await runMeshform(["generate", "--config", "async.config.ts", "--out", "generated"], WORK);
    expect({ code: second.code, stderr: second.stderr }).toEqual({ code: 0, stderr: "" });
    expect(second.stdout).toMatch(/\(0 written, \d+ unchanged, 0 removed\)/);
    expect(await files("generated")).toEqual(before);
    expect(before).toContain("shop/namespace_shop.yaml");
  });

  test("a typo in a JavaScript config's options is reported at its line; nothing is written", async () => {
    const outcome = await runMeshform(["generate", "--config", "typo.config.js", "--out", "typo-out"], WORK);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toBe('typo.config.js\n  ✖ line 5 namespace() got an unknown option "dataplan" (did you mean "dataplane"?)\nFound 1 error and 0 warnings\n');
    await expect(readFile(join(WORK, "typo-out", "kustomization.yaml"), "utf8")).rejects.toThrow(/ENOENT/);
  });
});
