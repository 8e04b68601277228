import { describe, expect, test } from "vitest";
import { renderIssueRecord } from "./records.js";

describe("renderIssueRecord", () => {
  test("flattens the source, prints the path as the API server does, and leaves out what is not known", () => {
    const resource = { apiVersion: "v1", kind: "Service", name: "db" };
    expect(renderIssueRecord({ code: "X", severity: "warning", message: "m", hint: "h", path: ["spec", "ports", 0, "app.kubernetes.io/name"], resource, source: { file: "a.yaml", line: 3, column: 5 } })).toEqual({
      code: "X", severity: "warning", file: "a.yaml", line: 3, column: 5, resource, path: 'spec.ports[0]["app.kubernetes.io/name"]', message: "m", hint: "h",
    });
    expect(renderIssueRecord({ code: "Y", severity: "error", message: "m", path: [] })).toEqual({ code: "Y", severity: "error", message: "m" });
  });
});
