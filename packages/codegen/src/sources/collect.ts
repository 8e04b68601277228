import { SpecError } from "../errors.js";
import { isCrd, readCrd } from "./crd.js";
import type { KindSource, SkippedDocument } from "./kind-source.js";
import { EVERY_KIND, isOpenApi, readOpenApiKinds, type KindSelector } from "./openapi.js";
import type { SpecDocument } from "./read.js";

/** The kinds found in a set of documents, and the documents that held none. */
export interface CollectedKinds {
  readonly kinds: KindSource[];
  readonly skipped: SkippedDocument[];
}

function describe(value: unknown): string {
  const v = value as Record<string, unknown> | null;
  if (typeof v?.kind === "string") return `${String(v.apiVersion ?? "?")} ${v.kind}`;
  return Array.isArray(value) ? "a list" : typeof value;
}

/**
 * Sorts documents into kinds: every CRD, and from OpenAPI documents the selected kinds. Other
 * documents are skipped and reported. Two CRDs for the same kind are an error.
 *
 * @throws SpecError for a malformed CRD, OpenAPI documents without a selection, or a duplicate kind
 */
export function collectKinds(documents: readonly SpecDocument[], select: readonly KindSelector[] = []): CollectedKinds {
  const kinds: KindSource[] = [];
  const skipped: SkippedDocument[] = [];
  const openApi: SpecDocument[] = [];
  const seen = new Map<string, string>();
  for (const doc of documents) {
    if (isCrd(doc)) {
      const kind = readCrd(doc);
      const key = `${kind.group}/${kind.kind}`;
      const before = seen.get(key);
      if (before !== undefined) {
        throw new SpecError("SPEC_NAME_CLASH", { file: doc.file, document: doc.index }, `${key} is also defined in ${before}`);
      }
      seen.set(key, doc.file);
      kinds.push(kind);
    } else if (isOpenApi(doc)) openApi.push(doc);
    else skipped.push({ file: doc.file, index: doc.index, reason: `${describe(doc.value)} is not a CustomResourceDefinition or an OpenAPI document` });
  }
  if (openApi.length > 0) {
    if (select.length === 0) {
      throw new SpecError("SPEC_NO_KINDS", { file: openApi[0]!.file }, "an OpenAPI document needs a selection of kinds (group/version/Kind, e.g. apps/v1/Deployment)");
    }
    kinds.push(...readOpenApiKinds(openApi, select));
  }
  return { kinds, skipped };
}

/**
 * Parses a kind selector: `v1/Service` (core group), `apps/v1/Deployment`, or `apps/v1/*` for
 * every kind of the group version that `kubectl apply` can manage (see {@link KindSelector.kind}).
 *
 * @throws SpecError when the text is not `[group/]version/Kind` or `[group/]version/*`
 */
export function parseKindSelector(text: string): KindSelector {
  const parts = text.split("/");
  const kind = parts.pop();
  const version = parts.pop();
  const group = parts.join("/");
  if (!kind || !version || !(kind === EVERY_KIND || /^[A-Z][A-Za-z0-9]*$/.test(kind))) {
    throw new SpecError("SPEC_KIND_NOT_FOUND", { file: text }, "a kind selector is [group/]version/Kind, e.g. v1/Service or apps/v1/Deployment, or [group/]version/* for every kind of the version");
  }
  return { group: group === "core" ? "" : group, version, kind };
}
