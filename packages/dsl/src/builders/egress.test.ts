import { formatIssue } from "@meshform/diagnostics";
import { describe, expect, expectTypeOf, test } from "vitest";
import type { MeshBuilder } from "../mesh.js";
import { throughAdmission } from "./admission.testing.js";
import type { IstioRelease } from "../targets.js";
import { markedLines } from "../testing.js";
import type { EgressOptions } from "./egress.js";
import type { ResourceRef } from "../refs.js";

const { file, lineOf } = markedLines(import.meta.url);

/** The mesh compiled for `istio`, through validation and analysis. */
function build(declare: (mesh: MeshBuilder) => void, istio: IstioRelease = "1.30.3") {
  return throughAdmission(declare, { targets: { istio } });
}

const RELEASES: readonly IstioRelease[] = ["1.24.6", "1.30.3"];
const GATEWAY_HOST = "istio-egressgateway.istio-system.svc.cluster.local";
const meta = (name: string) => ({ name, namespace: "bookinfo" });

describe("egress", () => {
  test.each(RELEASES)("sends plain HTTP through Istio's default egress gateway, as Istio's task does, admitted by Istio %s", (istio) => {
    const { resources, issues, validation, analysis, model } = build((mesh) => {
      mesh.namespace("bookinfo", { managed: false }).egress("cnn", { host: "edition.cnn.com" });
    }, istio);
    expect(issues).toEqual([]);
    expect(validation).toEqual([]);
    expect(analysis).toEqual([]);
    expect(model.externals.services).toEqual(["istio-system/istio-egressgateway"]);
    expect(resources).toEqual([
      { apiVersion: "networking.istio.io/v1", kind: "DestinationRule", metadata: meta("istio-egressgateway"), spec: { host: GATEWAY_HOST, subsets: [{ name: "cnn" }] } },
      {
        apiVersion: "networking.istio.io/v1",
        kind: "Gateway",
        metadata: meta("cnn-egressgateway"),
        spec: { selector: { istio: "egressgateway" }, servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["edition.cnn.com"] }] },
      },
      {
        apiVersion: "networking.istio.io/v1",
        kind: "ServiceEntry",
        metadata: meta("cnn"),
        spec: { hosts: ["edition.cnn.com"], ports: [{ number: 80, name: "http", protocol: "HTTP" }], resolution: "DNS" },
      },
      {
        apiVersion: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata: meta("direct-cnn-through-egress-gateway"),
        spec: {
          hosts: ["edition.cnn.com"],
          gateways: ["cnn-egressgateway", "mesh"],
          http: [
            { match: [{ gateways: ["mesh"], port: 80 }], route: [{ destination: { host: GATEWAY_HOST, subset: "cnn", port: { number: 80 } } }] },
            { match: [{ gateways: ["cnn-egressgateway"], port: 80 }], route: [{ destination: { host: "edition.cnn.com", port: { number: 80 } } }] },
          ],
        },
      },
    ]);
  });

  test.each(RELEASES)("originates TLS at the egress gateway, sidecars reaching it over Istio mutual TLS, admitted by Istio %s", (istio) => {
    const { resources, issues, validation, analysis } = build((mesh) => {
      const app = mesh.namespace("bookinfo", { managed: false });
      const refs = app.egress("cnn", { host: "edition.cnn.com", port: 80, tlsOrigination: { port: 443 } });
      expect(refs.tlsOriginationDestinationRule?.draftKey).toEqual({ group: "networking.istio.io", kind: "DestinationRule", namespace: "bookinfo", name: "originate-tls-for-cnn" });
    }, istio);
    expect(issues).toEqual([]);
    expect(validation).toEqual([]);
    expect(analysis).toEqual([]);
    expect(resources).toEqual([
      {
        apiVersion: "networking.istio.io/v1",
        kind: "DestinationRule",
        metadata: meta("istio-egressgateway"),
        spec: { host: GATEWAY_HOST, subsets: [{ name: "cnn", trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, tls: { mode: "ISTIO_MUTUAL", sni: "edition.cnn.com" } }] } }] },
      },
      {
        apiVersion: "networking.istio.io/v1",
        kind: "DestinationRule",
        metadata: meta("originate-tls-for-cnn"),
        spec: { host: "edition.cnn.com", trafficPolicy: { portLevelSettings: [{ port: { number: 443 }, tls: { mode: "SIMPLE", sni: "edition.cnn.com" } }] } },
      },
      {
        apiVersion: "networking.istio.io/v1",
        kind: "Gateway",
        metadata: meta("cnn-egressgateway"),
        spec: { selector: { istio: "egressgateway" }, servers: [{ port: { number: 80, name: "https", protocol: "HTTPS" }, hosts: ["edition.cnn.com"], tls: { mode: "ISTIO_MUTUAL" } }] },
      },
      {
        apiVersion: "networking.istio.io/v1",
        kind: "ServiceEntry",
        metadata: meta("cnn"),
        spec: {
          hosts: ["edition.cnn.com"],
          ports: [
            { number: 80, name: "http", protocol: "HTTP" },
            { number: 443, name: "https", protocol: "HTTPS" },
          ],
          resolution: "DNS",
        },
      },
      {
        apiVersion: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata: meta("direct-cnn-through-egress-gateway"),
        spec: {
          hosts: ["edition.cnn.com"],
          gateways: ["cnn-egressgateway", "mesh"],
          http: [
            { match: [{ gateways: ["mesh"], port: 80 }], route: [{ destination: { host: GATEWAY_HOST, subset: "cnn", port: { number: 80 } } }] },
            { match: [{ gateways: ["cnn-egressgateway"], port: 80 }], route: [{ destination: { host: "edition.cnn.com", port: { number: 443 } } }] },
          ],
        },
      },
    ]);
  });

  test.each(RELEASES)("passes TLS through by SNI, through another egress gateway with mutual TLS origination left out, admitted by Istio %s", (istio) => {
    const { resources, issues, validation, analysis } = build((mesh) => {
      const egressNs = mesh.namespace("egress");
      const app = mesh.namespace("bookinfo", { managed: false });
      app.egress("partner", {
        host: "api.partner.example",
        protocol: "TLS",
        gateway: { service: egressNs.service("partner-egress", { ports: [8443] }), selector: egressNs.workload({ app: "partner-egress" }), port: 8443 },
        labels: { team: "payments" },
      });
    }, istio);
    expect(issues).toEqual([]);
    expect(validation).toEqual([]);
    expect(analysis).toEqual([]);
    const byKind = Object.fromEntries(resources.filter((r) => r.metadata.namespace === "bookinfo").map((r) => [r.kind, r]));
    expect(resources.filter((r) => r.metadata.namespace === "bookinfo").every((r) => (r.metadata.labels as Record<string, string>).team === "payments")).toBe(true);
    expect(byKind.ServiceEntry?.spec).toEqual({ hosts: ["api.partner.example"], ports: [{ number: 443, name: "tls", protocol: "TLS" }], resolution: "DNS" });
    expect(byKind.Gateway?.spec).toEqual({ selector: { app: "partner-egress" }, servers: [{ port: { number: 8443, name: "tls", protocol: "TLS" }, hosts: ["api.partner.example"], tls: { mode: "PASSTHROUGH" } }] });
    expect(byKind.DestinationRule?.spec).toEqual({ host: "partner-egress.egress.svc.cluster.local", subsets: [{ name: "partner" }] });
    expect(byKind.VirtualService?.spec).toEqual({
      hosts: ["api.partner.example"],
      gateways: ["partner-egressgateway", "mesh"],
      tls: [
        { match: [{ gateways: ["mesh"], port: 443, sniHosts: ["api.partner.example"] }], route: [{ destination: { host: "partner-egress.egress.svc.cluster.local", subset: "partner", port: { number: 8443 } } }] },
        { match: [{ gateways: ["partner-egressgateway"], port: 8443, sniHosts: ["api.partner.example"] }], route: [{ destination: { host: "api.partner.example", port: { number: 443 } } }] },
      ],
    });
  });

  test("originates mutual TLS with a client certificate from a Secret", () => {
    const { resources, issues, validation } = build((mesh) => {
      mesh.root.egress("partner", { host: "api.partner.example", tlsOrigination: { mode: "MUTUAL", credentialName: "partner-client", subjectAltNames: ["api.partner.example"] } });
    });
    expect(issues).toEqual([]);
    expect(validation).toEqual([]);
    expect(resources.find((r) => r.metadata.name === "originate-tls-for-partner")?.spec).toEqual({
      host: "api.partner.example",
      trafficPolicy: { portLevelSettings: [{ port: { number: 443 }, tls: { mode: "MUTUAL", sni: "api.partner.example", credentialName: "partner-client", subjectAltNames: ["api.partner.example"] } }] },
    });
  });

  test("egress intents of one namespace share the DestinationRule of the gateway's subsets, in any order of declaration", () => {
    const declare = (reversed: boolean) => (mesh: MeshBuilder) => {
      const app = mesh.namespace("bookinfo", { managed: false });
      const intents = [() => app.egress("cnn", { host: "edition.cnn.com" }), () => app.egress("partner", { host: "api.partner.example", tlsOrigination: true })];
      for (const intent of reversed ? intents.reverse() : intents) intent();
    };
    const forward = build(declare(false));
    expect(forward.issues).toEqual([]);
    expect(forward.validation).toEqual([]);
    expect(forward.analysis).toEqual([]);
    expect(forward.resources.filter((r) => r.metadata.name === "istio-egressgateway")).toEqual([
      {
        apiVersion: "networking.istio.io/v1",
        kind: "DestinationRule",
        metadata: meta("istio-egressgateway"),
        spec: {
          host: GATEWAY_HOST,
          subsets: [{ name: "cnn" }, { name: "partner", trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, tls: { mode: "ISTIO_MUTUAL", sni: "api.partner.example" } }] } }],
        },
      },
    ]);
    expect(JSON.stringify(build(declare(true)).resources)).toBe(JSON.stringify(forward.resources));
  });

  test("every resource it writes is a target for mesh.patch", () => {
    const { resources, issues } = build((mesh) => {
      const cnn = mesh.root.egress("cnn", { host: "edition.cnn.com", tlsOrigination: true });
      mesh.patch(cnn.gateway, [{ op: "add", path: "/spec/servers/0/hosts/-", value: "www.cnn.com" }]);
      mesh.patch(cnn.serviceEntry, [{ op: "add", path: "/spec/location", value: "MESH_EXTERNAL" }]);
      if (cnn.tlsOriginationDestinationRule) mesh.patch(cnn.tlsOriginationDestinationRule, [{ op: "add", path: "/spec/trafficPolicy/loadBalancer", value: { simple: "ROUND_ROBIN" } }]);
    });
    expect(issues).toEqual([]);
    expect(resources.find((r) => r.kind === "Gateway")?.spec).toMatchObject({ servers: [{ hosts: ["edition.cnn.com", "www.cnn.com"] }] });
    expect(resources.find((r) => r.kind === "ServiceEntry")?.spec).toMatchObject({ location: "MESH_EXTERNAL" });
    expect(resources.find((r) => r.metadata.name === "originate-tls-for-cnn")?.spec).toMatchObject({ trafficPolicy: { loadBalancer: { simple: "ROUND_ROBIN" } } });
  });
});

