import { SpecError } from "../errors.js";
import type { KindSource } from "./kind-source.js";
import type { SpecDocument } from "./read.js";

type Raw = Record<string, unknown>;

/** A kind to take from an OpenAPI document. */
export interface KindSelector {
  /** API group, `""` for core. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** Whether a document is an OpenAPI v3 document with component schemas. */
export function isOpenApi(doc: SpecDocument): boolean {
  const value = doc.value as Raw;
  return typeof value?.openapi === "string" && typeof (value.components as Raw | undefined)?.schemas === "object";
}

function gvkOf(schema: Raw): Gvk[] {
  const list = schema["x-kubernetes-group-version-kind"];
  return Array.isArray(list) ? (list as Gvk[]) : [];
}

/** Finds plural and scope from the collection path that creates the kind (`POST .../services`). */
function findResource(paths: Raw, want: Gvk): { plural: string; scope: "Namespaced" | "Cluster" } | undefined {
  for (const [path, item] of Object.entries(paths)) {
    const post = (item as Raw).post as Raw | undefined;
    const gvk = post?.["x-kubernetes-group-version-kind"] as Gvk | undefined;
    if (!gvk || gvk.group !== want.group || gvk.version !== want.version || gvk.kind !== want.kind) continue;
    const last = path.split("/").pop() ?? "";
    if (last.startsWith("{")) continue;
    return { plural: last, scope: path.includes("/namespaces/{namespace}/") ? "Namespaced" : "Cluster" };
  }
  return undefined;
}

/**
 * Takes the selected kinds out of Kubernetes OpenAPI v3 documents, with every definition they
 * reference. Definitions of all documents are pooled, so apps/v1 can use core/v1's.
 *
 * @throws SpecError when a selected kind is in none of the documents
 */
export function readOpenApiKinds(docs: readonly SpecDocument[], selectors: readonly KindSelector[]): KindSource[] {
  const definitions: Record<string, Raw> = {};
  for (const doc of docs) {
    const schemas = ((doc.value as Raw).components as Raw).schemas as Record<string, Raw>;
    for (const [name, schema] of Object.entries(schemas)) definitions[name] ??= schema;
  }
  return selectors.map((want) => {
    for (const doc of docs) {
      const value = doc.value as Raw;
      const schemas = (value.components as Raw).schemas as Record<string, Raw>;
      for (const [name, schema] of Object.entries(schemas)) {
        if (!gvkOf(schema).some((g) => g.group === want.group && g.version === want.version && g.kind === want.kind)) continue;
        const resource = findResource((value.paths ?? {}) as Raw, want);
        if (!resource) continue;
        return {
          group: want.group,
          kind: want.kind,
          ...resource,
          versions: [{
            name: want.version,
            served: true,
            storage: true,
            deprecated: false,
            schema: schema,
            location: { file: doc.file, pointer: `/components/schemas/${name}` },
          }],
          file: doc.file,
          definitions,
        };
      }
    }
    const label = `${want.group || "core"}/${want.version} ${want.kind}`;
    throw new SpecError("SPEC_KIND_NOT_FOUND", { file: docs.map((d) => d.file).join(", ") || "(no OpenAPI documents)" }, `no definition of ${label} with a create path`);
  });
}
