import { parse } from "yaml";
import { GROUP, type MeshIndex } from "../../resource-index.js";
import { isObject, itemsOf, text } from "../../read.js";
import type { Check, Finding } from "../../types.js";
import { analyzedByIstioctl } from "../../istioctl-scope.js";

/**
 * SERVICE_ENTRY_ADDRESSES_REQUIRED: a ServiceEntry without `addresses` serves a port as TCP (its
 * protocol is `TCP`, in any case, or unset), and nothing allocates it an address (istioctl's
 * IST0134). As istioctl reads it: one finding per such port; an address Istio allocated
 * (`status.addresses`) counts, and so does automatic allocation turned on in the mesh config
 * (DNS capture with `ISTIO_META_DNS_AUTO_ALLOCATE` or `PILOT_ENABLE_IP_AUTOALLOCATE` in
 * `defaultConfig.proxyMetadata`), read from the `istio` ConfigMap of the root namespace when the
 * set holds it.
 */
export const serviceEntryAddressesRequired: Check = {
  code: "SERVICE_ENTRY_ADDRESSES_REQUIRED",
  istioctlCode: "IST0134",
  severity: "warning",
  title: "ServiceEntry without addresses serves TCP",
  check: (index) => {
    const entries = index.ofKind(GROUP.networking, "ServiceEntry");
    if (entries.length === 0 || allocatesAddresses(index)) return [];
    const findings: Finding[] = [];
    for (const entry of entries) {
      if (!analyzedByIstioctl(entry)) continue;
      const addresses = entry.spec.addresses;
      if (Array.isArray(addresses) && addresses.length > 0) continue;
      const status = entry.input.object.status;
      if (isObject(status) && Array.isArray(status.addresses) && status.addresses.length > 0) continue;
      for (const [i, port] of itemsOf(entry.spec.ports as readonly Record<string, unknown>[] | undefined)) {
        const protocol = text(port.protocol) ?? "";
        if (protocol !== "" && protocol.toUpperCase() !== "TCP") continue;
        const number = typeof port.number === "number" ? `port ${port.number}` : "the port";
        findings.push({
          resource: entry,
          path: ["spec", "ports", i],
          message: `ServiceEntry addresses are required for this protocol: ${number} is served as ${protocol === "" ? "TCP (no protocol is set)" : "TCP"}, and without an address a sidecar can match this host's TCP traffic by port only, on a listener for every destination of ${number}, where it collides with any other host served as TCP on that port`,
          hint: "set spec.addresses to a virtual IP (or CIDR) of the host; or let Istio allocate one, with DNS capture and ISTIO_META_DNS_AUTO_ALLOCATE in meshConfig.defaultConfig.proxyMetadata; or set the port's protocol if it is not plain TCP (HTTP, TLS)",
        });
      }
    }
    return findings;
  },
};

/** Whether the mesh config of the set allocates addresses to ServiceEntries, as the analyzer reads it. */
function allocatesAddresses(index: MeshIndex): boolean {
  const config = index.find(GROUP.core, "ConfigMap", index.rootNamespace, "istio");
  const data = config?.input.object.data;
  const mesh = isObject(data) ? text(data.mesh) : undefined;
  if (mesh === undefined) return false;
  let parsed: unknown;
  try {
    parsed = parse(mesh);
  } catch {
    return false;
  }
  const defaults = isObject(parsed) ? parsed.defaultConfig : undefined;
  const metadata = isObject(defaults) ? defaults.proxyMetadata : undefined;
  if (!isObject(metadata) || metadata.ISTIO_META_DNS_CAPTURE !== "true") return false;
  return metadata.ISTIO_META_DNS_AUTO_ALLOCATE === "true" || metadata.PILOT_ENABLE_IP_AUTOALLOCATE === "true";
}
