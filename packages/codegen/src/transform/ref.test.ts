import { describe, expect, it } from "vitest";
import { emitDecls, emitNode, specErrorOf, transformGiven } from "./test-helpers.js";

const POD_SPEC = "#/components/schemas/io.k8s.api.core.v1.PodSpec";

describe("transformRef", () => {
  it.each([
    ["refers to the named declaration", { given: { $ref: POD_SPEC }, want: { type: "PodSpec", zod: "z.lazy(() => PodSpecSchema)" } }],
    [
      "reads the allOf wrapper Kubernetes uses to describe a reference",
      { given: { allOf: [{ $ref: POD_SPEC }], description: "The pod template.", default: {} }, want: { type: "PodSpec", zod: "z.lazy(() => PodSpecSchema)" } },
    ],
  ])("%s", (_name, { given, want }) => {
    expect(emitNode(given)).toEqual(want);
  });

  it("carries the wrapper's description to the field", () => {
    const given = { type: "object", properties: { template: { allOf: [{ $ref: POD_SPEC }], description: "The pod template." } } };
    expect(emitDecls(given)).toBe(`export interface Example {
  /** The pod template. */
  template?: PodSpec;
}

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  strictObject<Example>({
    template: z.lazy(() => PodSpecSchema).optional(),
  }),
);
`);
  });

  it("rejects a reference outside the document's component schemas", () => {
    expect(specErrorOf(() => transformGiven({ $ref: "other.json#/definitions/Pod" }))).toEqual({
      code: "SPEC_UNSUPPORTED",
      message:
        'crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec: unsupported schema construct: $ref "other.json#/definitions/Pod" (only #/components/schemas/<name> is supported)',
    });
  });
});
