/**
 * Manifests as text: every document of a YAML or JSON stream, read as kubectl reads it (the
 * scalars of {@link KUBERNETES_YAML_SCHEMA}), each with the line of any of its fields. Lines are
 * looked up only when asked for, so a file without findings is parsed once.
 */
import type { Issue } from "@meshform/diagnostics";
import jsyaml from "js-yaml";
import type { ValidateIssueCode } from "../codes.js";
import { isRecord, type FieldPath } from "../value.js";
import { aliasProblemOf, type AliasProblem } from "./aliases.js";
import { quoteFlowColonScalars } from "./flow-colons.js";
import { createLineLocator, type LineLocator } from "./locate.js";
import { KUBERNETES_YAML_SCHEMA } from "./schema.js";

/** One document of a manifest file, or one item of a `kind: List` document. */
export interface ManifestDocument {
  /** The file (or `-` for standard input) as the caller named it. */
  readonly file: string;
  /** 0-based position among the file's non-empty documents. */
  readonly index: number;
  /** For an item of a `kind: List` document, its position in `items`. */
  readonly item?: number;
  /** The document as kubectl reads it: a resource, or whatever else the YAML holds. */
  readonly object: unknown;
  /** Why the document is not a resource to check (a kustomization file), when it is not. */
  readonly skipped?: string;
  /**
   * The 1-based line of the field at `path`, or of its nearest written ancestor. The first call
   * for any document of a file parses the file again for positions; the others reuse that.
   */
  readonly lineOf: (path: FieldPath) => number | undefined;
}

/** Why a file gave no documents: it cannot be read, it is not YAML, or its input holds no manifest. */
export type ManifestReadIssue = Issue<Extract<ValidateIssueCode, "READ_FAILED" | "YAML_SYNTAX" | "NO_MANIFESTS">>;

/** One input file, read. */
export interface ManifestFile {
  /** The file (or `-` for standard input) as the caller named it. */
  readonly file: string;
  /** Its non-empty documents in order, the items of a `kind: List` each on their own. */
  readonly documents: readonly ManifestDocument[];
  /** Set when the file gave no documents. */
  readonly issue?: ManifestReadIssue;
}

/** Where an alias may be: a `*` that starts a token, after a `"key":` too (a quoted `"*.example.com"` does not). */
const ALIAS = /(?:^|[\s[{,:])\*/;

/** Where a YAML 1.1 infinity or NaN may be written (`.inf`, `-.Inf`, `.NaN`). */
const NON_FINITE = /\.(?:inf|Inf|INF|nan|NaN|NAN)\b/;

/** The reason given for a kustomization file, which is read but not checked. */
const KUSTOMIZATION_SKIPPED = "a kustomization file, not a resource";

/**
 * Reads every document of `text`. Empty documents are ignored, as kubectl ignores them. A file
 * that is not valid YAML (a duplicated key included), or that has a document Kubernetes' YAML
 * reader refuses for its aliases (see `aliases.ts`), gives no documents and one `YAML_SYNTAX`
 * issue at the line of the mistake.
 */
export function parseManifests(text: string, file: string): ManifestFile {
  let values: unknown[];
  try {
    values = jsyaml.loadAll(quoteFlowColonScalars(text), null, { schema: KUBERNETES_YAML_SCHEMA, filename: file });
  } catch (error) {
    return { file, documents: [], issue: syntaxIssue(file, error) };
  }
  let locator: LineLocator | undefined;
  const locate: LineLocator = (index, path) => (locator ??= createLineLocator(text))(index, path);
  const documents: ManifestDocument[] = [];
  const aliases = ALIAS.test(text);
  const nonFinite = NON_FINITE.test(text);
  let index = 0;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    const problem = aliases ? aliasProblemOf(value) : undefined;
    if (problem !== undefined) return { file, documents: [], issue: aliasIssue(file, index, problem, locate(index, [])) };
    const unsupported = nonFinite ? nonFiniteIn(value) : undefined;
    if (unsupported !== undefined) return { file, documents: [], issue: nonFiniteIssue(file, unsupported, locate(index, [])) };
    for (const document of documentsOf(value, file, index, locate)) documents.push(document);
    index += 1;
  }
  return { file, documents };
}

// --- internal ---

function documentsOf(value: unknown, file: string, index: number, locate: LineLocator): ManifestDocument[] {
  if (isRecord(value) && typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items)) {
    return value.items.map((object: unknown, item) => ({ file, index, item, object, lineOf: (path) => locate(index, ["items", item, ...path]) }));
  }
  const kustomization = isRecord(value) && typeof value.apiVersion === "string" && value.apiVersion.startsWith("kustomize.config.k8s.io/");
  return [{ file, index, object: value, ...(kustomization ? { skipped: KUSTOMIZATION_SKIPPED } : {}), lineOf: (path) => locate(index, path) }];
}

/** The first infinity or NaN in a document, as Go's JSON encoder names it (`+Inf`, `-Inf`, `NaN`). */
function nonFiniteIn(value: unknown): string | undefined {
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : Number.isFinite(value) ? undefined : value > 0 ? "+Inf" : "-Inf";
  if (typeof value !== "object" || value === null) return undefined;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    const found = nonFiniteIn(item);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * A document holding `.inf` or `.nan`: go-yaml reads them as floats, and sigs.k8s.io/yaml then
 * fails to write them as JSON, so kubectl refuses the file.
 */
function nonFiniteIssue(file: string, value: string, line: number | undefined): ManifestReadIssue {
  const message = `cannot read as YAML: error converting YAML to JSON: json: unsupported value: ${value}`;
  return { code: "YAML_SYNTAX", severity: "error", message, hint: "quote the value if it is a string", source: line === undefined ? { file } : { file, line } };
}

function aliasIssue(file: string, index: number, problem: AliasProblem, line: number | undefined): ManifestReadIssue {
  const message = `cannot read as YAML: document ${index + 1} contains ${problem}, which Kubernetes' YAML reader refuses`;
  const hint = problem === "excessive aliasing" ? "write the repeated values out instead of nesting aliases of aliases" : "an alias cannot refer to the anchor it is inside";
  return { code: "YAML_SYNTAX", severity: "error", message, hint, source: line === undefined ? { file } : { file, line } };
}

function syntaxIssue(file: string, error: unknown): ManifestReadIssue {
  if (!(error instanceof jsyaml.YAMLException)) throw error;
  const line = error.mark?.line === undefined ? undefined : error.mark.line + 1;
  return { code: "YAML_SYNTAX", severity: "error", message: `cannot read as YAML: ${error.reason}`, source: line === undefined ? { file } : { file, line } };
}
