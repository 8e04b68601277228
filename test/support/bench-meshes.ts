// The two meshes of the generate benchmark (bench/generate-sources.ts), built in-process with
// `defineMesh` instead of written into a mesh.config.ts and loaded: the same builder calls, in the
// same order, for any number of services. linear-growth.test.ts checks that each compiles to what
// the benchmark's config compiles to.
import type * as Dsl from "@meshform/dsl";
import type * as GatewayV1 from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import type * as NetworkingV1 from "@meshform/istio/networking.istio.io/v1";
import type * as SecurityV1 from "@meshform/istio/security.istio.io/v1";

/** The modules the meshes are built with, passed in so that a test can load them when it chooses. */
export interface MeshModules {
  readonly dsl: typeof Dsl;
  readonly gatewayV1: typeof GatewayV1;
  readonly networkingV1: typeof NetworkingV1;
  readonly securityV1: typeof SecurityV1;
}

/** The benchmark's number of namespaces for `services` services. */
function namespaceCount(services: number): number {
  return Math.max(1, Math.floor(services / 10));
}

/**
 * The mesh of `renderIntentConfig(services)`: written with the intent builders (`mtls`,
 * `authorizationPolicy`, `service`, `httpRoute(...).attachTo(...).canary(...)`,
 * `destinationRule(...).circuitBreaker(...)`), 2·N + 3·K resources.
 */
export function intentMesh({ dsl }: MeshModules, services: number): Dsl.MeshDefinition {
  const { defineMesh, fromNamespaces, fromPrincipals } = dsl;
  const count = namespaceCount(services);
  return defineMesh({}, (mesh) => {
    const namespaces: Dsl.NamespaceBuilder[] = [];
    for (let k = 0; k < count; k += 1) {
      const ns = mesh.namespace(`ns-${k}`, { dataplane: "sidecar" });
      ns.mtls("STRICT");
      ns.authorizationPolicy("allow-mesh", {
        action: "ALLOW",
        rules: [
          { from: [fromPrincipals("cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account")], to: [{ methods: ["GET", "POST"] }] },
          { from: [fromNamespaces(ns)] },
        ],
      });
      namespaces.push(ns);
    }
    for (let i = 0; i < services; i += 1) {
      const ns = namespaces[i % count]!;
      const name = `svc-${i}`;
      const svc = ns.service(name, { ports: [9080] });
      ns.httpRoute(name)
        .attachTo(svc)
        .canary({ stable: ns.service(`${name}-v1`, { ports: [9080] }), canary: ns.service(`${name}-v2`, { ports: [9080] }), weight: 10 });
      ns.destinationRule(name, { host: svc }).circuitBreaker({ maxPendingRequests: 100, consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s", maxEjectionPercent: 50 });
    }
  });
}

/**
 * The mesh of `renderWorkloadConfig(services)`: the same resources added with the escape hatch
 * `mesh.resource(...)` and the generated factories, the Services declared with `mesh.external`.
 */
export function rawMesh({ dsl, gatewayV1, networkingV1, securityV1 }: MeshModules, services: number): Dsl.MeshDefinition {
  const count = namespaceCount(services);
  return dsl.defineMesh({}, (mesh) => {
    for (let i = 0; i < services; i += 1) {
      const name = `svc-${i}`;
      const namespace = `ns-${i % count}`;
      mesh.external({ services: [`${namespace}/${name}`, `${namespace}/${name}-v1`, `${namespace}/${name}-v2`] });
      mesh.resource(
        gatewayV1.httpRoute({
          metadata: { name, namespace },
          spec: {
            parentRefs: [{ group: "", kind: "Service", name, port: 9080 }],
            rules: [{ backendRefs: [{ name: `${name}-v1`, port: 9080, weight: 90 }, { name: `${name}-v2`, port: 9080, weight: 10 }] }],
          },
        }),
      );
      mesh.resource(
        networkingV1.destinationRule({
          metadata: { name, namespace },
          spec: {
            host: `${name}.${namespace}.svc.cluster.local`,
            trafficPolicy: {
              connectionPool: { http: { http1MaxPendingRequests: 100 } },
              outlierDetection: { consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s", maxEjectionPercent: 50 },
            },
          },
        }),
      );
    }
    for (let k = 0; k < count; k += 1) {
      const namespace = `ns-${k}`;
      mesh.resource(securityV1.peerAuthentication({ metadata: { name: "default", namespace }, spec: { mtls: { mode: "STRICT" } } }));
      mesh.resource(
        securityV1.authorizationPolicy({
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
        }),
      );
    }
  });
}
