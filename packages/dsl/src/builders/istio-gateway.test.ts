import { formatIssue } from "@meshform/diagnostics";
import { describe, expect, expectTypeOf, test } from "vitest";
import { defineMesh, type MeshBuilder } from "../mesh.js";
import { throughAdmission } from "./admission.testing.js";
import type { IstioRelease } from "../targets.js";
import { markedLines } from "../testing.js";
import type { IstioServerOptions } from "./istio-gateway.js";

const { file, lineOf } = markedLines(import.meta.url);

/** The mesh compiled for `istio`, through validation and analysis. */
function build(declare: (mesh: MeshBuilder) => void, istio: IstioRelease = "1.30.3") {
  return throughAdmission(declare, { targets: { istio } });
}

const RELEASES: readonly IstioRelease[] = ["1.24.6", "1.30.3"];

describe("istioGateway", () => {
  test.each(RELEASES)("writes an ingress Gateway with HTTPS from a Secret and an HTTP redirect, which Istio %s admits", (istio) => {
    const { resources, issues, validation, analysis } = build((mesh) => {
      const ingress = mesh.root.istioGateway("bookinfo-gateway", {
        selector: { istio: "ingressgateway" },
        servers: {
          https: { port: 443, protocol: "HTTPS", hosts: ["bookinfo.example.com", "reviews.example.com"], tls: { mode: "SIMPLE", credentialName: "bookinfo-cert", minProtocolVersion: "TLSV1_2" } },
          http: { port: 80, protocol: "HTTP", hosts: ["bookinfo.example.com", "reviews.example.com"], httpsRedirect: true },
        },
        labels: { team: "edge" },
      });
      expect(ingress).toMatchObject({ refType: "istioGateway", name: "bookinfo-gateway", namespace: "istio-system", servers: ["https", "http"], hosts: ["bookinfo.example.com", "reviews.example.com"], external: false });
    }, istio);
    expect(issues).toEqual([]);
    expect(validation).toEqual([]);
    expect(analysis).toEqual([]);
    expect(resources).toEqual([
      {
        apiVersion: "networking.istio.io/v1",
        kind: "Gateway",
        metadata: { name: "bookinfo-gateway", namespace: "istio-system", labels: { team: "edge" } },
        spec: {
          selector: { istio: "ingressgateway" },
          servers: [
            {
              port: { number: 443, name: "https", protocol: "HTTPS" },
              hosts: ["bookinfo.example.com", "reviews.example.com"],
              tls: { mode: "SIMPLE", credentialName: "bookinfo-cert", minProtocolVersion: "TLSV1_2" },
            },
            { port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["bookinfo.example.com", "reviews.example.com"], tls: { httpsRedirect: true } },
          ],
        },
      },
    ]);
  });

  test.each(RELEASES)("writes mutual TLS, passthrough, Istio mutual TLS and plain TCP servers, with a workload selector, which Istio %s admits", (istio) => {
    const { resources, issues, validation } = build((mesh) => {
      const gateways = mesh.namespace("edge");
      gateways.istioGateway("partners", {
        selector: gateways.workload({ app: "partner-gateway" }),
        servers: {
          mtls: { port: 443, protocol: "HTTPS", hosts: ["edge/api.partner.example"], tls: { mode: "MUTUAL", credentialName: "partner-cert", subjectAltNames: ["spiffe://partner/client"] } },
          passthrough: { port: 443, protocol: "TLS", hosts: ["*.legacy.example"], tls: { mode: "PASSTHROUGH" } },
          mesh: { port: 15443, protocol: "TLS", hosts: ["*.local"], tls: { mode: "AUTO_PASSTHROUGH" } },
          internal: { port: 8443, protocol: "HTTPS", hosts: ["./internal.example.com"], tls: { mode: "ISTIO_MUTUAL" } },
          db: { port: 5432, protocol: "TCP", hosts: ["*"] },
          grpc: { port: 8080, protocol: "GRPC", hosts: ["grpc.example.com"] },
          web: { port: 8080, protocol: "HTTP", hosts: ["web.example.com"] },
        },
      });
    }, istio);
    expect(issues).toEqual([]);
    expect(validation).toEqual([]);
    expect(resources.find((r) => r.kind === "Gateway")?.spec).toEqual({
      selector: { app: "partner-gateway" },
      servers: [
        { port: { number: 443, name: "mtls", protocol: "HTTPS" }, hosts: ["edge/api.partner.example"], tls: { mode: "MUTUAL", credentialName: "partner-cert", subjectAltNames: ["spiffe://partner/client"] } },
        { port: { number: 443, name: "passthrough", protocol: "TLS" }, hosts: ["*.legacy.example"], tls: { mode: "PASSTHROUGH" } },
        { port: { number: 15443, name: "mesh", protocol: "TLS" }, hosts: ["*.local"], tls: { mode: "AUTO_PASSTHROUGH" } },
        { port: { number: 8443, name: "internal", protocol: "HTTPS" }, hosts: ["./internal.example.com"], tls: { mode: "ISTIO_MUTUAL" } },
        { port: { number: 5432, name: "db", protocol: "TCP" }, hosts: ["*"] },
        { port: { number: 8080, name: "grpc", protocol: "GRPC" }, hosts: ["grpc.example.com"] },
        { port: { number: 8080, name: "web", protocol: "HTTP" }, hosts: ["web.example.com"] },
      ],
    });
  });

  test("is a target for mesh.patch", () => {
    const { resources, issues } = build((mesh) => {
      const ingress = mesh.root.istioGateway("ingress", { selector: { istio: "ingressgateway" }, servers: { http: { port: 80, protocol: "HTTP", hosts: ["*"] } } });
      mesh.patch(ingress, [{ op: "add", path: "/spec/servers/0/defaultEndpoint", value: "127.0.0.1:8080" }]);
    });
    expect(issues).toEqual([]);
    expect(resources[0]?.spec).toEqual({ selector: { istio: "ingressgateway" }, servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["*"], defaultEndpoint: "127.0.0.1:8080" }] });
  });
});

