/**
 * The benchmark workload of DESIGN.md, as plain objects made with the generated factories:
 * N services over max(1, N/10) namespaces; per service an HTTPRoute and a DestinationRule, per
 * namespace a PeerAuthentication and an AuthorizationPolicy (about 2.2·N resources).
 */
import { httpRoute, type HTTPRoute } from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import { destinationRule, type DestinationRule } from "@meshform/istio/networking.istio.io/v1";
import {
  authorizationPolicy,
  peerAuthentication,
  type AuthorizationPolicy,
  type PeerAuthentication,
} from "@meshform/istio/security.istio.io/v1";

/** One resource of the workload. */
export type WorkloadResource = HTTPRoute | DestinationRule | PeerAuthentication | AuthorizationPolicy;

/** The number of namespaces N services are spread over. */
export function namespaceCount(services: number): number {
  return Math.max(1, Math.floor(services / 10));
}

function buildServiceResources(index: number, namespace: string): [HTTPRoute, DestinationRule] {
  const name = `svc-${index}`;
  const route = httpRoute({
    metadata: { name, namespace },
    spec: {
      parentRefs: [{ group: "", kind: "Service", name, port: 9080 }],
      rules: [
        {
          backendRefs: [
            { name: `${name}-v1`, port: 9080, weight: 90 },
            { name: `${name}-v2`, port: 9080, weight: 10 },
          ],
        },
      ],
    },
  });
  const rule = destinationRule({
    metadata: { name, namespace },
    spec: {
      host: `${name}.${namespace}.svc.cluster.local`,
      trafficPolicy: {
        connectionPool: { http: { http1MaxPendingRequests: 100 } },
        outlierDetection: { consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s", maxEjectionPercent: 50 },
      },
    },
  });
  return [route, rule];
}

function buildNamespaceResources(namespace: string): [PeerAuthentication, AuthorizationPolicy] {
  const mtls = peerAuthentication({ metadata: { name: "default", namespace }, spec: { mtls: { mode: "STRICT" } } });
  const policy = authorizationPolicy({
    metadata: { name: "allow-mesh", namespace },
    spec: {
      action: "ALLOW",
      rules: [
        {
          from: [{ source: { principals: ["cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"] } }],
          to: [{ operation: { methods: ["GET", "POST"] } }],
        },
        { from: [{ source: { namespaces: [namespace] } }] },
      ],
    },
  });
  return [mtls, policy];
}

/** Builds the workload for `services` services: services first, then namespaces. */
export function buildWorkload(services: number): WorkloadResource[] {
  const namespaces = namespaceCount(services);
  const resources: WorkloadResource[] = [];
  for (let i = 0; i < services; i += 1) resources.push(...buildServiceResources(i, `ns-${i % namespaces}`));
  for (let k = 0; k < namespaces; k += 1) resources.push(...buildNamespaceResources(`ns-${k}`));
  return resources;
}
