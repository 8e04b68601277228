/**
 * What analysis takes from manifests read by `@meshform/validate` (`readManifests` for files,
 * folders and standard input, `parseManifests` for text), so that `meshform analyze` reads its
 * input exactly as `meshform validate` does, and reports what is not a resource in its words.
 */
import { notAResourceIssue, type ManifestDocument, type ValidateIssue } from "@meshform/validate";
import type { JsonObject } from "./read.js";
import type { AnalyzedResource } from "./types.js";

/** The documents of some manifests, sorted into what analysis checks and what it cannot. */
export interface ReadResources {
  /** Each document that is a resource and is not skipped (a kustomization file). */
  readonly resources: AnalyzedResource[];
  /**
   * A `NOT_A_RESOURCE` error, worded as `meshform validate` words it, for each document that is
   * not an object or lacks `apiVersion` or `kind`, at the line of what is missing.
   */
  readonly problems: ValidateIssue[];
}

/**
 * Sorts `documents` into resources, each with its file and the line of each of its fields, and
 * problems. Lines are looked up only for a resource that has a finding.
 */
export function readResources(documents: Iterable<ManifestDocument>): ReadResources {
  const resources: AnalyzedResource[] = [];
  const problems: ValidateIssue[] = [];
  for (const { file, object, skipped, lineOf } of documents) {
    if (skipped !== undefined) continue;
    const problem = notAResourceIssue(object);
    if (problem !== undefined) {
      const line = lineOf(problem.path ?? []);
      problems.push({ ...problem, source: line === undefined ? { file } : { file, line } });
      continue;
    }
    const source = {
      file,
      get line() {
        return lineOf([]);
      },
    };
    resources.push({ object: object as JsonObject, source, lineOf });
  }
  return { resources, problems };
}

/**
 * The resources among `documents` ({@link readResources} without the problems): each document
 * that is an object with `apiVersion` and `kind` and is not skipped (a kustomization file).
 */
export function resourcesOf(documents: Iterable<ManifestDocument>): AnalyzedResource[] {
  return readResources(documents).resources;
}
