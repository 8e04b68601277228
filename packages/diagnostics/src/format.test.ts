import { describe, expect, it } from "vitest";
import { formatIssue, summarizeIssues } from "./format.js";
import { MeshformError } from "./error.js";

describe("formatIssue", () => {
  it("prints source, resource, path, message and hint on one line", () => {
    const line = formatIssue({
      code: "SCHEMA_INVALID",
      severity: "error",
      message: 'Invalid value: "a b": must be a hostname',
      hint: "use lower-case letters, digits, '-' and '.'",
      path: ["spec", "listeners", 1, "hostname"],
      resource: { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", namespace: "istio-system", name: "prod" },
      source: { file: "mesh.yaml", line: 12 },
    });
    expect(line).toBe(
      "mesh.yaml:12 gateway.networking.k8s.io/v1/Gateway istio-system/prod spec.listeners[1].hostname: Invalid value: \"a b\": must be a hostname (use lower-case letters, digits, '-' and '.')",
    );
  });

  it("quotes map keys that are not identifiers and omits what is unknown", () => {
    const line = formatIssue({ code: "X", severity: "warning", message: "m", path: ["metadata", "labels", "istio.io/rev"] });
    expect(line).toBe('metadata.labels["istio.io/rev"]: m');
  });
});

describe("summarizeIssues", () => {
  it("counts errors and warnings with plurals", () => {
    const issue = (severity: "error" | "warning") => ({ code: "X", severity, message: "m" });
    expect(summarizeIssues([issue("error"), issue("error"), issue("warning")])).toBe("Found 2 errors and 1 warning");
    expect(summarizeIssues([])).toBe("Found 0 errors and 0 warnings");
  });
});

describe("MeshformError", () => {
  it("carries a code and a cause", () => {
    const cause = new Error("disk full");
    const error = new MeshformError("WRITE_FAILED", "cannot write generated/", { cause });
    expect([error.code, error.message, error.cause, error instanceof Error]).toEqual(["WRITE_FAILED", "cannot write generated/", cause, true]);
  });
});
