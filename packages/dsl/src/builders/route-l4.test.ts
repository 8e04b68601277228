import { describe, expect, it } from "vitest";
import { formatIssue } from "@meshform/diagnostics";
import type { MeshBuilder } from "../mesh.js";
import { throughAdmission } from "./admission.testing.js";
import { markedLines } from "../testing.js";

const { file, lineOf } = markedLines(import.meta.url);
const VS = "networking.istio.io/v1/VirtualService";

/** The mesh compiled, through validation and analysis. */
const build = (declare: (mesh: MeshBuilder) => void) => throughAdmission(declare);

describe("tcpRoute", () => {
  it("shifts TCP traffic between subsets by weight (Istio's TCP traffic shifting task), in the mesh and at an Istio Gateway", () => {
    const { resources, issues, validation } = build((mesh) => {
      const app = mesh.namespace("istio-io-tcp-traffic-shifting", { managed: false });
      const tcpEcho = app.service("tcp-echo", { ports: [9000, 9001] });
      const echo = app.destinationRule("tcp-echo", { host: tcpEcho }).subset("v1", { version: "v1" }).subset("v2", { version: "v2" });
      const gateway = app.externalIstioGateway("tcp-echo-gateway", { hosts: ["*"] });
      app.tcpRoute("tcp-echo").attachTo(tcpEcho).rule((r) => r.match({ port: 9000 }).to(echo.subsets.v1, { port: 9000, weight: 80 }).to(echo.subsets.v2, { port: 9000, weight: 20 }));
      app.tcpRoute("tcp-echo-edge").attachTo(gateway).rule((r) => r.match({ port: 31400 }).to(tcpEcho, { port: 9000 }));
    });
    expect(issues).toEqual([]);
    expect(validation).toEqual([]);
    const spec = (name: string) => resources.find((r) => r.kind === "VirtualService" && r.metadata.name === name)?.spec;
    expect(spec("tcp-echo")).toEqual({
      hosts: ["tcp-echo"],
      tcp: [
        {
          match: [{ port: 9000 }],
          route: [
            { destination: { host: "tcp-echo.istio-io-tcp-traffic-shifting.svc.cluster.local", subset: "v1", port: { number: 9000 } }, weight: 80 },
            { destination: { host: "tcp-echo.istio-io-tcp-traffic-shifting.svc.cluster.local", subset: "v2", port: { number: 9000 } }, weight: 20 },
          ],
        },
      ],
    });
    expect(spec("tcp-echo-edge")).toEqual({
      hosts: ["*"],
      gateways: ["tcp-echo-gateway"],
      tcp: [{ match: [{ port: 31400 }], route: [{ destination: { host: "tcp-echo.istio-io-tcp-traffic-shifting.svc.cluster.local", port: { number: 9000 } } }] }],
    });
  });

  it("narrows a rule to gateways, client labels and the Service port the route attaches with", () => {
    const { resources, issues, validation } = build((mesh) => {
      const app = mesh.namespace("db", { managed: false });
      const postgres = app.service("postgres", { ports: [5432] });
      const gateway = mesh.root.externalIstioGateway("ingress", { hosts: ["*/postgres.db.svc.cluster.local"] });
      app.tcpRoute("postgres").attachTo(postgres, { port: 5432 }).attachTo(gateway).rule((r) => r.match({ sourceLabels: { app: "reporting" }, gateways: ["mesh"] }).match({ gateways: [gateway] }).to(postgres));
    });
    expect(issues).toEqual([]);
    expect(validation).toEqual([]);
    expect(resources[0]?.spec).toEqual({
      hosts: ["postgres"],
      gateways: ["istio-system/ingress", "mesh"],
      tcp: [
        {
          match: [
            { sourceLabels: { app: "reporting" }, gateways: ["mesh"], port: 5432 },
            { gateways: ["istio-system/ingress"], port: 5432 },
          ],
          route: [{ destination: { host: "postgres.db.svc.cluster.local", port: { number: 5432 } } }],
        },
      ],
    });
  });

  it("refuses a Gateway API Gateway: a VirtualService binds to Istio Gateways only", () => {
    const { reported } = build((mesh) => {
      const app = mesh.namespace("db", { managed: false });
      const gateway = app.gateway("edge", { listeners: { tcp: { port: 5432, protocol: "TCP" } } });
      app.tcpRoute("postgres").attachTo(gateway).rule((r) => r.to(app.service("postgres", { ports: [5432] }))); // gateway-api-gateway
    });
    expect(reported).toEqual([
      `${file}:${lineOf("gateway-api-gateway")}:32 ${VS} db/postgres spec.gateways: Istio's API cannot bind a VirtualService to the Gateway API Gateway db/edge: Istio binds VirtualServices to Istio (networking.istio.io) Gateways only (write this route in the Gateway API (api: "gateway-api"), or bind it to an Istio Gateway (ns.istioGateway(...)))`,
    ]);
  });
});

