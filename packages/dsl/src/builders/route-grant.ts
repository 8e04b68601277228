import type { ReferenceGrantSpec } from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import { addDraft, type BuilderContext, type DraftMetadata } from "../draft-store.js";
import type { ServiceRef } from "../refs.js";
import type { RouteRef } from "./route-base.js";
import type { RawRef } from "./raw.js";
import { reportRoute } from "./route-issue.js";

/** Which routes may send traffic to which Services of this namespace. */
export interface ReferenceGrantOptions extends DraftMetadata {
  /** The routes allowed to reference (their kind and namespace are what the grant names). */
  readonly from: readonly RouteRef[];
  /** The Services of this namespace they may reference. */
  readonly to: readonly ServiceRef[];
}

/**
 * A ReferenceGrant in the backends' namespace: what a route in another namespace needs before it
 * may forward to a Service here.
 */
export function addReferenceGrant(ctx: BuilderContext, namespace: string, name: string, options: ReferenceGrantOptions): RawRef {
  const group = "gateway.networking.k8s.io";
  const spec: ReferenceGrantSpec = { from: [], to: [] };
  const draft = addDraft(ctx, { group, kind: "ReferenceGrant", name, namespace, spec, metadata: options, method: "referenceGrant" });
  for (const route of options.from) {
    if (!spec.from.some((f) => f.kind === route.kind && f.namespace === route.namespace)) spec.from.push({ group: route.group, kind: route.kind, namespace: route.namespace });
  }
  options.to.forEach((service, i) => {
    if (service.namespace !== namespace) {
      reportRoute({ ctx, draft, namespace }, "INVALID_REFERENCE", ["spec", "to", i], `Service ${service.namespace}/${service.name} is not in namespace ${namespace}`, `declare the grant in namespace ${service.namespace}`);
    } else if (!spec.to.some((t) => t.name === service.name)) {
      spec.to.push({ group: "", kind: "Service", name: service.name });
    }
  });
  return { draftKey: { group, kind: "ReferenceGrant", namespace, name } };
}
