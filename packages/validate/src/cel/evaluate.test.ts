import type { CelRule, KindInfo } from "@meshform/kind-runtime";
import { describe, expect, it } from "vitest";
import { evaluateRules, parseFieldPath } from "./evaluate.js";

function kindWith(rules: CelRule[]): KindInfo {
  return {
    group: "example.com", version: "v1", apiVersion: "example.com/v1", kind: "Widget", plural: "widgets", scope: "Namespaced",
    served: true, storage: true, deprecated: false, rules, defaults: [], source: { file: "widget.yaml", release: "test" },
  };
}

const widget = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w", namespace: "default", labels: { a: "b" } }, spec: { size: 3, ports: [{ port: 80 }, { port: 0 }], tags: { x: "", y: "ok" } } };

describe("evaluateRules", () => {
  it("evaluates a rule at every list item and map value its path reaches", () => {
    const info = kindWith([
      { path: ["spec", "ports", "*", "port"], rule: "self > 0", message: "port must be positive" },
      { path: ["spec", "tags", "*"], rule: "self != ''", message: "tag must not be empty" },
    ]);
    expect(evaluateRules(info, widget)).toEqual([
      { code: "CEL_RULE", severity: "error", path: ["spec", "ports", 1, "port"], message: 'Invalid value: "integer": port must be positive' },
      { code: "CEL_RULE", severity: "error", path: ["spec", "tags", "x"], message: 'Invalid value: "string": tag must not be empty' },
    ]);
  });

  it("honours messageExpression, fieldPath and reason", () => {
    const info = kindWith([
      { path: ["spec"], rule: "self.size < 2", messageExpression: "'size ' + string(self.size) + ' is over 1'", fieldPath: ".size", reason: "FieldValueForbidden" },
      { path: ["spec"], rule: "has(self.color)", message: "color is required", fieldPath: ".color", reason: "FieldValueRequired" },
      { path: ["spec"], rule: "self.size == 1", messageExpression: "''", message: "static message" },
      { path: ["spec"], rule: "self.size == 2" },
      { path: ["spec"], rule: "self.ports.size() == 0", fieldPath: ".ports[0]", reason: "FieldValueDuplicate", message: "not shown" },
      { path: ["spec"], rule: "self.size == 3 && false", messageExpression: "'line one\\nline two'", message: "  message with spaces around it  " },
    ]);
    expect(evaluateRules(info, widget).map((i) => [i.path, i.message])).toEqual([
      [["spec", "size"], "Forbidden: size 3 is over 1"],
      [["spec", "color"], "Required value: color is required"],
      [["spec"], 'Invalid value: "object": static message'],
      [["spec"], 'Invalid value: "object": failed rule: self.size == 2'],
      [["spec", "ports", 0], 'Duplicate value: "object"'],
      [["spec"], 'Invalid value: "object": message with spaces around it'],
    ]);
  });

  it("reports an evaluation error as the API server does, naming the rule's message", () => {
    const info = kindWith([{ path: ["spec"], rule: "self.missing > 1", message: "missing must be over 1" }]);
    expect(evaluateRules(info, widget)).toEqual([
      { code: "CEL_EVALUATION", severity: "error", path: ["spec"], message: 'Invalid value: "object": no such key: missing evaluating rule: missing must be over 1' },
    ]);
  });

  it("shows rules at the root only name and generateName of metadata", () => {
    const info = kindWith([{ path: [], rule: "!has(self.metadata.labels) && self.metadata.name == 'w'", message: "metadata is cut" }]);
    expect(evaluateRules(info, widget)).toEqual([]);
  });

  it("skips transition rules and reports a rule it cannot evaluate once per resource, as a warning", () => {
    const info = kindWith([
      { path: ["spec", "ports", "*"], rule: "self == oldSelf", message: "immutable" },
      { path: ["spec", "ports", "*"], rule: "semver(self.port).major() > 0", message: "needs semver" },
    ]);
    expect(evaluateRules(info, widget)).toEqual([
      { code: "CEL_UNSUPPORTED", severity: "warning", path: ["spec", "ports", 0], message: "rule not checked: it calls major, semver, which meshform's CEL environment lacks: semver(self.port).major() > 0" },
    ]);
  });

  it("remembers where all the rules of a place held, by the values they read, and never hides a failure", () => {
    const info = kindWith([
      { path: ["spec", "ports", "*"], rule: "self.port > 0", message: "port must be positive" },
      { path: ["spec", "ports", "*"], rule: "!has(self.name) || self.name != ''", message: "name must not be empty" },
    ]);
    const at = (ports: unknown[]) => evaluateRules(info, { ...widget, spec: { ports } }).map((i) => [i.path, i.message]);
    expect(at([{ port: 80, other: 1 }, { port: 80, other: 2 }])).toEqual([]);
    expect(at([{ port: 80 }, { port: 0 }, { port: 80, name: "" }, { port: 80 }])).toEqual([
      [["spec", "ports", 1], 'Invalid value: "object": port must be positive'],
      [["spec", "ports", 2], 'Invalid value: "object": name must not be empty'],
    ]);
    expect(at([{ port: 0 }])).toEqual([[["spec", "ports", 0], 'Invalid value: "object": port must be positive']]);
  });

  it.each([
    [".spec.size", ["spec", "size"]],
    [".labels['app.kubernetes.io/name']", ["labels", "app.kubernetes.io/name"]],
    [".items[2].name", ["items", 2, "name"]],
  ])("reads the fieldPath %s", (fieldPath, path) => {
    expect(parseFieldPath(fieldPath)).toEqual(path);
  });
});
