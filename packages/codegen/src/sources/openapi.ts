import { SpecError } from "../errors.js";
import type { KindSource } from "./kind-source.js";
import type { SpecDocument } from "./read.js";

type Raw = Record<string, unknown>;

/** A kind to take from an OpenAPI document, or with `kind: "*"` every kind of a group version. */
export interface KindSelector {
  /** API group, `""` for core. */
  readonly group: string;
  readonly version: string;
  /**
   * The kind, or {@link EVERY_KIND} for every kind of the group version that `kubectl apply` can
   * manage: each with a create (POST) on its collection path and a read (GET) and a patch (PATCH)
   * on its item path. That leaves out the `*List` kinds, kinds that are only ever read
   * (ComponentStatus), create-only kinds (Binding) and the kinds of subresources (Scale, Eviction,
   * TokenRequest, which are also of other groups), none of which a manifest can hold.
   */
  readonly kind: string;
}

/** The {@link KindSelector.kind} that selects every kind of a group version. */
export const EVERY_KIND = "*";

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

/**
 * The group version and resource of a collection path (`/api/v1/namespaces/{namespace}/pods`,
 * `/apis/apps/v1/deployments`, `/api/v1/namespaces`), or `undefined` for any other path (an item,
 * a subresource, a watch).
 */
function collectionOf(path: string): { plural: string; scope: "Namespaced" | "Cluster" } | undefined {
  const match = /^\/(?:api\/[^/{}]+|apis\/[^/{}]+\/[^/{}]+)\/(namespaces\/\{namespace\}\/)?([^/{}]+)$/.exec(path);
  if (!match || match[2] === "watch") return undefined;
  return { plural: match[2]!, scope: match[1] === undefined ? "Cluster" : "Namespaced" };
}

function sameGvk(a: Gvk | undefined, b: Gvk): boolean {
  return a !== undefined && a.group === b.group && a.version === b.version && a.kind === b.kind;
}

/** Finds plural and scope from the collection path that creates the kind (`POST .../services`). */
function findResource(paths: Raw, want: Gvk): { plural: string; scope: "Namespaced" | "Cluster" } | undefined {
  for (const [path, item] of Object.entries(paths)) {
    const post = (item as Raw).post as Raw | undefined;
    if (!sameGvk(post?.["x-kubernetes-group-version-kind"] as Gvk | undefined, want)) continue;
    const resource = collectionOf(path);
    if (resource) return resource;
  }
  return undefined;
}

/**
 * The kinds of `group/version` that `kubectl apply` can manage, sorted: created by a POST on a
 * collection path, read by a GET and patched by a PATCH on that path's `/{name}` item.
 */
function appliableKinds(docs: readonly SpecDocument[], group: string, version: string): string[] {
  const kinds = new Set<string>();
  for (const doc of docs) {
    const paths = ((doc.value as Raw).paths ?? {}) as Record<string, Raw>;
    for (const [path, item] of Object.entries(paths)) {
      const gvk = (item.post as Raw | undefined)?.["x-kubernetes-group-version-kind"] as Gvk | undefined;
      if (gvk === undefined || gvk.group !== group || gvk.version !== version || !collectionOf(path)) continue;
      const named = paths[`${path}/{name}`];
      const read = named?.get as Raw | undefined;
      const patch = named?.patch as Raw | undefined;
      if (sameGvk(read?.["x-kubernetes-group-version-kind"] as Gvk | undefined, gvk) && sameGvk(patch?.["x-kubernetes-group-version-kind"] as Gvk | undefined, gvk)) {
        kinds.add(gvk.kind);
      }
    }
  }
  return [...kinds].sort();
}

/** The selectors with every {@link EVERY_KIND} replaced by the kinds it selects, each kind once. */
function expand(docs: readonly SpecDocument[], selectors: readonly KindSelector[]): KindSelector[] {
  const out = new Map<string, KindSelector>();
  for (const selector of selectors) {
    const kinds = selector.kind === EVERY_KIND ? appliableKinds(docs, selector.group, selector.version) : [selector.kind];
    if (kinds.length === 0) {
      const label = `${selector.group || "core"}/${selector.version}`;
      throw new SpecError("SPEC_KIND_NOT_FOUND", { file: docs.map((d) => d.file).join(", ") || "(no OpenAPI documents)" }, `no kind of ${label} with create, read and patch paths`);
    }
    for (const kind of kinds) out.set(`${selector.group}/${selector.version}/${kind}`, { group: selector.group, version: selector.version, kind });
  }
  return [...out.values()];
}

/**
 * Takes the selected kinds out of Kubernetes OpenAPI v3 documents, with every definition they
 * reference. Definitions of all documents are pooled, so apps/v1 can use core/v1's. A selector
 * of {@link EVERY_KIND} stands for every kind of its group version that `kubectl apply` can manage.
 *
 * @throws SpecError when a selected kind is in none of the documents
 */
export function readOpenApiKinds(docs: readonly SpecDocument[], selectors: readonly KindSelector[]): KindSource[] {
  const definitions: Record<string, Raw> = {};
  for (const doc of docs) {
    const schemas = ((doc.value as Raw).components as Raw).schemas as Record<string, Raw>;
    for (const [name, schema] of Object.entries(schemas)) definitions[name] ??= schema;
  }
  return expand(docs, selectors).map((want) => {
    for (const doc of docs) {
      const value = doc.value as Raw;
      const schemas = (value.components as Raw).schemas as Record<string, Raw>;
      for (const [name, schema] of Object.entries(schemas)) {
        if (!gvkOf(schema).some((g) => sameGvk(g, want))) continue;
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
