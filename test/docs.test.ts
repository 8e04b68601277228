// The code in the docs is code. Every ```ts block of docs/getting-started.md, docs/dsl.md and
// docs/codegen.md is type-checked with the workspace's tsc (one run for all of them), the examples
// of the guide and of the DSL reference are run and compiled, and their whole mesh.config.ts files
// go through `meshform generate` as a reader would run them.
//
// How a block is written (see test/support/docs-blocks.ts):
// - A block that imports `@meshform/dsl` or exports something is a whole file (a mesh.config.ts)
//   and is checked as it is.
// - Any other block is a fragment: the body of defineMesh's callback. It may use, without declaring
//   them: `mesh` (the MeshBuilder), `app` (`mesh.namespace("bookinfo", { dataplane: "ambient" })`),
//   `istioSystem` (`mesh.root`), `gateway` (an ingress gateway in istio-system with the listeners
//   `http` and `https`), and `defineMesh`, `compile`, `claim`, `header`, `attribute`,
//   `requestPrincipal`, `fromNamespaces`, `fromPrincipals` from `@meshform/dsl`. Its own imports
//   (of other modules) are moved to the top of the file. It may redeclare any of these names.
// - Fence words: ```ts no-check opts a deliberately partial block out (sparingly: at most two a doc);
//   ```ts fails marks an example of a mistake: it must report issues (or throw) when run;
//   ```ts file=mesh.config.ts marks a whole config that the test runs through `meshform generate`
//   in a folder of its own; with `fails` too, the block that follows it is the output the CLI
//   prints (compared without the elapsed time).
//
// Files are written to test/.docs-check/<uuid>/ (git-ignored, and skipped by the workspace's
// tsconfig globs, which do not enter dot-folders), inside the workspace so that `@meshform/*`
// resolve as they do for the repository's own code.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile, type MeshDefinition } from "@meshform/dsl";
import { formatIssue } from "@meshform/diagnostics";
import { isCheckedTs, mapTscReport, readBlocks, toCheckFile, type CheckFile, type DocBlock } from "./support/docs-blocks.js";
import { hasKubectl, KUSTOMIZE_SKIP_REASON, kustomizeBuild } from "./support/kustomize.js";

