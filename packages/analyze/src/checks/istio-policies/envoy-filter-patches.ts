/**
 * Reading EnvoyFilter patch operations as Istio's EnvoyFilter analyzer reads them: one pass over
 * every EnvoyFilter of the set, in input order, whose findings the five EnvoyFilter checks of
 * this folder share (each takes its own).
 */
import { GROUP, type IndexedResource, type MeshIndex } from "../../resource-index.js";
import { isObject, text } from "../../read.js";
import type { FieldPath } from "../../types.js";

/** What is wrong with one patch. */
export type PatchProblem =
  /** A relative operation in an EnvoyFilter without priority (istioctl's IST0151). */
  | "relative"
  /** The same, where an earlier patch with proxyVersion names the same filter (IST0155). */
  | "relative-with-proxy-version"
  /** REPLACE where applyTo is not HTTP_FILTER, NETWORK_FILTER or VIRTUAL_HOST (IST0152). */
  | "replace"
  /** ADD on ROUTE_CONFIGURATION or HTTP_ROUTE (IST0153). */
  | "add"
  /** REMOVE on ROUTE_CONFIGURATION or HTTP_ROUTE (IST0154). */
  | "remove";

/** A problem with a patch, and where it is. */
export interface PatchFinding {
  readonly problem: PatchProblem;
  readonly filter: IndexedResource;
  /** The index of the patch in `spec.configPatches`. */
  readonly patch: number;
  readonly operation: string;
  readonly applyTo: string;
  /** The path of the patch's `operation`. */
  readonly path: FieldPath;
}

const cache = new WeakMap<MeshIndex, readonly PatchFinding[]>();

/** The problems of every EnvoyFilter patch of the set, read once per analysis. */
export function envoyFilterPatchFindings(index: MeshIndex): readonly PatchFinding[] {
  let found = cache.get(index);
  if (found === undefined) cache.set(index, (found = readAll(index.ofKind(GROUP.networking, "EnvoyFilter"))));
  return found;
}

/** The findings of one problem. */
export function patchFindingsOf(index: MeshIndex, problem: PatchProblem): PatchFinding[] {
  return envoyFilterPatchFindings(index).filter((f) => f.problem === problem);
}

// --- internal ---

/** The applyTo values on which ADD and REMOVE are ignored. */
const ROUTE_LEVEL = new Set(["ROUTE_CONFIGURATION", "HTTP_ROUTE"]);
/** The applyTo values REPLACE is valid for. */
const REPLACEABLE = new Set(["HTTP_FILTER", "NETWORK_FILTER", "VIRTUAL_HOST"]);

function readAll(filters: readonly IndexedResource[]): PatchFinding[] {
  // The names of the filters that a patch with proxyVersion (of this or an earlier EnvoyFilter) names.
  const versioned = new Set<string>();
  const findings: PatchFinding[] = [];
  for (const filter of filters) {
    const priority = filter.spec.priority;
    const prioritized = typeof priority === "number" && priority !== 0;
    const patches: unknown[] = Array.isArray(filter.spec.configPatches) ? filter.spec.configPatches : [];
    for (const [i, item] of patches.entries()) {
      // Istio's analyzer stops at the first patch without a patch section.
      const patch = isObject(item) && isObject(item.patch) ? item.patch : undefined;
      if (patch === undefined || !isObject(item)) break;
      const name = instanceName(item, patch);
      const operation = text(patch.operation) ?? "";
      const applyTo = text(item.applyTo) ?? "";
      const at = (problem: PatchProblem) => findings.push({ problem, filter, patch: i, operation, applyTo, path: ["spec", "configPatches", i, "patch", "operation"] });
      const relative = () => {
        if (!prioritized) at(versioned.has(name) ? "relative-with-proxy-version" : "relative");
      };
      if (operation === "ADD") {
        if (ROUTE_LEVEL.has(applyTo)) at("add");
      } else if (operation === "REMOVE") {
        if (ROUTE_LEVEL.has(applyTo)) at("remove");
        else relative();
      } else if (operation === "REPLACE") {
        if (!REPLACEABLE.has(applyTo)) at("replace");
        else relative();
      } else if (operation === "INSERT_BEFORE" || operation === "INSERT_AFTER") {
        relative();
      }
      const match = isObject(item.match) ? item.match : {};
      const proxy = isObject(match.proxy) ? match.proxy : {};
      if (typeof proxy.proxyVersion === "string" && proxy.proxyVersion !== "") versioned.add(name);
    }
  }
  return findings;
}

/**
 * The name a patch is about, as Istio's analyzer compares them: the `name` of the patch's value
 * when it has one (compared with its type), else, for a value with fields, the name of the
 * listener filter it matches; `""` otherwise.
 */
function instanceName(item: Record<string, unknown>, patch: Record<string, unknown>): string {
  const value = patch.value;
  if (!isObject(value) || Object.keys(value).length === 0) return "";
  if ("name" in value) return `value:${JSON.stringify(value.name ?? null)}`;
  const listener = isObject(item.match) && isObject(item.match.listener) ? item.match.listener : {};
  const chain = isObject(listener.filterChain) ? listener.filterChain : {};
  const filter = isObject(chain.filter) ? chain.filter : {};
  const name = text(filter.name) ?? "";
  return name === "" ? "" : `filter:${name}`;
}
