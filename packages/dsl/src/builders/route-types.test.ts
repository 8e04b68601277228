import { describe, expect, it } from "vitest";
import type { MeshBuilder } from "../mesh.js";

/**
 * What must not compile. tsc checks this function (each `@ts-expect-error` fails the type check
 * if the line below it compiles); it never runs.
 */
function mistakes(mesh: MeshBuilder): void {
  const app = mesh.namespace("shop", { managed: false });
  const gateway = mesh.root.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP" }, https: { port: 443, protocol: "HTTPS" } } });
  const api = app.service("api", { ports: [8080] });
  const twoPorts = app.service("web", { ports: [80, 443] });
  const portless = app.service("legacy");
  const route = app.httpRoute("api");

  // @ts-expect-error: "grpc" is not a listener of this gateway
  route.attachTo(gateway, { sectionName: "grpc" });
  // @ts-expect-error: a parent is a reference a builder returned, not a name
  route.attachTo("edge");
  // @ts-expect-error: the Service has no port 9090
  route.attachTo(app.service("api", { ports: [8080] }), { port: 9090 });
  // @ts-expect-error: a Service has no listeners
  route.attachTo(api, { sectionName: "http" });

  route.rule((r) => {
    // @ts-expect-error: a backend is a ServiceRef, not a name
    r.to("api", { port: 8080 });
    // @ts-expect-error: a Gateway is not a backend
    r.to(gateway, { port: 80 });
    // @ts-expect-error: the Service knows no port, so one must be given
    r.to(portless);
    // @ts-expect-error: with two ports, which one must be said
    r.to(twoPorts);
    // @ts-expect-error: 8081 is not a port of the Service
    r.to(api, { port: 8081 });
    // @ts-expect-error: FETCH is not an HTTP method
    r.match({ method: "FETCH" });
    // @ts-expect-error: Exact and PathPrefix paths are absolute
    r.match({ path: "reviews" });
    // @ts-expect-error: "10 seconds" is not a Gateway API duration
    r.timeouts({ request: "10 seconds" });
    // @ts-expect-error: retries are for error responses, 400 to 599
    r.retry({ codes: [200] });
  });

  // @ts-expect-error: a rule that forwards cannot also redirect
  route.rule((r) => r.to(api).redirect({ scheme: "https" }));
  // @ts-expect-error: a rule that redirects cannot also forward
  route.rule((r) => r.redirect({ scheme: "https" }).to(api));
  // @ts-expect-error: a rule that rewrites cannot also redirect
  route.rule((r) => r.rewrite({ hostname: "api.internal" }).redirect({ scheme: "https" }));
  // @ts-expect-error: a canary sets all of the rule's backends
  route.rule((r) => r.to(api).canary({ stable: api, canary: api, weight: 10 }));
  // @ts-expect-error: a canary weight is a whole percentage
  route.canary({ stable: api, canary: api, weight: 150 });
  // @ts-expect-error: the canary's versions know no port, so one must be given
  route.canary({ stable: portless, canary: app.service("legacy-v2"), weight: 10 });
  // @ts-expect-error: a redirect status is one of 301, 302, 303, 307, 308
  route.rule((r) => r.redirect({ statusCode: 200 }));

  const grpc = app.grpcRoute("greeter");
  // @ts-expect-error: Prefix is not a gRPC method match type
  grpc.rule((r) => r.match({ service: "helloworld.Greeter", type: "Prefix" }));
  // @ts-expect-error: GRPCRoute has no redirect
  grpc.rule((r) => r.redirect({ scheme: "https" }));
  // @ts-expect-error: a grant names routes and Services by reference
  app.referenceGrant("g", { from: ["shop/api"], to: [api] });
}

describe("route types", () => {
  it("are checked by tsc (see mistakes above)", () => {
    expect(mistakes).toBeTypeOf("function");
  });
});