describe("tlsRoute", () => {
  it("forwards TLS by SNI at a gateway in passthrough, the hosts taken from the SNI hosts", () => {
    const { resources, issues, validation } = build((mesh) => {
      const app = mesh.namespace("default", { managed: false });
      const nginx = app.service("my-nginx", { ports: [443] });
      const gateway = app.externalIstioGateway("mygateway", { hosts: ["nginx.example.com"] });
      app.tlsRoute("nginx").attachTo(gateway).rule((r) => r.match({ port: 443, sniHosts: ["nginx.example.com"] }).to(nginx));
    });
    expect(issues).toEqual([]);
    expect(validation).toEqual([]);
    expect(resources[0]?.spec).toEqual({
      hosts: ["nginx.example.com"],
      gateways: ["mygateway"],
      tls: [{ match: [{ port: 443, sniHosts: ["nginx.example.com"] }], route: [{ destination: { host: "my-nginx.default.svc.cluster.local", port: { number: 443 } } }] }],
    });
  });

  it("splits by weight between Services and subsets", () => {
    const { resources, issues, validation } = build((mesh) => {
      const app = mesh.namespace("shop", { managed: false });
      const api = app.service("api", { ports: [443] });
      const { v2 } = app.externalSubsets(api, ["v1", "v2"]);
      app.tlsRoute("api", { hostnames: ["*.shop.example.com"] }).rule((r) => r.match({ sniHosts: ["api.shop.example.com"] }).to(api, { weight: 9 }).to(v2, { weight: 1 }));
    });
    expect(issues).toEqual([]);
    expect(validation).toEqual([]);
    expect(resources[0]?.spec).toEqual({
      hosts: ["*.shop.example.com"],
      tls: [
        {
          match: [{ sniHosts: ["api.shop.example.com"] }],
          route: [
            { destination: { host: "api.shop.svc.cluster.local", port: { number: 443 } }, weight: 9 },
            { destination: { host: "api.shop.svc.cluster.local", subset: "v2", port: { number: 443 } }, weight: 1 },
          ],
        },
      ],
    });
  });

  it("reports an SNI host outside the route's hosts, as Istio's admission refuses it, and a rule without a match", () => {
    const { resources, reported } = build((mesh) => {
      const app = mesh.namespace("shop", { managed: false });
      const api = app.service("api", { ports: [443] });
      app.tlsRoute("api", { hostnames: ["*.shop.example.com"] })
        .rule((r) => r.match({ sniHosts: ["api.shop.example.com", "api.shop.example.org"] }).to(api)) // outside
        .rule((r) => r.to(api)); // no-match
    });
    expect(reported).toEqual([
      `${file}:${lineOf("outside")}:24 ${VS} shop/api spec.tls[0].match[0].sniHosts[1]: SNI host "api.shop.example.org" is not a compatible subset of any of the virtual service hosts: [*.shop.example.com] (match SNI hosts within the route's hostnames, or add the host with hostnames(...))`,
      `${file}:${lineOf("no-match")}:10 ${VS} shop/api spec.tls[1].match: a TLS rule needs a match on SNI hosts (call r.match({ sniHosts: ["host.example.com"] }))`,
    ]);
    expect(resources[0]?.spec).toEqual({
      hosts: ["*.shop.example.com"],
      tls: [{ match: [{ sniHosts: ["api.shop.example.com"] }], route: [{ destination: { host: "api.shop.svc.cluster.local", port: { number: 443 } } }] }],
    });
  });
});
