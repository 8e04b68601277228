import type { Issue, SourceLocation } from "@meshform/diagnostics";
import { schemaForChecking, type KindEntry } from "@meshform/kind-runtime";
import { applyOperations } from "./json-patch.js";
import { kindEntry, kindVersions, preferredEntry, servedInTarget } from "./kinds.js";
import type { BuilderIssueCode, Draft, DraftKey, MeshModel, PatchIntent, Resource } from "./model.js";

export type { Resource } from "./model.js";
import { checkAvailability, withoutNewerFields } from "./availability.js";
import { checkNames, checkScope } from "./names.js";
import { assertComplete } from "./seal.js";
import { keepNamespaceInArgoCd } from "./namespace-deletion.js";

/** The codes of the issues `compile` reports. */
export type CompileIssueCode =
  | BuilderIssueCode
  | "KIND_UNKNOWN"
  | "KIND_NOT_IN_TARGET"
  | "FIELD_NOT_IN_TARGET"
  | "FIELD_NOT_IN_CHANNEL"
  | "SCHEMA_INVALID"
  | "INVALID_NAME"
  | "SCOPE_MISMATCH"
  | "DUPLICATE_RESOURCE"
  | "PATCH_FAILED"
  | "PATCH_TARGET_MISSING"
  | "PLACEMENT_CONFLICT";


/** What `compile` returns: the resources (sorted), where each came from, and every issue. */
export interface CompileResult {
  readonly resources: readonly Resource[];
  readonly issues: readonly Issue<CompileIssueCode>[];
  /** The line of mesh.config.ts each resource was declared on. */
  readonly origins: ReadonlyMap<Resource, SourceLocation>;
  /**
   * The kind metadata of each resource (scope, CEL rules, schema), in the order of `origins`. Made
   * on first use: the pipeline never reads it, and a map of every resource held through rendering
   * and writing costs megabytes at a hundred thousand resources.
   */
  readonly entries: ReadonlyMap<Resource, KindEntry>;
  /**
   * The clusters of the environment each placed resource goes to (`mesh.placeOn`,
   * `mesh.namespace(name, { clusters })`), in the environment's order. A resource absent from
   * the map goes to every cluster; the map is empty for a config without placements.
   */
  readonly placement: ReadonlyMap<object, readonly string[]>;
}

type Found = { entry: KindEntry } | { issue: Issue<CompileIssueCode> };

function findEntry(draft: Draft, model: MeshModel): Found {
  const resource = { apiVersion: draft.apiVersion ?? draft.group, kind: draft.kind, name: draft.name, ...(draft.namespace ? { namespace: draft.namespace } : {}) };
  const at = { resource, source: draft.origin };
  if (draft.apiVersion !== undefined) {
    const entry = kindEntry(draft.apiVersion, draft.kind, model.targets, model.kinds);
    const served = entry ? servedInTarget(entry, model.targets) : undefined;
    if (entry && served?.served) return { entry };
    if (entry && served && !served.served) return { issue: notInTarget(draft, served, model, at) };
    return { issue: { code: "KIND_UNKNOWN", severity: "error", message: `meshform knows no kind ${draft.kind} in ${draft.apiVersion}`, hint: "use a kind from @meshform/k8s, @meshform/istio or @meshform/gateway-api, or generate yours with `meshform codegen` and pass its kinds to defineMesh({ kinds })", ...at } };
  }
  const entry = preferredEntry(draft.group, draft.kind, model.targets, model.kinds);
  if (entry) return { entry };
  const versions = kindVersions(draft.group, draft.kind, model.targets, model.kinds);
  const unserved = versions.map((v) => servedInTarget(v, model.targets)).find((s) => !s.served);
  if (unserved && !unserved.served) return { issue: notInTarget(draft, unserved, model, at) };
  const channel = draft.group.startsWith("gateway.networking") ? " in the standard channel (set targets.gatewayApi.channel to \"experimental\")" : "";
  return { issue: { code: "KIND_UNKNOWN", severity: "error", message: `meshform knows no kind ${draft.group}/${draft.kind}${channel}`, ...at } };
}

const entryCache = new WeakMap<MeshModel, Map<string, KindEntry>>();

