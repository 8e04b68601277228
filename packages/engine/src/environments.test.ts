// A mesh with environments, planned and written from code: a tree per environment and cluster,
// each environment checked against its own targets, its findings naming it.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { defineMesh } from "@meshform/dsl";
import { GenerationError, planGeneration, writeGeneration } from "./index.js";

const folders: string[] = [];
afterAll(async () => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

async function out(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "meshform-environments-"));
  folders.push(folder);
  return join(folder, "generated");
}

/** dev and prod, prod on two clusters with `payments` on east only; a waypoint nothing uses in dev. */
const mesh = defineMesh(
  {
    targets: { istio: "1.30.3" },
    environments: {
      dev: {},
      prod: { targets: { istio: "1.24.6" }, clusters: { east: { server: "https://east.example.com:6443" }, west: { name: "prod-west" } } },
    },
  },
  (m, env) => {
    const shop = m.namespace("shop", { dataplane: "ambient" });
    const waypoint = shop.waypoint("wp");
    if (env.name === "prod") {
      shop.useWaypoint(waypoint);
      m.namespace("payments", { clusters: ["east"] });
    }
  },
);

describe("planGeneration with environments", () => {
  test("plans one tree per environment, and per cluster where the environment has clusters", async () => {
    const plan = await planGeneration(mesh, { out: await out(), changes: false });
    expect(plan.environments).toEqual(["dev", "prod"]);
    expect(plan.trees.map(({ environment, cluster, folder, folders: inside }) => ({ environment, cluster, folder, inside }))).toEqual([
      { environment: "dev", cluster: undefined, folder: "dev", inside: ["shop"] },
      { environment: "prod", cluster: "east", folder: "prod/east", inside: ["payments", "shop"] },
      { environment: "prod", cluster: "west", folder: "prod/west", inside: ["shop"] },
    ]);
    const paths = plan.files.map((file) => file.path);
    expect(paths.filter((path) => path.endsWith("kustomization.yaml") && path.split("/").length <= 3).sort()).toEqual([
      "dev/kustomization.yaml",
      "dev/shop/kustomization.yaml",
      "prod/east/kustomization.yaml",
      "prod/west/kustomization.yaml",
    ]);
    expect(paths.some((path) => !path.startsWith("dev/") && !path.startsWith("prod/"))).toBe(false);
    const root = parse(plan.files.find((file) => file.path === "prod/east/kustomization.yaml")?.content ?? "") as { resources: string[] };
    expect(root.resources).toEqual(["payments", "shop"]);
    expect(plan.namespaces).toBe(4);
  });

  test("checks each environment on its own: a finding names its environment", async () => {
    const plan = await planGeneration(mesh, { out: await out(), changes: false });
    expect(plan.issues.map((issue) => [issue.code, issue.message.slice(0, issue.message.indexOf(":"))])).toEqual([["WAYPOINT_UNUSED", "environment dev"]]);
  });

  test("compiles each environment for its own targets: a field the older Istio release lacks fails there only", async () => {
    const versioned = defineMesh({ targets: { istio: "1.30.3" }, environments: { staging: {}, prod: { targets: { istio: "1.24.6" } } } }, (m) => {
      const shop = m.namespace("shop", { managed: false });
      m.patch(shop.destinationRule("ratings", { host: "ratings.shop.svc.cluster.local" }), [{ op: "add", path: "/spec/trafficPolicy", value: { retryBudget: { percent: 10 } } }]);
    });
    const plan = await planGeneration(versioned, { out: await out(), changes: false });
    const errors = plan.issues.filter((issue) => issue.severity === "error");
    expect(errors.map((issue) => issue.code)).toContain("FIELD_NOT_IN_TARGET");
    expect(errors.every((issue) => issue.message.startsWith("environment prod: "))).toBe(true);
    expect(plan.blocked).toBe(true);
  });

  test("restricted to some environments, the plan covers their folders only", async () => {
    const target = await out();
    await writeGeneration(await planGeneration(mesh, { out: target, changes: false }));
    const plan = await planGeneration(mesh, { out: target, environments: ["prod"] });
    expect([plan.environments, plan.scope, plan.trees.map((tree) => tree.folder)]).toEqual([["prod"], ["prod"], ["prod/east", "prod/west"]]);
    expect(plan.changes?.upToDate).toBe(true);
    expect((await readdir(target)).sort()).toEqual([".meshform-owned.json", "dev", "prod"]);
  });

  test("an environment the config does not declare is refused, naming those it does", async () => {
    const error = await planGeneration(mesh, { out: await out(), environments: ["dev", "qa"] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GenerationError);
    expect((error as GenerationError).message).toBe("the config declares no environment 'qa': it declares 'dev', 'prod'; pass some of those to --env");
  });
});
