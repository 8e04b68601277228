import { describe, expect, it } from "vitest";
import { renderRules } from "../emit/kind.js";
import { collectRules } from "../walk.js";
import { specErrorOf, transformGiven } from "./test-helpers.js";

/** The rules constant a shape module declares for the kind whose root is `given`. */
function emitRules(given: unknown): string {
  return renderRules("exampleRules", "Example", collectRules(transformGiven(given)));
}

describe("transformValidations", () => {
  it.each([
    [
      "emits an empty rules list when there are no rules",
      {
        given: { type: "object", properties: { a: { type: "string" } } },
        want: `/** Every \`x-kubernetes-validations\` rule of {@link Example}, with the path it sits at. */
export const exampleRules: readonly CelRule[] = [];`,
      },
    ],
    [
      "records every field of a rule, in a fixed order, with the path it sits at",
      {
        given: {
          type: "object",
          "x-kubernetes-validations": [
            { fieldPath: ".port", reason: "FieldValueInvalid", message: "port must be set with protocol", rule: "has(self.protocol) == has(self.port)" },
            { rule: "self.name == oldSelf.name", messageExpression: "'name is immutable, was ' + oldSelf.name", optionalOldSelf: true },
          ],
          properties: { name: { type: "string" }, port: { type: "integer" }, protocol: { type: "string" } },
        },
        want: `/** Every \`x-kubernetes-validations\` rule of {@link Example}, with the path it sits at. */
export const exampleRules: readonly CelRule[] = [
  { path: [], rule: "has(self.protocol) == has(self.port)", message: "port must be set with protocol", fieldPath: ".port", reason: "FieldValueInvalid" },
  { path: [], rule: "self.name == oldSelf.name", messageExpression: "'name is immutable, was ' + oldSelf.name", optionalOldSelf: true },
];`,
      },
    ],
    [
      "gives rules under lists and maps a `*` segment for the item or value",
      {
        given: {
          type: "object",
          properties: {
            rules: {
              type: "array",
              "x-kubernetes-validations": [{ rule: "self.size() <= 16" }],
              items: {
                type: "object",
                "x-kubernetes-validations": [{ rule: "!has(self.path) || self.path.startsWith('/')", message: "path must be absolute" }],
                properties: { path: { type: "string" } },
              },
            },
            headers: {
              type: "object",
              additionalProperties: { type: "string", "x-kubernetes-validations": [{ rule: "self != ''" }] },
            },
          },
        },
        want: `/** Every \`x-kubernetes-validations\` rule of {@link Example}, with the path it sits at. */
export const exampleRules: readonly CelRule[] = [
  { path: ["rules"], rule: "self.size() <= 16" },
  { path: ["rules", "*"], rule: "!has(self.path) || self.path.startsWith('/')", message: "path must be absolute" },
  { path: ["headers", "*"], rule: "self != ''" },
];`,
      },
    ],
    [
      "keeps rules on scalars and escapes their text as string literals",
      {
        given: {
          type: "object",
          properties: { host: { type: "string", "x-kubernetes-validations": [{ rule: 'self.matches("^[a-z]+\\\\.example$")', message: 'host must end in ".example"' }] } },
        },
        want: `/** Every \`x-kubernetes-validations\` rule of {@link Example}, with the path it sits at. */
export const exampleRules: readonly CelRule[] = [
  { path: ["host"], rule: "self.matches(\\"^[a-z]+\\\\\\\\.example$\\")", message: "host must end in \\".example\\"" },
];`,
      },
    ],
  ])("%s", (_name, { given, want }) => {
    expect(emitRules(given)).toBe(want);
  });

  it.each([
    [
      "rules that are not a list",
      { type: "string", "x-kubernetes-validations": { rule: "self != ''" } },
      { code: "SPEC_INVALID_CRD", message: "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/x-kubernetes-validations: x-kubernetes-validations must be a list" },
    ],
    [
      "a rule without a rule expression, at the rule's index",
      { type: "string", "x-kubernetes-validations": [{ rule: "true" }, { message: "no rule" }] },
      { code: "SPEC_INVALID_CRD", message: "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/x-kubernetes-validations/1: a validation rule needs a string `rule`" },
    ],
    [
      "a rule with keys the API server does not know",
      { type: "string", "x-kubernetes-validations": [{ rule: "true", severity: "Warning", level: 1 }] },
      { code: "SPEC_UNSUPPORTED", message: "crds/example.yaml (document 2) at /spec/versions/0/schema/openAPIV3Schema/properties/spec/x-kubernetes-validations/0: unknown rule keys: severity, level" },
    ],
  ])("rejects %s", (_name, given, want) => {
    expect(specErrorOf(() => transformGiven(given))).toEqual(want);
  });
});
