import { describe, expect, it } from "vitest";
import { compile } from "../compile.js";
import { defineMesh, type MeshBuilder } from "../mesh.js";

function build(declare: (mesh: MeshBuilder) => void) {
  return compile(defineMesh({}, declare).model);
}

describe("grpcRoute", () => {
  it("matches services and methods on a gateway listener and splits by weight", () => {
    const { resources, issues } = build((mesh) => {
      const gateway = mesh.root.gateway("grpc-gateway", { listeners: { grpc: { port: 50051, protocol: "HTTP", allowedRoutes: "All" } } });
      const app = mesh.namespace("greeter", { managed: false });
      const [v1, v2] = [app.service("greeter-v1", { ports: [50051] }), app.service("greeter-v2", { ports: [50051] })];
      app.grpcRoute("greeter", { hostnames: ["grpc.example.com"] })
        .attachTo(gateway, { sectionName: "grpc" })
        .rule((r) =>
          r.match({ service: "helloworld.Greeter", method: "SayHello" })
            .match({ method: "Say.*", type: "RegularExpression", headers: { "x-tenant": "blue" } })
            .requestHeaders({ set: { "x-routed-by": "meshform" } })
            .to(v1, { weight: 90 })
            .to(v2, { weight: 10 }),
        )
        .rule((r) => r.match({ headers: { "x-debug": { regex: ".+" } } }).to(v1).mirror(v2, { percent: 10 }).responseHeaders({ remove: ["x-internal"] }));
    });
    expect(issues).toEqual([]);
    expect(resources.filter((r) => r.kind === "GRPCRoute")).toEqual([
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "GRPCRoute",
        metadata: { name: "greeter", namespace: "greeter" },
        spec: {
          parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "grpc-gateway", namespace: "istio-system", sectionName: "grpc" }],
          hostnames: ["grpc.example.com"],
          rules: [
            {
              matches: [
                { method: { type: "Exact", service: "helloworld.Greeter", method: "SayHello" } },
                { method: { type: "RegularExpression", method: "Say.*" }, headers: [{ type: "Exact", name: "x-tenant", value: "blue" }] },
              ],
              filters: [{ type: "RequestHeaderModifier", requestHeaderModifier: { set: [{ name: "x-routed-by", value: "meshform" }] } }],
              backendRefs: [{ name: "greeter-v1", port: 50051, weight: 90 }, { name: "greeter-v2", port: 50051, weight: 10 }],
            },
            {
              matches: [{ headers: [{ type: "RegularExpression", name: "x-debug", value: ".+" }] }],
              filters: [
                { type: "RequestMirror", requestMirror: { backendRef: { name: "greeter-v2", port: 50051 }, percent: 10 } },
                { type: "ResponseHeaderModifier", responseHeaderModifier: { remove: ["x-internal"] } },
              ],
              backendRefs: [{ name: "greeter-v1", port: 50051 }],
            },
          ],
        },
      },
    ]);
  });

  it("routes mesh traffic to a Service with a canary", () => {
    const { resources, issues } = build((mesh) => {
      const app = mesh.namespace("greeter", { managed: false });
      app.grpcRoute("greeter-canary")
        .attachTo(app.service("greeter", { ports: [50051] }))
        .canary({ stable: app.service("greeter-v1", { ports: [50051] }), canary: app.service("greeter-v2", { ports: [50051] }), weight: 25 });
    });
    expect(issues).toEqual([]);
    expect(resources).toEqual([
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "GRPCRoute",
        metadata: { name: "greeter-canary", namespace: "greeter" },
        spec: {
          parentRefs: [{ group: "", kind: "Service", name: "greeter" }],
          rules: [{ backendRefs: [{ name: "greeter-v1", port: 50051, weight: 75 }, { name: "greeter-v2", port: 50051, weight: 25 }] }],
        },
      },
    ]);
  });
});
