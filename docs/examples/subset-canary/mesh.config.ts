// Istio's "Traffic Shifting" task: half of the traffic for reviews goes to version v3, half stays
// on v1. One Service, its versions as subsets of a DestinationRule, split by a VirtualService.
import { defineMesh } from "@meshform/dsl";

export default defineMesh({ targets: { istio: "1.30.3" }, routeApi: "istio" }, (mesh) => {
  const bookinfo = mesh.namespace("bookinfo", { dataplane: "sidecar" });
  const reviews = bookinfo.service("reviews", { ports: [9080] });

  const versions = bookinfo
    .destinationRule("reviews", { host: reviews })
    .subset("v1", { version: "v1" })
    .subset("v2", { version: "v2" })
    .subset("v3", { version: "v3" });

  // Move the weight to 100 once v3 is trusted; a subset name that the rule lacks does not compile.
  bookinfo.httpRoute("reviews").attachTo(reviews).canary({ stable: versions.subsets.v1, canary: versions.subsets.v3, weight: 50 });
});
