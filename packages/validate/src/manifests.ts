/**
 * Manifests checked by a validator: every document read by {@link parseManifests} or
 * `readManifests`, each issue placed at the file and line of its field.
 */
import type { ValidateIssue } from "./codes.js";
import type { Validator } from "./validator.js";
import { isRecord } from "./value.js";
import { parseManifests, type ManifestDocument, type ManifestFile } from "./yaml/parse.js";

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
  return validateManifestFile(validator, parseManifests(text, file));
}

/**
 * Validates every document of a file that `readManifests` or {@link parseManifests} read.
 * A file that gave no documents gives one result with its issue (`READ_FAILED`, `YAML_SYNTAX`).
 */
export function validateManifestFile(validator: Validator, manifests: ManifestFile): DocumentResult[] {
  if (manifests.issue !== undefined) return [{ file: manifests.file, index: 0, issues: [manifests.issue] }];
  return manifests.documents.map((document) => validateDocument(validator, document));
}

// --- internal ---

function validateDocument(validator: Validator, document: ManifestDocument): DocumentResult {
  const identity = identityOf(document);
  if (document.skipped !== undefined) return { ...identity, skipped: document.skipped, issues: [] };
  return { ...identity, issues: validator.validate(document.object, { file: document.file, lineOf: document.lineOf }) };
}

function identityOf({ file, index, item, object }: ManifestDocument): Omit<DocumentResult, "issues"> {
  const record = isRecord(object) ? object : {};
  const metadata = isRecord(record.metadata) ? record.metadata : {};
  // Built field by field, only with the fields present: this runs once per document of the input.
  const identity: { -readonly [K in keyof Omit<DocumentResult, "issues">]: Omit<DocumentResult, "issues">[K] } = { file, index };
  if (item !== undefined) identity.item = item;
  if (typeof record.apiVersion === "string") identity.apiVersion = record.apiVersion;
  if (typeof record.kind === "string") identity.kind = record.kind;
  if (typeof metadata.name === "string") identity.name = metadata.name;
  if (typeof metadata.namespace === "string") identity.namespace = metadata.namespace;
  return identity;
}
