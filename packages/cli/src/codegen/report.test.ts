import type { CodegenResult } from "@meshform/codegen";
import { describe, expect, test } from "vitest";
import { paletteFor } from "../output.js";
import { renderSkipped, renderStale, renderStaleCount, renderSummary, type CodegenRun } from "./report.js";

const plain = paletteFor({ write: () => undefined }, {});

function result(out: string, diff: Partial<CodegenResult["diff"]>, kinds = 1): CodegenResult {
  const full = { added: [], changed: [], removed: [], unchanged: 0, ...diff };
  const count = full.added.length + full.changed.length + full.unchanged;
  return { out, kinds, diff: full, skipped: [], files: Array.from({ length: count }, (_, i) => ({ path: `f${i}.ts`, content: "" })) };
}

const run = (results: CodegenResult[], check: boolean): CodegenRun => ({ results, check, elapsedMs: 1234, cwd: "/w" });

describe("renderSummary", () => {
  test("counts written, unchanged and removed files over every target", () => {
    const results = [result("/w/a", { added: ["x.ts"], changed: ["y.ts"], unchanged: 3 }, 2), result("/w/b", { removed: ["z.ts"], unchanged: 1 })];
    expect(renderSummary(run(results, false))).toBe("codegen: 2 targets, 3 kinds, 6 files (2 written, 4 unchanged, 1 removed) in 1.2s");
  });

  test("with --check, says which files are current", () => {
    expect(renderSummary(run([result("/w/a", { unchanged: 1 })], true))).toBe(
      "codegen --check: 1 target, 1 kind, 1 file (0 missing, 0 out of date, 0 obsolete, 1 current) in 1.2s",
    );
  });
});

describe("stale files", () => {
  test("names each stale file relative to the working folder, and counts them", () => {
    expect(renderStale(run([result("/w/a", { added: ["n/x.ts"], unchanged: 1 })], true), plain)).toEqual(["✖ a/n/x.ts: missing"]);
    expect(renderStaleCount(1)).toBe("Found 1 stale file: run the same command without --check to update it.");
  });

  test("a skipped document shows a URL as it is, and counts documents from 1", () => {
    const skipped = [{ file: "https://example.com/crds.yaml", index: 0, reason: "a list is not a CustomResourceDefinition or an OpenAPI document" }];
    expect(renderSkipped(run([{ ...result("/w/a", {}), skipped }], false), plain)).toEqual([
      "⚠ https://example.com/crds.yaml (document 1): a list is not a CustomResourceDefinition or an OpenAPI document",
    ]);
  });
});
