import { appendFile, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readFiles, runMeshform, scratchFolder } from "../testing.js";

const WORK = scratchFolder("cli-generate");

const REVIEWS = `  mesh.resource(destinationRule({ metadata: { name: "reviews", namespace: "shop" }, spec: { host: "reviews" } }));\n`;

const CONFIG = `import { defineMesh } from "@meshform/dsl";
import { destinationRule } from "@meshform/istio/networking.istio.io/v1";

export default defineMesh({ targets: { istio: "1.30.3" } }, (mesh) => {
  mesh.mtls("STRICT");
  const shop = mesh.namespace("shop", { dataplane: "ambient" });
  shop.gateway("shop-gateway", { listeners: { http: { port: 80, protocol: "HTTP" } } });
  shop.service("reviews");
${REVIEWS}});
`;

const BAD_CONFIG = `import { defineMesh } from "@meshform/dsl";

export default defineMesh({}, (mesh) => {
  const shop = mesh.namespace("shop");
  shop.gateway("Bad_Name", { listeners: { http: { port: 80, protocol: "HTTP" } } });
  shop.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP" } } });
  shop.gateway("edge", { listeners: { http: { port: 8080, protocol: "HTTP" } } });
});
`;

const THROWING_CONFIG = `import { defineMesh } from "@meshform/dsl";

export default defineMesh({}, (mesh) => {
  mesh.mtls("STRICT");
  throw new Error("no such team: payments");
});
`;

const GATEWAY_FILE = "shop/gateway_gateway.networking.k8s.io_shop-gateway.yaml";
const REVIEWS_FILE = "shop/destinationrule_networking.istio.io_reviews.yaml";

/** The files of the example config's tree, the ownership manifest included. */
const TREE = [
  ".meshform-owned.json",
  "istio-system/README.md",
  "istio-system/kustomization.yaml",
  "istio-system/peerauthentication_security.istio.io_default.yaml",
  "kustomization.yaml",
  "shop/README.md",
  REVIEWS_FILE,
  GATEWAY_FILE,
  "shop/kustomization.yaml",
  "shop/namespace_shop.yaml",
];

beforeAll(async () => {
  await mkdir(WORK, { recursive: true });
  await writeFile(join(WORK, "mesh.config.ts"), CONFIG);
  await mkdir(join(WORK, "deploy"));
  await writeFile(join(WORK, "deploy/mesh.config.ts"), BAD_CONFIG);
  await writeFile(join(WORK, "throws.config.ts"), THROWING_CONFIG);
  await writeFile(join(WORK, "syntax.config.ts"), `import { defineMesh } from "@meshform/dsl";\n\nexport default defineMesh({}, (mesh) => {\n`);
  await writeFile(join(WORK, "not-a-mesh.config.ts"), `export default { namespaces: ["shop"] };\n`);
});
afterAll(async () => {
  await rm(WORK, { recursive: true, force: true });
});

/** Runs `meshform generate …args` in the work folder; run times in summaries read `0.0s`. */
/**
 * Runs `meshform generate …args` in `cwd`, with the elapsed time of the summary shown as `0.0s`.
 * Without the generation cache: these tests pin down what a run plans and writes, the same with
 * a reused plan (test/generate-cache.test.ts runs the cache's side of it).
 */
async function generateIn(cwd: string, ...args: string[]) {
  const outcome = await runMeshform(["generate", "--no-cache", ...args], cwd);
  return { ...outcome, stdout: outcome.stdout.replace(/\b\d+\.\ds\b/g, "0.0s") };
}

const generate = (...args: string[]) => generateIn(WORK, ...args);

/** Every file under `folder` of the work folder with its text, by path relative to it. */
const readTree = (folder: string) => readFiles(join(WORK, folder));

/** `generate: …` for the example config with the counts in the parentheses. */
const summary = (state: string, resources = 4, files = 9) => `generate: 2 namespaces, ${resources} resources, ${files} files (${state}) in 0.0s\n`;

