import type { PeerAuthenticationSpec } from "@meshform/istio/security.istio.io/v1";
import { addDraft, type BuilderContext } from "../draft-store.js";
import { resourceRefOf, type ResourceRef } from "../refs.js";

/** A mutual TLS mode of PeerAuthentication. */
export type MtlsMode = NonNullable<NonNullable<PeerAuthenticationSpec["mtls"]>["mode"]>;

/**
 * A PeerAuthentication named `default` without a selector: namespace-wide, or mesh-wide when
 * `namespace` is the root namespace.
 */
export function meshPeerAuthentication(ctx: BuilderContext, namespace: string, mode: MtlsMode): ResourceRef<"PeerAuthentication"> {
  const spec: PeerAuthenticationSpec = { mtls: { mode } };
  return resourceRefOf(addDraft(ctx, { group: "security.istio.io", kind: "PeerAuthentication", name: "default", namespace, spec, method: "mtls" }));
}
