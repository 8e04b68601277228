import type { ReferenceGrantSpec } from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import { addDraft, addIssue, type BuilderContext, type DraftMetadata } from "../draft-store.js";
import { resourceRefOf, type ResourceRef, type ServiceRef } from "../refs.js";
import type { RouteRef } from "./route-base.js";

/** Which routes may send traffic to which Services of this namespace. */
export interface ReferenceGrantOptions extends DraftMetadata {
  /** The routes allowed to reference (their kind and namespace are what the grant names). */
  readonly from: readonly RouteRef[];
  /** The Services of this namespace they may reference. */
  readonly to: readonly ServiceRef[];
}

/**
 * A ReferenceGrant in the backends' namespace: what a route in another namespace needs before it
 * may forward to a Service here. A Service of another namespace is reported and left out; a grant
 * left with no Service at all is left out too, so the mistake is reported once.
 */
export function addReferenceGrant(ctx: BuilderContext, namespace: string, name: string, options: ReferenceGrantOptions): ResourceRef<"ReferenceGrant"> {
  const ref = resourceRefOf({ group: "gateway.networking.k8s.io", kind: "ReferenceGrant", namespace, name });
  const spec: ReferenceGrantSpec = { from: [], to: [] };
  for (const route of options.from) {
    if (!spec.from.some((f) => f.kind === route.kind && f.namespace === route.namespace)) spec.from.push({ group: route.group, kind: route.kind, namespace: route.namespace });
  }
  let refused = false;
  for (const service of options.to) {
    if (service.namespace !== namespace) {
      const message = `Service ${service.namespace}/${service.name} is not in namespace ${namespace}`;
      addIssue(ctx, { code: "SERVICE_IN_OTHER_NAMESPACE", message, hint: `declare the grant in namespace ${service.namespace}`, path: ["spec", "to", spec.to.length], draft: ref.draftKey });
      refused = true;
    } else if (!spec.to.some((t) => t.name === service.name)) {
      spec.to.push({ group: "", kind: "Service", name: service.name });
    }
  }
  if (!refused || spec.to.length > 0) addDraft(ctx, { ...ref.draftKey, spec, metadata: options, method: "referenceGrant" });
  return ref;
}
