import type { IndexedResource, MeshIndex } from "../resource-index.js";
import { backendRefsOf, describeRef, isServiceRef, parentRefsOf, policiesOf, routesOf, targetRefsOf, type ResourceRef } from "../refs.js";
import type { Check, Finding } from "../types.js";

/** SERVICE_NOT_FOUND: a Service a route or policy names is neither in the set nor declared external. */
export const serviceNotFound: Check = {
  code: "SERVICE_NOT_FOUND",
  severity: "warning",
  title: "Referenced Service not found",
  check: (index) => {
    const findings: Finding[] = [];
    for (const route of routesOf(index)) {
      addMissing(findings, index, route, parentRefsOf(route), "attaches to");
      addMissing(findings, index, route, backendRefsOf(route), "routes to");
    }
    for (const policy of policiesOf(index)) addMissing(findings, index, policy, targetRefsOf(policy), "targets");
    return findings;
  },
};

// --- internal ---

/** Adds to `findings` the refs of `resource` that name a Service the index does not have. */
function addMissing(findings: Finding[], index: MeshIndex, resource: IndexedResource, refs: readonly ResourceRef[], verb: string): void {
  for (const ref of refs) {
    if (!isServiceRef(ref) || ref.name === "" || index.hasService(ref.namespace, ref.name)) continue;
    findings.push({
      resource,
      path: ref.path,
      message: `${resource.kind} ${verb} ${describeRef(ref)}, which is neither in the set nor declared external`,
      hint: `fix the name or namespace, or declare the Service with --external ${ref.namespace}/${ref.name} if it lives elsewhere`,
    });
  }
}
