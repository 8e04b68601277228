import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { formatIssue } from "@meshform/diagnostics";
import jsyaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { validateManifests } from "./manifests.js";
import { createValidator } from "./validator.js";
import { KUBERNETES_YAML_SCHEMA, parseGoInt } from "./yaml/schema.js";
// Validators created from the modules themselves, not the package entry: Istio's admission rules loaded as the entry loads them.
import "./admission-rules.js";

const guidePath = resolve(fileURLToPath(import.meta.url), "../../../../../shared/scenarios/asm-guide/asm-guide.yaml");
const guidePresent = existsSync(guidePath);
const generatedPath = resolve(fileURLToPath(import.meta.url), "../../../../generated");
if (!guidePresent) console.warn(`validate guide tests: skipped, the guide's YAML is absent (${guidePath})`);

const lines = (text: string, strict = false) =>
  validateManifests(createValidator({ strict }), text, "m.yaml").flatMap((r) => r.issues.map((i) => `${i.severity} ${formatIssue(i)}`));

describe("reading YAML as kubectl does", () => {
  it.each([
    ["yes", true], ["On", true], ["n", false], ["OFF", false], ["~", null], ["0x1F", 31], ["0o17", 15], ["017", 15], ["0b101", 5],
    ["1_000", 1000], ["08", 8], ["1e3", 1000], [".inf", Infinity], ["2024-01-01", "2024-01-01"], ["22:22", "22:22"], ["'on'", "on"],
  ])("reads the plain scalar %s as %j", (text, value) => {
    expect(jsyaml.load(`v: ${text}`, { schema: KUBERNETES_YAML_SCHEMA })).toEqual({ v: value });
  });

  it("reads Go integer forms", () => {
    expect([parseGoInt("-0x10"), parseGoInt("+7"), parseGoInt("0"), parseGoInt("09"), parseGoInt("x")]).toEqual([-16, 7, 0, undefined, undefined]);
  });

  it("reports a YAML 1.1 boolean where a string belongs, at its line", () => {
    const text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: on-call\n  labels:\n    enabled: on\n";
    expect(lines(text)).toEqual(['error m.yaml:6 v1/Namespace on-call metadata.labels.enabled: Invalid value: "boolean": metadata.labels.enabled in body must be of type string: "boolean"']);
  });

  it("places a missing field at its nearest written parent, and a document issue at the document", () => {
    const text = "# two resources\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n\n---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: dr\nspec:\n  trafficPolicy: {}\n";
    expect(lines(text)).toEqual([
      "error m.yaml:13 networking.istio.io/v1/DestinationRule dr spec.host: Required value",
      "warning m.yaml:9 networking.istio.io/v1/DestinationRule dr some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
    ]);
  });

  it("reports a syntax error once for the file, with its line", () => {
    expect(lines("a: 1\n  b: 2\n")).toEqual(["error m.yaml:2 cannot read as YAML: bad indentation of a mapping entry"]);
    expect(lines("a: 1\na: 2\n")).toEqual(["error m.yaml:2 cannot read as YAML: duplicated mapping key"]);
  });

  it("reads JSON, checks each item of a List, and skips kustomization files", () => {
    const list = JSON.stringify({ apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "ok" } }, { apiVersion: "v1", kind: "Namespace", metadata: { name: 7 } }] });
    const results = validateManifests(createValidator(), `${list}\n---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n`, "l.json");
    expect(results.map((r) => [r.index, r.item, r.kind, r.skipped, r.issues.map(formatIssue)])).toEqual([
      [0, 0, "Namespace", undefined, []],
      [0, 1, "Namespace", undefined, ['l.json:1 v1/Namespace  metadata.name: Invalid value: "integer": metadata.name in body must be of type string: "integer"']],
      [1, undefined, "Kustomization", "a kustomization file, not a resource", []],
    ]);
  });
});

describe.skipIf(!guidePresent)("the guide's YAML", () => {
  const text = guidePresent ? readFileSync(guidePath, "utf8") : "";
  const telemetry = "telemetry.istio.io/v1alpha1/Telemetry istio-system/gateway-observability";

  it("is rejected for its real mistakes: statName is not a field, a literal tag is an object", () => {
    expect(lines(text)).toEqual([
      `warning m.yaml:140 ${telemetry} spec.metrics[0].overrides[0].statName: unknown field "statName" (dropped by the API server)`,
      `error m.yaml:150 ${telemetry} spec.tracing[0].customTags.environment.literal: Invalid value: "string": spec.tracing[0].customTags.environment.literal in body must be of type object: "string"`,
      `warning m.yaml:121 ${telemetry} some validation rules were not checked because the object was invalid; correct the existing errors to complete validation`,
    ]);
  });

  it("has two errors in strict mode", () => {
    expect(lines(text, true).filter((l) => l.startsWith("error"))).toEqual([
      `error m.yaml:140 ${telemetry} spec.metrics[0].overrides[0].statName: unknown field "statName"`,
      `error m.yaml:150 ${telemetry} spec.tracing[0].customTags.environment.literal: Invalid value: "string": spec.tracing[0].customTags.environment.literal in body must be of type object: "string"`,
    ]);
  });

  it("is accepted once the Telemetry is written as the schema says", () => {
    const fixed = text
      .replace("    - statName: REQUEST_COUNT\n", "    - match:\n        metric: REQUEST_COUNT\n")
      .replace('        literal: "production-canary"', '        literal:\n          value: "production-canary"');
    expect(lines(fixed, true)).toEqual([]);
  });
});

describe.skipIf(!existsSync(generatedPath))("the repository's generated tree (the guide's scenario, written with the DSL)", () => {
  it("is accepted: no errors in any document", () => {
    const files = readdirSync(generatedPath, { recursive: true, encoding: "utf8" }).filter((f) => /\.ya?ml$/.test(f) && !f.split("/").some((p) => p.startsWith(".")));
    const validator = createValidator({ strict: true });
    const results = files.flatMap((f) => validateManifests(validator, readFileSync(resolve(generatedPath, f), "utf8"), f));
    expect(results.length).toBeGreaterThan(0);
    expect(results.flatMap((r) => r.issues).filter((i) => i.severity === "error").map((i) => formatIssue(i))).toEqual([]);
  });
});
