import type { Issue } from "@meshform/diagnostics";
import { describe, expect, test } from "vitest";
import { paletteFor } from "../output.js";
import type { GenerateRun } from "./pipeline.js";
import { renderGenerateJson, renderGenerateSummary, renderIssues } from "./report.js";

const plain = paletteFor({ write: () => true, isTTY: false }, {});
const coloured = paletteFor({ write: () => true, isTTY: true }, {});

const gateway = { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", namespace: "shop", name: "edge" };
const issues: Issue[] = [
  { code: "SCHEMA_INVALID", severity: "error", message: "Too big: expected number to be <=65535", path: ["spec", "listeners", 0, "port"], resource: gateway, source: { file: "mesh.config.ts", line: 9, column: 3 } },
  { code: "DUPLICATE_RESOURCE", severity: "error", message: "Gateway shop/edge is declared twice", source: { file: "mesh.config.ts", line: 12 } },
  { code: "FIELD_DEPRECATED", severity: "warning", message: "deprecated", resource: gateway, source: { file: "mesh.config.ts", line: 10 } },
];

describe("renderIssues", () => {
  test("groups by file, then resource, with a line number per issue and the count last", () => {
    expect(renderIssues(issues, plain)).toEqual([
      "mesh.config.ts",
      "  ✖ line 12 Gateway shop/edge is declared twice",
      "mesh.config.ts - gateway.networking.k8s.io/v1/Gateway shop/edge",
      "  ✖ line 9 spec.listeners[0].port: Too big: expected number to be <=65535",
      "  ⚠ line 10 deprecated",
      "Found 2 errors and 1 warning",
    ]);
  });

  test("colours the marks and the group headers on a terminal", () => {
    const [header, error, , , warning] = renderIssues(issues, coloured);
    expect([header, error?.slice(0, 14), warning?.slice(0, 14)]).toEqual(["\u001B[1mmesh.config.ts\u001B[22m", "  \u001B[31m✖\u001B[39m ", "  \u001B[33m⚠\u001B[39m "]);
  });
});

describe("renderGenerateSummary and renderGenerateJson", () => {
  const resources = [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } }];
  const written: GenerateRun = { namespaces: 1, resources, issues: [], files: 3, written: { written: ["a.yaml"], unchanged: ["b.yaml", "c.yaml"], removed: [] } };

  test("a written run counts files written, unchanged and removed, in the singular for one", () => {
    expect(renderGenerateSummary(written, 1234)).toBe("generate: 1 namespace, 1 resource, 3 files (1 written, 2 unchanged, 0 removed) in 1.2s");
    expect(renderGenerateJson(written, 1234.4)).toEqual({ namespaces: 1, resources: 1, files: 3, issues: [], written: ["a.yaml"], unchanged: 2, removed: [], elapsedMs: 1234 });
  });

  test("a run stopped by errors says nothing was written", () => {
    expect(renderGenerateSummary({ namespaces: 1, resources, issues, files: 0 }, 50)).toBe("generate: nothing written: fix the errors above (0.1s)");
  });
});