describe("the egress reference", () => {
  test("has the TLS-origination rule's reference when the options ask for TLS origination, and none otherwise", () => {
    build((mesh) => {
      const app = mesh.namespace("shop", { managed: false });
      const originating = app.egress("cnn", { host: "edition.cnn.com", tlsOrigination: { port: 443 } });
      expectTypeOf(originating.tlsOriginationDestinationRule).toEqualTypeOf<ResourceRef<"DestinationRule">>();
      expect(originating.tlsOriginationDestinationRule.draftKey).toEqual({ group: "networking.istio.io", kind: "DestinationRule", namespace: "shop", name: "originate-tls-for-cnn" });
      const plain = app.egress("plain", { host: "plain.example.com" });
      expectTypeOf(plain.tlsOriginationDestinationRule).toEqualTypeOf<undefined>();
      expect(plain.tlsOriginationDestinationRule).toBeUndefined();
      const passthrough = app.egress("payments", { host: "payments.example.com", protocol: "TLS" });
      expectTypeOf(passthrough.tlsOriginationDestinationRule).toEqualTypeOf<undefined>();
      const options: EgressOptions = { host: "computed.example.com" };
      expectTypeOf(app.egress("computed", options).tlsOriginationDestinationRule).toEqualTypeOf<ResourceRef<"DestinationRule"> | undefined>();
    });
  });
});

