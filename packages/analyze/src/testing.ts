/**
 * Helpers for the analysis tests: analyze YAML text and get the findings as `[code, path]` pairs.
 *
 * @internal
 */
import { formatPath } from "@meshform/diagnostics";
import { parseManifests } from "@meshform/validate";
import { analyzeMesh } from "./analyze.js";
import type { AnalysisIssue } from "./codes.js";
import { resourcesOf } from "./manifests.js";
import type { AnalyzedResource, AnalyzeOptions } from "./types.js";

/** The resources of YAML text read as the file `file`, as `meshform analyze` reads them. @internal */
export function readYaml(text: string, file = "mesh.yaml"): AnalyzedResource[] {
  const { documents, issue } = parseManifests(text, file);
  if (issue !== undefined) throw new Error(`test YAML does not parse: ${issue.message}`);
  return resourcesOf(documents);
}

/** Analyzes YAML text as the file `mesh.yaml`. @internal */
export function analyzeYaml(text: string, options: AnalyzeOptions = {}): AnalysisIssue[] {
  return analyzeMesh(readYaml(text), options);
}

/** A field path as the formatter prints it: `spec.rules[0]["istio.io/x"]`. @internal */
export function pathText(path: readonly (string | number)[] = []): string {
  return formatPath(path);
}

/** The findings as `[code, "Kind ns/name", path]`. @internal */
export function summarize(issues: readonly AnalysisIssue[]): [string, string, string][] {
  return issues.map((i) => [i.code, i.resource ? `${i.resource.kind} ${i.resource.namespace ? `${i.resource.namespace}/` : ""}${i.resource.name}` : "", pathText(i.path)]);
}

/** One row of a check table: YAML that draws the findings, and the edit that makes it clean. @internal */
export interface CheckCase {
  /** The YAML that triggers the check. */
  readonly yaml: string;
  /** `[from, to]`: replacing `from` (written once in `yaml`) by `to` gives a set with no findings at all. */
  readonly fix: readonly [string, string];
  /** Every finding on `yaml`, as {@link summarize} gives them. */
  readonly findings: readonly (readonly [string, string, string])[];
}

/** Runs the two halves of a {@link CheckCase} and returns what each found. @internal */
export function runCase(row: CheckCase): { triggered: [string, string, string][]; fixed: [string, string, string][] } {
  const [from, to] = row.fix;
  if (row.yaml.split(from).length !== 2) throw new Error(`the fix must replace text written exactly once: ${from}`);
  return { triggered: summarize(analyzeYaml(row.yaml)), fixed: summarize(analyzeYaml(row.yaml.replace(from, to))) };
}

/** Joins YAML documents. @internal */
export function docs(...documents: string[]): string {
  return documents.map((d) => d.trim()).join("\n---\n");
}
