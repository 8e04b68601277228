import type { PeerAuthenticationSpec } from "@meshform/istio/security.istio.io/peer-authentication";
import { isNamespaceWide, meshMtls, namespaceMtls, peerModeOf } from "../modes.js";
import { GROUP, type IndexedResource, type MeshIndex } from "../resource-index.js";
import { isObject, text } from "../read.js";
import type { Check, Finding } from "../types.js";

/** MTLS_WEAKENED: a PeerAuthentication accepting plaintext inside a STRICT scope. */
export const mtlsWeakened: Check = {
  code: "MTLS_WEAKENED",
  severity: "warning",
  title: "PERMISSIVE or DISABLE mTLS inside a STRICT mesh",
  check: (index) => index.ofKind(GROUP.security, "PeerAuthentication").flatMap((policy) => weakenings(index, policy)),
};

// --- internal ---

const WEAK = new Set(["PERMISSIVE", "DISABLE"]);

function weakenings(index: MeshIndex, policy: IndexedResource): Finding[] {
  const wide = isNamespaceWide(policy);
  if (wide && policy.namespace === index.rootNamespace) return [];
  const enclosing = wide ? meshMtls(index) : namespaceMtls(index, policy.namespace);
  const own = peerModeOf(policy);
  const effective = own === "UNSET" ? enclosing.mode : own;
  const by = enclosing.policy ? `, set by PeerAuthentication ${enclosing.policy.namespace}/${enclosing.policy.name}` : "";
  const scope = wide ? `namespace ${policy.namespace}` : "the workloads it selects";
  const findings: Finding[] = [];
  if (enclosing.mode === "STRICT" && WEAK.has(own)) {
    findings.push({
      resource: policy,
      path: ["spec", "mtls", "mode"],
      message: `mode ${own} lets ${scope} accept plaintext inside a scope that requires STRICT mTLS${by}`,
      hint: "remove the exception once every client is in the mesh, or suppress this finding with the reason, e.g. a migration or a health check from outside the mesh",
    });
  }
  const ports = (policy.spec as Partial<PeerAuthenticationSpec>).portLevelMtls;
  for (const [port, setting] of Object.entries(isObject(ports) ? ports : {})) {
    const mode = text(isObject(setting) ? setting.mode : undefined) ?? "";
    if (effective !== "STRICT" || !WEAK.has(mode)) continue;
    findings.push({
      resource: policy,
      path: ["spec", "portLevelMtls", port, "mode"],
      message: `port ${port} accepts plaintext with mode ${mode}, while ${scope} otherwise require STRICT mTLS${own === "STRICT" ? "" : by}`,
      hint: "remove the port exception once its clients are in the mesh, or suppress this finding with the reason",
    });
  }
  return findings;
}
