// Istio's "Mirroring" task, with the CORS policy and the retries of its VirtualService reference:
// httpbin v1 serves every request, a copy of each goes to v2 (replies dropped), browsers of one
// origin may call it, and failed attempts are retried.
import { defineMesh } from "@meshform/dsl";

export default defineMesh({ targets: { istio: "1.30.3" }, routeApi: "istio" }, (mesh) => {
  const httpbin = mesh.namespace("httpbin", { dataplane: "sidecar" });
  const service = httpbin.service("httpbin", { ports: [8000] });
  const versions = httpbin.destinationRule("httpbin", { host: service }).subset("v1", { version: "v1" }).subset("v2", { version: "v2" });

  httpbin
    .httpRoute("httpbin")
    .attachTo(service)
    .rule((r) =>
      r
        .to(versions.subsets.v1)
        .mirror(versions.subsets.v2, { percent: 100 })
        .cors({ allowOrigins: [{ exact: "https://example.com" }], allowMethods: ["GET", "POST"], allowHeaders: ["x-custom-header"], maxAge: "24h" })
        .retry({ attempts: 3, perTryTimeout: "2s", retryOn: ["gateway-error", "connect-failure", "refused-stream"] }),
    );
});
