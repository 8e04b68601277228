/**
 * Manifests as text: every document of a YAML or JSON stream, read as kubectl reads it, checked
 * by a validator, each issue placed at the file and line of its field.
 */
import jsyaml from "js-yaml";
import type { ValidateIssue } from "./codes.js";
import type { Validator } from "./validator.js";
import { isRecord, type FieldPath } from "./value.js";
import { createLineLocator, type LineLocator } from "./yaml/locate.js";
import { KUBERNETES_YAML_SCHEMA } from "./yaml/schema.js";

/** The result of one document (or one item of a `List`). */
export interface DocumentResult {
  /** The file (or `-` for standard input) as the caller named it. */
  readonly file: string;
  /** 0-based position among the file's non-empty documents. */
  readonly index: number;
  /** For an item of a `kind: List` document, its position in `items`. */
  readonly item?: number;
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  /** Why the document was not checked (a kustomization file), when it was not. */
  readonly skipped?: string;
  readonly issues: readonly ValidateIssue[];
}

/**
 * Reads every document of `text` and validates it. A file that is not valid YAML gives one
 * `YAML_SYNTAX` result; empty documents are ignored, as kubectl ignores them.
 */
export function validateManifests(validator: Validator, text: string, file: string): DocumentResult[] {
  let documents: unknown[];
  try {
    documents = jsyaml.loadAll(text, null, { schema: KUBERNETES_YAML_SCHEMA, filename: file });
  } catch (error) {
    return [syntaxResult(file, error)];
  }
  let locator: LineLocator | undefined;
  const lineOf = (index: number, path: FieldPath): number | undefined => (locator ??= createLineLocator(text))(index, path);
  const results: DocumentResult[] = [];
  let index = 0;
  for (const document of documents) {
    if (document === null || document === undefined) continue;
    results.push(...validateDocument(validator, document, { file, index, lineOf }));
    index += 1;
  }
  return results;
}

// --- internal ---

interface Place {
  readonly file: string;
  readonly index: number;
  readonly lineOf: (index: number, path: FieldPath) => number | undefined;
}

function validateDocument(validator: Validator, document: unknown, place: Place): DocumentResult[] {
  if (isRecord(document) && typeof document.kind === "string" && document.kind.endsWith("List") && Array.isArray(document.items)) {
    return document.items.map((item, i) => checkOne(validator, item, place, ["items", i], i));
  }
  if (isRecord(document) && typeof document.apiVersion === "string" && document.apiVersion.startsWith("kustomize.config.k8s.io/")) {
    return [{ ...identityOf(document, place), skipped: "a kustomization file, not a resource", issues: [] }];
  }
  return [checkOne(validator, document, place, [], undefined)];
}

function checkOne(validator: Validator, value: unknown, place: Place, prefix: FieldPath, item: number | undefined): DocumentResult {
  const issues = validator.validate(value, { file: place.file, lineOf: (path) => place.lineOf(place.index, [...prefix, ...path]) });
  return { ...identityOf(value, place), ...(item === undefined ? {} : { item }), issues };
}

function identityOf(value: unknown, place: Place): Omit<DocumentResult, "issues"> {
  const record = isRecord(value) ? value : {};
  const metadata = isRecord(record.metadata) ? record.metadata : {};
  const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
  const fields = { apiVersion: text(record.apiVersion), kind: text(record.kind), name: text(metadata.name), namespace: text(metadata.namespace) };
  return { file: place.file, index: place.index, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
}

function syntaxResult(file: string, error: unknown): DocumentResult {
  if (!(error instanceof jsyaml.YAMLException)) throw error;
  const line = error.mark?.line === undefined ? undefined : error.mark.line + 1;
  const issue: ValidateIssue = {
    code: "YAML_SYNTAX",
    severity: "error",
    message: `cannot read as YAML: ${error.reason}`,
    source: line === undefined ? { file } : { file, line },
  };
  return { file, index: 0, issues: [issue] };
}
