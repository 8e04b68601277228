import { parseManifests } from "@meshform/validate";
import { describe, expect, test } from "vitest";
import { readResources, resourcesOf } from "./manifests.js";

describe("resourcesOf", () => {
  test("takes each resource with its file and the line of every field, read as kubectl reads YAML", () => {
    const text = "# a comment\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    enabled: on\n    mode: 0755\n";
    const [resource, ...rest] = resourcesOf(parseManifests(text, "ns.yaml").documents);
    expect(rest).toEqual([]);
    expect(resource?.object).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop", labels: { enabled: true, mode: 493 } } });
    expect([resource?.source?.file, resource?.source?.line]).toEqual(["ns.yaml", 2]);
    expect([["metadata", "labels", "mode"], ["metadata", "labels", "missing"], ["spec"]].map((path) => resource?.lineOf?.(path))).toEqual([8, 6, 2]);
  });

  test("takes the items of a List, and leaves out kustomizations and documents that are not resources", () => {
    const list = { apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "Service", metadata: { name: "a" } }, { just: "data" }] };
    const text = `${JSON.stringify(list)}\n---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n---\n- a list\n---\nkind: Secret\n`;
    const resources = resourcesOf(parseManifests(text, "list.json").documents);
    expect(resources.map((r) => [r.object.kind, r.source?.file, r.lineOf?.(["metadata", "name"])])).toEqual([["Service", "list.json", 1]]);
  });
});

describe("readResources", () => {
  test("reports each document that is not a resource as meshform validate does, at its line, and keeps the resources", () => {
    const text = "- a\n- b\n---\njust a string\n---\nmetadata: { name: x }\n---\napiVersion: v1\nmetadata: { name: y }\n---\n42\n---\napiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n";
    const { resources, problems } = readResources(parseManifests(text, "m.yaml").documents);
    expect(resources.map((r) => r.object.kind)).toEqual(["Namespace"]);
    expect(problems).toEqual([
      { code: "NOT_A_RESOURCE", severity: "error", path: [], message: "document is not an object", source: { file: "m.yaml", line: 1 } },
      { code: "NOT_A_RESOURCE", severity: "error", path: [], message: "document is not an object", source: { file: "m.yaml", line: 4 } },
      { code: "NOT_A_RESOURCE", severity: "error", path: ["apiVersion"], message: "Required value: apiVersion must be set", source: { file: "m.yaml", line: 6 } },
      { code: "NOT_A_RESOURCE", severity: "error", path: ["kind"], message: "Required value: kind must be set", source: { file: "m.yaml", line: 8 } },
      { code: "NOT_A_RESOURCE", severity: "error", path: [], message: "document is not an object", source: { file: "m.yaml", line: 11 } },
    ]);
  });
});
