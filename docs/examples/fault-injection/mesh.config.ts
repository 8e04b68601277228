// Istio's "Fault Injection" task: the user jason gets a 7 s delay from ratings and an HTTP 500
// from details, chosen by the end-user header that productpage forwards; everyone else is served.
import { defineMesh } from "@meshform/dsl";

export default defineMesh({ targets: { istio: "1.30.3" }, routeApi: "istio" }, (mesh) => {
  const bookinfo = mesh.namespace("bookinfo", { dataplane: "sidecar" });
  const jason = { headers: { "end-user": "jason" } };

  const ratings = bookinfo.service("ratings", { ports: [9080] });
  const ratingsVersions = bookinfo.destinationRule("ratings", { host: ratings }).subset("v1", { version: "v1" });
  bookinfo
    .httpRoute("ratings")
    .attachTo(ratings)
    .rule((r) => r.match(jason).fault({ delay: { fixed: "7s", percent: 100 } }).to(ratingsVersions.subsets.v1))
    .rule((r) => r.to(ratingsVersions.subsets.v1));

  const details = bookinfo.service("details", { ports: [9080] });
  const detailsVersions = bookinfo.destinationRule("details", { host: details }).subset("v1", { version: "v1" });
  bookinfo
    .httpRoute("details")
    .attachTo(details)
    .rule((r) => r.match(jason).fault({ abort: { httpStatus: 500, percent: 100 } }).to(detailsVersions.subsets.v1))
    .rule((r) => r.to(detailsVersions.subsets.v1));
});
