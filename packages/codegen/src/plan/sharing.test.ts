/**
 * Sharing and naming across kinds and releases: each object structure is declared once per
 * tree, in the newest release that has it, under an upstream or shared name where one is clear,
 * and a name taken elsewhere gets a deterministic distinct one.
 */
import { describe, expect, it } from "vitest";
import { collectKinds } from "../sources/collect.js";
import { parseSpecText } from "../sources/read.js";
import { generateKinds } from "./generate.js";
import type { GeneratedFile } from "./types.js";

/** A CRD of `kind` in group `example.com`, v1, whose root properties are `properties` (YAML at 10 spaces). */
function crd(kind: string, properties: string): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${kind.toLowerCase()}s.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: ${kind}, plural: ${kind.toLowerCase()}s}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          apiVersion: {type: string}
          kind: {type: string}
          metadata: {type: object}
${properties}`;
}

const LIMITS = `
                    type: object
                    properties:
                      max: {type: integer, minimum: 1}`;

/** A policy: `limits` always, `budget` from release 2.0 on. */
function policy(withBudget: boolean): string {
  return `
                type: object
                properties:
                  limits:${LIMITS}
                  tls:
                    type: object
                    properties:
                      sni: {type: string}${withBudget ? "\n                  budget: {type: integer, maximum: 100}" : ""}`;
}

/** A Pool: a traffic policy at `spec.trafficPolicy` and at `spec.subsets[].trafficPolicy`; a `tls` in both. */
function pool(withBudget: boolean): string {
  return crd(
    "Pool",
    `          spec:
            type: object
            x-kubernetes-validations:
            - rule: "self.subsets.size() < ${withBudget ? 10 : 5}"
            properties:
              trafficPolicy:${policy(withBudget)}
              subsets:
                type: array
                items:
                  type: object
                  properties:
                    name: {type: string}
                    tls:
                      type: object
                      properties:
                        sni: {type: string}
                    trafficPolicy:${policy(withBudget).replace(/\n/g, "\n      ")}
`,
  );
}

/** A Gate: a `tls` of another structure than the Pool's, at two places. */
const GATE = crd(
  "Gate",
  `          spec:
            type: object
            properties:
              tls:
                type: object
                properties:
                  mode: {type: string, enum: [SIMPLE, MUTUAL]}
              servers:
                type: array
                items:
                  type: object
                  properties:
                    tls:
                      type: object
                      properties:
                        mode: {type: string, enum: [SIMPLE, MUTUAL]}
`,
);

function generate(releases: readonly (readonly [string, readonly string[]])[]): GeneratedFile[] {
  return generateKinds({
    product: "Test",
    releases: releases.map(([release, texts]) => ({
      release,
      kinds: collectKinds(texts.flatMap((text, i) => parseSpecText(`crd-${i}.yaml`, text))).kinds,
    })),
    runtimeSpecifier: "@meshform/kind-runtime",
    displayPath: (file) => `specs/${file}`,
    generator: "@meshform/codegen test",
  });
}

function fileOf(files: readonly GeneratedFile[], path: string): string {
  const file = files.find((f) => f.path === path);
  if (file === undefined) throw new Error(`no ${path} among ${files.map((f) => f.path).join(", ")}`);
  return file.content;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

describe("shapes shared across places, kinds and releases", () => {
  const files = generate([
    ["1.0", [pool(false), GATE]],
    ["2.0", [pool(true), GATE]],
  ]);
  const newest = fileOf(files, "example.com/pool.ts");
  const older = fileOf(files, "releases/1.0.ts");

  it("declares a shape used at two places once, named by the field that reaches it", () => {
    expect(count(newest, /^export interface TrafficPolicy \{/gm)).toBe(1);
    expect(newest).toContain("  trafficPolicy?: TrafficPolicy;\n}");
    expect(newest).not.toContain("PoolSpecSubsetsTrafficPolicy");
  });

  it("names a nested shape by the shape above it when one place reaches it", () => {
    expect(newest).toContain("export interface TrafficPolicyLimits {");
  });

  it("names neither of two different structures that would take one name", () => {
    // `tls` is a Pool's { sni } and a Gate's { mode }: both fall back to their path names.
    expect(newest).toContain("export interface TrafficPolicyTls {");
    expect(fileOf(files, "example.com/gate.ts")).toContain("export interface GateSpecTls {");
    expect(files.some((f) => /^export interface Tls \{/m.test(f.content))).toBe(false);
  });

  it("declares a shape that two releases share once, in the newest, and imports it in the older", () => {
    expect(count(older, /TrafficPolicyLimitsSchema: /g)).toBe(0);
    expect(older).toContain('import { TrafficPolicyLimitsSchema, TrafficPolicyTlsSchema, poolDefaults } from "../example.com/pool.js";');
    // The Gate did not change: its fields record is imported, not declared again.
    expect(older).toContain('import { gateDefaults, gateFields, gateRules } from "../example.com/gate.js";');
  });

  it("gives an older release's own structure a distinct name, tagged with its release", () => {
    expect(older).toContain("export const TrafficPolicy_1_0Schema: z.ZodType<unknown, unknown> = lazy(() =>");
    expect(older).toContain("export const poolFields_1_0 = {");
    expect(older).not.toContain("export interface");
  });

  it("records each release's own CEL rules", () => {
    expect(newest).toContain('rule: "self.subsets.size() < 10"');
    expect(older).toContain('rule: "self.subsets.size() < 5"');
    expect(older).toContain("export const poolRules_1_0: readonly CelRule[] = [");
  });

  it("lists every release's kind entries, an older one built on first read", () => {
    expect(fileOf(files, "releases.ts")).toContain(`import { releaseKinds as release0 } from "./releases/1.0.js";

/**
 * Every Test release's kind versions, each with that release's own schema, CEL rules and
 * defaults, by release. An older release's entries are built when first read.
 */
export const releases: Readonly<Record<string, readonly KindEntry[]>> = {
  get "1.0"(): readonly KindEntry[] {
    return release0();
  },
  "2.0": kinds,
};
`);
    expect(older).toContain('source: { file: "specs/crd-0.yaml", release: "1.0" } }');
  });

  it("gives the same files whatever the order of the inputs", () => {
    const again = generate([
      ["1.0", [GATE, pool(false)]],
      ["2.0", [GATE, pool(true)]],
    ]);
    expect(again.map((f) => [f.path, f.content.replace(/crd-\d\.yaml/g, "")])).toEqual(files.map((f) => [f.path, f.content.replace(/crd-\d\.yaml/g, "")]));
  });
});
