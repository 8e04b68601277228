// The runnable examples under docs/examples/<name>/: each is a mesh.config.ts written with the
// intent builders only (no raw `resource(` call) and its committed generated/ tree. Each must be
// current (`meshform generate --check`), and every namespace folder of it, and each tree whole
// (per environment and cluster when the config has them), must build with `kubectl kustomize`
// into exactly the resources the tree holds.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { runMeshform } from "../packages/cli/src/testing.js";
import { hasKubectl, identityOf, KUSTOMIZE_SKIP_REASON, kustomizeBuild, kustomizeRequired } from "./support/kustomize.js";

const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
const EXAMPLES = join(ROOT, "docs/examples");

/** Every example folder: one holding a mesh.config.ts. */
const examples = existsSync(EXAMPLES)
  ? readdirSync(EXAMPLES, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(EXAMPLES, entry.name, "mesh.config.ts")))
      .map((entry) => entry.name)
      .sort()
  : [];

/**
 * The namespace folders of a generated tree, relative to it: each holds a kustomization.yaml that
 * lists files. With environments (and clusters) they sit one or two levels down, under
 * `<env>/` or `<env>/<cluster>/`.
 */
function namespaceFolders(generated: string, under = ""): string[] {
  return readdirSync(join(generated, under), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const folder = under === "" ? entry.name : `${under}/${entry.name}`;
      const kustomization = join(generated, folder, "kustomization.yaml");
      const isTreeRoot = existsSync(kustomization) && kustomizationResources(join(generated, folder)).some((resource) => !resource.endsWith(".yaml"));
      if (existsSync(kustomization) && !isTreeRoot) return [folder];
      return namespaceFolders(generated, folder);
    })
    .sort();
}

/** What a kustomization.yaml lists under `resources`. */
function kustomizationResources(folder: string): string[] {
  return (parseAllDocuments(readFileSync(join(folder, "kustomization.yaml"), "utf8"))[0]!.toJS() as { resources?: string[] }).resources ?? [];
}

/** The identities of the resources a namespace folder's kustomization lists. */
function listedIdentities(folder: string): string[] {
  const kustomization = parseAllDocuments(readFileSync(join(folder, "kustomization.yaml"), "utf8"))[0]!.toJS() as { resources?: string[] };
  return (kustomization.resources ?? [])
    .filter((file) => !file.endsWith("/"))
    .flatMap((file) => parseAllDocuments(readFileSync(join(folder, file), "utf8")).map((doc) => identityOf(doc.toJS())))
    .sort();
}

describe("docs/examples", () => {
  it("holds the examples the DSL reference promises", () => {
    expect(examples.length).toBeGreaterThanOrEqual(7);
  });

  for (const name of examples) {
    describe(name, () => {
      const dir = join(EXAMPLES, name);
      const config = readFileSync(join(dir, "mesh.config.ts"), "utf8");

      it("uses the intent builders only: no raw resource", () => {
        expect(config).not.toMatch(/\bresource\s*\(/);
      });

      it("has a committed generated/ tree that meshform generate --check finds current", async () => {
        const outcome = await runMeshform(["generate", "--check", "--config", "mesh.config.ts", "--out", "generated"], dir);
        expect({ code: outcome.code, stderr: outcome.stderr }).toEqual({ code: 0, stderr: "" });
        expect(outcome.stdout).toMatch(/up to date/);
      });

      it.skipIf(!hasKubectl && !kustomizeRequired)("builds with kubectl kustomize, namespace by namespace, into what the tree lists", () => {
        if (!hasKubectl) throw new Error(`MESHFORM_REQUIRE_KUSTOMIZE=1 but ${KUSTOMIZE_SKIP_REASON}`);
        const generated = join(dir, "generated");
        const folders = namespaceFolders(generated);
        expect(folders.length).toBeGreaterThan(0);
        for (const folder of folders) {
          const built = kustomizeBuild(join(generated, folder)).map(identityOf).sort();
          expect(built, `${name}/generated/${folder}`).toEqual(listedIdentities(join(generated, folder)));
        }
        // Each tree (the output folder, or each <env>/ and <env>/<cluster>/) builds whole into its namespace folders' resources.
        const trees = [...new Set(folders.map((folder) => folder.split("/").slice(0, -1).join("/")))];
        for (const tree of trees) {
          const built = kustomizeBuild(join(generated, tree)).map(identityOf).sort();
          const listed = folders.filter((folder) => folder.split("/").slice(0, -1).join("/") === tree).flatMap((folder) => listedIdentities(join(generated, folder)));
          expect(built, `${name}/generated/${tree}`).toEqual(listed.sort());
        }
      });
    });
  }
});

if (!hasKubectl && !kustomizeRequired) console.warn(`examples: ${KUSTOMIZE_SKIP_REASON}`);
