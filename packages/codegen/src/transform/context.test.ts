import { describe, expect, it } from "vitest";
import { childContext, NameRegistry, pascalCase } from "./context.js";
import { emitDecls, testContext } from "./test-helpers.js";

describe("NameRegistry", () => {
  it("hands out a name once, then numbered variants", () => {
    const names = new NameRegistry();
    expect([names.claim("Spec"), names.claim("Spec"), names.claim("Spec"), names.claim("Status")]).toEqual(["Spec", "Spec2", "Spec3", "Status"]);
  });

  it("gives two objects whose names would clash distinct declaration names", () => {
    const given = {
      type: "object",
      properties: {
        "tls-mode": { type: "object", properties: { a: { type: "string" } } },
        tlsMode: { type: "object", properties: { b: { type: "string" } } },
      },
    };
    expect(emitDecls(given)).toBe(`export interface Example {
  "tls-mode"?: ExampleTlsMode;
  tlsMode?: ExampleTlsMode2;
}

export interface ExampleTlsMode {
  a?: string;
}

export interface ExampleTlsMode2 {
  b?: string;
}

/** Checks a {@link ExampleTlsMode2}. */
export const ExampleTlsMode2Schema: z.ZodType<ExampleTlsMode2, ExampleTlsMode2> = lazy(() =>
  strictObject<ExampleTlsMode2>({
    b: z.string().optional(),
  }),
);

/** Checks a {@link ExampleTlsMode}. */
export const ExampleTlsModeSchema: z.ZodType<ExampleTlsMode, ExampleTlsMode> = lazy(() =>
  strictObject<ExampleTlsMode>({
    a: z.string().optional(),
  }),
);

/** Checks a {@link Example}. */
export const ExampleSchema: z.ZodType<Example, Example> = lazy(() =>
  strictObject<Example>({
    "tls-mode": ExampleTlsModeSchema.optional(),
    tlsMode: ExampleTlsMode2Schema.optional(),
  }),
);
`);
  });
});

describe("pascalCase", () => {
  it.each([
    ["http1MaxPendingRequests", "Http1MaxPendingRequests"],
    ["tls-mode", "TlsMode"],
    ["x-kubernetes-thing", "XKubernetesThing"],
    ["app.kubernetes.io/name", "AppKubernetesIoName"],
    ["_private", "Private"],
  ])("turns %s into %s", (text, want) => {
    expect(pascalCase(text)).toBe(want);
  });
});

describe("childContext", () => {
  it("grows the pointer, escaping ~ and /, and the name when one is given", () => {
    const child = childContext(testContext(), ["properties", "a/b~c"], "AB");
    expect([child.location, child.namePath]).toEqual([
      { file: "crds/example.yaml", document: 1, pointer: "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/a~1b~0c" },
      ["Example", "AB"],
    ]);
    expect(childContext(child, ["items"]).namePath).toEqual(["Example", "AB"]);
  });
});
