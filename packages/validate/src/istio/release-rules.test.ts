/**
 * Admission rules that differ between the Istio releases meshform supports (1.24 to 1.30), one
 * test per rule: what the release before the change does, and what the release with it does.
 */
import { describe, expect, it } from "vitest";
import { minorOf } from "./release.js";
import { check, error, warning } from "./test-support.js";

const vs = (http: unknown[]) => ({ hosts: ["reviews"], http });
const route = [{ destination: { host: "reviews" } }];
const gatewayServer = (tls: Record<string, unknown>) => ({ servers: [{ port: { number: 443, name: "https", protocol: "HTTPS" }, hosts: ["*.example.com"], tls }] });

describe("the release a check runs as", () => {
  it("reads the minor version of a release, and takes the newest when none is given", () => {
    expect([minorOf("1.24.6"), minorOf("1.28.10"), minorOf(undefined), minorOf("nonsense")]).toEqual([24, 28, 30, 30]);
  });
});

describe("Istio admission rules by release", () => {
  it("a CORS method '*' is refused before 1.26", () => {
    const spec = vs([{ route, corsPolicy: { allowOrigins: [{ exact: "https://a.com" }], allowMethods: ["*"] } }]);
    expect(check("networking.istio.io/VirtualService", spec, undefined, "1.26.8")).toEqual([]);
    expect(check("networking.istio.io/VirtualService", spec, undefined, "1.25.5")).toEqual([
      error(["spec", "http", 0, "corsPolicy", "allowMethods", 0], '"*" is not a supported HTTP method (use one of GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE)'),
    ]);
  });

  it("a retry backoff is checked as a duration from 1.26", () => {
    const spec = vs([{ route, retries: { attempts: 3, backoff: "0.5ms" } }]);
    expect(check("networking.istio.io/VirtualService", spec, undefined, "1.26.8")).toEqual([
      error(["spec", "http", 0, "retries", "backoff"], "duration must be greater than 1ms"),
    ]);
    expect(check("networking.istio.io/VirtualService", spec, undefined, "1.25.5")).toEqual([]);
  });

  it("a configmap:// credential in another namespace is refused from 1.26", () => {
    const spec = { host: "api.example.com", trafficPolicy: { tls: { mode: "SIMPLE", credentialName: "configmap://other/ca" } } };
    expect(check("networking.istio.io/DestinationRule", spec, { name: "dr", namespace: "ns" }, "1.26.8")).toEqual([
      error(["spec", "trafficPolicy", "tls", "credentialName"], 'invalid configmap:// credentialName: namespace must match the configuration namespace "ns"'),
    ]);
    expect(check("networking.istio.io/DestinationRule", spec, { name: "dr", namespace: "ns" }, "1.25.5")).toEqual([]);
  });

  it("cookie attributes have unique, non-empty names from 1.28", () => {
    const attributes = [{ name: "SameSite", value: "Strict" }, { name: "SameSite", value: "Lax" }, { name: "" }];
    const spec = { host: "reviews", trafficPolicy: { loadBalancer: { consistentHash: { httpCookie: { name: "session", ttl: "0s", attributes } } } } };
    const at = ["spec", "trafficPolicy", "loadBalancer", "consistentHash", "httpCookie", "attributes"];
    expect(check("networking.istio.io/DestinationRule", spec, undefined, "1.28.10")).toEqual([
      error([...at, 1, "name"], "duplicate cookie attribute name: SameSite"),
      error([...at, 2, "name"], "cookie attribute name cannot be empty"),
    ]);
    expect(check("networking.istio.io/DestinationRule", spec, undefined, "1.27.9")).toEqual([]);
  });

  it("a server with a credential and a certificate is refused from 1.27 (one certificate source)", () => {
    const spec = gatewayServer({ mode: "SIMPLE", credentialName: "cert", serverCertificate: "/etc/cert.pem", privateKey: "/etc/key.pem" });
    expect(check("networking.istio.io/Gateway", spec, undefined, "1.27.9")).toEqual([
      error(["spec", "servers", 0, "tls"], "only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified"),
    ]);
    expect(check("networking.istio.io/Gateway", spec, undefined, "1.26.8")).toEqual([]);
  });

  it("before 1.27, credentialNames and tlsCertificates are not certificates to the webhook", () => {
    const simple = gatewayServer({ mode: "SIMPLE", credentialNames: ["a", "b"] });
    expect(check("networking.istio.io/Gateway", simple, undefined, "1.27.9")).toEqual([]);
    expect(check("networking.istio.io/Gateway", simple, undefined, "1.26.8")).toEqual([
      error(["spec", "servers", 0, "tls"], "SIMPLE TLS requires a server certificate (or set credentialName)"),
      error(["spec", "servers", 0, "tls"], "SIMPLE TLS requires a private key (or set credentialName)"),
    ]);
    const mutual = gatewayServer({ mode: "ISTIO_MUTUAL", tlsCertificates: [{ serverCertificate: "/c", privateKey: "/k" }] });
    expect(check("networking.istio.io/Gateway", mutual, undefined, "1.26.8")).toEqual([]);
    expect(check("networking.istio.io/Gateway", mutual, undefined, "1.27.9")).toEqual([
      error(["spec", "servers", 0, "tls", "tlsCertificates"], "ISTIO_MUTUAL TLS cannot have associated tlsCertificates (Istio provides the workload certificate)"),
    ]);
  });

  it("a Sidecar ingress with credentialNames is refused from 1.27", () => {
    const spec = { ingress: [{ port: { number: 8443, protocol: "HTTPS", name: "https" }, defaultEndpoint: "127.0.0.1:8080", tls: { mode: "SIMPLE", credentialNames: ["a"], serverCertificate: "/c", privateKey: "/k" } }] };
    expect(check("networking.istio.io/Sidecar", spec, undefined, "1.27.9")).toContainEqual(
      error(["spec", "ingress", 0, "tls", "credentialNames"], "sidecar: credentialNames is not currently supported"),
    );
    expect(check("networking.istio.io/Sidecar", spec, undefined, "1.26.8")).toEqual([]);
  });

  it("the internal parent annotations are refused on every kind from 1.27", () => {
    const metadata = { name: "gw", namespace: "ns", annotations: { "internal.istio.io/parents": "Gateway/a", "internal.istio.io/parent-namespace": "other" } };
    const spec = gatewayServer({ mode: "SIMPLE", credentialName: "cert" });
    expect(check("networking.istio.io/Gateway", spec, metadata, "1.27.9")).toEqual([
      error(["metadata", "annotations", "internal.istio.io/parent-namespace"], '"internal.istio.io/parent-namespace" annotation found, this may not be set by users'),
      error(["metadata", "annotations", "internal.istio.io/parents"], '"internal.istio.io/parents" annotation found, this may not be set by users'),
    ]);
    expect(check("networking.istio.io/Gateway", spec, metadata, "1.26.8")).toEqual([]);
  });

  it("a match after a rule without matches is reported unreachable from 1.27", () => {
    const spec = vs([{ route }, { match: [{ uri: { prefix: "/a" } }], route }]);
    expect(check("networking.istio.io/VirtualService", spec, undefined, "1.27.9")).toEqual([
      warning(["spec", "http", 1], "virtualService rule #1 not used (route without matches defined before)"),
    ]);
    expect(check("networking.istio.io/VirtualService", spec, undefined, "1.26.8")).toEqual([]);
  });

  it("a policy may target a GatewayClass from 1.25", () => {
    const spec = { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "GatewayClass", name: "istio" }] };
    expect(check("telemetry.istio.io/Telemetry", spec, undefined, "1.25.5")).toEqual([]);
    expect(check("telemetry.istio.io/Telemetry", spec, undefined, "1.24.6")).toEqual([
      error(["spec", "targetRefs", 0], "targetRef must be to one of [core/v1/Service networking.istio.io/v1/ServiceEntry gateway.networking.k8s.io/v1/Gateway] but was gateway.networking.k8s.io/GatewayClass"),
    ]);
  });

  it("a warning's severity stays a warning whatever the release", () => {
    const spec = { host: "reviews", trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: "x-user", minimumRingSize: 1024 } } } };
    for (const release of ["1.24.6", "1.30.3"]) {
      expect(check("networking.istio.io/DestinationRule", spec, undefined, release)).toEqual([
        warning(["spec", "trafficPolicy", "loadBalancer", "consistentHash", "minimumRingSize"], "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead"),
      ]);
    }
  });
});
