import type { IndexedResource, MeshIndex } from "../resource-index.js";
import { backendRefsOf, describeRef, isServiceRef, parentRefsOf, policiesOf, routesOf, targetRefsOf, type ResourceRef } from "../refs.js";
import type { Check, Finding } from "../types.js";

/** SERVICE_NOT_FOUND: a Service a route or policy names is neither in the set nor declared external. */
export const serviceNotFound: Check = {
  code: "SERVICE_NOT_FOUND",
  severity: "warning",
  title: "Referenced Service not found",
  check: (index) => [
    ...routesOf(index).flatMap((route) => [
      ...parentRefsOf(route).flatMap((ref) => missing(index, route, ref, "attaches to")),
      ...backendRefsOf(route).flatMap((ref) => missing(index, route, ref, "routes to")),
    ]),
    ...policiesOf(index).flatMap((policy) => targetRefsOf(policy).flatMap((ref) => missing(index, policy, ref, "targets"))),
  ],
};

// --- internal ---

function missing(index: MeshIndex, resource: IndexedResource, ref: ResourceRef, verb: string): Finding[] {
  if (!isServiceRef(ref) || ref.name === "" || index.hasService(ref.namespace, ref.name)) return [];
  return [
    {
      resource,
      path: ref.path,
      message: `${resource.kind} ${verb} ${describeRef(ref)}, which is neither in the set nor declared external`,
      hint: `fix the name or namespace, or declare the Service with --external ${ref.namespace}/${ref.name} if it lives elsewhere`,
    },
  ];
}
