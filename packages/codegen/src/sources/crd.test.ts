import { describe, expect, it } from "vitest";
import { specErrorOf } from "../transform/test-helpers.js";
import { readCrd } from "./crd.js";
import type { SpecDocument } from "./read.js";

type Raw = Record<string, any>;

/** A valid CRD for `Widget` with two versions; each test breaks one part of it. */
function widgetCrd(): Raw {
  const schema = { type: "object", properties: { spec: { type: "object", properties: { size: { type: "integer" } } } } };
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec: {
      group: "example.com",
      scope: "Namespaced",
      names: { kind: "Widget", plural: "widgets", singular: "widget" },
      versions: [
        { name: "v1", served: true, storage: true, schema: { openAPIV3Schema: schema } },
        { name: "v1beta1", served: true, storage: false, deprecated: true, deprecationWarning: "use v1", schema: { openAPIV3Schema: schema } },
      ],
    },
  };
}

function doc(value: Raw): SpecDocument {
  return { file: "crds/widgets.yaml", index: 2, value };
}

describe("readCrd", () => {
  it("reads group, kind, plural, scope and each version's flags and schema location", () => {
    const kind = readCrd(doc(widgetCrd()));
    expect({ ...kind, versions: kind.versions.map(({ schema: _schema, ...rest }) => rest) }).toEqual({
      group: "example.com",
      kind: "Widget",
      plural: "widgets",
      scope: "Namespaced",
      file: "crds/widgets.yaml",
      versions: [
        { name: "v1", served: true, storage: true, deprecated: false, location: { file: "crds/widgets.yaml", document: 2, pointer: "/spec/versions/0/schema/openAPIV3Schema" } },
        {
          name: "v1beta1",
          served: true,
          storage: false,
          deprecated: true,
          deprecationWarning: "use v1",
          location: { file: "crds/widgets.yaml", document: 2, pointer: "/spec/versions/1/schema/openAPIV3Schema" },
        },
      ],
    });
  });

  it.each<[string, (crd: Raw) => void, string]>([
    [
      "a CRD of the retired apiextensions.k8s.io/v1beta1 API",
      (crd) => {
        crd.apiVersion = "apiextensions.k8s.io/v1beta1";
      },
      'crds/widgets.yaml (document 3) at /apiVersion: only apiextensions.k8s.io/v1 CRDs are supported, got "apiextensions.k8s.io/v1beta1"',
    ],
    [
      "a CRD without spec.names.kind",
      (crd) => {
        delete crd.spec.names.kind;
      },
      "crds/widgets.yaml (document 3) at /spec/names/kind: expected a kind name, got nothing",
    ],
    [
      "a CRD with an empty plural",
      (crd) => {
        crd.spec.names.plural = "";
      },
      'crds/widgets.yaml (document 3) at /spec/names/plural: expected a plural name, got ""',
    ],
    [
      "a CRD without names",
      (crd) => {
        delete crd.spec.names;
      },
      "crds/widgets.yaml (document 3) at /spec/names: expected an object, got nothing",
    ],
    [
      "a scope other than Namespaced or Cluster",
      (crd) => {
        crd.spec.scope = "namespaced";
      },
      'crds/widgets.yaml (document 3) at /spec/scope: expected Namespaced or Cluster, got "namespaced"',
    ],
    [
      "a version without a schema",
      (crd) => {
        delete crd.spec.versions[1].schema;
      },
      "crds/widgets.yaml (document 3) at /spec/versions/1/schema: expected an object with openAPIV3Schema, got nothing",
    ],
    [
      "a version whose schema is not an object",
      (crd) => {
        crd.spec.versions[0].schema.openAPIV3Schema = "object";
      },
      'crds/widgets.yaml (document 3) at /spec/versions/0/schema/openAPIV3Schema: expected a schema object, got "object"',
    ],
    [
      "a version without a name",
      (crd) => {
        delete crd.spec.versions[1].name;
      },
      "crds/widgets.yaml (document 3) at /spec/versions/1/name: expected a version name, got nothing",
    ],
  ])("rejects %s, naming the file, document and pointer", (_name, breakIt, message) => {
    const crd = widgetCrd();
    breakIt(crd);
    expect(specErrorOf(() => readCrd(doc(crd)))).toEqual({ code: "SPEC_INVALID_CRD", message });
  });
});
