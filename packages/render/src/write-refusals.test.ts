import { mkdtemp, readdir, rm } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join, parse } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { EmittedFile } from "./emit.js";
import type { RenderError } from "./errors.js";
import type { WriteFs } from "./fs.js";
import { outputFolderProblem } from "./output-folder.js";
import { readTree, renderFailure } from "./fixtures.js";
import { writeTree } from "./write.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "meshform-guard-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function folder(name: string, routes: readonly string[] = ["api"]): EmittedFile[] {
  return [
    { path: `${name}/README.md`, content: `# ${name}\n` },
    { path: `${name}/kustomization.yaml`, content: `namespace: ${name}\n` },
    { path: `${name}/namespace_${name}.yaml`, content: `kind: Namespace\nname: ${name}\n` },
    ...routes.map((route) => ({ path: `${name}/httproute_gateway.networking.k8s.io_${route}.yaml`, content: `name: ${route}\n` })),
  ];
}

const root = (...folders: string[]): EmittedFile => ({ path: "kustomization.yaml", content: `resources: [${folders.join(", ")}]\n` });
const both = [root("billing", "shop"), ...folder("billing"), ...folder("shop")];
const shopOnly = [root("shop"), ...folder("shop")];

async function refusal(out: string, files: readonly EmittedFile[], options: Parameters<typeof writeTree>[2] = {}): Promise<RenderError> {
  return renderFailure(writeTree(out, files, options));
}

/** A file system that refuses every change: a guard that failed could not write anywhere. */
const readOnly: Partial<WriteFs> = {
  writeFile: () => Promise.reject(new Error("test: no writes")),
  mkdir: () => Promise.reject(new Error("test: no writes")),
  rename: () => Promise.reject(new Error("test: no writes")),
  unlink: () => Promise.reject(new Error("test: no writes")),
  rmdir: () => Promise.reject(new Error("test: no writes")),
  removeTree: () => Promise.reject(new Error("test: no writes")),
};

describe("writeTree: removal needs consent", () => {
  test("a namespace folder and its Namespace object are not removed without allowRemoval, and nothing changes", async () => {
    const out = join(dir, "generated");
    await writeTree(out, both);
    const before = await readTree(out, "base64");
    const error = await refusal(out, shopOnly);
    expect(error.code).toBe("RENDER_REMOVAL_NOT_ALLOWED");
    expect(error.message).toContain("  - folder billing/ (4 files; Argo CD deletes its Application)\n  - Namespace object billing (billing/namespace_billing.yaml)\n");
    expect(error.message).toContain("`meshform generate --allow-removal`");
    expect(await readTree(out, "base64")).toEqual(before);
  });

  test("with allowRemoval, the folder goes", async () => {
    const out = join(dir, "generated");
    await writeTree(out, both);
    const summary = await writeTree(out, shopOnly, { allowRemoval: true });
    expect(summary.removed).toEqual(folder("billing").map((file) => file.path).sort());
    expect((await readdir(out)).sort()).toEqual([".meshform-owned.json", "kustomization.yaml", "shop"]);
  });

  test("a route renamed in a namespace that stays is written without allowRemoval", async () => {
    const out = join(dir, "generated");
    await writeTree(out, both);
    const renamed = [root("billing", "shop"), ...folder("billing"), ...folder("shop", ["api-v2"])];
    const summary = await writeTree(out, renamed);
    expect(summary.removed).toEqual(["shop/httproute_gateway.networking.k8s.io_api.yaml"]);
  });

  test("a large share of the files is not removed without allowRemoval", async () => {
    const out = join(dir, "generated");
    const routes = Array.from({ length: 30 }, (_, index) => `r${index}`);
    await writeTree(out, [root("shop"), ...folder("shop", routes)]);
    const before = await readTree(out, "base64");
    const error = await refusal(out, [root("shop"), ...folder("shop", routes.slice(0, 10))]);
    expect(error.message.split("\n")[0]).toBe(`${out}: this run would delete 20 of the 34 files meshform owns there, more than 10 % of them; nothing was written`);
    expect(await readTree(out, "base64")).toEqual(before);
  });
});

describe("writeTree: output folders it refuses", () => {
  test("an empty path, which would mean the current folder", async () => {
    const error = await refusal("", shopOnly, { fs: readOnly });
    expect([error.code, error.message]).toEqual([
      "RENDER_OUTPUT_REFUSED",
      `the output folder is an empty path, which would mean the current folder (${process.cwd()}); meshform replaces and deletes the files it owns in its output folder, which must be a folder of its own: pass one such as "generated"; nothing was written`,
    ]);
  });

  test("a file-system root", async () => {
    const error = await refusal(parse(dir).root, shopOnly, { fs: readOnly });
    expect(error.message).toMatch(/^the output folder \/ is a file-system root; /);
  });

  test("the home folder", async () => {
    const error = await refusal(homedir(), shopOnly, { fs: readOnly });
    expect(error.message).toMatch(new RegExp(`^the output folder ${homedir()} is the home folder; `));
  });

  test("outputFolderProblem accepts a folder of its own, inside the home folder too", () => {
    expect(outputFolderProblem(join(dir, "generated"))).toBeUndefined();
    expect(outputFolderProblem("/home/ada/repo/generated", "/home/ada")).toBeUndefined();
    expect(outputFolderProblem("/home/ada/", "/home/ada")).toBe("home");
    expect(outputFolderProblem(" ")).toBe("empty");
  });
});
