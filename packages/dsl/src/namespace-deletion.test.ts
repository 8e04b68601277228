import { describe, expect, it } from "vitest";
import { namespace as namespaceObject } from "@meshform/k8s/core/v1";
import { compile, type Resource } from "./compile.js";
import { defineMesh, type MeshBuilder } from "./mesh.js";
import { mergeKeepOptions } from "./namespace-deletion.js";

const SYNC_OPTIONS = "argocd.argoproj.io/sync-options";

/** The compiled resources of a config, which must compile without issues. */
function compiled(build: (mesh: MeshBuilder) => void): readonly Resource[] {
  const result = compile(defineMesh({}, build).model);
  expect(result.issues).toEqual([]);
  return result.resources;
}

/** The annotations of the Namespace object named `name`. */
function annotationsOf(resources: readonly Resource[], name: string): Record<string, string> | undefined {
  const found = resources.find((r) => r.kind === "Namespace" && r.metadata.name === name);
  expect(found, `Namespace ${name}`).toBeDefined();
  return found!.metadata["annotations"] as Record<string, string> | undefined;
}

describe("a Namespace object meshform writes", () => {
  it("carries Delete=false,Prune=false by default, and no other resource does", () => {
    const resources = compiled((m) => {
      m.namespace("shop", { dataplane: "ambient", labels: { team: "shop" } }).waypoint();
    });
    expect(annotationsOf(resources, "shop")).toEqual({ [SYNC_OPTIONS]: "Delete=false,Prune=false" });
    const others = resources.filter((r) => r.kind !== "Namespace");
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) expect(other.metadata["annotations"], `${other.kind} ${other.metadata.name}`).toBeUndefined();
  });

  it("merges them with the sync options and annotations the config set, replacing another Delete or Prune", () => {
    const resources = compiled((m) => {
      m.namespace("shop", { annotations: { owner: "shop-team", [SYNC_OPTIONS]: "ServerSideApply=true, Prune=confirm" } });
    });
    expect(annotationsOf(resources, "shop")).toEqual({ owner: "shop-team", [SYNC_OPTIONS]: "Delete=false,Prune=false,ServerSideApply=true" });
  });

  it("keeps them whatever a JSON patch does to the annotations", () => {
    const resources = compiled((m) => {
      const shop = m.namespace("shop");
      m.patch(shop, [{ op: "add", path: "/metadata/annotations", value: { [SYNC_OPTIONS]: "Delete=true", note: "patched" } }]);
    });
    expect(annotationsOf(resources, "shop")).toEqual({ [SYNC_OPTIONS]: "Delete=false,Prune=false", note: "patched" });
  });

  it("has none with argocd.allowDeletion, and keeps the config's own sync options as written", () => {
    const resources = compiled((m) => {
      m.namespace("scratch", { argocd: { allowDeletion: true } });
      m.namespace("preview", { argocd: { allowDeletion: true }, annotations: { [SYNC_OPTIONS]: "Delete=confirm" } });
      m.namespace("shop");
    });
    expect(annotationsOf(resources, "scratch")).toBeUndefined();
    expect(annotationsOf(resources, "preview")).toEqual({ [SYNC_OPTIONS]: "Delete=confirm" });
    expect(annotationsOf(resources, "shop")).toEqual({ [SYNC_OPTIONS]: "Delete=false,Prune=false" });
  });

  it("follows the latest mesh.namespace() call that sets argocd.allowDeletion", () => {
    const resources = compiled((m) => {
      m.namespace("a", { argocd: { allowDeletion: true } });
      m.namespace("a", { argocd: { allowDeletion: false } });
      m.namespace("b", { argocd: { allowDeletion: true } });
      m.namespace("b", { dataplane: "ambient" });
    });
    expect(annotationsOf(resources, "a")).toEqual({ [SYNC_OPTIONS]: "Delete=false,Prune=false" });
    expect(annotationsOf(resources, "b")).toBeUndefined();
  });

  it("covers a Namespace added with mesh.resource(), which a managed: false namespace may allow to delete", () => {
    const resources = compiled((m) => {
      m.resource(namespaceObject({ metadata: { name: "legacy", annotations: { [SYNC_OPTIONS]: "ServerSideApply=true" } } }));
      m.namespace("scratch", { managed: false, argocd: { allowDeletion: true } });
      m.resource(namespaceObject({ metadata: { name: "scratch" } }));
    });
    expect(annotationsOf(resources, "legacy")).toEqual({ [SYNC_OPTIONS]: "Delete=false,Prune=false,ServerSideApply=true" });
    expect(annotationsOf(resources, "scratch")).toBeUndefined();
  });

  it("leaves the model as the config built it: compiling twice gives the same annotations", () => {
    const mesh = defineMesh({}, (m) => void m.namespace("shop", { annotations: { [SYNC_OPTIONS]: "ServerSideApply=true" } }));
    const first = compile(mesh.model).resources;
    const second = compile(mesh.model).resources;
    expect(annotationsOf(second, "shop")).toEqual(annotationsOf(first, "shop"));
    expect(mesh.model.drafts[0]!.body["metadata"]).toEqual({ name: "shop", annotations: { [SYNC_OPTIONS]: "ServerSideApply=true" } });
  });
});

