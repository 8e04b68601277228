import type { ObjectMeta } from "@meshform/k8s/meta/v1";
import type { BuilderContext } from "../draft-store.js";
import { captureOrigin } from "../origin.js";

/** Any object of a generated kind, e.g. what a kind's factory returns. */
export interface RawResource {
  readonly apiVersion: string;
  readonly kind: string;
  /** Its metadata; `name` is required at compile time (a missing one is reported there). */
  readonly metadata: ObjectMeta;
}

/** A handle on a resource of the config, for JSON patches. */
export interface RawRef {
  /** What identifies the resource: group, kind, namespace and name. */
  readonly draftKey: { readonly group: string; readonly kind: string; readonly namespace: string | undefined; readonly name: string };
}

/** Adds a resource as it is; `compile` checks it like any other. */
export function addRaw(ctx: BuilderContext, object: RawResource): RawRef {
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
    origin: captureOrigin(),
    builder: `resource(${JSON.stringify(`${kind}/${name}`)})`,
  });
  return { draftKey: { group, kind, namespace, name } };
}
