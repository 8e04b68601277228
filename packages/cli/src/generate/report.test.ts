import type { Issue } from "@meshform/diagnostics";
import { describe, expect, test } from "vitest";
import { renderGenerateJson, renderGenerateSummary, type GenerateReport } from "./report.js";

const gateway = { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", namespace: "shop", name: "edge" };
const issues: Issue[] = [
  { code: "SCHEMA_INVALID", severity: "error", message: "Too big: expected number to be <=65535", path: ["spec", "listeners", 0, "port"], resource: gateway, source: { file: "mesh.config.ts", line: 9, column: 3 } },
];

describe("renderGenerateSummary and renderGenerateJson", () => {
  const written: GenerateReport = { namespaces: 1, resourceCount: 1, issues: [], files: 3, written: { written: ["a.yaml"], unchanged: ["b.yaml", "c.yaml"], removed: [] } };

  test("a written run counts files written, unchanged and removed, in the singular for one", () => {
    expect(renderGenerateSummary(written, 1234)).toBe("generate: 1 namespace, 1 resource, 3 files (1 written, 2 unchanged, 0 removed) in 1.2s");
    expect(renderGenerateJson(written, 1234.4)).toEqual({ namespaces: 1, resources: 1, files: 3, issues: [], written: ["a.yaml"], unchanged: 2, removed: [], elapsedMs: 1234 });
  });

  test("a checked run reports removals apart, with the folders, Namespace objects and the flag they need", () => {
    const removal = { files: ["billing/kustomization.yaml", "billing/namespace_billing.yaml"], folders: ["billing"], namespaceObjects: ["billing/namespace_billing.yaml"], owned: 5, largeShare: false, needsConsent: true };
    const checked: GenerateReport = {
      namespaces: 1,
      resourceCount: 1,
      issues: [],
      files: 3,
      checked: { upToDate: false, added: [], changed: ["kustomization.yaml"], removed: removal.files, removal, unchanged: 2, diffs: [] },
    };
    expect(renderGenerateSummary(checked, 100)).toBe("generate: 1 namespace, 1 resource, 3 files (0 to add, 1 to change, 2 to remove, 2 unchanged) in 0.1s");
    expect(renderGenerateJson(checked, 100)).toMatchObject({
      removed: removal.files,
      removal: { folders: ["billing"], namespaceObjects: ["billing/namespace_billing.yaml"], needsAllowRemoval: true },
    });
  });

  test("a run over environments names how many, and how many trees they make; --json lists them", () => {
    const plan = { environments: ["dev", "prod"], trees: [{ folder: "dev" }, { folder: "prod/east" }, { folder: "prod/west" }] } as unknown as GenerateReport["plan"];
    const run: GenerateReport = { ...written, namespaces: 4, plan };
    expect(renderGenerateSummary(run, 1234)).toBe("generate: 2 environments, 3 trees, 4 namespaces, 1 resource, 3 files (1 written, 2 unchanged, 0 removed) in 1.2s");
    expect(renderGenerateJson(run, 1234)).toMatchObject({ environments: ["dev", "prod"], trees: ["dev", "prod/east", "prod/west"], namespaces: 4 });
  });

  test("a run whose plan came from the generation cache says so, and --json names the cache's part", () => {
    const plan = { environments: [], trees: [], cache: { state: "reused" } } as const;
    const unchanged: GenerateReport = { ...written, written: { written: [], unchanged: ["a.yaml", "b.yaml", "c.yaml"], removed: [] }, plan };
    expect(renderGenerateSummary(unchanged, 1234)).toBe("generate: 1 namespace, 1 resource, 3 files (0 written, 3 unchanged, 0 removed) in 1.2s, plan reused from the cache");
    expect(renderGenerateJson(unchanged, 1234)).toMatchObject({ cache: "reused", unchanged: 3 });
    const stored: GenerateReport = { ...written, plan: { environments: [], trees: [], cache: { state: "stored" } } };
    expect(renderGenerateSummary(stored, 1234)).toBe("generate: 1 namespace, 1 resource, 3 files (1 written, 2 unchanged, 0 removed) in 1.2s");
    expect(renderGenerateJson(stored, 1234)).toMatchObject({ cache: "stored" });
  });

  test("a run stopped by errors says nothing was written, and --json gives each issue as a record", () => {
    expect(renderGenerateSummary({ namespaces: 1, resourceCount: 1, issues, files: 0 }, 50)).toBe("generate: nothing written: fix the errors above (0.1s)");
    expect(renderGenerateJson({ namespaces: 1, resourceCount: 1, issues, files: 0 }, 50).issues).toEqual([
      { code: "SCHEMA_INVALID", severity: "error", file: "mesh.config.ts", line: 9, column: 3, resource: gateway, path: "spec.listeners[0].port", message: "Too big: expected number to be <=65535" },
    ]);
  });
});
