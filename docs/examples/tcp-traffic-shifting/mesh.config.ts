// Istio's "TCP Traffic Shifting" task: TCP traffic that enters through an Istio ingress Gateway
// on port 31400 goes 80 % to tcp-echo v1 and 20 % to v2, subsets of one Service.
import { defineMesh } from "@meshform/dsl";

export default defineMesh({ targets: { istio: "1.30.3" } }, (mesh) => {
  const ingress = mesh.root.istioGateway("tcp-echo-gateway", {
    selector: { istio: "ingressgateway" },
    servers: { tcp: { port: 31400, protocol: "TCP", hosts: ["*"] } },
  });

  const echo = mesh.namespace("istio-io-tcp-traffic-shifting", { dataplane: "sidecar" });
  const tcpEcho = echo.service("tcp-echo", { ports: [9000] });
  const versions = echo.destinationRule("tcp-echo", { host: tcpEcho }).subset("v1", { version: "v1" }).subset("v2", { version: "v2" });

  echo
    .tcpRoute("tcp-echo")
    .attachTo(ingress)
    .rule((r) => r.match({ port: 31400 }).to(versions.subsets.v1, { weight: 80 }).to(versions.subsets.v2, { weight: 20 }));
});
