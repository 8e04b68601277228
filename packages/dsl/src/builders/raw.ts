import type { ObjectMeta } from "@meshform/k8s/meta/v1";
import type { BuilderContext } from "../draft-store.js";
import { callOrigin } from "../origin.js";
import { resourceRefOf, type ResourceRef } from "../refs.js";

/** Any object of a generated kind, e.g. what a kind's factory returns. */
export interface RawResource {
  readonly apiVersion: string;
  readonly kind: string;
  /** Its metadata; `name` is required at compile time (a missing one is reported there). */
  readonly metadata: ObjectMeta;
}

/**
 * Adds a resource as it is; `compile` checks it like any other. Returns its reference, for
 * `mesh.patch`. Called straight from the public `resource()` methods, through the guard every
 * builder method passes, so the user's line is three frames up.
 */
export function addRaw(ctx: BuilderContext, object: RawResource): ResourceRef {
  // Taken as given, not deep-copied: copying every object of a large config costs more than the
  // rest of compile. Mutating it after adding it changes what is generated.
  const { apiVersion, kind, ...body } = object as RawResource & Record<string, unknown>;
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";
  const namespace = object.metadata.namespace;
  const name = object.metadata.name ?? "";
  ctx.model.drafts.push({
    group,
    kind,
    name,
    namespace,
    body,
    apiVersion,
    origin: callOrigin(3), // addRaw, the builder method, and the guard every method passes through
    builder: `resource(${JSON.stringify(`${kind}/${name}`)})`,
  });
  return resourceRefOf({ group, kind, namespace, name });
}
