// One mesh for three environments. dev, staging and prod run the same shop behind one ingress
// gateway; what differs is plain TypeScript over `env`: the hostname, the canary's weight, the
// Istio release each environment runs, and a payments namespace that only prod has. prod spans two
// clusters, one registered in Argo CD by its API server's URL, the other by its cluster name, and
// payments runs on one of them only. Each environment gets its own ApplicationSet.
import { defineMesh } from "@meshform/dsl";

/** The share of the storefront's traffic that goes to the new version, per environment. */
const CANARY_WEIGHT = { dev: 50, staging: 20, prod: 5 } as const;

export default defineMesh(
  {
    // What every environment targets unless it says otherwise.
    targets: { istio: "1.30.3", gatewayApi: { release: "v1.6.1", channel: "standard" } },
    environments: {
      // dev deploys to the cluster Argo CD runs in (output.argocd's default destination).
      dev: {},
      staging: { destination: { server: "https://staging.example.com:6443" } },
      // prod still runs Istio 1.24: its output is checked against that release.
      prod: {
        targets: { istio: "1.24.6" },
        clusters: {
          east: { server: "https://east.example.com:6443" },
          west: { name: "prod-west" },
        },
      },
    },
    output: {
      argocd: { repoURL: "https://git.example.com/platform/platform.git", revision: "main", path: "docs/examples/environments/generated" },
    },
  },
  (mesh, env) => {
    mesh.mtls("STRICT");

    const gateway = mesh.root.gateway("ingress", {
      listeners: { http: { port: 80, protocol: "HTTP", allowedRoutes: "All" } },
    });

    const shop = mesh.namespace("shop", { dataplane: "ambient" });
    shop.useWaypoint(shop.waypoint("waypoint"));
    const v1 = shop.service("storefront-v1", { ports: [8080] });
    const v2 = shop.service("storefront-v2", { ports: [8080] });

    // shop.example.com in prod, shop.dev.example.com and shop.staging.example.com elsewhere.
    const host = env.name === "prod" ? "shop.example.com" : `shop.${env.name}.example.com`;
    shop
      .httpRoute("storefront", { hostnames: [host] })
      .attachTo(gateway, { sectionName: "http" })
      .canary({ stable: v1, canary: v2, weight: CANARY_WEIGHT[env.name] });

    // Payments exists in prod only, and there on the east cluster only: its folder, its Namespace
    // object and its policy are in generated/prod/east/ and nowhere else.
    if (env.name === "prod") {
      const payments = mesh.namespace("payments", { dataplane: "ambient", clusters: ["east"] });
      const ledger = payments.service("ledger", { ports: [8080] });
      payments
        .destinationRule("ledger", { host: ledger })
        .circuitBreaker({ maxPendingRequests: 100, consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s" });
    }
  },
);
