import { describe, expect, it } from "vitest";
import { specErrorOf } from "../transform/test-helpers.js";
import { collectKinds, parseKindSelector } from "./collect.js";
import { parseSpecText } from "./read.js";

function crdYaml(kind: string, group = "example.com"): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${kind.toLowerCase()}s.${group}
spec:
  group: ${group}
  scope: Namespaced
  names: {kind: ${kind}, plural: ${kind.toLowerCase()}s}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object}
`;
}

/** A Kubernetes OpenAPI v3 document with one creatable kind, `v1/Thing`, whose spec is defined. */
const OPENAPI = JSON.stringify({
  openapi: "3.0.0",
  paths: {
    "/api/v1/namespaces/{namespace}/things": { post: { "x-kubernetes-group-version-kind": { group: "", version: "v1", kind: "Thing" } } },
    "/api/v1/namespaces/{namespace}/things/{name}": { put: { "x-kubernetes-group-version-kind": { group: "", version: "v1", kind: "Thing" } } },
  },
  components: {
    schemas: {
      "io.k8s.api.core.v1.Thing": {
        type: "object",
        "x-kubernetes-group-version-kind": [{ group: "", version: "v1", kind: "Thing" }],
        properties: { spec: { $ref: "#/components/schemas/io.k8s.api.core.v1.ThingSpec" } },
      },
      "io.k8s.api.core.v1.ThingSpec": { type: "object", properties: { size: { type: "integer" } } },
    },
  },
});

describe("collectKinds", () => {
  it("takes every CRD and reports the other documents as skipped", () => {
    const documents = parseSpecText("mixed.yaml", `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n${crdYaml("Widget")}---\n- a list\n`);
    const { kinds, skipped } = collectKinds(documents);
    expect(kinds.map((k) => `${k.group}/${k.kind}`)).toEqual(["example.com/Widget"]);
    expect(skipped).toEqual([
      { file: "mixed.yaml", index: 0, reason: "v1 ConfigMap is not a CustomResourceDefinition or an OpenAPI document" },
      { file: "mixed.yaml", index: 2, reason: "a list is not a CustomResourceDefinition or an OpenAPI document" },
    ]);
  });

  it("rejects two CRDs for the same kind, naming both files", () => {
    const documents = [...parseSpecText("a/widgets.yaml", crdYaml("Widget")), ...parseSpecText("b/widgets.yaml", `${crdYaml("Gadget")}---\n${crdYaml("Widget")}`)];
    expect(specErrorOf(() => collectKinds(documents))).toEqual({
      code: "SPEC_NAME_CLASH",
      message: "b/widgets.yaml (document 2): example.com/Widget is also defined in a/widgets.yaml",
    });
  });

  it("keeps two kinds of the same name in different groups apart", () => {
    const documents = [...parseSpecText("a.yaml", crdYaml("Gateway", "networking.istio.io")), ...parseSpecText("b.yaml", crdYaml("Gateway", "gateway.networking.k8s.io"))];
    expect(collectKinds(documents).kinds.map((k) => `${k.group}/${k.kind}`)).toEqual(["networking.istio.io/Gateway", "gateway.networking.k8s.io/Gateway"]);
  });

  it("takes a selected kind from an OpenAPI document, with plural and scope from its create path", () => {
    const [kind] = collectKinds(parseSpecText("api.json", OPENAPI), [parseKindSelector("v1/Thing")]).kinds;
    expect({ group: kind!.group, kind: kind!.kind, plural: kind!.plural, scope: kind!.scope, versions: kind!.versions.map((v) => [v.name, v.location]) }).toEqual({
      group: "",
      kind: "Thing",
      plural: "things",
      scope: "Namespaced",
      versions: [["v1", { file: "api.json", pointer: "/components/schemas/io.k8s.api.core.v1.Thing" }]],
    });
  });

  it("rejects an OpenAPI document without a selection of kinds", () => {
    expect(specErrorOf(() => collectKinds(parseSpecText("api.json", OPENAPI)))).toEqual({
      code: "SPEC_NO_KINDS",
      message: "api.json: an OpenAPI document needs a selection of kinds (group/version/Kind, e.g. apps/v1/Deployment)",
    });
  });

  it("rejects a selected kind that no OpenAPI document defines", () => {
    expect(specErrorOf(() => collectKinds(parseSpecText("api.json", OPENAPI), [parseKindSelector("apps/v1/Deployment")]))).toEqual({
      code: "SPEC_KIND_NOT_FOUND",
      message: "api.json: no definition of apps/v1 Deployment with a create path",
    });
  });
});

describe("parseKindSelector", () => {
  it.each([
    ["v1/Service", { group: "", version: "v1", kind: "Service" }],
    ["core/v1/Service", { group: "", version: "v1", kind: "Service" }],
    ["apps/v1/Deployment", { group: "apps", version: "v1", kind: "Deployment" }],
    ["networking.istio.io/v1/VirtualService", { group: "networking.istio.io", version: "v1", kind: "VirtualService" }],
  ])("reads %s", (text, want) => {
    expect(parseKindSelector(text)).toEqual(want);
  });

  it.each(["Service", "v1/service", "apps/v1/"])("rejects %j", (text) => {
    expect(specErrorOf(() => parseKindSelector(text))).toEqual({
      code: "SPEC_KIND_NOT_FOUND",
      message: `${text}: a kind selector is [group/]version/Kind, e.g. v1/Service or apps/v1/Deployment`,
    });
  });
});
