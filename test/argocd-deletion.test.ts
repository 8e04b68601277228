// What Argo CD may delete, end to end: `meshform generate` run as a process on configs in a
// temporary folder, the ApplicationSet it writes read back, and each namespace folder built with
// the real `kubectl kustomize`, as Argo CD builds it.
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runMeshform, scratchFolder } from "../packages/cli/src/testing.js";
import { hasKubectl, KUSTOMIZE_SKIP_REASON, kustomizeBuild } from "./support/kustomize.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");
// Inside the workspace, so that the configs' imports of @meshform/dsl resolve; git-ignored.
const base = scratchFolder("argocd-deletion");
const SYNC_OPTIONS = "argocd.argoproj.io/sync-options";
const SYNC_WAVE = "argocd.argoproj.io/sync-wave";

/** Writes `config` as mesh.config.ts in a folder of its own and runs `meshform generate` there. */
async function generate(name: string, config: string): Promise<{ folder: string; code: number | null; output: string }> {
  const folder = join(base, name);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, "mesh.config.ts"), config);
  const { code, stdout, stderr } = await runMeshform(["generate"], folder);
  return { folder, code, output: `${stdout}${stderr}` };
}

/** A config whose output asks for an ApplicationSet with `argocd` (a TypeScript object literal's fields). */
function config(argocd: string): string {
  return `import { defineMesh } from "@meshform/dsl";

export default defineMesh(
  { output: { argocd: { repoURL: "https://git.example.com/platform.git", path: "generated", ${argocd} } } },
  (mesh) => {
    mesh.namespace("shop", { dataplane: "ambient", annotations: { "${SYNC_OPTIONS}": "ServerSideApply=true" } });
    mesh.namespace("scratch", { argocd: { allowDeletion: true } });
  },
);
`;
}

/** The ApplicationSet's own syncPolicy, as written. */
async function applicationSetSyncPolicy(folder: string): Promise<unknown> {
  const text = await readFile(join(folder, "generated", "applicationset_argoproj.io_meshform.yaml"), "utf8");
  return (parse(text) as { spec: { syncPolicy?: unknown } }).spec.syncPolicy;
}

let preserving: Awaited<ReturnType<typeof generate>>;
let cascading: Awaited<ReturnType<typeof generate>>;
let misspelt: Awaited<ReturnType<typeof generate>>;

beforeAll(async () => {
  [preserving, cascading, misspelt] = await Promise.all([
    generate("preserving", config(`applicationsSync: "create-update"`)),
    generate("cascading", config("deleteResourcesWithApplication: true")),
    // A policy Argo CD does not know, as a config that is not type-checked can hold.
    generate("misspelt", config(`applicationsSync: "create-or-update" as "sync"`)),
  ]);
}, 120_000);

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe("the ApplicationSet meshform generate writes", () => {
  it("preserves resources on deletion by default, with the applicationsSync policy the config gives", async () => {
    expect(preserving.code, preserving.output).toBe(0);
    expect(await applicationSetSyncPolicy(preserving.folder)).toEqual({ preserveResourcesOnDeletion: true, applicationsSync: "create-update" });
  });

  it("lets deleting an Application delete its resources when the config opts in", async () => {
    expect(cascading.code, cascading.output).toBe(0);
    expect(await applicationSetSyncPolicy(cascading.folder)).toEqual({ preserveResourcesOnDeletion: false });
  });

  it("refuses a policy Argo CD does not know, naming it, and writes nothing", () => {
    expect(misspelt.code).toBe(1);
    expect(misspelt.output).toContain("applicationsSync");
    expect(misspelt.output).toContain("create-or-update");
    expect(misspelt.output).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(join(misspelt.folder, "generated"))).toBe(false);
  });
});

describe.skipIf(!hasKubectl)(hasKubectl ? "each namespace folder, built with kubectl kustomize" : `each namespace folder (${KUSTOMIZE_SKIP_REASON})`, () => {
  const namespaceIn = (folder: string, name: string) => {
    const objects = kustomizeBuild(join(folder, "generated", name));
    const found = objects.find((object) => object["kind"] === "Namespace");
    expect(found, `the Namespace in ${name}/`).toBeDefined();
    return found!["metadata"] as { name: string; annotations?: Record<string, string> };
  };

  it("keeps the Namespace from Argo CD's pruning and deletion, merged with the config's sync options", () => {
    for (const run of [preserving, cascading]) {
      expect(run.code, run.output).toBe(0);
      expect(namespaceIn(run.folder, "shop").annotations).toEqual({ [SYNC_OPTIONS]: "Delete=false,Prune=false,ServerSideApply=true", [SYNC_WAVE]: "-1" });
    }
  });

  it("writes no sync options on a namespace whose config allows its deletion, only the sync wave that applies it first", () => {
    expect(preserving.code, preserving.output).toBe(0);
    expect(namespaceIn(preserving.folder, "scratch")).toEqual({ name: "scratch", annotations: { [SYNC_WAVE]: "-1" } });
  });
});
