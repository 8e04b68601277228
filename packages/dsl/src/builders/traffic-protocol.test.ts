import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { defineMesh, type MeshBuilder } from "../mesh.js";
import { TrafficPolicyError } from "./traffic-protocol.js";

const FILE = fileURLToPath(import.meta.url);
const SOURCE = readFileSync(FILE, "utf8").split("\n");

/** The 1-based line of this file that holds `marker` (a trailing comment on the call). */
function lineOf(marker: string): number {
  return SOURCE.findIndex((line) => line.includes(`// ${marker}`) && !line.includes("lineOf(")) + 1;
}

/** The TrafficPolicyError a config throws while it is declared. */
function refusal(declare: (mesh: MeshBuilder) => void): TrafficPolicyError {
  try {
    defineMesh({}, declare);
  } catch (error) {
    if (error instanceof TrafficPolicyError) return error;
    throw error;
  }
  throw new Error("the config was accepted");
}

/** The guide's external service as it writes it: port 443 speaking TLS. */
function guideService(mesh: MeshBuilder) {
  return mesh.root.externalService("external-svc-se", { hosts: ["api.external.com"], ports: [{ number: 443, name: "https", protocol: "TLS" }], resolution: "DNS" });
}

const ORIGINATE = 'originate TLS in the sidecar so it sees HTTP: declare the port the app calls as { number: 80, protocol: "HTTP", targetPort: 443 } and call .tlsOrigination()';

