import type { IndexedResource } from "../resource-index.js";
import type { Check, Finding } from "../types.js";

/**
 * RESOURCE_DUPLICATE: one resource (same API group, kind, namespace and name) defined more than
 * once in the set. Applying the set leaves only the last definition in the cluster, so analysis
 * reads that one alone; the finding is on it, once, naming the earlier definitions it replaces.
 */
export const resourceDuplicate: Check = {
  code: "RESOURCE_DUPLICATE",
  severity: "warning",
  title: "Resource defined more than once",
  check: (index) => {
    // The earlier definitions of each last one, in input order.
    const earlier = new Map<IndexedResource, IndexedResource[]>();
    for (const { resource, by } of index.overwritten) {
      const list = earlier.get(by);
      if (list === undefined) earlier.set(by, [resource]);
      else list.push(resource);
    }
    const findings: Finding[] = [];
    for (const [by, overwritten] of earlier) {
      const what = `${by.kind} ${by.namespace === "" ? "" : `${by.namespace}/`}${by.name}`;
      const shown = overwritten.slice(0, LISTED).map(where);
      const more = overwritten.length - shown.length;
      const places = more > 0 ? `${shown.join(", ")} and ${more} more time${more === 1 ? "" : "s"}` : shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
      findings.push({
        resource: by,
        path: ["metadata", "name"],
        message: `${what} is also defined at ${places}: applying the set keeps only the last definition, this one, and the earlier ${overwritten.length === 1 ? "one is" : "ones are"} overwritten without a trace, so what ${overwritten.length === 1 ? "it configures" : "they configure"} never takes effect`,
        hint: "keep one definition of the resource: merge them, rename one, or leave the superseded file out of the set",
      });
    }
    return findings;
  },
};

// --- internal ---

/** How many earlier definitions a message names; the rest are counted. */
const LISTED = 3;

/** `file:line`, or the resource's position in the input when it has no source. */
function where(resource: IndexedResource): string {
  const source = resource.input.source;
  if (source === undefined) return `resource ${resource.position + 1} of the input`;
  return `${source.file}${source.line === undefined ? "" : `:${source.line}`}`;
}
