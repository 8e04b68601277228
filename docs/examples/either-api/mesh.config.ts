// One HTTP route, written once, generated in both APIs: the namespace shop-gateway-api gets an
// HTTPRoute, the namespace shop-istio a VirtualService. Moving a mesh from one API to the other is
// flipping `routeApi` (here per namespace; also per route, or mesh-wide) and reviewing the diff.
import { defineMesh, type NamespaceBuilder, type RouteApi } from "@meshform/dsl";

function shop(mesh: { namespace(name: string, options: { dataplane: "sidecar"; routeApi: RouteApi }): NamespaceBuilder }, name: string, routeApi: RouteApi): void {
  const ns = mesh.namespace(name, { dataplane: "sidecar", routeApi });
  const web = ns.service("web", { ports: [8080] });
  const stable = ns.service("web-v1", { ports: [8080] });
  const canary = ns.service("web-v2", { ports: [8080] });
  ns.httpRoute("web")
    .attachTo(web)
    .rule((r) =>
      r
        .match({ path: "/api", headers: { "x-beta": "true" } })
        .rewrite({ path: { prefix: "/" } })
        .to(canary)
        .requestHeaders({ set: { "x-route": "beta" } })
        .timeouts({ request: "10s" })
        .retry({ attempts: 2, codes: [503] }),
    )
    .rule((r) => r.match({ path: { exact: "/old" } }).redirect({ path: { full: "/api" }, statusCode: 301 }))
    .rule((r) => r.match({ path: "/" }).canary({ stable, canary, weight: 10 }).mirror(canary, { percent: 5 }));
}

export default defineMesh({ targets: { istio: "1.30.3", gatewayApi: { release: "v1.6.1", channel: "experimental" } } }, (mesh) => {
  shop(mesh, "shop-gateway-api", "gateway-api");
  shop(mesh, "shop-istio", "istio");
});