/**
 * {@link findEntry}, remembered per model for the kind versions it finds (by the draft's
 * {@link kindKeyOf}, `key`): thousands of drafts
 * share a handful of kinds, and the answer depends only on the kind, the model's targets and its
 * own kinds. Failures are not remembered; their issues name the draft.
 */
function findEntryCached(draft: Draft, model: MeshModel, key: string): Found {
  let cache = entryCache.get(model);
  if (cache === undefined) entryCache.set(model, (cache = new Map()));
  const entry = cache.get(key);
  if (entry !== undefined) return { entry };
  const found = findEntry(draft, model);
  if ("entry" in found) cache.set(key, found.entry);
  return found;
}

/** What a draft's kind entry is looked up by: its pinned apiVersion, if any, its group and kind. */
function kindKeyOf(draft: Draft): string {
  return `${draft.apiVersion ?? ""} ${draft.group}/${draft.kind}`;
}

/** How many drafts look up each kind entry (by {@link kindKeyOf}). */
function countByKind(drafts: readonly Draft[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const draft of drafts) {
    const key = kindKeyOf(draft);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function notInTarget(draft: Draft, unserved: { since: string | undefined; product: string }, model: MeshModel, at: Pick<Issue, "resource" | "source">): Issue<CompileIssueCode> {
  const release = unserved.product === "Istio" ? model.targets.istio : model.targets.gatewayApi.release;
  const version = draft.apiVersion ? ` ${draft.apiVersion}` : "";
  return {
    code: "KIND_NOT_IN_TARGET",
    severity: "error",
    message: `${draft.kind}${version} is not served by ${unserved.product} ${release}; it needs ${unserved.product} ${unserved.since ?? "a newer release"}`,
    hint: "raise the target in defineMesh({ targets }) or drop this resource",
    ...at,
  };
}

/** The path segments of a JSON pointer: `/spec/subsets/0` → `["spec", "subsets", 0]`. */
function pointerSegments(pointer: string): (string | number)[] {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function startsWith(path: readonly (string | number)[], prefix: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

/**
 * An issue at a field a JSON patch wrote is the patch's doing: it names the patch's line of
 * mesh.config.ts rather than the line that declared the resource.
 */
function attributeToPatches<T extends Issue>(issues: readonly T[], applied: readonly PatchIntent[]): T[] {
  if (applied.length === 0) return [...issues];
  return issues.map((issue) => {
    const path = issue.path ?? [];
    const patch = [...applied].reverse().find((p) => p.operations.some((op) => startsWith(path, pointerSegments(op.path))));
    return patch ? { ...issue, source: patch.origin, hint: issue.hint ? `${issue.hint}; set by a JSON patch` : "set by a JSON patch" } : issue;
  });
}

/**
 * Applies the patches that target `draft`, in order. A patch that does not apply is reported at
 * its line and leaves the resource as it was before it; the others still apply.
 *
 * @returns the patched resource, and the patches that applied
 */
function applyPatches(object: Record<string, unknown>, draft: Draft, patches: readonly PatchIntent[] | undefined, used: Set<PatchIntent>, issues: Issue<CompileIssueCode>[]): { object: Record<string, unknown>; applied: readonly PatchIntent[] } {
  if (patches === undefined) return { object, applied: NO_ISSUES };
  let current = object;
  const applied: PatchIntent[] = [];
  for (const patch of patches) {
    const t = patch.target;
    if (t.group !== draft.group || t.kind !== draft.kind || t.name !== draft.name || t.namespace !== draft.namespace) continue;
    used.add(patch);
    const result = applyOperations(current, patch.operations);
    if ("problem" in result) {
      issues.push({ code: "PATCH_FAILED", severity: "error", message: `the JSON patch does not apply: ${result.problem}`, hint: result.hint, source: patch.origin, resource: resourceOf(current) });
    } else {
      current = result.value;
      applied.push(patch);
    }
  }
  return { object: current, applied };
}

/** What a draft or a patch's target is found by: `group/kind/namespace/name`. */
function keyOf(target: DraftKey): string {
  return `${target.group}/${target.kind}/${target.namespace ?? ""}/${target.name}`;
}

/**
 * The patches by the key of their target, each list in the config's order: a draft looks its
 * patches up once instead of scanning every patch (thousands of drafts, possibly thousands of
 * patches).
 */
function patchesByTarget(patches: readonly PatchIntent[]): Map<string, PatchIntent[]> {
  const byTarget = new Map<string, PatchIntent[]>();
  for (const patch of patches) {
    const key = keyOf(patch.target);
    const list = byTarget.get(key);
    if (list === undefined) byTarget.set(key, [patch]);
    else list.push(patch);
  }
  return byTarget;
}

function resourceOf(object: Record<string, unknown>): Issue["resource"] {
  const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
  return { apiVersion: String(object.apiVersion), kind: String(object.kind), name: metadata.name ?? "", ...(metadata.namespace ? { namespace: metadata.namespace } : {}) };
}

/** The schema's findings on `resource`; `upcoming` is how many resources of its kind are still to check, this one included. */
function schemaIssues(resource: Record<string, unknown>, entry: KindEntry, model: MeshModel, source: SourceLocation, upcoming: number): readonly Issue<CompileIssueCode>[] {
  const schema = schemaForChecking(entry.schema, upcoming);
  // validate() answers without building the parsed copy safeParse returns; only a resource it
  // rejects is parsed, for its issues.
  if (schema.validate(resource)) return NO_ISSUES;
  const result = schema.safeParse(resource);
  if (result.success) return NO_ISSUES;
  const unknownToExperimental = experimentalUnknownKeys(resource, entry, model);
  return result.error.issues.flatMap((issue): Issue<CompileIssueCode>[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const at = { severity: "error" as const, resource: resourceOf(resource), source };
    if (issue.code !== "unrecognized_keys") return [{ code: "SCHEMA_INVALID", message: issue.message, path, ...at }];
    return issue.keys.map((key): Issue<CompileIssueCode> =>
      unknownToExperimental !== undefined && !unknownToExperimental.has(JSON.stringify([...path, key]))
        ? { code: "FIELD_NOT_IN_CHANNEL", message: `${key} is in the Gateway API experimental channel only`, hint: 'set targets.gatewayApi.channel to "experimental" in defineMesh, or drop the field', path: [...path, key], ...at }
        : { code: "SCHEMA_INVALID", message: "unknown field", hint: "check the spelling against the kind's type", path: [...path, key], ...at },
    );
  });
}

/**
 * For a standard-channel Gateway API resource the standard schema rejects: the keys the
 * experimental schema does not know either (as `JSON.stringify(path)`). An unknown key missing
 * from this set is an experimental-only field. `undefined` when the question does not arise.
 */
function experimentalUnknownKeys(resource: Record<string, unknown>, entry: KindEntry, model: MeshModel): Set<string> | undefined {
  if (model.targets.gatewayApi.channel !== "standard" || !entry.info.group.startsWith("gateway.networking.")) return undefined;
  const experimental = kindEntry(entry.info.apiVersion, entry.info.kind, { ...model.targets, gatewayApi: { ...model.targets.gatewayApi, channel: "experimental" } });
  const wider = experimental?.schema.safeParse(resource);
  if (wider === undefined) return undefined;
  const issues = wider.success ? [] : wider.error.issues;
  return new Set(issues.flatMap((i) => (i.code === "unrecognized_keys" ? i.keys.map((k) => JSON.stringify([...i.path, k])) : [])));
}

/** What a check returns for a resource it finds nothing wrong with. */
const NO_ISSUES: readonly never[] = [];

/**
 * The issues of the four lists of a resource's checks, in order; one of them as it is when the
 * others are empty, as they nearly always are (then nothing is allocated).
 */
function joined<T>(a: readonly T[], b: readonly T[], c: readonly T[], d: readonly T[]): readonly T[] {
  const nonEmpty = (a.length > 0 ? 1 : 0) + (b.length > 0 ? 1 : 0) + (c.length > 0 ? 1 : 0) + (d.length > 0 ? 1 : 0);
  if (nonEmpty === 0) return NO_ISSUES;
  if (nonEmpty === 1) return a.length > 0 ? a : b.length > 0 ? b : c.length > 0 ? c : d;
  return [...a, ...b, ...c, ...d];
}

function sortKey(resource: Resource): string {
  return [resource.metadata.namespace ?? "", resource.kind, resource.metadata.name, resource.apiVersion].join("\u0000");
}

/**
 * Turns the mesh model into Kubernetes resources for the targeted releases: picks each kind's
 * preferred apiVersion, fills namespaces, applies JSON patches, gives every Namespace object
 * Argo CD's sync options `Delete=false,Prune=false` (unless the config allows its deletion), then
 * checks every resource against its schema, the target's field availability, names and duplicates.
 *
 * A pure function: no I/O, no clock, no environment; the same model gives the same result in
 * any order of declaration. Findings are returned, never thrown.
 *
 * @throws SealError (`MESH_NOT_READY`) when the model's `defineMesh` callback has not finished:
 * await the definition's `ready` first
 */
export function compile(model: MeshModel): CompileResult {
  assertComplete(model);
  const issues: Issue<CompileIssueCode>[] = [...model.issues];
  const origins = new Map<Resource, SourceLocation>();
  // The kind entry of each resource, in the order of `origins`: a list, not a second map.
  const kinds: KindEntry[] = [];
  const used = new Set<PatchIntent>();
  const seen = new Map<string, Draft>();
  const patches = patchesByTarget(model.patches);
  const upcoming = countByKind(model.drafts);
  for (const draft of model.drafts) {
    const kindKey = kindKeyOf(draft);
    const left = upcoming.get(kindKey)!;
    upcoming.set(kindKey, left - 1);
    const key = keyOf(draft);
    const before = seen.get(key);
    if (before) {
      issues.push({ code: "DUPLICATE_RESOURCE", severity: "error", message: `${draft.kind} ${draft.namespace ? `${draft.namespace}/` : ""}${draft.name} is declared twice: by ${draft.builder} and by ${before.builder} (line ${before.origin.line ?? "?"})`, hint: "give one of them another name", source: draft.origin });
      continue;
    }
    seen.set(key, draft);
    const found = findEntryCached(draft, model, kindKey);
    if ("issue" in found) {
      issues.push(found.issue);
      continue;
    }
    const { entry } = found;
    // Nested data is shared with the model, not copied: nothing downstream mutates a resource,
    // and a patch works on its own copy.
    const { object: patched, applied } = applyPatches({ apiVersion: entry.info.apiVersion, kind: draft.kind, ...draft.body }, draft, patches.get(key), used, issues);
    // After the patches, so that no patch of the annotations can drop the Namespace's protection.
    const object = keepNamespaceInArgoCd(patched, model);
    const resource = object as unknown as Resource;
    origins.set(resource, draft.origin);
    kinds.push(entry);
    const newer = checkAvailability(object, entry, model.targets, draft.origin);
    const checks = joined(checkNames(resource, entry, draft.origin), checkScope(resource, entry, draft.origin), withoutNewerFields(schemaIssues(object, entry, model, draft.origin, left), newer), newer);
    if (checks.length > 0) issues.push(...attributeToPatches(checks, applied));
  }
  for (const patch of model.patches) {
    if (!used.has(patch)) {
      const t = patch.target;
      issues.push({ code: "PATCH_TARGET_MISSING", severity: "error", message: `the JSON patch targets ${t.kind} ${t.namespace ? `${t.namespace}/` : ""}${t.name}, which the config does not declare`, source: patch.origin });
    }
  }
  const keyed = [...origins.keys()].map((resource) => ({ resource, key: sortKey(resource) }));
  const resources = keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(({ resource }) => resource);
  const placement = model.placements === undefined || model.placements.length === 0 ? NO_PLACEMENT : placeResources(resources, model.placements, model.clusters ?? [], issues);
  return { resources, issues, origins, entries: new EntriesOnFirstUse(origins, kinds), placement };
}

/**
 * The kind entry of each resource (the keys of `origins`, in order, each with its entry in
 * `kinds`, the list in the same order) as a map made on first use. A view object rather than a
 * getter on the result, so that copying the result (`{ ...compiled }`) does not make it.
 */
class EntriesOnFirstUse implements ReadonlyMap<Resource, KindEntry> {
  readonly #origins: ReadonlyMap<Resource, SourceLocation>;
  #kinds: readonly KindEntry[] | undefined;
  #map: Map<Resource, KindEntry> | undefined;

  constructor(origins: ReadonlyMap<Resource, SourceLocation>, kinds: readonly KindEntry[]) {
    this.#origins = origins;
    this.#kinds = kinds;
  }

  get #entries(): Map<Resource, KindEntry> {
    if (this.#map === undefined) {
      const kinds = this.#kinds ?? [];
      this.#map = new Map();
      let i = 0;
      for (const resource of this.#origins.keys()) this.#map.set(resource, kinds[i++]!);
      this.#kinds = undefined;
    }
    return this.#map;
  }

  get size(): number {
    return this.#origins.size;
  }

  get(resource: Resource): KindEntry | undefined {
    return this.#entries.get(resource);
  }

  has(resource: Resource): boolean {
    return this.#origins.has(resource);
  }

  forEach(callback: (entry: KindEntry, resource: Resource, map: ReadonlyMap<Resource, KindEntry>) => void, thisArg?: unknown): void {
    for (const [resource, entry] of this.#entries) callback.call(thisArg, entry, resource, this);
  }

  entries(): MapIterator<[Resource, KindEntry]> {
    return this.#entries.entries();
  }

  keys(): MapIterator<Resource> {
    return this.#entries.keys();
  }

  values(): MapIterator<KindEntry> {
    return this.#entries.values();
  }

  [Symbol.iterator](): MapIterator<[Resource, KindEntry]> {
    return this.#entries[Symbol.iterator]();
  }
}

const NO_PLACEMENT: ReadonlyMap<object, readonly string[]> = new Map();

/** The clusters placements name, in the order they first appear, with the line of the first. */
interface Placed {
  readonly clusters: string[];
  readonly origin: SourceLocation;
}

function addPlacement(map: Map<string, Placed>, key: string, clusters: readonly string[], origin: SourceLocation): void {
  const placed = map.get(key);
  if (placed === undefined) map.set(key, { clusters: [...clusters], origin });
  else for (const cluster of clusters) if (!placed.clusters.includes(cluster)) placed.clusters.push(cluster);
}

/**
 * Where each placed resource goes: the clusters of the placements naming it, within those of
 * its namespace's placements. A resource placed where its namespace does not go is on no cluster:
 * reported at the placement's line, and left on its namespace's clusters.
 */
function placeResources(resources: readonly Resource[], placements: NonNullable<MeshModel["placements"]>, declared: readonly string[], issues: Issue<CompileIssueCode>[]): Map<object, readonly string[]> {
  const byResource = new Map<string, Placed>();
  const byNamespace = new Map<string, Placed>();
  for (const placement of placements) {
    if (placement.target !== undefined) addPlacement(byResource, keyOf(placement.target), placement.clusters, placement.origin);
    else addPlacement(byNamespace, placement.namespace, placement.clusters, placement.origin);
  }
  const order = new Map<string, number>(declared.map((cluster, i) => [cluster, i]));
  for (const placement of placements) for (const cluster of placement.clusters) if (!order.has(cluster)) order.set(cluster, order.size);
  const sorted = (clusters: readonly string[]) => [...clusters].sort((a, b) => order.get(a)! - order.get(b)!);
  const result = new Map<object, readonly string[]>();
  for (const resource of resources) {
    const { name, namespace } = resource.metadata;
    const group = resource.apiVersion.includes("/") ? resource.apiVersion.slice(0, resource.apiVersion.indexOf("/")) : "";
    const own = byResource.get(keyOf({ group, kind: resource.kind, namespace, name }));
    const inNamespace = byNamespace.get(namespace ?? (group === "" && resource.kind === "Namespace" ? name : ""));
    if (own === undefined && inNamespace === undefined) continue;
    if (own === undefined || inNamespace === undefined) {
      result.set(resource, sorted((own ?? inNamespace)!.clusters));
      continue;
    }
    const both = own.clusters.filter((cluster) => inNamespace.clusters.includes(cluster));
    if (both.length === 0) {
      issues.push({
        code: "PLACEMENT_CONFLICT",
        severity: "error",
        message: `${resource.kind} ${namespace}/${name} is placed on ${own.clusters.join(", ")}, where its namespace ${namespace} is not: the namespace is placed on ${inNamespace.clusters.join(", ")}`,
        hint: `place it on a cluster of its namespace, or place the namespace on ${own.clusters.join(", ")} too`,
        resource: { apiVersion: resource.apiVersion, kind: resource.kind, name, ...(namespace !== undefined ? { namespace } : {}) },
        source: own.origin,
      });
      result.set(resource, sorted(inNamespace.clusters));
    } else {
      result.set(resource, sorted(both));
    }
  }
  return result;
}
