import { describe, expect, test } from "vitest";
import { RenderError } from "./errors.js";
import { describeRemoval, planRemoval, removalError, REMOVAL_MIN_FILES, type RemovalInput } from "./removal.js";

/** An output folder that owns `owned` and is to hold `wanted`: the owned files not wanted are stale. */
function treeOf(owned: readonly string[], wanted: readonly string[]): RemovalInput {
  const keep = new Set(wanted);
  return { owned: new Set(owned), stale: owned.filter((path) => !keep.has(path)), files: wanted.map((path) => ({ file: { path } })) };
}

const shop = ["shop/README.md", "shop/kustomization.yaml", "shop/namespace_shop.yaml", "shop/httproute_gateway.networking.k8s.io_api.yaml"];
const billing = ["billing/README.md", "billing/kustomization.yaml", "billing/namespace_billing.yaml", "billing/httproute_gateway.networking.k8s.io_pay.yaml"];
const tree = ["kustomization.yaml", ...shop, ...billing];

describe("planRemoval", () => {
  test("a namespace that leaves the config: its folder and its Namespace object need consent", () => {
    const plan = planRemoval(treeOf(tree, ["kustomization.yaml", ...shop]));
    expect(plan).toEqual({
      files: [...billing].sort(),
      folders: ["billing"],
      namespaceObjects: ["billing/namespace_billing.yaml"],
      owned: 9,
      largeShare: false,
      needsConsent: true,
    });
  });

  test("a folder without a Namespace object (an unmanaged namespace, _cluster) that disappears needs consent", () => {
    const cluster = ["_cluster/kustomization.yaml", "_cluster/README.md", "_cluster/clusterrole_rbac.authorization.k8s.io_reader.yaml"];
    const plan = planRemoval(treeOf(["kustomization.yaml", ...shop, ...cluster], ["kustomization.yaml", ...shop]));
    expect([plan.folders, plan.namespaceObjects, plan.needsConsent]).toEqual([["_cluster"], [], true]);
  });

  test("a Namespace object dropped from a folder that stays (a namespace no longer managed) needs consent", () => {
    const plan = planRemoval(treeOf(tree, tree.filter((path) => path !== "shop/namespace_shop.yaml")));
    expect([plan.folders, plan.namespaceObjects, plan.largeShare, plan.needsConsent]).toEqual([[], ["shop/namespace_shop.yaml"], false, true]);
  });

  test("a route renamed inside a namespace that stays needs none", () => {
    const renamed = tree.map((path) => path.replace("_api.yaml", "_api-v2.yaml"));
    const plan = planRemoval(treeOf(tree, renamed));
    expect(plan).toEqual({ files: ["shop/httproute_gateway.networking.k8s.io_api.yaml"], folders: [], namespaceObjects: [], owned: 9, largeShare: false, needsConsent: false });
  });

  test("more than a tenth of the owned files, and at least ten, need consent; fewer do not", () => {
    const routes = Array.from({ length: 100 }, (_, index) => `shop/httproute_gateway.networking.k8s.io_r${String(index).padStart(3, "0")}.yaml`);
    const owned = [...tree, ...routes];
    const dropping = (count: number) => planRemoval(treeOf(owned, owned.filter((path) => !routes.slice(0, count).includes(path))));
    expect(owned.length).toBe(109);
    expect([dropping(10).largeShare, dropping(10).needsConsent]).toEqual([false, false]);
    expect([dropping(11).largeShare, dropping(11).needsConsent]).toEqual([true, true]);
    expect(dropping(11).folders).toEqual([]);
  });

  test("in a small tree, a tenth of the files is not a large share below ten files", () => {
    const few = Array.from({ length: 20 }, (_, index) => `shop/configmap_c${String(index).padStart(2, "0")}.yaml`);
    const owned = [...shop, ...few];
    const plan = planRemoval(treeOf(owned, owned.filter((path) => !few.slice(0, REMOVAL_MIN_FILES - 1).includes(path))));
    expect([plan.files.length, plan.largeShare, plan.needsConsent]).toEqual([9, false, false]);
  });
});

describe("removalError", () => {
  test("names the folder, the Namespace object and the flag, and says nothing was written", () => {
    const error = removalError("/repo/generated", planRemoval(treeOf(tree, ["kustomization.yaml", ...shop])));
    expect(error).toBeInstanceOf(RenderError);
    expect(error?.code).toBe("RENDER_REMOVAL_NOT_ALLOWED");
    expect(error?.message).toBe(
      [
        "/repo/generated: this run would delete 4 of the 9 files meshform owns there, including a whole folder and a Namespace object; nothing was written",
        "  - folder billing/ (4 files; Argo CD deletes its Application)",
        "  - Namespace object billing (billing/namespace_billing.yaml)",
        "Argo CD deletes from the cluster what leaves the folder it syncs. If the config is meant to drop these, run again with `meshform generate --allow-removal` (library: `allowRemoval: true` in writeTree's options); if not, fix the config.",
      ].join("\n"),
    );
  });

  test("counts the other files and shows the first five", () => {
    const routes = Array.from({ length: 12 }, (_, index) => `shop/httproute_gateway.networking.k8s.io_r${String(index).padStart(2, "0")}.yaml`);
    const plan = planRemoval(treeOf([...tree, ...routes], tree));
    expect(describeRemoval(plan)).toEqual([
      `12 other files: ${routes.slice(0, 5).join(", ")} and 7 more`,
    ]);
    expect(removalError("/out", plan)?.message.split("\n")[0]).toBe(
      "/out: this run would delete 12 of the 21 files meshform owns there, more than 10 % of them; nothing was written",
    );
  });

  test("is undefined when the removal needs no consent, or consent was given", () => {
    expect(removalError("/out", planRemoval(treeOf(tree, tree.slice(1))))).toBeUndefined();
    expect(removalError("/out", planRemoval(treeOf(tree, ["kustomization.yaml"])), true)).toBeUndefined();
  });
});