describe("HTTP settings on opaque TLS or TCP traffic", () => {
  test("the guide's circuit breaker on a TLS port does not type-check, and is refused with the reason and the fix", () => {
    const error = refusal((mesh) => {
      // @ts-expect-error -- pending requests and 5xx responses are never seen on opaque TLS traffic
      guideService(mesh).circuitBreaker({ maxPendingRequests: 1, consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m" }); // guide-breaker
    });
    expect(error.code).toBe("HTTP_POLICY_ON_OPAQUE_PORT");
    expect(error.message).toBe(
      'namespace("istio-system").externalService("external-svc-se").circuitBreaker(): maxPendingRequests and consecutive5xxErrors act only on HTTP requests, and no port here speaks HTTP (443/TLS): ' +
        `the sidecar forwards the traffic as opaque bytes (${ORIGINATE}; or break the circuit on connections: .circuitBreaker({ maxConnections, consecutiveGatewayErrors, interval, baseEjectionTime }))`,
    );
    expect(error.source).toEqual({ file: FILE, line: lineOf("guide-breaker"), column: expect.any(Number) });
  });

  test("the guide's raw traffic policy on a TLS port does not type-check, and is refused", () => {
    const error = refusal((mesh) => {
      const policy = { connectionPool: { http: { http1MaxPendingRequests: 1 } }, outlierDetection: { consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m" } };
      // @ts-expect-error -- connectionPool.http does not exist where no port speaks HTTP
      guideService(mesh).trafficPolicy(policy); // guide-raw
    });
    expect(error.message).toBe(
      'namespace("istio-system").externalService("external-svc-se").trafficPolicy(): connectionPool.http.http1MaxPendingRequests acts only on HTTP requests, and no port here speaks HTTP (443/TLS): ' +
        `the sidecar forwards the traffic as opaque bytes (${ORIGINATE}; or use connectionPool.tcp and outlierDetection.consecutiveGatewayErrors, which act on connections)`,
    );
    expect(error.source.line).toBe(lineOf("guide-raw"));
  });

  test("an HTTP hash key on a TCP service does not type-check, and is refused", () => {
    const error = refusal((mesh) => {
      const db = mesh.root.externalService("db", { hosts: ["db.example.com"], ports: [{ number: 5432, protocol: "TCP" }] });
      // @ts-expect-error -- a TCP connection has no header to hash
      db.loadBalancing({ consistentHash: { httpHeaderName: "x-user" } });
    });
    expect(error.message).toBe(
      'namespace("istio-system").externalService("db").loadBalancing(): loadBalancer.consistentHash.httpHeaderName acts only on HTTP requests, and no port here speaks HTTP (5432/TCP): ' +
        "the sidecar forwards the traffic as opaque bytes (" +
        'originate TLS in the sidecar so it sees HTTP: declare the port the app calls as { number: 80, protocol: "HTTP", targetPort: 443 } and call .tlsOrigination(); ' +
        "or use connectionPool.tcp and outlierDetection.consecutiveGatewayErrors, which act on connections)",
    );
  });

  test("a subset's HTTP settings on a TLS service do not type-check, and are refused", () => {
    const error = refusal((mesh) => {
      // @ts-expect-error -- the subset's traffic is as opaque as the service's
      guideService(mesh).subset("eu", { region: "eu" }, { connectionPool: { http: { http2MaxRequests: 10 } } });
    });
    expect(error.message).toMatch(/^namespace\("istio-system"\)\.externalService\("external-svc-se"\)\.subset\("eu"\): connectionPool\.http\.http2MaxRequests acts only on HTTP requests/);
  });

  test("HTTP settings for the opaque port of a mixed service are refused at that port", () => {
    const error = refusal((mesh) => {
      mesh.root
        .externalService("cnn", { hosts: ["edition.cnn.com"], ports: [{ number: 80, protocol: "HTTP", targetPort: 443 }, { number: 443, protocol: "HTTPS" }] })
        .trafficPolicy({ portLevelSettings: [{ port: { number: 443 }, connectionPool: { http: { http2MaxRequests: 10 } } }] });
    });
    expect(error.message).toBe(
      'namespace("istio-system").externalService("cnn").trafficPolicy(): portLevelSettings for port 443/HTTPS sets connectionPool.http.http2MaxRequests, which acts only on HTTP requests: ' +
        `the sidecar forwards that port's traffic as opaque bytes (${ORIGINATE}; or use connectionPool.tcp and outlierDetection.consecutiveGatewayErrors, which act on connections)`,
    );
  });

  test("TLS origination without a plain-HTTP port does not type-check, and is refused", () => {
    const error = refusal((mesh) => {
      // @ts-expect-error -- the app already speaks TLS on 443: the sidecar would encrypt twice
      guideService(mesh).tlsOrigination(); // guide-tls
    });
    expect(error.code).toBe("TLS_ORIGINATION_WITHOUT_HTTP_PORT");
    expect(error.message).toBe(
      'namespace("istio-system").externalService("external-svc-se").tlsOrigination(): no port speaks HTTP with a targetPort (443/TLS), so the app sends no plain HTTP for the sidecar to encrypt ' +
        '(declare the port the app calls as { number: 80, protocol: "HTTP", targetPort: 443 })',
    );
    expect(error.source.line).toBe(lineOf("guide-tls"));
  });

  test("a subset name declared twice is refused", () => {
    const error = refusal((mesh) => {
      const reviews = mesh.namespace("bookinfo").service("reviews");
      mesh.namespace("bookinfo").destinationRule("reviews", { host: reviews }).subset("v1", { version: "v1" }).subset("v1", { version: "v2" });
    });
    expect(error.message).toBe('namespace("bookinfo").destinationRule("reviews").subset("v1"): subset v1 is declared twice (give each subset its own name)');
  });
});

/** Mistakes the types refuse; tsc checks this function, nothing calls it. */
export function typeMistakes(mesh: MeshBuilder): void {
  const app = mesh.namespace("bookinfo");
  const reviews = app.service("reviews", { ports: [9080] });
  // @ts-expect-error -- an in-mesh Service is a reference, not a string
  app.destinationRule("reviews", { host: "reviews" });
  const rule = app.destinationRule("reviews", { host: reviews });
  // @ts-expect-error -- not a load-balancing algorithm
  rule.loadBalancing("FASTEST");
  // @ts-expect-error -- simple and consistentHash exclude each other
  rule.loadBalancing({ simple: "ROUND_ROBIN", consistentHash: { useSourceIp: true } });
  // @ts-expect-error -- not an Istio duration
  rule.circuitBreaker({ maxPendingRequests: 1, consecutive5xxErrors: 1, interval: "1 second", baseEjectionTime: "3m" });
  // @ts-expect-error -- a circuit breaker needs its ejection settings
  rule.circuitBreaker({ maxPendingRequests: 1, consecutive5xxErrors: 1 });
  // @ts-expect-error -- not a TLS mode
  rule.trafficPolicy({ tls: { mode: "STRICT" } });
  // @ts-expect-error -- not a protocol Istio knows
  app.externalService("api", { hosts: ["api.example.com"], ports: [{ number: 80, protocol: "HTTPX" }] });
  // @ts-expect-error -- a ServiceEntry has at least one host
  app.externalService("none", { hosts: [], ports: [{ number: 80, protocol: "HTTP" }] });
  // @ts-expect-error -- not a resolution mode
  app.externalService("dns", { hosts: ["a.example.com"], ports: [{ number: 80, protocol: "HTTP" }], resolution: "DNS_LOOKUP" });
  const tls = app.externalService("tls", { hosts: ["api.example.com"], ports: [{ number: 443, protocol: "TLS" }] });
  // @ts-expect-error -- the HTTP and connection circuit breakers cannot be mixed on opaque traffic
  tls.circuitBreaker({ maxConnections: 1, consecutiveGatewayErrors: 1, consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "1m" });
  tls.circuitBreaker({ maxConnections: 1, consecutiveGatewayErrors: 1, interval: "1s", baseEjectionTime: "1m" });
  const mixed = app.externalService("mixed", { hosts: ["api.example.com"], ports: [{ number: 80, protocol: "HTTP", targetPort: 443 }, { number: 443, protocol: "TLS" }] });
  mixed.tlsOrigination({ sni: "api.example.com" }).circuitBreaker({ maxPendingRequests: 1, consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "1m" });
}

test("the type-level mistakes are checked by tsc", () => {
  expect(typeMistakes).toBeTypeOf("function");
});
