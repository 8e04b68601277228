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

const gvk = (kind: string, group = "") => ({ "x-kubernetes-group-version-kind": { group, version: "v1", kind } });
const object = (kind: string) => ({ type: "object", "x-kubernetes-group-version-kind": [{ group: "", version: "v1", kind }], properties: { data: { type: "string" } } });

/**
 * A core/v1 OpenAPI document shaped like Kubernetes' own: two kinds `kubectl apply` can manage
 * (namespaced `Thing`, cluster-scoped `Widget`), and the kinds it cannot: a `*List`, a
 * create-only kind also posted as a subresource (as Binding is), a read-only kind (as
 * ComponentStatus is), and another group's kind posted to a subresource (as Eviction is).
 */
const GROUP_VERSION = JSON.stringify({
  openapi: "3.0.0",
  paths: {
    "/api/v1/namespaces/{namespace}/things": { get: gvk("Thing"), post: gvk("Thing") },
    "/api/v1/namespaces/{namespace}/things/{name}": { get: gvk("Thing"), put: gvk("Thing"), patch: gvk("Thing"), delete: gvk("Thing") },
    "/api/v1/namespaces/{namespace}/things/{name}/status": { get: gvk("Thing"), put: gvk("Thing"), patch: gvk("Thing") },
    "/api/v1/namespaces/{namespace}/things/{name}/binding": { post: gvk("Binding") },
    "/api/v1/namespaces/{namespace}/things/{name}/eviction": { post: gvk("Eviction", "policy") },
    "/api/v1/namespaces/{namespace}/bindings": { post: gvk("Binding") },
    "/api/v1/watch/namespaces/{namespace}/things": { get: gvk("Thing") },
    "/api/v1/widgets": { get: gvk("Widget"), post: gvk("Widget") },
    "/api/v1/widgets/{name}": { get: gvk("Widget"), patch: gvk("Widget") },
    "/api/v1/statuses": { get: gvk("ComponentStatus") },
    "/api/v1/statuses/{name}": { get: gvk("ComponentStatus") },
  },
  components: {
    schemas: {
      "io.k8s.api.core.v1.Widget": object("Widget"),
      "io.k8s.api.core.v1.Thing": object("Thing"),
      "io.k8s.api.core.v1.ThingList": object("ThingList"),
      "io.k8s.api.core.v1.Binding": object("Binding"),
      "io.k8s.api.core.v1.ComponentStatus": object("ComponentStatus"),
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

describe("collectKinds: every kind of a group version", () => {
  const select = (...selectors: string[]) =>
    collectKinds(parseSpecText("api.json", GROUP_VERSION), selectors.map(parseKindSelector)).kinds.map((k) => [k.kind, k.plural, k.scope]);

  it("takes the kinds kubectl apply can manage (create, read, patch), sorted, with plural and scope", () => {
    expect(select("v1/*")).toEqual([
      ["Thing", "things", "Namespaced"],
      ["Widget", "widgets", "Cluster"],
    ]);
  });

  it("takes a kind named beside the wildcard once", () => {
    expect(select("v1/Widget", "v1/*")).toEqual([
      ["Widget", "widgets", "Cluster"],
      ["Thing", "things", "Namespaced"],
    ]);
  });

  it("finds a create-only kind named on its own at its collection, not at a subresource", () => {
    expect(select("v1/Binding")).toEqual([["Binding", "bindings", "Namespaced"]]);
  });

  it("rejects a group version with no such kind", () => {
    expect(specErrorOf(() => select("apps/v1/*"))).toEqual({
      code: "SPEC_KIND_NOT_FOUND",
      message: "api.json: no kind of apps/v1 with create, read and patch paths",
    });
  });
});

describe("parseKindSelector", () => {
  it.each([
    ["v1/Service", { group: "", version: "v1", kind: "Service" }],
    ["core/v1/Service", { group: "", version: "v1", kind: "Service" }],
    ["apps/v1/Deployment", { group: "apps", version: "v1", kind: "Deployment" }],
    ["networking.istio.io/v1/VirtualService", { group: "networking.istio.io", version: "v1", kind: "VirtualService" }],
    ["v1/*", { group: "", version: "v1", kind: "*" }],
    ["apps/v1/*", { group: "apps", version: "v1", kind: "*" }],
  ])("reads %s", (text, want) => {
    expect(parseKindSelector(text)).toEqual(want);
  });

  it.each(["Service", "v1/service", "apps/v1/", "*", "apps/v1/De*"])("rejects %j", (text) => {
    expect(specErrorOf(() => parseKindSelector(text))).toEqual({
      code: "SPEC_KIND_NOT_FOUND",
      message: `${text}: a kind selector is [group/]version/Kind, e.g. v1/Service or apps/v1/Deployment, or [group/]version/* for every kind of the version`,
    });
  });
});
