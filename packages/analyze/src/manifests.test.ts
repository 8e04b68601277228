import { parseManifests } from "@meshform/validate";
import { describe, expect, test } from "vitest";
import { resourcesOf } from "./manifests.js";

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