describe("meshform generate, run as a process", () => {
  test("writes one file per resource with kustomizations and READMEs, and prints a summary", async () => {
    expect(await generate()).toEqual({ code: 0, stdout: summary("9 written, 0 unchanged, 0 removed"), stderr: "" });
    expect(Object.keys(await readTree("generated"))).toEqual(TREE);
  });

  test("a second run writes nothing", async () => {
    expect(await generate()).toEqual({ code: 0, stdout: summary("0 written, 9 unchanged, 0 removed"), stderr: "" });
  });

  test("--check on a current tree exits 0", async () => {
    expect(await generate("--check")).toEqual({ code: 0, stdout: summary("up to date, 9 unchanged"), stderr: "" });
  });

  test("--check after a generated file was edited exits 1, names it and writes nothing", async () => {
    await appendFile(join(WORK, "generated", GATEWAY_FILE), "# edited by hand\n");
    expect(await generate("--check")).toEqual({
      code: 1,
      stdout: summary("0 to add, 1 to change, 0 to remove, 8 unchanged"),
      stderr: `✖ ${GATEWAY_FILE}: out of date\n`,
    });
    expect((await readTree("generated"))[GATEWAY_FILE]).toMatch(/# edited by hand\n$/);
  });

  test("--check --diff prints a unified diff of the file that differs", async () => {
    const { code, stdout } = await generate("--check", "--diff");
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        `--- a/${GATEWAY_FILE}`,
        `+++ b/${GATEWAY_FILE}`,
        "@@ -10,4 +10,3 @@",
        "     - name: http",
        "       port: 80",
        "       protocol: HTTP",
        "-# edited by hand",
        summary("0 to add, 1 to change, 0 to remove, 8 unchanged"),
      ].join("\n"),
    );
  });

  test("regenerating restores the edited file and leaves the user's own files alone", async () => {
    await writeFile(join(WORK, "generated/NOTES.md"), "our notes\n");
    await writeFile(join(WORK, "generated/shop/extra.yaml"), "kind: ConfigMap\n");
    expect(await generate()).toEqual({ code: 0, stdout: summary("1 written, 8 unchanged, 0 removed"), stderr: "" });
    const tree = await readTree("generated");
    expect([tree["NOTES.md"], tree["shop/extra.yaml"]]).toEqual(["our notes\n", "kind: ConfigMap\n"]);
    expect(tree[GATEWAY_FILE]).not.toContain("edited by hand");
    expect((await generate("--check")).code).toBe(0);
  });

  test("a resource the config drops is reported apart by --check, then removed without --allow-removal", async () => {
    await writeFile(join(WORK, "mesh.config.ts"), CONFIG.replace(REVIEWS, ""));
    expect(await generate("--check")).toEqual({
      code: 1,
      stdout: summary("0 to add, 3 to change, 1 to remove, 6 unchanged", 3, 8),
      stderr: [".meshform-owned.json", "shop/README.md", "shop/kustomization.yaml"].map((f) => `✖ ${f}: out of date\n`).join("") + `would remove:\n  ✖ ${REVIEWS_FILE}\n`,
    });
    expect(await generate()).toEqual({ code: 0, stdout: summary("2 written, 6 unchanged, 1 removed", 3, 8), stderr: "" });
    const tree = await readTree("generated");
    expect(Object.keys(tree)).toEqual(["NOTES.md", ...TREE.filter((f) => f !== REVIEWS_FILE), "shop/extra.yaml"].sort());
    expect(tree["shop/kustomization.yaml"]).not.toContain("reviews");
    await writeFile(join(WORK, "mesh.config.ts"), CONFIG);
  });

  test("a config with errors prints each with its line, exits 1 and leaves the previous tree as it was", async () => {
    const before = await readTree("generated");
    expect(await generate("--config", "deploy/mesh.config.ts")).toEqual({
      code: 1,
      stdout: "generate: nothing written: fix the errors above (0.0s)\n",
      stderr: [
        "deploy/mesh.config.ts",
        `  ✖ line 5 gateway() got an invalid Gateway name "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
        '  ✖ line 7 Gateway shop/edge is declared twice: by namespace("shop").gateway("edge") and by namespace("shop").gateway("edge") (line 6) (give one of them another name)',
        "Found 2 errors and 0 warnings",
        "",
      ].join("\n"),
    });
    expect(await readTree("generated")).toEqual(before);
  });

  test("--json prints one object with the counts, the files written and the issues", async () => {
    const { code, stdout, stderr } = await runMeshform(["generate", "--no-cache", "--out", "json-out", "--json"], WORK);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(stdout)).toEqual({
      namespaces: 2,
      resources: 4,
      files: 9,
      issues: [],
      written: TREE.filter((f) => f !== ".meshform-owned.json").sort(),
      unchanged: 0,
      removed: [],
      elapsedMs: expect.any(Number),
    });
  });

  test("--check --json reports what differs and exits 1", async () => {
    await appendFile(join(WORK, "json-out", GATEWAY_FILE), "# edited by hand\n");
    const { code, stdout, stderr } = await runMeshform(["generate", "--no-cache", "--out", "json-out", "--check", "--json"], WORK);
    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
    expect(JSON.parse(stdout)).toEqual({
      namespaces: 2,
      resources: 4,
      files: 9,
      issues: [],
      upToDate: false,
      added: [],
      changed: [GATEWAY_FILE],
      removed: [],
      removal: { folders: [], namespaceObjects: [], needsAllowRemoval: false },
      unchanged: 8,
      elapsedMs: expect.any(Number),
    });
  });

  test("--json with errors lists each issue with its code, resource and config line, and exits 1", async () => {
    const { code, stdout, stderr } = await runMeshform(["generate", "--no-cache", "--config", "deploy/mesh.config.ts", "--out", "json-bad", "--json"], WORK);
    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
    const report = JSON.parse(stdout);
    expect(report).toEqual({ namespaces: 1, resources: 2, files: 0, issues: expect.any(Array), elapsedMs: expect.any(Number) });
    expect(report.issues.map((i: { code: string; severity: string; resource?: { name: string }; file: string; line: number; path?: string }) => [i.code, i.severity, i.resource?.name, i.file, i.line, i.path])).toEqual([
      ["INVALID_NAME", "error", undefined, "deploy/mesh.config.ts", 5, undefined],
      ["DUPLICATE_RESOURCE", "error", undefined, "deploy/mesh.config.ts", 7, undefined],
    ]);
    await expect(readdir(join(WORK, "json-bad"))).rejects.toThrow("ENOENT");
  });
});

describe("meshform generate with a config it cannot use", () => {
  test.each([
    [["--config", "missing.config.ts"], "error: missing.config.ts: no such file (create it, or pass --config <file>)"],
    [["--config", "not-a-mesh.config.ts"], "error: not-a-mesh.config.ts: the default export is not a mesh (write `export default defineMesh({ ... }, (mesh) => { ... })`)"],
    [["--config", "throws.config.ts"], "error: throws.config.ts:5: no such team: payments"],
    [["--config", "syntax.config.ts"], "error: syntax.config.ts:4: Unexpected end of file"],
  ])("%j prints one line, without a stack, and writes nothing", async (args, message) => {
    expect(await generate(...args, "--out", "never")).toEqual({ code: 1, stdout: "", stderr: `${message}\n` });
    await expect(readdir(join(WORK, "never"))).rejects.toThrow("ENOENT");
  });

  test("without --config, a folder with no mesh.config.ts says so", async () => {
    const empty = join(WORK, "empty");
    await mkdir(empty);
    expect(await runMeshform(["generate"], empty)).toEqual({ code: 1, stdout: "", stderr: "error: mesh.config.ts: no such file (create it, or pass --config <file>)\n" });
    expect(await readdir(empty)).toEqual([]);
  });

  test("an unknown option is a usage mistake", async () => {
    expect(await generate("--outdir", "x")).toEqual({ code: 2, stdout: "", stderr: "error: unknown option '--outdir'; see 'meshform generate --help'\n" });
  });
});

describe("meshform generate --help", () => {
  test("lists every option with its value hint and default, examples and exit codes", async () => {
    const { code, stdout, stderr } = await runMeshform(["generate", "--help"], dirname(WORK));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatchInlineSnapshot(`
      "Generate per-namespace kustomize overlays from mesh.config.ts (meshform generate v0.1.0)

      USAGE meshform generate [OPTIONS]

      OPTIONS

                  --config=<file>    The mesh config: a TypeScript file whose default export is defineMesh(...) (Default: mesh.config.ts)
           --config-timeout=<sec>    Seconds the config may take to run before the run stops with an error (Default: $MESHFORM_CONFIG_TIMEOUT, else 60)
                      --out=<dir>    The output folder; meshform owns only the files it wrote there (Default: generated)
                          --check    Write nothing; exit 1 naming each file that differs
                           --diff    With --check: print a unified diff of each file that differs
                    --env=<names>    Generate (or with --check, compare) these environments only, comma-separated; the other environments' folders are left as they are (Default: all)
                  --allow-removal    Let the run delete a whole folder, a Namespace object, or more than 10% (and at least 10) of the files meshform owns there
                       --no-cache    Plan everything again; by default a run whose config builds the same mesh as an earlier run reuses its files (cache in node_modules/.cache/meshform, or $MESHFORM_CACHE_DIR)
                           --json    Print one JSON object on stdout instead of the summary
        --fail-on=<error|warning>    Write nothing and exit 1 when a finding is at least this severe (Default: error)

      EXAMPLES

        meshform generate
        meshform generate --config deploy/mesh.config.ts --out deploy/generated
        meshform generate --check --diff
        meshform generate --env dev,staging

      EXIT CODES

        0  success
        1  errors found, bad input, or stale files with --check
        2  usage mistake: unknown command or option, missing or conflicting arguments
      "
    `);
  });
});

/** A config with the namespaces named, each holding nothing but its Namespace object. */
const namespacesConfig = (...names: string[]) =>
  `import { defineMesh } from "@meshform/dsl";\n\nexport default defineMesh({}, (mesh) => {\n${names.map((name) => `  mesh.namespace("${name}");\n`).join("")}});\n`;

/** Every file under `folder` with its bytes (as base64), hidden ones included, by path relative to it. */
const readBytes = (folder: string) => readFiles(folder, "base64");

describe("meshform generate when a namespace leaves the config", () => {
  const dir = join(WORK, "removal");
  const run = (...args: string[]) => generateIn(dir, ...args);

  beforeAll(async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "mesh.config.ts"), namespacesConfig("shop", "billing", "orders", "search"));
  });

  test("the summary counts every namespace folder written, a namespace with only its Namespace object included", async () => {
    expect(await run()).toEqual({ code: 0, stdout: "generate: 4 namespaces, 4 resources, 13 files (13 written, 0 unchanged, 0 removed) in 0.0s\n", stderr: "" });
    expect((await readdir(join(dir, "generated"))).sort()).toEqual([".meshform-owned.json", "billing", "kustomization.yaml", "orders", "search", "shop"]);
  });

  test("--check names the folder and the Namespace object in a section of their own, and says the flag is needed", async () => {
    await writeFile(join(dir, "mesh.config.ts"), namespacesConfig("shop", "orders", "search"));
    expect(await run("--check")).toEqual({
      code: 1,
      stdout: "generate: 3 namespaces, 3 resources, 10 files (0 to add, 2 to change, 3 to remove, 9 unchanged) in 0.0s\n",
      stderr: [
        "✖ .meshform-owned.json: out of date",
        "✖ kustomization.yaml: out of date",
        "would remove:",
        "  ✖ folder billing/ (3 files; Argo CD deletes its Application)",
        "  ✖ Namespace object billing: billing/namespace_billing.yaml",
        "  ✖ billing/README.md",
        "  ✖ billing/kustomization.yaml",
        "  ✖ billing/namespace_billing.yaml",
        "  these removals need consent: `meshform generate` stops before writing unless given --allow-removal",
        "",
      ].join("\n"),
    });
  });

  test("--check --json has the removals in their own field", async () => {
    const { code, stdout } = await runMeshform(["generate", "--no-cache", "--check", "--json"], dir);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect([report.changed, report.removed, report.removal]).toEqual([
      [".meshform-owned.json", "kustomization.yaml"],
      ["billing/README.md", "billing/kustomization.yaml", "billing/namespace_billing.yaml"],
      { folders: ["billing"], namespaceObjects: ["billing/namespace_billing.yaml"], needsAllowRemoval: true },
    ]);
  });

  test("without --allow-removal the run stops, lists what it would remove, names the flag and changes no byte", async () => {
    const before = await readBytes(join(dir, "generated"));
    const out = join(dir, "generated");
    expect(await run()).toEqual({
      code: 1,
      stdout: "",
      stderr: [
        `error: ${out}: this run would delete 3 of the 13 files meshform owns there, including a whole folder and a Namespace object; nothing was written`,
        "  - folder billing/ (3 files; Argo CD deletes its Application)",
        "  - Namespace object billing (billing/namespace_billing.yaml)",
        "Argo CD deletes from the cluster what leaves the folder it syncs. If the config is meant to drop these, run again with `meshform generate --allow-removal` (library: `allowRemoval: true` in writeTree's options); if not, fix the config.",
        "",
      ].join("\n"),
    });
    expect(await readBytes(out)).toEqual(before);
  });

  test("with --allow-removal the folder is removed", async () => {
    expect(await run("--allow-removal")).toEqual({ code: 0, stdout: "generate: 3 namespaces, 3 resources, 10 files (1 written, 9 unchanged, 3 removed) in 0.0s\n", stderr: "" });
    expect((await readdir(join(dir, "generated"))).sort()).toEqual([".meshform-owned.json", "kustomization.yaml", "orders", "search", "shop"]);
    expect((await run("--check")).code).toBe(0);
  });
});

describe("meshform generate refuses an output folder it must not own", () => {
  const instead = "meshform replaces and deletes files in its output folder, so it needs a folder of its own: pass one such as --out generated; see 'meshform generate --help'";
  test.each([
    ["an empty --out", "", `--out is empty, which would write into the current folder (${WORK.replace(/\/$/, "")})`],
    ["a file-system root", "/", "--out / is a file-system root"],
    ["the home folder", homedir(), `--out ${homedir()} is the home folder`],
    ["the folder that holds the config", ".", "--out . is the folder that holds mesh.config.ts: meshform would share it with the config and your repository"],
    ["a folder above the config", "..", "--out .. holds mesh.config.ts in a folder below it: meshform would share it with the config and your repository"],
  ])("%s: a usage error that says why and what to pass instead, and nothing written", async (_, out, why) => {
    const before = await readdir(WORK);
    expect(await generate("--out", out)).toEqual({ code: 2, stdout: "", stderr: `error: ${why}; ${instead}\n` });
    expect(await readdir(WORK)).toEqual(before);
  });

  test("--out=./ and a path through the config's folder are the same folder", async () => {
    const { code, stderr } = await generate("--out=./deploy/..", "--config", "mesh.config.ts");
    expect({ code, stderr }).toEqual({ code: 2, stderr: `error: --out ./deploy/.. is the folder that holds mesh.config.ts: meshform would share it with the config and your repository; ${instead}\n` });
  });
});
