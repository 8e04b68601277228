/**
 * The example mesh: the scenario of the Alibaba Cloud Service Mesh guide (an ingress gateway, an
 * ambient waypoint, a canary split, an external service behind a circuit breaker, strict mTLS,
 * JWT authorization at the gateway, telemetry), written with meshform's builders.
 *
 * Where the guide's YAML disagrees with the upstream schemas or with how Istio behaves, this
 * config follows Istio; docs/example.md lists each correction and why.
 */
import { defineMesh } from "@meshform/dsl";

const GOOGLE = "https://accounts.google.com";

export default defineMesh(
  {
    targets: { istio: "1.30.3", gatewayApi: { release: "v1.6.1", channel: "standard" } },
    rootNamespace: "istio-system",
    output: { argocd: { repoURL: "https://git.example.com/platform/mesh.git", revision: "main", path: "generated" } },
  },
  (mesh) => {
    const istioSystem = mesh.root;

    // North-south: the ingress gateway, listening on port 80, open to routes from every namespace.
    const gateway = istioSystem.gateway("prod-gateway", {
      listeners: { http: { port: 80, protocol: "HTTP", allowedRoutes: "All" } },
    });

    // East-west: the default namespace in ambient mode, its traffic through a waypoint.
    const app = mesh.namespace("default", { dataplane: "ambient" });
    app.useWaypoint(app.waypoint("waypoint"));

    // Canary: 90% of the traffic for reviews-svc to reviews-v1, 10% to reviews-v2. A mesh route
    // lives in its Service's namespace, where the waypoint applies it.
    const reviews = app.service("reviews-svc", { ports: [9080] });
    const reviewsV1 = app.service("reviews-v1", { ports: [9080] });
    const reviewsV2 = app.service("reviews-v2", { ports: [9080] });
    app.httpRoute("internal-canary-route").attachTo(reviews).canary({ stable: reviewsV1, canary: reviewsV2, weight: 10 });

    // The external API behind a circuit breaker. The proxy originates TLS, so it sees HTTP
    // requests and the pending-request limit and 5xx ejection can act. The callers in default run
    // in ambient mode, where ztunnel applies no traffic policy: the ServiceEntry uses an egress
    // waypoint, which applies it (Istio's ambient egress pattern).
    const egressWaypoint = istioSystem.waypoint("egress-waypoint");
    const externalApi = istioSystem
      .externalService("external-svc-se", {
        hosts: ["api.external.com"],
        ports: [{ number: 80, protocol: "HTTP", targetPort: 443 }],
        resolution: "DNS",
        destinationRuleName: "external-svc-dr",
        waypoint: egressWaypoint,
      })
      .tlsOrigination()
      .circuitBreaker({ maxPendingRequests: 1, consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m" });
    mesh.suppress("DESTINATION_RULE_CA_CERTIFICATES_MISSING", {
      resource: externalApi.destinationRules[0],
      reason: "api.external.com presents a certificate of a public CA, which the system's CA bundle verifies",
    });

    // Zero trust: strict mTLS mesh-wide, and a valid Google-issued JWT at the gateway.
    mesh.mtls("STRICT");
    istioSystem.requireJwt(gateway, {
      name: "gateway-auth",
      issuer: GOOGLE,
      jwksUri: "https://www.googleapis.com/oauth2/v3/certs",
      claims: { iss: GOOGLE },
    });

    // Observability at the gateway: error access logs, a zone tag on request counts, full tracing.
    istioSystem.telemetry("gateway-observability", {
      target: gateway,
      accessLogging: [{ providers: ["envoy"], filter: { expression: "response.code >= 400" } }],
      metrics: [
        {
          providers: ["prometheus"],
          overrides: [{ match: { metric: "REQUEST_COUNT" }, tagOverrides: { gateway_zone: { value: "'china-shanghai-1'" } } }],
        },
      ],
      tracing: [
        {
          providers: ["opentelemetry"],
          randomSamplingPercentage: 100,
          customTags: { environment: { literal: { value: "production-canary" } } },
        },
      ],
    });
  },
);
