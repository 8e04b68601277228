import { describe, expect, test } from "vitest";
import { defineMesh } from "@meshform/dsl";
import { boundHeapGrowthForLargeMeshes, LARGE_MESH_DRAFTS } from "./heap.js";

/** A mesh of `count` Services declared as raw resources over ten namespaces, in environments or not. */
function meshOf(count: number, environments = false) {
  const build = (mesh: Parameters<Parameters<typeof defineMesh>[1]>[0]) => {
    for (let i = 0; i < count; i += 1) mesh.resource({ apiVersion: "v1", kind: "Service", metadata: { name: `s-${i}`, namespace: `ns-${i % 10}` } });
  };
  return environments ? defineMesh({ environments: { dev: {}, prod: {} } }, (mesh) => build(mesh)) : defineMesh({}, (mesh) => build(mesh));
}

describe("boundHeapGrowthForLargeMeshes", () => {
  test("leaves V8's own heap growth to a mesh below the threshold", () => {
    const set: string[] = [];
    expect(boundHeapGrowthForLargeMeshes(meshOf(LARGE_MESH_DRAFTS - 1), (flags) => set.push(flags))).toBe(false);
    expect(set).toEqual([]);
  });

  test("bounds it for a mesh of the threshold's size, counting every environment's resources", () => {
    const set: string[] = [];
    expect(boundHeapGrowthForLargeMeshes(meshOf(LARGE_MESH_DRAFTS), (flags) => set.push(flags))).toBe(true);
    expect(boundHeapGrowthForLargeMeshes(meshOf(LARGE_MESH_DRAFTS / 2, true), (flags) => set.push(flags))).toBe(true);
    expect(set).toEqual(["--heap-growing-percent=50", "--heap-growing-percent=50"]);
  });
});
