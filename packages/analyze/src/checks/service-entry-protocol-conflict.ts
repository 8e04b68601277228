import type { ServiceEntrySpec } from "@meshform/istio/networking.istio.io/service-entry";
import { GROUP, type IndexedResource } from "../resource-index.js";
import { itemsOf, stringsOf, text } from "../read.js";
import type { Check, Finding } from "../types.js";
import { exportScopesOf } from "./istio-references/registry.js";

/** One ServiceEntry port for a host, in one scope of visibility. */
interface Claim {
  readonly entry: IndexedResource;
  readonly protocol: string;
}

/**
 * SERVICE_ENTRY_PROTOCOL_CONFLICT: ServiceEntries define the same host and port with different
 * protocols, for namespaces that see both (istioctl's IST0177, ConflictingServiceEntryProtocol).
 * As istioctl reads it: each entry counts in the scopes of its `exportTo` (`*` or none: every
 * namespace; `.`: its own), and a scope of one namespace also sees the entries exported to every
 * namespace; each ServiceEntry is reported once, on its name.
 */
export const serviceEntryProtocolConflict: Check = {
  code: "SERVICE_ENTRY_PROTOCOL_CONFLICT",
  istioctlCode: "IST0177",
  severity: "warning",
  title: "ServiceEntries give one host and port different protocols",
  check: (index) => {
    const claims = new Map<string, Claim[]>();
    const keys: { readonly key: string; readonly scope: string; readonly host: string; readonly port: number }[] = [];
    for (const entry of index.ofKind(GROUP.networking, "ServiceEntry")) {
      const spec = entry.spec as Partial<ServiceEntrySpec>;
      for (const scope of exportScopesOf(entry)) {
        for (const [, host] of stringsOf(spec.hosts as unknown[] | undefined)) {
          for (const [, port] of itemsOf(spec.ports as unknown[] | undefined)) {
            const number = (port as { number?: unknown }).number;
            if (typeof number !== "number") continue;
            const key = `${scope}\u0000${host}\u0000${number}`;
            let list = claims.get(key);
            if (list === undefined) {
              claims.set(key, (list = []));
              keys.push({ key, scope, host, port: number });
            }
            list.push({ entry, protocol: (text((port as { protocol?: unknown }).protocol) ?? "").toUpperCase() });
          }
        }
      }
    }
    const findings: Finding[] = [];
    const reported = new Set<IndexedResource>();
    // In a fixed order (istioctl's follows a map's): host, port, then the scope.
    keys.sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : a.port - b.port || (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0)));
    for (const { key, scope, host, port } of keys) {
      const seen = [...claims.get(key)!, ...(scope === "*" ? [] : (claims.get(`*\u0000${host}\u0000${port}`) ?? []))];
      const protocols = [...new Set(seen.map((c) => c.protocol))].sort();
      if (protocols.length < 2) continue;
      const names = [...new Set(seen.map((c) => `${c.entry.namespace}/${c.entry.name}`))].sort().join(", ");
      for (const { entry } of seen) {
        if (reported.has(entry)) continue;
        reported.add(entry);
        findings.push({
          resource: entry,
          path: ["metadata", "name"],
          message: `Multiple ServiceEntries (${names}) define the same host "${host}" and port ${port} with conflicting protocols (${protocols.join(", ")}): Istio keeps one protocol for the port, so the other entries' traffic is handled as that protocol`,
          hint: "give the port one protocol in every ServiceEntry of the host, or narrow their exportTo so that no namespace sees two of them",
        });
      }
    }
    return findings;
  },
};
