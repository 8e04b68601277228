import type { GatewaySpecListenersTls } from "@meshform/gateway-api/gateway.networking.k8s.io/gateway";
import type { ReferenceGrantSpec } from "@meshform/gateway-api/gateway.networking.k8s.io/reference-grant";
import { GROUP, type IndexedResource, type MeshIndex } from "../resource-index.js";
import { backendRefsOf, routesOf } from "../refs.js";
import { isObject, itemsOf, text } from "../read.js";
import type { Check, Finding, FieldPath } from "../types.js";

/** REFERENCE_NOT_PERMITTED: a cross-namespace backendRef or certificateRef that no ReferenceGrant permits. */
export const referenceNotPermitted: Check = {
  code: "REFERENCE_NOT_PERMITTED",
  severity: "error",
  title: "Cross-namespace reference without a ReferenceGrant",
  check: (index) => {
    const findings: Finding[] = [];
    for (const route of routesOf(index)) for (const finding of checkBackends(index, route)) findings.push(finding);
    for (const gateway of index.gateways()) for (const finding of checkCertificates(index, gateway.resource)) findings.push(finding);
    return findings;
  },
};

// --- internal ---

interface Reference {
  readonly from: IndexedResource;
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly path: FieldPath;
}

function checkBackends(index: MeshIndex, route: IndexedResource): Finding[] {
  const findings: Finding[] = [];
  for (const ref of backendRefsOf(route)) {
    if (ref.namespace === route.namespace) continue;
    for (const finding of unpermitted(index, { from: route, group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name, path: [...ref.path, "namespace"] })) findings.push(finding);
  }
  return findings;
}

function checkCertificates(index: MeshIndex, gateway: IndexedResource): Finding[] {
  return itemsOf(gateway.spec.listeners as Record<string, unknown>[] | undefined).flatMap(([l, listener]) => {
    const tls = (isObject(listener.tls) ? listener.tls : {}) as GatewaySpecListenersTls;
    return itemsOf(tls.certificateRefs)
      .filter(([, ref]) => ref.namespace !== undefined && ref.namespace !== gateway.namespace)
      .flatMap(([c, ref]) =>
        unpermitted(index, { from: gateway, group: ref.group ?? "", kind: ref.kind ?? "Secret", namespace: ref.namespace!, name: text(ref.name) ?? "", path: ["spec", "listeners", l, "tls", "certificateRefs", c, "namespace"] }),
      );
  });
}

function unpermitted(index: MeshIndex, ref: Reference): Finding[] {
  const grants = index.ofKind(GROUP.gateway, "ReferenceGrant").filter((g) => g.namespace === ref.namespace);
  if (grants.some((grant) => permits(grant, ref))) return [];
  const target = `${ref.kind} ${ref.namespace}/${ref.name}`;
  return [
    {
      resource: ref.from,
      path: ref.path,
      message: `${ref.from.kind} ${ref.from.namespace}/${ref.from.name} refers to ${target} in another namespace, and no ReferenceGrant in ${ref.namespace} permits it: the reference is refused with reason RefNotPermitted`,
      hint: `add a ReferenceGrant in ${ref.namespace} from ${ref.from.kind} in ${ref.from.namespace} to ${ref.kind}${ref.kind === "Secret" ? "" : ` ${ref.name}`}`,
    },
  ];
}

function permits(grant: IndexedResource, ref: Reference): boolean {
  const spec = grant.spec as Partial<ReferenceGrantSpec>;
  const from = itemsOf(spec.from).some(([, f]) => f.group === ref.from.group && f.kind === ref.from.kind && f.namespace === ref.from.namespace);
  const to = itemsOf(spec.to).some(([, t]) => (t.group ?? "") === ref.group && t.kind === ref.kind && (t.name === undefined || t.name === "" || t.name === ref.name));
  return from && to;
}