const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
/** The docs whose ```ts blocks are type-checked. */
const CHECKED = ["docs/getting-started.md", "docs/dsl.md", "docs/codegen.md"];
/** The docs whose examples are also run: each must declare a mesh that compiles without issues. */
const RUN = new Set(["docs/getting-started.md", "docs/dsl.md"]);
const GUIDE = "docs/getting-started.md";
const BIN = join(ROOT, "packages/cli/bin/meshform.js");

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command without a shell, with colour off. */
function run(command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<Outcome> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

/** CLI output without what changes from run to run (the elapsed time). */
function stable(text: string): string {
  return text.replace(/\b\d+\.\ds\b/g, "0.0s").trim();
}

/** Every file under `dir`, relative to it, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

/** `docs/dsl.md:150` for a line of a block's file, when the issue was found there. */
function docLineOf(file: CheckFile, source: { readonly file: string; readonly line?: number } | undefined): string | undefined {
  if (source?.line === undefined || basename(source.file) !== fileName(file.block)) return undefined;
  const line = file.origins[source.line - 1];
  return line === undefined ? undefined : `${file.block.doc}:${line}`;
}

/** The name of a block's file: `dsl-L123.ts`. */
function fileName(block: DocBlock): string {
  return `${basename(block.doc, ".md")}-L${block.line}.ts`;
}

let dir: string;
let blocks: DocBlock[];
let checkFiles: CheckFile[];
let tsc: Outcome;
/** The whole configs (```ts file=mesh.config.ts) with the outcome of `meshform generate` in their own folder. */
let configs: { block: DocBlock; folder: string; outcome: Outcome; output: DocBlock | undefined }[];

beforeAll(async () => {
  blocks = (await Promise.all(CHECKED.map(async (doc) => readBlocks(await readFile(join(ROOT, doc), "utf8"), doc)))).flat();
  checkFiles = blocks.filter(isCheckedTs).map(toCheckFile);
  dir = join(ROOT, "test/.docs-check", randomUUID());
  await mkdir(dir, { recursive: true });
  await Promise.all(checkFiles.map((file) => writeFile(join(dir, fileName(file.block)), file.text)));
  const tsconfig = { extends: relative(dir, join(ROOT, "tsconfig.json")), compilerOptions: { noEmit: true }, files: checkFiles.map((f) => fileName(f.block)), include: [] };
  await writeFile(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  const typeCheck = run("pnpm", ["exec", "tsc", "-p", join(dir, "tsconfig.json"), "--noEmit", "--pretty", "false"], ROOT, 60_000);
  configs = await Promise.all(
    blocks
      .filter((b) => RUN.has(b.doc) && b.attributes.get("file") === "mesh.config.ts")
      .map(async (block) => {
        const folder = join(dir, fileName(block).replace(/\.ts$/, ""));
        await mkdir(folder);
        await writeFile(join(folder, "mesh.config.ts"), `${block.code}\n`);
        const outcome = await run(process.execPath, [BIN, "generate"], folder, 30_000);
        return { block, folder, outcome, output: blocks[blocks.indexOf(block) + 1] };
      }),
  );
  tsc = await typeCheck;
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the ts blocks of the docs", () => {
  it("are found in every doc, and at most two a doc opt out of the check", () => {
    const ts = blocks.filter((b) => b.lang === "ts");
    for (const doc of CHECKED) {
      expect(ts.filter((b) => b.doc === doc).length, doc).toBeGreaterThan(0);
      expect(ts.filter((b) => b.doc === doc && b.flags.has("no-check")).length, `no-check blocks of ${doc}`).toBeLessThanOrEqual(2);
    }
  });

  it("type-check with the workspace's tsc (errors name the doc and the line)", () => {
    const byPath = new Map(checkFiles.map((file) => [join(dir, fileName(file.block)), file]));
    const errors = mapTscReport(`${tsc.stdout}${tsc.stderr}`, (path) => byPath.get(isAbsolute(path) ? path : join(ROOT, path)));
    expect(errors.map((e) => `${e.at}: ${e.message}`)).toEqual([]);
    expect(tsc.code).toBe(0);
  });

  it("run: each example of the guide and the DSL reference declares a mesh that compiles without issues", async () => {
    const problems: string[] = [];
    for (const file of checkFiles.filter((f) => RUN.has(f.block.doc))) {
      const where = `${file.block.doc}:${file.block.line}`;
      const fails = file.block.flags.has("fails");
      let mesh: MeshDefinition | undefined;
      try {
        const module = (await import(pathToFileURL(join(dir, fileName(file.block))).href)) as { default?: MeshDefinition };
        mesh = module.default;
      } catch (error) {
        if (!fails) problems.push(`${where}: throws ${String(error)}`);
        continue;
      }
      if (mesh?.kind !== "MeshDefinition") {
        if (file.mode === "fragment" || fails) problems.push(`${where}: declares no mesh`);
        continue;
      }
      const issues = compile(mesh.model).issues;
      if (fails && issues.length === 0) problems.push(`${where}: marked "fails", but compiles without issues`);
      if (!fails) problems.push(...issues.map((issue) => `${docLineOf(file, issue.source) ?? where}: ${formatIssue({ ...issue, source: undefined })}`));
    }
    expect(problems).toEqual([]);
  });
});

describe("the getting-started walkthrough", () => {
  const succeeding = () => configs.filter((c) => c.block.doc === GUIDE && !c.block.flags.has("fails"));

  it("has a first config, an Argo CD config and a config that fails", () => {
    expect(succeeding().length).toBe(2);
    expect(configs.filter((c) => c.block.doc === GUIDE && c.block.flags.has("fails")).length).toBeGreaterThan(0);
  });

  it("its first mesh.config.ts generates the overlays the page lists", async () => {
    const [first] = succeeding();
    expect({ code: first!.outcome.code, stderr: first!.outcome.stderr }).toEqual({ code: 0, stderr: "" });
    expect(first!.outcome.stdout).toMatch(/^generate: 2 namespaces, 5 resources, 10 files \(10 written, 0 unchanged, 0 removed\) in \d+\.\ds$/m);
    expect(await filesUnder(join(first!.folder, "generated"))).toEqual([
      ".meshform-owned.json",
      "istio-system/README.md",
      "istio-system/gateway_gateway.networking.k8s.io_ingress.yaml",
      "istio-system/kustomization.yaml",
      "istio-system/peerauthentication_security.istio.io_default.yaml",
      "kustomization.yaml",
      "shop/README.md",
      "shop/gateway_gateway.networking.k8s.io_waypoint.yaml",
      "shop/httproute_gateway.networking.k8s.io_storefront.yaml",
      "shop/kustomization.yaml",
      "shop/namespace_shop.yaml",
    ]);
  });

  it("its Argo CD config adds the ApplicationSet over the namespace folders", async () => {
    const [, argocd] = succeeding();
    expect({ code: argocd!.outcome.code, stderr: argocd!.outcome.stderr }).toEqual({ code: 0, stderr: "" });
    const text = await readFile(join(argocd!.folder, "generated/applicationset_argoproj.io_meshform.yaml"), "utf8");
    expect(text).toContain("kind: ApplicationSet");
    expect(text).toContain("- path: mesh/generated/*");
  });

  it("shows the output the CLI prints for each config that fails (here and in the DSL reference)", () => {
    for (const config of configs.filter((c) => c.block.flags.has("fails"))) {
      expect(config.outcome.code, `${config.block.doc}:${config.block.line}`).toBe(1);
      expect(stable(`${config.outcome.stderr}${config.outcome.stdout}`), `the output shown at ${config.block.doc}:${config.output?.line}`).toBe(stable(config.output?.code ?? ""));
    }
  });

  it.skipIf(!hasKubectl)(hasKubectl ? "its output builds with kubectl kustomize, whole and per namespace" : KUSTOMIZE_SKIP_REASON, () => {
    const [first] = succeeding();
    const generated = join(first!.folder, "generated");
    expect(kustomizeBuild(generated).length).toBe(5);
    expect(kustomizeBuild(join(generated, "shop")).map((o) => o["kind"])).toEqual(["Namespace", "Gateway", "HTTPRoute"]);
  });
});
