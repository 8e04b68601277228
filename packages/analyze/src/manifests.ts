/**
 * Manifests as text, for analysis: every resource of a YAML or JSON stream, read as kubectl reads
 * it (YAML 1.1: `yes`, `on`, `off` are booleans), each with the line of every field. `kind: List`
 * documents give their items; kustomization files and documents that are not resources are skipped.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from "yaml";
import type { Issue } from "@meshform/diagnostics";
import { isObject } from "./read.js";
import type { AnalyzedResource, FieldPath } from "./types.js";

/** What {@link readManifests} returns. */
export interface ManifestSet {
  readonly resources: AnalyzedResource[];
  /** A document that is not valid YAML. */
  readonly issues: Issue<"YAML_SYNTAX">[];
}

/** Reads every resource of `text`, a file named `file` (`-` for standard input). */
export function readManifests(text: string, file: string): ManifestSet {
  const counter = new LineCounter();
  const documents = parseAllDocuments(text, { version: "1.1", lineCounter: counter, uniqueKeys: false, prettyErrors: false });
  const list: Document[] = Array.isArray(documents) ? documents : [];
  const resources: AnalyzedResource[] = [];
  const issues: Issue<"YAML_SYNTAX">[] = [];
  for (const document of list) {
    const error = document.errors[0];
    if (error) {
      const line = counter.linePos(error.pos[0]).line;
      issues.push({ code: "YAML_SYNTAX", severity: "error", message: `cannot read as YAML: ${error.message.split("\n")[0]}`, source: { file, line } });
      continue;
    }
    const value: unknown = document.toJS({ maxAliasCount: 1000 });
    const lineOf = (path: FieldPath) => locate(document, path, counter);
    if (isObject(value) && typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items)) {
      value.items.forEach((item, i) => pushResource(resources, item, file, (path) => lineOf(["items", i, ...path])));
    } else {
      pushResource(resources, value, file, lineOf);
    }
  }
  return { resources, issues };
}

// --- internal ---

function pushResource(into: AnalyzedResource[], value: unknown, file: string, lineOf: (path: FieldPath) => number | undefined): void {
  if (!isObject(value) || typeof value.apiVersion !== "string" || typeof value.kind !== "string") return;
  if (value.apiVersion.startsWith("kustomize.config.k8s.io/")) return;
  const line = lineOf([]);
  into.push({ object: value, source: line === undefined ? { file } : { file, line }, lineOf });
}

/** The line of the field at `path`, or of its nearest written ancestor. */
function locate(document: Document, path: FieldPath, counter: LineCounter): number | undefined {
  let node: unknown = document.contents;
  const lineAt = (n: unknown) => {
    const offset = (n as Node | null)?.range?.[0];
    return offset === undefined ? undefined : counter.linePos(offset).line;
  };
  let line = lineAt(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) break;
      line = lineAt(pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
      node = node.items[segment];
      line = lineAt(node) ?? line;
    } else {
      break;
    }
  }
  return line;
}
