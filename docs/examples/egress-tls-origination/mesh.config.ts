// Istio's "Egress Gateways with TLS Origination" task: the app calls http://edition.cnn.com, its
// sidecar sends the request to the egress gateway over Istio mutual TLS, and the gateway opens TLS
// to port 443 of the host. One intent writes the ServiceEntry, the egress Gateway, the
// VirtualService and the DestinationRules, so that they cannot disagree.
import { defineMesh } from "@meshform/dsl";

export default defineMesh({ targets: { istio: "1.30.3" } }, (mesh) => {
  mesh.mtls("STRICT");
  const shop = mesh.namespace("shop", { dataplane: "sidecar" });
  const cnn = shop.egress("cnn", { host: "edition.cnn.com", port: 80, tlsOrigination: { port: 443 } });
  // The gateway verifies edition.cnn.com against the system's CA bundle, right for a public CA.
  mesh.suppress("DESTINATION_RULE_PORT_CA_CERTIFICATES_MISSING", { resource: cnn.tlsOriginationDestinationRule, reason: "edition.cnn.com presents a certificate of a public CA" });
});
