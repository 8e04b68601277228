import { describe, expect, it } from "vitest";
import { NameRegistry } from "./context.js";
import { transformSchema } from "./index.js";
import { emitNode, specErrorOf, testEmitContext, transformGiven } from "./test-helpers.js";
import { typeOf, zodOf } from "../emit/shape.js";

describe("transformPreserveUnknown", () => {
  it.each([
    [
      "emits any JSON value when there is no type",
      { given: { "x-kubernetes-preserve-unknown-fields": true, description: "Raw config." }, want: { type: "unknown", zod: "z.unknown()" } },
    ],
    [
      "emits an open map when typed object",
      { given: { type: "object", "x-kubernetes-preserve-unknown-fields": true }, want: { type: "{ [key: string]: unknown }", zod: "z.record(z.string(), z.unknown())" } },
    ],
    [
      "makes a nullable open value accept null",
      { given: { type: "object", nullable: true, "x-kubernetes-preserve-unknown-fields": true }, want: { type: "{ [key: string]: unknown } | null", zod: "z.record(z.string(), z.unknown()).nullable()" } },
    ],
  ])("%s", (_name, { given, want }) => {
    expect(emitNode(given)).toEqual(want);
  });

  it("reads a bare object as free-form JSON in Kubernetes' own OpenAPI documents", () => {
    const ctx = { location: { file: "api.json", pointer: "/components/schemas/FieldsV1" }, namePath: ["FieldsV1"], names: new NameRegistry(), emptyObjects: "open" as const };
    const node = transformSchema({ type: "object", description: "FieldsV1 stores a set of fields." }, ctx);
    const emit = testEmitContext();
    expect({ type: typeOf(node, emit), zod: zodOf(node, emit) }).toEqual({ type: "{ [key: string]: unknown }", zod: "z.record(z.string(), z.unknown())" });
  });

  it("rejects other keywords beside it", () => {
    expect(specErrorOf(() => transformGiven({ type: "object", "x-kubernetes-preserve-unknown-fields": true, maxProperties: 3 }))).toEqual({
      code: "SPEC_UNSUPPORTED",
      message:
        "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: keyword maxProperties on an object schema",
    });
  });
});
