/**
 * The input as resources: each document's identity (group, kind, namespace, name), where it came
 * from, and the findings about the document itself (not a resource, defined twice).
 */
import type { FieldPath, ImportDocument, ImportIssue } from "./types.js";

/** A JSON object. */
export type Obj = { readonly [key: string]: unknown };

/** Whether `value` is a plain object. */
export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One resource of the input. */
export interface Doc {
  /** Its position in the input (documents in order, files in order). */
  readonly seq: number;
  readonly object: Obj;
  readonly apiVersion: string;
  readonly group: string;
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly file: string;
  readonly line: number | undefined;
  readonly lineOf: (path: FieldPath) => number | undefined;
  /** `group/kind/namespace/name`: what makes two resources the same one. */
  readonly key: string;
}

/** The identity key of a resource, as one flat string (see {@link flat}). */
export function keyOf(group: string, kind: string, namespace: string | undefined, name: string): string {
  return flat(`${group}/${kind}/${namespace ?? ""}/${name}`);
}

/**
 * `text` made one flat string now. A string built by concatenation is a tree of its pieces until
 * something reads it, and a Map or Set keyed by such strings hashes and compares them piece by
 * piece, several times slower than flat ones: keys looked up once per resource are made flat
 * once. Reading one character flattens it.
 */
export function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** The group of an apiVersion: `""` for the core group. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

/** `Kind namespace/name`, or `Kind name` for a cluster-scoped resource. */
export function describe(doc: Pick<Doc, "kind" | "namespace" | "name">): string {
  return doc.namespace === undefined ? `${doc.kind} ${doc.name}` : `${doc.kind} ${doc.namespace}/${doc.name}`;
}

/**
 * The resources of the documents, in order. A document that is not a resource is reported and
 * left out; a resource defined twice keeps its last definition, as `kubectl apply` would leave it.
 * `namespaced` tells whether a kind is namespaced; a namespaced resource without a namespace is
 * placed in `defaultNamespace`, as kubectl would, and that is reported.
 */
export function readDocs(
  documents: readonly ImportDocument[],
  namespaced: (apiVersion: string, kind: string) => boolean,
  defaultNamespace: string,
): { docs: Doc[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const byKey = new Map<string, Doc>();
  let seq = 0;
  for (const document of documents) {
    if (document.skipped !== undefined) continue;
    const lineOf = document.lineOf ?? (() => undefined);
    const object = document.object;
    const line = document.line ?? lineOf([]);
    // Where a finding about the document is reported, made only for a finding.
    const at = (): { file: string; line?: number } => (line === undefined ? { file: document.file } : { file: document.file, line });
    const metadata = isObj(object) && isObj(object.metadata) ? object.metadata : undefined;
    if (!isObj(object) || typeof object.apiVersion !== "string" || typeof object.kind !== "string" || metadata === undefined || typeof metadata.name !== "string") {
      issues.push({ code: "NOT_A_RESOURCE", severity: "error", message: "this document is not a Kubernetes resource: it needs apiVersion, kind and metadata.name", hint: "remove it, or complete it", source: at() });
      continue;
    }
    const group = groupOf(object.apiVersion);
    let namespace = typeof metadata.namespace === "string" ? metadata.namespace : undefined;
    let fixed: Obj = object;
    if (namespace === undefined && namespaced(object.apiVersion, object.kind)) {
      namespace = defaultNamespace;
      fixed = { ...object, metadata: { ...metadata, namespace } };
      issues.push({
        code: "INPUT_CORRECTED",
        severity: "info",
        message: `${object.kind} ${metadata.name} names no namespace: it is placed in ${namespace}, where kubectl apply would put it without --namespace`,
        hint: "set metadata.namespace in the config if it belongs elsewhere",
        source: at(),
      });
    }
    const key = keyOf(group, object.kind, namespace, metadata.name);
    const previous = byKey.get(key);
    if (previous !== undefined) {
      issues.push({
        code: "DUPLICATE_INPUT",
        severity: "warning",
        message: `${describe({ kind: object.kind, namespace, name: metadata.name })} is defined again; this definition replaces the one at ${previous.file}${previous.line === undefined ? "" : `:${previous.line}`}`,
        hint: "keep one definition of each resource",
        source: at(),
      });
      byKey.delete(key);
    }
    byKey.set(key, { seq: seq++, object: fixed, apiVersion: object.apiVersion, group, kind: object.kind, namespace, name: metadata.name, file: document.file, line, lineOf, key });
  }
  return { docs: [...byKey.values()].sort((a, b) => a.seq - b.seq), issues };
}
