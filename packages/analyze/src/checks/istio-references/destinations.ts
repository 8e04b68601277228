/** The VirtualServices' destinations with the Service or ServiceEntry that provides each host. */
import { destinationsOf, type Destination } from "../../refs.js";
import { GROUP, type IndexedResource, type MeshIndex } from "../../resource-index.js";
import { exportToOf, registryOf, type HostProvider } from "./registry.js";

/** A VirtualService destination whose host a Service or ServiceEntry of the set provides, as the VirtualService sees it. */
export interface ProvidedDestination {
  readonly service: IndexedResource;
  readonly destination: Destination;
  readonly provider: Required<HostProvider>;
}

/**
 * Every destination (route or mirror) of every VirtualService of the set whose host a Service
 * or ServiceEntry provides (not one declared external), with that provider and its ports: what
 * the checks of destination ports read.
 */
export function providedDestinations(index: MeshIndex): ProvidedDestination[] {
  const registry = registryOf(index);
  const out: ProvidedDestination[] = [];
  for (const service of index.ofKind(GROUP.networking, "VirtualService")) {
    const viewer = { namespace: service.namespace, exportTo: exportToOf(service) };
    for (const destination of destinationsOf(service)) {
      const provider = registry.lookup(viewer, destination.written);
      if (provider?.resource !== undefined && provider.ports !== undefined) out.push({ service, destination, provider: { resource: provider.resource, ports: provider.ports } });
    }
  }
  return out;
}