describe("the sync wave of a Namespace object", () => {
  const SYNC_WAVE = "argocd.argoproj.io/sync-wave";
  const argocd = { repoURL: "https://git.example.com/platform.git", path: "generated" };

  /** The compiled resources of a config with Argo CD output. */
  function withArgoCd(build: (mesh: MeshBuilder) => void): readonly Resource[] {
    const result = compile(defineMesh({ output: { argocd } }, build).model);
    expect(result.issues).toEqual([]);
    return result.resources;
  }

  it("is -1 on every Namespace when the config writes an ApplicationSet, so Argo CD applies it first, and on no other resource", () => {
    const resources = withArgoCd((m) => {
      m.namespace("shop", { dataplane: "ambient" }).waypoint();
      m.namespace("scratch", { argocd: { allowDeletion: true } });
      m.resource(namespaceObject({ metadata: { name: "legacy" } }));
    });
    expect(annotationsOf(resources, "shop")).toEqual({ [SYNC_OPTIONS]: "Delete=false,Prune=false", [SYNC_WAVE]: "-1" });
    expect(annotationsOf(resources, "scratch")).toEqual({ [SYNC_WAVE]: "-1" });
    expect(annotationsOf(resources, "legacy")).toEqual({ [SYNC_OPTIONS]: "Delete=false,Prune=false", [SYNC_WAVE]: "-1" });
    for (const other of resources.filter((r) => r.kind !== "Namespace")) expect((other.metadata["annotations"] as Record<string, string> | undefined)?.[SYNC_WAVE], `${other.kind} ${other.metadata.name}`).toBeUndefined();
  });

  it("keeps a wave the config sets itself", () => {
    const resources = withArgoCd((m) => void m.namespace("shop", { annotations: { [SYNC_WAVE]: "-5" } }));
    expect(annotationsOf(resources, "shop")).toEqual({ [SYNC_OPTIONS]: "Delete=false,Prune=false", [SYNC_WAVE]: "-5" });
  });

  it("is not written without Argo CD output, so those configs' files do not change", () => {
    const resources = compiled((m) => void m.namespace("shop"));
    expect(annotationsOf(resources, "shop")).toEqual({ [SYNC_OPTIONS]: "Delete=false,Prune=false" });
  });
});

describe("mergeKeepOptions", () => {
  it("puts Delete=false,Prune=false first, keeps the other options in order, and is idempotent", () => {
    expect(mergeKeepOptions(undefined)).toBe("Delete=false,Prune=false");
    expect(mergeKeepOptions("")).toBe("Delete=false,Prune=false");
    expect(mergeKeepOptions(" Validate=false ,,Prune=true,Replace=true,Delete=confirm")).toBe("Delete=false,Prune=false,Validate=false,Replace=true");
    expect(mergeKeepOptions(mergeKeepOptions("ServerSideApply=true"))).toBe("Delete=false,Prune=false,ServerSideApply=true");
  });
});