describe("egress mistakes", () => {
  test("TLS origination with TLS passthrough, or mutual TLS without its certificate, does not type-check", () => {
    expectTypeOf<{ host: "a.example.com"; protocol: "TLS"; tlsOrigination: true }>().not.toMatchTypeOf<EgressOptions>();
    expectTypeOf<{ host: "a.example.com"; tlsOrigination: { mode: "MUTUAL" } }>().not.toMatchTypeOf<EgressOptions>();
    expectTypeOf<{ host: "a.example.com"; tlsOrigination: { mode: "MUTUAL"; credentialName: "client" } }>().toMatchTypeOf<EgressOptions>();
  });

  test("a host that is not a fully qualified name, a port out of range and a dotted name are reported at their lines", () => {
    const { issues, resources } = build((mesh) => {
      mesh.root.egress("short", { host: "cnn" }); // short-host
      mesh.root.egress("wild", { host: "*.cnn.com" }); // wildcard-host
      mesh.root.egress("big", { host: "edition.cnn.com", port: 70000 }); // big-port
      mesh.root.egress("edition.cnn", { host: "edition.cnn.com" }); // dotted-name
      mesh.root.egress("same-port", { host: "edition.cnn.com", port: 443, tlsOrigination: true }); // same-port
    });
    const fqdn = 'expects the fully qualified name of the external host, in lower case ("edition.cnn.com"; no wildcard: the egress gateway resolves the host by DNS) for options.host';
    expect(issues.map((issue) => `${issue.code} ${formatIssue(issue)}`)).toEqual([
      `INVALID_OPTION ${file}:${lineOf("short-host")}:17 egress() ${fqdn}, got the string "cnn"`,
      `INVALID_OPTION ${file}:${lineOf("wildcard-host")}:17 egress() ${fqdn}, got the string "*.cnn.com"`,
      `INVALID_OPTION ${file}:${lineOf("big-port")}:17 egress() got an invalid port 70000 for options.port: must be between 1 and 65535, inclusive`,
      `INVALID_NAME ${file}:${lineOf("dotted-name")}:17 networking.istio.io/v1/Gateway istio-system/edition.cnn-egressgateway metadata.name: egress() got the name "edition.cnn", which names the subset "edition.cnn" and the Gateway "edition.cnn-egressgateway": both must be DNS-1123 labels (no dots, at most 63 characters): must not contain dots (name the egress with a short DNS label, such as the host's first label ("cnn"))`,
      `INVALID_OPTION ${file}:${lineOf("same-port")}:17 networking.istio.io/v1/ServiceEntry istio-system/same-port spec.ports: egress() originates TLS to port 443 of edition.cnn.com, the port the app calls in plain HTTP: the ServiceEntry cannot give one port two protocols (let the app call another port in plain HTTP (port: 80), or originate TLS to another port of the host (tlsOrigination: { port }))`,
    ]);
    expect(resources.map((r) => `${r.kind} ${r.metadata.name}`)).toEqual([
      "DestinationRule istio-egressgateway",
      "Gateway same-port-egressgateway",
      "ServiceEntry same-port",
      "VirtualService direct-same-port-through-egress-gateway",
    ]);
  });
});
