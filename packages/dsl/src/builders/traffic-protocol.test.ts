import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { formatIssue } from "@meshform/diagnostics";
import { compile } from "../compile.js";
import { defineMesh, type MeshBuilder } from "../mesh.js";

const FILE = fileURLToPath(import.meta.url);
const SOURCE = readFileSync(FILE, "utf8").split("\n");
const RULE = "networking.istio.io/v1/DestinationRule";

/** `file:line:column` of the last call of `method` on the line of this file that holds `// marker`. */
function at(marker: string, method: string): string {
  const index = SOURCE.findIndex((line) => line.endsWith(`// ${marker}`));
  return `${FILE}:${index + 1}:${SOURCE[index]!.lastIndexOf(`.${method}(`) + 2}`;
}

/** What compile reports for a config, as the user reads it, and what it writes. */
function build(declare: (mesh: MeshBuilder) => void) {
  const { issues, resources } = compile(defineMesh({}, declare).model);
  return { lines: issues.map(formatIssue), codes: issues.map((issue) => issue.code), resources };
}

/** The guide's external service as it writes it: port 443 speaking TLS. */
function guideService(mesh: MeshBuilder) {
  return mesh.root.externalService("external-svc-se", { hosts: ["api.external.com"], ports: [{ number: 443, name: "https", protocol: "TLS" }], resolution: "DNS" });
}

/** A value the types cannot see, as a config computing it at run time would have. */
function unchecked<T>(value: unknown): T {
  return value as T;
}

const ORIGINATE = 'originate TLS in the sidecar so it sees HTTP: declare the port the app calls as { number: 80, protocol: "HTTP", targetPort: 443 } and call .tlsOrigination()';
const TCP_INSTEAD = "use connectionPool.tcp and outlierDetection.consecutiveGatewayErrors, which act on connections";

describe("HTTP settings on opaque TLS or TCP traffic", () => {
  test("the guide's circuit breaker on a TLS port does not type-check, and compile reports the reason and the fix", () => {
    const { lines, codes, resources } = build((mesh) => {
      // @ts-expect-error -- pending requests and 5xx responses are never seen on opaque TLS traffic
      guideService(mesh).circuitBreaker({ maxPendingRequests: 1, consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m" }); // guide-breaker
    });
    expect(lines).toEqual([
      `${at("guide-breaker", "circuitBreaker")} ${RULE} istio-system/external-svc-se spec.trafficPolicy: maxPendingRequests and consecutive5xxErrors act only on HTTP requests, and no port here speaks HTTP (443/TLS): ` +
        `the sidecar forwards the traffic as opaque bytes (${ORIGINATE}; or break the circuit on connections: .circuitBreaker({ maxConnections, consecutiveGatewayErrors, interval, baseEjectionTime }))`,
    ]);
    expect(codes).toEqual(["HTTP_POLICY_ON_OPAQUE_PORT"]);
    expect(resources.map((r) => r.kind)).toEqual(["ServiceEntry"]);
  });

  test("the guide's raw traffic policy on a TLS port does not type-check, and is reported", () => {
    const { lines } = build((mesh) => {
      const policy = { connectionPool: { http: { http1MaxPendingRequests: 1 } }, outlierDetection: { consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m" } };
      // @ts-expect-error -- connectionPool.http does not exist where no port speaks HTTP
      guideService(mesh).trafficPolicy(policy); // guide-raw
    });
    expect(lines).toEqual([
      `${at("guide-raw", "trafficPolicy")} ${RULE} istio-system/external-svc-se spec.trafficPolicy: connectionPool.http.http1MaxPendingRequests acts only on HTTP requests, and no port here speaks HTTP (443/TLS): ` +
        `the sidecar forwards the traffic as opaque bytes (${ORIGINATE}; or ${TCP_INSTEAD})`,
    ]);
  });

  test("an HTTP hash key on a TCP service does not type-check, and is reported", () => {
    const { lines } = build((mesh) => {
      const db = mesh.root.externalService("db", { hosts: ["db.example.com"], ports: [{ number: 5432, protocol: "TCP" }] });
      // @ts-expect-error -- a TCP connection has no header to hash
      db.loadBalancing({ consistentHash: { httpHeaderName: "x-user" } }); // tcp-hash
    });
    expect(lines).toEqual([
      `${at("tcp-hash", "loadBalancing")} ${RULE} istio-system/db spec.trafficPolicy: loadBalancer.consistentHash.httpHeaderName acts only on HTTP requests, and no port here speaks HTTP (5432/TCP): ` +
        "the sidecar forwards the traffic as opaque bytes (" +
        'originate TLS in the sidecar so it sees HTTP: declare the port the app calls as { number: 80, protocol: "HTTP", targetPort: 443 } and call .tlsOrigination(); ' +
        `or ${TCP_INSTEAD})`,
    ]);
  });

  test("a subset's HTTP settings on a TLS service do not type-check, and are reported at the subset", () => {
    const { lines } = build((mesh) => {
      // @ts-expect-error -- the subset's traffic is as opaque as the service's
      guideService(mesh).subset("eu", { region: "eu" }, { connectionPool: { http: { http2MaxRequests: 10 } } }); // tls-subset
    });
    expect(lines).toEqual([
      `${at("tls-subset", "subset")} ${RULE} istio-system/external-svc-se spec.subsets[0].trafficPolicy: connectionPool.http.http2MaxRequests acts only on HTTP requests, and no port here speaks HTTP (443/TLS): ` +
        `the sidecar forwards the traffic as opaque bytes (${ORIGINATE}; or ${TCP_INSTEAD})`,
    ]);
  });

  test("HTTP settings for the opaque port of a mixed service are reported at that port", () => {
    const { lines } = build((mesh) => {
      mesh.root
        .externalService("cnn", { hosts: ["edition.cnn.com"], ports: [{ number: 80, protocol: "HTTP", targetPort: 443 }, { number: 443, protocol: "HTTPS" }] })
        .trafficPolicy({ portLevelSettings: [{ port: { number: 443 }, connectionPool: { http: { http2MaxRequests: 10 } } }] }); // mixed-port
    });
    expect(lines).toEqual([
      `${at("mixed-port", "trafficPolicy")} ${RULE} istio-system/cnn spec.trafficPolicy.portLevelSettings[0]: portLevelSettings for port 443/HTTPS sets connectionPool.http.http2MaxRequests, which acts only on HTTP requests: ` +
        `the sidecar forwards that port's traffic as opaque bytes (${ORIGINATE}; or ${TCP_INSTEAD})`,
    ]);
  });

  test("TLS origination without a plain-HTTP port does not type-check, and is reported", () => {
    const { lines, codes, resources } = build((mesh) => {
      // @ts-expect-error -- the app already speaks TLS on 443: the sidecar would encrypt twice
      guideService(mesh).tlsOrigination(); // guide-tls
    });
    expect(lines).toEqual([
      `${at("guide-tls", "tlsOrigination")} ${RULE} istio-system/external-svc-se spec.trafficPolicy.tls: no port speaks HTTP with a targetPort (443/TLS), so the app sends no plain HTTP for the sidecar to encrypt ` +
        '(declare the port the app calls as { number: 80, protocol: "HTTP", targetPort: 443 })',
    ]);
    expect(codes).toEqual(["TLS_ORIGINATION_WITHOUT_HTTP_PORT"]);
    expect(resources.map((r) => r.kind)).toEqual(["ServiceEntry"]);
  });

  test("a subset name declared twice is reported, and the first subset is kept", () => {
    const { lines, codes, resources } = build((mesh) => {
      const reviews = mesh.namespace("bookinfo", { managed: false }).service("reviews");
      mesh.namespace("bookinfo").destinationRule("reviews", { host: reviews }).subset("v1", { version: "v1" }).subset("v1", { version: "v2" }); // twice
    });
    expect(lines).toEqual([`${at("twice", "subset")} ${RULE} bookinfo/reviews spec.subsets[1]: subset v1 is declared twice (give each subset its own name)`]);
    expect(codes).toEqual(["DUPLICATE_SUBSET"]);
    expect(resources.find((r) => r.kind === "DestinationRule")?.spec).toEqual({ host: "reviews.bookinfo.svc.cluster.local", subsets: [{ name: "v1", labels: { version: "v1" } }] });
  });
});

describe("what a refused policy leaves", () => {
  test("the refused call is left out, so each mistake is reported once and the rest is written", () => {
    const { codes, resources } = build((mesh) => {
      const db = mesh.root.externalService("db", { hosts: ["db.example.com"], ports: [{ number: 5432, protocol: "TCP" }] });
      const http = { maxPendingRequests: 1, consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m" } as const;
      db.circuitBreaker(unchecked(http))
        .circuitBreaker({ maxConnections: 10, consecutiveGatewayErrors: 2, interval: "1s", baseEjectionTime: "3m" })
        .trafficPolicy(unchecked({ connectionPool: { tcp: { connectTimeout: "2s" }, http: { maxRetries: 1 } } }));
    });
    expect(codes).toEqual(["HTTP_POLICY_ON_OPAQUE_PORT", "HTTP_POLICY_ON_OPAQUE_PORT"]);
    expect(resources.find((r) => r.kind === "DestinationRule")?.spec).toEqual({
      host: "db.example.com",
      trafficPolicy: { connectionPool: { tcp: { maxConnections: 10 } }, outlierDetection: { baseEjectionTime: "3m", consecutiveGatewayErrors: 2, interval: "1s" } },
    });
  });

  test("with several hosts, a mistake is reported once, naming the first host's DestinationRule", () => {
    const { lines } = build((mesh) => {
      const api = mesh.root.externalService("api", { hosts: ["a.example.com", "b.example.com"], ports: [{ number: 443, protocol: "TLS" }], destinationRuleName: "api-policy" });
      api.subset("v1", { version: "v1" }).subset("v1", { version: "v2" }); // hosts
    });
    expect(lines).toEqual([`${at("hosts", "subset")} ${RULE} istio-system/api-policy-a.example.com spec.subsets[1]: subset v1 is declared twice (give each subset its own name)`]);
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
