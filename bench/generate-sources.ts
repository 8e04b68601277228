/**
 * The two programs the generate benchmark runs, as source text written into scratch folders:
 *
 * - a `mesh.config.ts` that builds the DESIGN.md workload in a loop (the loop lives in the config,
 *   so `meshform generate` pays for running it), adding each resource with the escape hatch
 *   `mesh.resource(...)` and the generated factories;
 * - the JSON floor: a plain Node script (no tsx, no meshform) that builds the same objects as
 *   literals and writes one file per resource with `JSON.stringify`.
 *
 * Both build exactly what `buildWorkload` in `workload.ts` builds; `generate.ts` checks that on
 * the output of the smallest size.
 */

/** The body of both programs' service loop: the HTTPRoute and the DestinationRule of `svc-i`. */
function serviceObjects(wrap: (kind: string, body: string) => string): string {
  const route = `{
      metadata: { name, namespace },
      spec: {
        parentRefs: [{ group: "", kind: "Service", name, port: 9080 }],
        rules: [{ backendRefs: [{ name: \`\${name}-v1\`, port: 9080, weight: 90 }, { name: \`\${name}-v2\`, port: 9080, weight: 10 }] }],
      },
    }`;
  const rule = `{
      metadata: { name, namespace },
      spec: {
        host: \`\${name}.\${namespace}.svc.cluster.local\`,
        trafficPolicy: {
          connectionPool: { http: { http1MaxPendingRequests: 100 } },
          outlierDetection: { consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s", maxEjectionPercent: 50 },
        },
      },
    }`;
  return `${wrap("HTTPRoute", route)}\n    ${wrap("DestinationRule", rule)}`;
}

/** The body of both programs' namespace loop: the PeerAuthentication and AuthorizationPolicy of `ns-k`. */
function namespaceObjects(wrap: (kind: string, body: string) => string): string {
  const mtls = `{ metadata: { name: "default", namespace }, spec: { mtls: { mode: "STRICT" } } }`;
  const policy = `{
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
    }`;
  return `${wrap("PeerAuthentication", mtls)}\n    ${wrap("AuthorizationPolicy", policy)}`;
}

const FACTORIES: Readonly<Record<string, string>> = {
  HTTPRoute: "httpRoute",
  DestinationRule: "destinationRule",
  PeerAuthentication: "peerAuthentication",
  AuthorizationPolicy: "authorizationPolicy",
};

const API_VERSIONS: Readonly<Record<string, string>> = {
  HTTPRoute: "gateway.networking.k8s.io/v1",
  DestinationRule: "networking.istio.io/v1",
  PeerAuthentication: "security.istio.io/v1",
  AuthorizationPolicy: "security.istio.io/v1",
};

/** A mesh.config.ts that declares the workload for `services` services. */
export function renderWorkloadConfig(services: number): string {
  const add = (kind: string, body: string): string => `mesh.resource(${FACTORIES[kind]}(${body}));`;
  return `// The DESIGN.md benchmark workload for ${services} services, written by bench/generate.ts.
import { defineMesh } from "@meshform/dsl";
import { httpRoute } from "@meshform/gateway-api/gateway.networking.k8s.io/v1";
import { destinationRule } from "@meshform/istio/networking.istio.io/v1";
import { authorizationPolicy, peerAuthentication } from "@meshform/istio/security.istio.io/v1";

const SERVICES = ${services};
const NAMESPACES = Math.max(1, Math.floor(SERVICES / 10));

export default defineMesh({}, (mesh) => {
  for (let i = 0; i < SERVICES; i += 1) {
    const name = \`svc-\${i}\`;
    const namespace = \`ns-\${i % NAMESPACES}\`;
    // The application's Services live outside the config: declared so analysis expects them.
    mesh.external({ services: [\`\${namespace}/\${name}\`, \`\${namespace}/\${name}-v1\`, \`\${namespace}/\${name}-v2\`] });
    ${serviceObjects(add)}
  }
  for (let k = 0; k < NAMESPACES; k += 1) {
    const namespace = \`ns-\${k}\`;
    ${namespaceObjects(add)}
  }
});
`;
}

/**
 * The same mesh as {@link renderWorkloadConfig}, written the way users write it: with the intent
 * builders (`mtls`, `authorizationPolicy`, `service`, `httpRoute(...).attachTo(...).canary(...)`,
 * `destinationRule(...).circuitBreaker(...)`), every argument checked as a config's are. Each
 * namespace is managed, so it adds its Namespace object: 2·N + 3·K resources.
 */
export function renderIntentConfig(services: number): string {
  return `// The DESIGN.md benchmark workload for ${services} services, with the intent builders; written by bench/generate.ts.
import { defineMesh, fromNamespaces, fromPrincipals, type NamespaceBuilder } from "@meshform/dsl";

const SERVICES = ${services};
const NAMESPACES = Math.max(1, Math.floor(SERVICES / 10));

export default defineMesh({}, (mesh) => {
  const namespaces: NamespaceBuilder[] = [];
  for (let k = 0; k < NAMESPACES; k += 1) {
    const ns = mesh.namespace(\`ns-\${k}\`, { dataplane: "sidecar" });
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
  for (let i = 0; i < SERVICES; i += 1) {
    const ns = namespaces[i % NAMESPACES]!;
    const name = \`svc-\${i}\`;
    const svc = ns.service(name, { ports: [9080] });
    ns.httpRoute(name)
      .attachTo(svc)
      .canary({ stable: ns.service(\`\${name}-v1\`, { ports: [9080] }), canary: ns.service(\`\${name}-v2\`, { ports: [9080] }), weight: 10 });
    ns.destinationRule(name, { host: svc }).circuitBreaker({ maxPendingRequests: 100, consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s", maxEjectionPercent: 50 });
  }
});
`;
}

/**
 * The JSON floor, plain JavaScript. Usage: `node floor.mjs <services> <out>`. Writes
 * `<out>/<namespace>/<kind>_<name>.json` for every resource.
 */
export function renderFloorScript(): string {
  const push = (kind: string, body: string): string => `resources.push({ apiVersion: "${API_VERSIONS[kind]}", kind: "${kind}", ...${body} });`;
  return `// The JSON floor of the generate benchmark, written by bench/generate.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const services = Number(process.argv[2]);
const out = process.argv[3];
const namespaces = Math.max(1, Math.floor(services / 10));
const resources = [];
for (let i = 0; i < services; i += 1) {
    const name = \`svc-\${i}\`;
    const namespace = \`ns-\${i % namespaces}\`;
    ${serviceObjects(push)}
}
for (let k = 0; k < namespaces; k += 1) {
    const namespace = \`ns-\${k}\`;
    ${namespaceObjects(push)}
}
for (let k = 0; k < namespaces; k += 1) mkdirSync(join(out, \`ns-\${k}\`), { recursive: true });
for (const resource of resources) {
  const file = join(out, resource.metadata.namespace, \`\${resource.kind.toLowerCase()}_\${resource.metadata.name}.json\`);
  writeFileSync(file, \`\${JSON.stringify(resource, null, 2)}\\n\`);
}
`;
}
