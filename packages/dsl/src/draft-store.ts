import type { SourceLocation } from "@meshform/diagnostics";
import type { BuilderIssueCode, Draft, DraftKey, MeshModel } from "./model.js";
import { callOrigin, captureOrigin, DEEPEST } from "./origin.js";
import { preferredEntry } from "./kinds.js";

/** What every builder holds: the model it appends to, and where in the builder tree it is. */
export interface BuilderContext {
  readonly model: MeshModel;
  /** The builder path of the parent, e.g. `namespace("default")`. */
  readonly path: string;
}

/** The metadata every draft starts with. */
export interface DraftMetadata {
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * Appends a draft to the model and returns it; the builder keeps appending to its body.
 * `origin` defaults to the caller's line in mesh.config.ts.
 */
export function addDraft<Kind extends string>(
  ctx: BuilderContext,
  draft: { group: string; kind: Kind; name: string; namespace: string | undefined; spec?: unknown; body?: Record<string, unknown>; metadata?: DraftMetadata; method: string; origin?: SourceLocation },
): Draft & { readonly kind: Kind } {
  // Plain assignments rather than spreads: this runs for every resource a config declares.
  const metadata: Record<string, unknown> = { name: draft.name };
  if (draft.namespace !== undefined) metadata.namespace = draft.namespace;
  const labels = draft.metadata?.labels;
  if (labels !== undefined && hasAny(labels)) metadata.labels = { ...labels };
  const annotations = draft.metadata?.annotations;
  if (annotations !== undefined && hasAny(annotations)) metadata.annotations = { ...annotations };
  let body: Record<string, unknown> = { metadata };
  if (draft.spec !== undefined) body.spec = draft.spec;
  if (draft.body !== undefined) body = { ...body, ...draft.body };
  const added: Draft & { readonly kind: Kind } = {
    group: draft.group,
    kind: draft.kind,
    name: draft.name,
    namespace: draft.namespace,
    body,
    origin: draft.origin ?? callOrigin(),
    builder: flat(`${ctx.path}${ctx.path === "" ? "" : "."}${draft.method}(${JSON.stringify(draft.name)})`),
  };
  ctx.model.drafts.push(added);
  return added;
}

/**
 * `text` stored as one flat string. A string built by concatenation is a tree of its pieces (a
 * node of 32 bytes per piece) until something reads it; a string the model keeps for every
 * resource (a builder path, a host) is smaller flat, and reading one character makes it so.
 */
export function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** Whether `record` has an own enumerable key, without listing them. */
function hasAny(record: Readonly<Record<string, unknown>>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}

/** The `spec` of a draft, typed as the builder knows it. */
export function specOf<T>(draft: Draft): T {
  return draft.body.spec as T;
}

/** What a builder reports: the code, what is wrong and what would be right, and where. */
export interface BuilderIssue {
  readonly code: BuilderIssueCode;
  readonly message: string;
  readonly hint?: string;
  /** The field in the resource, where the refused value would have been written. */
  readonly path?: readonly (string | number)[];
  /**
   * The resource the issue names: a draft, or the key of one the builder has not written yet (the
   * DestinationRule of an external service, before a policy is accepted).
   */
  readonly draft?: DraftKey & { readonly apiVersion?: string };
}

/**
 * Records something a builder found wrong (a value out of range, a reference it cannot use), at
 * the caller's line of mesh.config.ts; `compile` reports it with the rest. Builders never throw
 * for a user's mistake.
 */
export function addIssue(ctx: BuilderContext, issue: BuilderIssue): void {
  const { draft, ...rest } = issue;
  const apiVersion = draft ? (draft.apiVersion ?? preferredEntry(draft.group, draft.kind, ctx.model.targets, ctx.model.kinds)?.info.apiVersion ?? (draft.group || "v1")) : "";
  const resource = draft ? { apiVersion, kind: draft.kind, name: draft.name, ...(draft.namespace ? { namespace: draft.namespace } : {}) } : undefined;
  // An issue is rare, and may be found deep inside nested builders: read the whole stack.
  ctx.model.issues.push({ severity: "error", ...rest, ...(resource ? { resource } : {}), source: captureOrigin(DEEPEST) });
}
