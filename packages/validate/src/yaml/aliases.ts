/**
 * Alias expansion as Kubernetes' YAML reader bounds it. go-yaml (behind kubectl, the API server,
 * kustomize and Argo CD) counts every node it decodes, with the nodes an alias repeats counted
 * again, and refuses a document with "document contains excessive aliasing" once more than 100
 * nodes came from aliases, more than 1 000 were decoded, and the share that came from aliases is
 * over what the document's size allows: 99% up to 400 000 nodes, tapering to 10% at 4 000 000.
 *
 * js-yaml, which reads the manifests, does not copy an alias: it hands out the anchored value
 * again. So the document it returns is small, but anything that walks it (the schema, the CEL
 * rules, a copy) walks every repetition: a few hundred bytes of nested aliases stand for billions
 * of nodes. This module walks the document as go-yaml decodes it, stopping as soon as go-yaml
 * would, so the check costs at most the document's own size.
 */

/** What go-yaml would say about a document's aliases, when it would refuse it. */
export type AliasProblem = "excessive aliasing" | "an anchor whose value contains itself";

/** The fewest aliased nodes, and the fewest nodes, before go-yaml looks at the share. */
const MIN_ALIASED = 100;
const MIN_DECODED = 1_000;
/** Between these node counts the allowed share of aliased nodes falls from 99% to 10%. */
const RATIO_RANGE_LOW = 400_000;
const RATIO_RANGE_HIGH = 4_000_000;

/** The share of a document's nodes that may come from aliases, for a document of `decoded` nodes (go-yaml's `allowedAliasRatio`). */
function allowedAliasRatio(decoded: number): number {
  if (decoded <= RATIO_RANGE_LOW) return 0.99;
  if (decoded >= RATIO_RANGE_HIGH) return 0.1;
  return 0.99 - 0.89 * ((decoded - RATIO_RANGE_LOW) / (RATIO_RANGE_HIGH - RATIO_RANGE_LOW));
}

/**
 * Why go-yaml would refuse `document` (a value js-yaml returned), or `undefined` when it would
 * read it. A list or map met a second time in the walk came from an alias; an alias of a scalar
 * cannot be told from a copy, and counts as one node either way.
 */
export function aliasProblemOf(document: unknown): AliasProblem | undefined {
  const seen = new Set<object>();
  const open = new Set<object>();
  let decoded = 0;
  let aliased = 0;
  let depth = 0;
  const visit = (value: unknown): AliasProblem | undefined => {
    decoded += 1;
    if (depth > 0) aliased += 1;
    if (aliased > MIN_ALIASED && decoded > MIN_DECODED && aliased / decoded > allowedAliasRatio(decoded)) return "excessive aliasing";
    if (typeof value !== "object" || value === null) return undefined;
    if (open.has(value)) return "an anchor whose value contains itself";
    const repeated = seen.has(value);
    seen.add(value);
    open.add(value);
    if (repeated) {
      // go-yaml decodes the alias node, then the anchored node under it, all of it aliased.
      depth += 1;
      decoded += 1;
      aliased += 1;
    }
    const problem = Array.isArray(value) ? visitAll(value) : visitEntries(value as Record<string, unknown>);
    if (repeated) depth -= 1;
    open.delete(value);
    return problem;
  };
  const visitAll = (items: readonly unknown[]): AliasProblem | undefined => {
    for (const item of items) {
      const problem = visit(item);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
  const visitEntries = (map: Record<string, unknown>): AliasProblem | undefined => {
    for (const key in map) {
      decoded += 1; // the key
      if (depth > 0) aliased += 1;
      const problem = visit(map[key]);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
  return visit(document);
}
