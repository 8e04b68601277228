// Istio's "Secure Gateways" task: one Istio ingress Gateway terminates HTTPS for two hosts with the
// certificate of a Secret (credentialName), redirects plain HTTP to HTTPS, and routes each host to
// its own application.
import { defineMesh } from "@meshform/dsl";

export default defineMesh({ targets: { istio: "1.30.3" }, routeApi: "istio" }, (mesh) => {
  const hosts = ["httpbin.example.com", "helloworld.example.com"] as const;
  const ingress = mesh.root.istioGateway("mygateway", {
    selector: { istio: "ingressgateway" },
    servers: {
      https: { port: 443, protocol: "HTTPS", hosts: [...hosts], tls: { mode: "SIMPLE", credentialName: "example-credential" } },
      http: { port: 80, protocol: "HTTP", hosts: [...hosts], httpsRedirect: true },
    },
  });

  const httpbin = mesh.namespace("httpbin", { dataplane: "sidecar" });
  const httpbinService = httpbin.service("httpbin", { ports: [8000] });
  httpbin
    .httpRoute("httpbin", { hostnames: ["httpbin.example.com"] })
    .attachTo(ingress)
    .rule((r) => r.match({ path: "/status" }).match({ path: "/delay" }).to(httpbinService));

  const helloworld = mesh.namespace("helloworld", { dataplane: "sidecar" });
  helloworld
    .httpRoute("helloworld", { hostnames: ["helloworld.example.com"] })
    .attachTo(ingress)
    .rule((r) => r.match({ path: { exact: "/hello" } }).to(helloworld.service("helloworld", { ports: [5000] })));
});
