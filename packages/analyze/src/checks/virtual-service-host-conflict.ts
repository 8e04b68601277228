import type { VirtualServiceSpec } from "@meshform/istio/networking.istio.io/virtual-service";
import { HostTable, virtualServiceHostFqdn } from "../hosts.js";
import { GROUP, type IndexedResource } from "../resource-index.js";
import { stringsOf } from "../read.js";
import type { Check, FieldPath, Finding } from "../types.js";
import { exportScopesOf } from "./istio-references/registry.js";

/** A host a VirtualService bound to the mesh claims, in one namespace it is exported to (`*` for all). */
interface Claim {
  readonly service: IndexedResource;
  readonly scope: string;
  readonly host: string;
  readonly path: FieldPath;
}

/**
 * VIRTUAL_SERVICE_HOST_CONFLICT: two or more VirtualServices bound to the mesh (sidecars) define
 * the same host for the same namespaces (istioctl's IST0109). Read as Istio's analyzer reads it:
 * a VirtualService without `gateways` is bound to the mesh; its hosts are keyed by FQDN in each
 * namespace of its `exportTo` (`*`, or none, for every namespace; `.` for its own); a host
 * exported to one namespace also conflicts with an overlapping host exported to all. On a
 * gateway Istio merges the VirtualServices of one host, so they do not conflict there; a
 * delegate VirtualService has no hosts and claims none.
 */
export const virtualServiceHostConflict: Check = {
  code: "VIRTUAL_SERVICE_HOST_CONFLICT",
  istioctlCode: "IST0109",
  severity: "error",
  title: "VirtualServices bound to the mesh define the same host",
  check: (index) => {
    const byKey = new Map<string, Claim[]>();
    for (const service of index.ofKind(GROUP.networking, "VirtualService")) {
      for (const claim of meshClaimsOf(service)) {
        const key = `${claim.scope}/${claim.host}`;
        const list = byKey.get(key);
        if (list === undefined) byKey.set(key, [claim]);
        else list.push(claim);
      }
    }
    const toAll = new HostTable<Claim>();
    for (const claims of byKey.values()) for (const claim of claims) if (claim.scope === "*") toAll.add(claim.host, claim);
    const findings: Finding[] = [];
    // Each host entry is reported once, under the first key it conflicts on.
    const reported = new Set<string>();
    for (const [key, claims] of byKey) {
      const [first] = claims;
      const scoped = first!.scope === "*" ? claims : [...claims, ...toAll.overlapping(first!.host)];
      // One VirtualService listing a host twice does not conflict with itself.
      const services = [...new Set(scoped.map((c) => c.service))];
      if (services.length < 2) continue;
      const names = services.map((s) => `${s.namespace}/${s.name}`).sort();
      const seen = new Set<IndexedResource>();
      for (const claim of scoped) {
        const entry = `${claim.service.position}:${claim.path.join(".")}`;
        if (seen.has(claim.service) || reported.has(entry)) continue;
        seen.add(claim.service);
        reported.add(entry);
        const others = names.filter((n) => n !== `${claim.service.namespace}/${claim.service.name}`);
        findings.push({
          resource: claim.service,
          path: claim.path,
          message: `The VirtualServices ${names.join(",")} associated with mesh gateway define the same host ${key} which can lead to undefined behavior: a sidecar${first!.scope === "*" ? "" : ` of namespace ${first!.scope}`} keeps for host ${first!.host} the routes of the oldest VirtualService only, and drops the others'`,
          hint: `merge the conflicting VirtualServices, this one and ${others.join(", ")}, into a single resource, or narrow their exportTo so that no namespace sees two of them`,
        });
      }
    }
    return findings.sort((a, b) => a.resource.position - b.resource.position);
  },
};

/** The hosts a VirtualService bound to the mesh claims, one per namespace it is exported to. */
function meshClaimsOf(service: IndexedResource): Claim[] {
  const spec = service.spec as Partial<VirtualServiceSpec>;
  const gateways = stringsOf(spec.gateways).map(([, g]) => g);
  if (Array.isArray(spec.gateways) && spec.gateways.length > 0 && !gateways.includes("mesh")) return [];
  return exportScopesOf(service).flatMap((scope) => stringsOf(spec.hosts).map(([i, host]) => ({ service, scope, host: virtualServiceHostFqdn(host, service.namespace), path: ["spec", "hosts", i] })));
}
