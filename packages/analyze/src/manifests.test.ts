import { describe, expect, test } from "vitest";
import { readManifests } from "./manifests.js";

describe("readManifests", () => {
  test("reads YAML as kubectl does (1.1 booleans and octals) and keeps the line of every field", () => {
    const text = "# a comment\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    enabled: on\n    mode: 0755\n";
    const { resources, issues } = readManifests(text, "ns.yaml");
    expect(issues).toEqual([]);
    expect(resources.map((r) => r.object)).toEqual([{ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop", labels: { enabled: true, mode: 493 } } }]);
    expect(resources[0]?.source).toEqual({ file: "ns.yaml", line: 2 });
    expect([["metadata", "labels", "mode"], ["metadata", "labels", "missing"], ["spec"]].map((path) => resources[0]?.lineOf?.(path))).toEqual([8, 6, 2]);
  });

  test("gives the items of a List, each with its own lines, and skips kustomizations, non-resources and empty documents", () => {
    const text = [
      "apiVersion: v1",
      "kind: List",
      "items:",
      "- apiVersion: v1",
      "  kind: Service",
      "  metadata: { name: a }",
      "---",
      "---",
      "apiVersion: kustomize.config.k8s.io/v1beta1",
      "kind: Kustomization",
      "---",
      "just: data",
      "",
    ].join("\n");
    const { resources } = readManifests(text, "list.yaml");
    expect(resources.map((r) => [r.object.kind, r.source, r.lineOf?.(["metadata", "name"])])).toEqual([["Service", { file: "list.yaml", line: 4 }, 6]]);
  });

  test("a document that is not YAML is one YAML_SYNTAX issue at its line; the others are still read", () => {
    const { resources, issues } = readManifests("apiVersion: v1\nkind: Service\nmetadata: { name: a }\n---\nkind: Service\n\tname: b\n", "bad.yaml");
    expect(resources.map((r) => r.object.kind)).toEqual(["Service"]);
    expect(issues).toEqual([{ code: "YAML_SYNTAX", severity: "error", message: "cannot read as YAML: Tabs are not allowed as indentation", source: { file: "bad.yaml", line: 6 } }]);
  });
});
