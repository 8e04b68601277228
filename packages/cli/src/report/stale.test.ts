import { planRemoval } from "@meshform/render";
import { describe, expect, test } from "vitest";
import { paletteFor } from "../output.js";
import { renderCheckedTree } from "./stale.js";

const plain = paletteFor({ write: () => undefined, isTTY: false }, {});

/** A check of a tree owning `owned` where `stale` would be removed. */
function checked(owned: readonly string[], stale: readonly string[], changed: readonly string[] = []) {
  const gone = new Set(stale);
  const removal = planRemoval({ owned: new Set(owned), stale, files: owned.filter((path) => !gone.has(path)).map((path) => ({ file: { path } })) });
  return { added: [], changed, removal };
}

describe("renderCheckedTree", () => {
  test("a file or two removed from a folder that stays: their own section, no consent needed", () => {
    const owned = ["shop/kustomization.yaml", "shop/namespace_shop.yaml", "shop/httproute_gateway.networking.k8s.io_a.yaml", "shop/httproute_gateway.networking.k8s.io_b.yaml"];
    expect(renderCheckedTree(checked(owned, [owned[2]!], ["shop/kustomization.yaml"]), plain)).toEqual([
      "✖ shop/kustomization.yaml: out of date",
      "would remove:",
      "  ✖ shop/httproute_gateway.networking.k8s.io_a.yaml",
    ]);
  });

  test("a large share of the files without a folder or Namespace object: each file, and the flag it needs", () => {
    const routes = Array.from({ length: 12 }, (_, index) => `shop/configmap_c${String(index).padStart(2, "0")}.yaml`);
    const lines = renderCheckedTree(checked(["shop/kustomization.yaml", ...routes], routes.slice(0, 10)), plain);
    expect(lines).toEqual([
      "would remove:",
      ...routes.slice(0, 10).map((path) => `  ✖ ${path}`),
      "  these removals need consent: `meshform generate` stops before writing unless given --allow-removal",
    ]);
  });

  test("an environment's tree that vanished: the folder with its file count, each Namespace object by its namespace", () => {
    const kept = ["dev/kustomization.yaml", "dev/shop/kustomization.yaml", "dev/shop/namespace_shop.yaml"];
    const gone = ["staging/kustomization.yaml", "staging/shop/kustomization.yaml", "staging/shop/namespace_shop.yaml"];
    const lines = renderCheckedTree(checked([...kept, ...gone], gone), plain);
    expect(lines).toContain("  ✖ folder staging/ (3 files; Argo CD deletes its Application)");
    expect(lines).toContain("  ✖ Namespace object shop: staging/shop/namespace_shop.yaml");
    expect(lines.at(-1)).toBe("  these removals need consent: `meshform generate` stops before writing unless given --allow-removal");
  });

  test("nothing to remove: no section", () => {
    expect(renderCheckedTree(checked(["a/kustomization.yaml"], []), plain)).toEqual([]);
  });
});