describe("istioGateway mistakes", () => {
  test("what Istio's webhook refuses does not type-check", () => {
    expectTypeOf<{ port: 443; protocol: "HTTPS"; hosts: ["a.example.com"] }>().not.toMatchTypeOf<IstioServerOptions>();
    expectTypeOf<{ port: 443; protocol: "HTTPS"; hosts: ["a.example.com"]; tls: { mode: "SIMPLE"; credentialName: "cert" } }>().toMatchTypeOf<IstioServerOptions>();
    expectTypeOf<{ port: 443; protocol: "HTTPS"; hosts: ["a.example.com"]; tls: { mode: "SIMPLE" } }>().not.toMatchTypeOf<IstioServerOptions>();
    expectTypeOf<{ port: 443; protocol: "HTTPS"; hosts: ["a.example.com"]; tls: { mode: "MUTUAL" } }>().not.toMatchTypeOf<IstioServerOptions>();
    expectTypeOf<{ port: 443; protocol: "TLS"; hosts: ["a.example.com"]; tls: { mode: "PASSTHROUGH"; credentialName: "cert" } }>().not.toMatchTypeOf<IstioServerOptions>();
    expectTypeOf<{ port: 443; protocol: "HTTPS"; hosts: ["a.example.com"]; tls: { mode: "ISTIO_MUTUAL"; credentialName: "cert" } }>().not.toMatchTypeOf<IstioServerOptions>();
    expectTypeOf<{ port: 443; protocol: "HTTPS"; hosts: ["a.example.com"]; tls: { mode: "AUTO_PASSTHROUGH" } }>().not.toMatchTypeOf<IstioServerOptions>();
    expectTypeOf<{ port: 443; protocol: "HTTPS"; hosts: ["a.example.com"]; tls: { mode: "SIMPLE"; credentialName: "cert" }; httpsRedirect: true }>().not.toMatchTypeOf<IstioServerOptions>();
    expectTypeOf<{ port: 80; protocol: "TCP"; hosts: ["a.example.com"]; httpsRedirect: true }>().not.toMatchTypeOf<IstioServerOptions>();
    expectTypeOf<{ port: 80; protocol: "HTTP"; hosts: ["a.example.com"]; tls: { mode: "SIMPLE"; credentialName: "cert" } }>().not.toMatchTypeOf<IstioServerOptions>();
    expectTypeOf<{ port: 80; protocol: "HTTP"; hosts: [] }>().not.toMatchTypeOf<IstioServerOptions>();
    defineMesh({}, (mesh) => {
      const ingress = mesh.root.istioGateway("ingress", { selector: { istio: "ingressgateway" }, servers: { http: { port: 80, protocol: "HTTP", hosts: ["*"] } } });
      expectTypeOf(ingress.servers).toEqualTypeOf<readonly "http"[]>();
      mesh.root.istioGateway("ingress-2", {
        selector: { istio: "ingressgateway" },
        // @ts-expect-error an HTTPS server needs its TLS settings
        servers: { https: { port: 443, protocol: "HTTPS", hosts: ["*"] } },
      });
    });
  });

  test("a config that defeats the types is reported at the line, in the options' words", () => {
    const { issues, resources } = build((mesh) => {
      const loose = mesh.root as unknown as { istioGateway(name: string, options: unknown): unknown };
      loose.istioGateway("no-tls", { selector: { istio: "ingressgateway" }, servers: { https: { port: 443, protocol: "HTTPS", hosts: ["a.example.com"] } } }); // no-tls
      loose.istioGateway("istio-mutual-cert", { selector: { istio: "ingressgateway" }, servers: { https: { port: 443, protocol: "HTTPS", hosts: ["a.example.com"], tls: { mode: "ISTIO_MUTUAL", credentialName: "cert" } } } }); // istio-mutual-cert
      loose.istioGateway("tcp-redirect", { selector: { istio: "ingressgateway" }, servers: { tcp: { port: 80, protocol: "TCP", hosts: ["a.example.com"], httpsRedirect: true } } }); // tcp-redirect
      loose.istioGateway("bad-name", { selector: { istio: "ingressgateway" }, servers: { Web_1: { port: 80, protocol: "HTTP", hosts: ["a.example.com"] } } }); // bad-server-name
    });
    expect(resources).toEqual([]);
    expect(issues.map(formatIssue)).toEqual([
      `${file}:${lineOf("no-tls")}:13 istioGateway() expects an object for options.servers.https.tls, got undefined`,
      `${file}:${lineOf("istio-mutual-cert")}:13 istioGateway() expects no credentialName with ISTIO_MUTUAL (Istio provides the workload certificate, and its webhook refuses another) for options.servers.https.tls.credentialName, got the string "cert"`,
      `${file}:${lineOf("tcp-redirect")}:13 istioGateway() expects no httpsRedirect (only a plain HTTP server redirects to HTTPS) for options.servers.tcp.httpsRedirect, got the boolean true`,
      `${file}:${lineOf("bad-server-name")}:13 istioGateway() got an invalid server name "Web_1" for options.servers: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });

  test("servers Istio would skip on a shared port are reported at the line and left out", () => {
    const { issues, resources, validation } = build((mesh) => {
      mesh.root.istioGateway("ingress", { // conflicts
        selector: { istio: "ingressgateway" },
        servers: {
          http: { port: 80, protocol: "HTTP", hosts: ["a.example.com"] },
          tcp: { port: 80, protocol: "TCP", hosts: ["b.example.com"] },
          https: { port: 80, protocol: "HTTPS", hosts: ["c.example.com"], tls: { mode: "SIMPLE", credentialName: "c-cert" } },
          "https-a": { port: 443, protocol: "HTTPS", hosts: ["a.example.com"], tls: { mode: "SIMPLE", credentialName: "a-cert" } },
          "https-a2": { port: 443, protocol: "HTTPS", hosts: ["*/a.example.com"], tls: { mode: "SIMPLE", credentialName: "a2-cert" } },
          short: { port: 8080, protocol: "HTTP", hosts: ["reviews"] },
        },
      });
    });
    expect(validation).toEqual([]);
    const at = `${file}:${lineOf("conflicts")}:17 networking.istio.io/v1/Gateway istio-system/ingress`;
    expect(issues.map((issue) => `${issue.code} ${formatIssue(issue)}`)).toEqual([
      `SERVER_CONFLICT ${at} spec.servers[1]: server "tcp" (TCP) and server "http" (HTTP) share a port, and Istio merges plain-text servers only when all speak HTTP: it skips the later one (give the server a port of its own, or make the servers on the port all plain HTTP, or all TLS with distinct hosts)`,
      `SERVER_CONFLICT ${at} spec.servers[1]: server "https" (HTTPS) and server "http" (HTTP) share a port, and Istio does not mix plain text and TLS on one port: it skips the later one (give the server a port of its own, or make the servers on the port all plain HTTP, or all TLS with distinct hosts)`,
      `SERVER_CONFLICT ${at} spec.servers[2]: server "https-a2" and server "https-a" both serve */a.example.com on one port, which Istio tells apart only by host: it skips the later one (give the server a port of its own, or make the servers on the port all plain HTTP, or all TLS with distinct hosts)`,
      `INVALID_OPTION ${at} spec.servers[2].hosts[0]: server "short" lists the host "reviews": short names (non FQDN) are not allowed (write a fully qualified name ("bookinfo.example.com"), a wildcard ("*.example.com", "*"), optionally after "<namespace>/")`,
    ]);
    expect((resources[0]?.spec as { servers: { port: { name: string } }[] }).servers.map((s) => s.port.name)).toEqual(["http", "https-a"]);
  });

  test("a Gateway name with a dot, which Istio refuses (a DNS-1123 label), is reported at the line and nothing is written", () => {
    const { issues, resources } = build((mesh) => {
      mesh.root.istioGateway("ingress.example", { selector: { istio: "ingressgateway" }, servers: { http: { port: 80, protocol: "HTTP", hosts: ["*"] } } }); // dotted
    });
    expect(issues.map((issue) => `${issue.code} ${formatIssue(issue)}`)).toEqual([
      `INVALID_NAME ${file}:${lineOf("dotted")}:17 istioGateway() got an invalid Gateway name "ingress.example": must not contain dots`,
    ]);
    expect(resources).toEqual([]);
  });
});
