import { describe, expect, test } from "vitest";
import { parseManifests } from "./parse.js";

describe("parseManifests", () => {
  test("gives each non-empty document with its index and the line of any field, read as kubectl reads YAML", () => {
    const text = "# a comment\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    enabled: on\n    mode: 0755\n---\n---\nkind: Service\n";
    const { documents, issue } = parseManifests(text, "ns.yaml");
    expect(issue).toBeUndefined();
    expect(documents.map(({ file, index, object }) => ({ file, index, object }))).toEqual([
      { file: "ns.yaml", index: 0, object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop", labels: { enabled: true, mode: 493 } } } },
      { file: "ns.yaml", index: 1, object: { kind: "Service" } },
    ]);
    expect([["metadata", "labels", "mode"], ["metadata", "labels", "missing"], ["spec"]].map((path) => documents[0]?.lineOf(path))).toEqual([8, 6, 2]);
    expect(documents[1]?.lineOf(["kind"])).toBe(11);
  });

  test("gives each item of a List on its own, with its lines, and marks a kustomization file skipped", () => {
    const text = [
      "apiVersion: v1",
      "kind: List",
      "items:",
      "- apiVersion: v1",
      "  kind: Service",
      "  metadata: { name: a }",
      "- just: data",
      "---",
      "apiVersion: kustomize.config.k8s.io/v1beta1",
      "kind: Kustomization",
      "",
    ].join("\n");
    const { documents } = parseManifests(text, "list.yaml");
    expect(documents.map((d) => [d.index, d.item, d.skipped, d.lineOf(["metadata", "name"])])).toEqual([
      [0, 0, undefined, 6],
      [0, 1, undefined, 7],
      [1, undefined, "a kustomization file, not a resource", 9],
    ]);
  });

  test("a file that is not YAML gives no documents and one YAML_SYNTAX issue at its line", () => {
    expect(parseManifests("apiVersion: v1\nkind: Service\nmetadata: { name: a }\n---\nkind: Service\n\tname: b\n", "bad.yaml")).toEqual({
      file: "bad.yaml",
      documents: [],
      issue: { code: "YAML_SYNTAX", severity: "error", message: "cannot read as YAML: tab characters must not be used in indentation", source: { file: "bad.yaml", line: 6 } },
    });
  });
});
