// Builds written trees with the real `kubectl kustomize` and compares the objects with the input.
// Without kubectl on PATH these tests skip, unless MESHFORM_REQUIRE_KUSTOMIZE=1 makes that a failure.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseAllDocuments } from "yaml";
import { emitTree } from "./emit.js";
import { sampleResources } from "./fixtures.js";
import { planTree } from "./plan.js";
import { writeTree } from "./write.js";

const hasKubectl = spawnSync("kubectl", ["version", "--client"], { stdio: "ignore" }).status === 0;
const required = process.env["MESHFORM_REQUIRE_KUSTOMIZE"] === "1";
const skipReason = "kubectl is not on PATH: skipping the kustomize builds (set MESHFORM_REQUIRE_KUSTOMIZE=1 to fail instead)";

if (!hasKubectl && required) {
  test("kubectl is on PATH (MESHFORM_REQUIRE_KUSTOMIZE=1)", () => {
    expect.fail("kubectl is not on PATH, and MESHFORM_REQUIRE_KUSTOMIZE=1 requires the kustomize builds");
  });
}
if (!hasKubectl && !required) console.warn(skipReason);

/** Runs `kubectl kustomize` on a folder and reads the objects it prints. */
function build(folder: string): unknown[] {
  const text = execFileSync("kubectl", ["kustomize", folder], { encoding: "utf8" });
  return parseAllDocuments(text).map((document) => document.toJS() as unknown);
}

/** Objects in a stable order, to compare builds with inputs. */
function byIdentity(objects: readonly unknown[]): unknown[] {
  const key = (object: unknown) => {
    const { apiVersion, kind, metadata } = object as { apiVersion: string; kind: string; metadata: { namespace?: string; name: string } };
    return `${apiVersion}/${kind}/${metadata.namespace ?? ""}/${metadata.name}`;
  };
  return [...objects].sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

describe.skipIf(!hasKubectl)(hasKubectl ? "kubectl kustomize" : `kubectl kustomize (${skipReason})`, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "meshform-kustomize-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("builds the whole tree into exactly the input objects (the ApplicationSet stays outside)", async () => {
    const out = join(dir, "whole");
    const applicationSet = { repoURL: "https://git.example.com/platform.git", path: "generated" };
    await writeTree(out, emitTree(planTree(sampleResources(), { applicationSet })));
    expect(byIdentity(build(out))).toEqual(byIdentity(sampleResources()));
  });

  test("builds each folder alone into its own objects, a namespace's Namespace object included", async () => {
    const out = join(dir, "folders");
    const plan = planTree(sampleResources());
    await writeTree(out, emitTree(plan));
    expect(plan.folders.map((folder) => folder.folder)).toEqual(["_cluster", "default", "istio-system"]);
    for (const folder of plan.folders) {
      const want = folder.resources.map((entry) => entry.resource);
      expect(byIdentity(build(join(out, folder.folder)))).toEqual(byIdentity(want));
    }
  });

  test("reads back as strings every value a YAML 1.1 reader could take for something else", async () => {
    const data = {
      on: "on",
      no: "no",
      y: "y",
      exponent: "1e3",
      octal: "0755",
      hex: "0x1F",
      tilde: "~",
      null: "null",
      date: "2001-12-14",
      sexagesimal: "190:20:30",
      colon: "a: b",
      comment: "# x",
      infinity: ".inf",
      empty: "",
      lines: "one\ntwo\n",
    };
    const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "tricky", namespace: "apps" }, data };
    const out = join(dir, "tricky");
    await writeTree(out, emitTree(planTree([configMap])));
    expect(build(out)).toEqual([configMap]);
  });

  test("would have caught the same values written unquoted (a control for the test above)", async () => {
    const folder = join(dir, "control");
    await mkdir(folder);
    await writeFile(join(folder, "kustomization.yaml"), "resources:\n  - configmap.yaml\n");
    await writeFile(join(folder, "configmap.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  exponent: 1e3\n  octal: 0755\n");
    expect(build(folder)).toEqual([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { exponent: 1000, octal: 493 } }]);
  });
});
