/**
 * What analysis takes from manifests read by `@meshform/validate` (`readManifests` for files,
 * folders and standard input, `parseManifests` for text), so that `meshform analyze` reads its
 * input exactly as `meshform validate` does.
 */
import type { ManifestDocument } from "@meshform/validate";
import { isObject } from "./read.js";
import type { AnalyzedResource } from "./types.js";

/**
 * The resources among `documents`: each document that is an object with `apiVersion` and `kind`
 * and is not skipped (a kustomization file), with its file and the line of each of its fields.
 * Lines are looked up only for a resource that has a finding.
 */
export function resourcesOf(documents: Iterable<ManifestDocument>): AnalyzedResource[] {
  const resources: AnalyzedResource[] = [];
  for (const { file, object, skipped, lineOf } of documents) {
    if (skipped !== undefined || !isObject(object) || typeof object.apiVersion !== "string" || typeof object.kind !== "string") continue;
    const source = {
      file,
      get line() {
        return lineOf([]);
      },
    };
    resources.push({ object, source, lineOf });
  }
  return resources;
}
