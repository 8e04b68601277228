import { describe, expect, test } from "vitest";
import { compile } from "../compile.js";
import { defineMesh, type MeshBuilder } from "../mesh.js";

function build(declare: (mesh: MeshBuilder) => void) {
  return compile(defineMesh({}, declare).model);
}

const breaker = { maxPendingRequests: 1, consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m" } as const;
const breakerPolicy = {
  connectionPool: { http: { http1MaxPendingRequests: 1 } },
  outlierDetection: { consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m" },
};

describe("the guide's external service, corrected", () => {
  test("originates TLS so the sidecar sees HTTP, and breaks the circuit on one 5xx", () => {
    const { resources, issues } = build((mesh) => {
      mesh.root
        .externalService("external-svc-se", {
          hosts: ["api.external.com"],
          ports: [{ number: 80, protocol: "HTTP", targetPort: 443 }],
          resolution: "DNS",
          destinationRuleName: "external-svc-dr",
        })
        .tlsOrigination()
        .circuitBreaker(breaker);
    });
    expect(issues).toEqual([]);
    expect(resources).toEqual([
      {
        apiVersion: "networking.istio.io/v1",
        kind: "DestinationRule",
        metadata: { name: "external-svc-dr", namespace: "istio-system" },
        spec: {
          host: "api.external.com",
          trafficPolicy: {
            connectionPool: { http: { http1MaxPendingRequests: 1 } },
            outlierDetection: { consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m" },
            tls: { mode: "SIMPLE", sni: "api.external.com" },
          },
        },
      },
      {
        apiVersion: "networking.istio.io/v1",
        kind: "ServiceEntry",
        metadata: { name: "external-svc-se", namespace: "istio-system" },
        spec: {
          hosts: ["api.external.com"],
          ports: [{ number: 80, name: "http", protocol: "HTTP", targetPort: 443 }],
          resolution: "DNS",
        },
      },
    ]);
  });

  test("gives the same resources whichever helper is called first", () => {
    const declare = (order: "tls-first" | "breaker-first") => (mesh: MeshBuilder) => {
      const api = mesh.root.externalService("api", { hosts: ["api.external.com"], ports: [{ number: 80, protocol: "HTTP", targetPort: 443 }] });
      if (order === "tls-first") api.tlsOrigination().circuitBreaker(breaker);
      else api.circuitBreaker(breaker).tlsOrigination();
    };
    expect(JSON.stringify(build(declare("tls-first")).resources)).toBe(JSON.stringify(build(declare("breaker-first")).resources));
  });
});

describe("externalService", () => {
  test("writes only the ServiceEntry until a traffic policy is asked for", () => {
    const { resources, issues } = build((mesh) => {
      mesh.namespace("egress", { managed: false }).externalService("db", {
        hosts: ["db.example.com"],
        ports: [
          { number: 5432, protocol: "TCP" },
          { number: 6432, protocol: "TCP" },
          { number: 8443, protocol: "TLS", name: "admin" },
        ],
        location: "MESH_EXTERNAL",
        resolution: "DNS",
      });
    });
    expect(issues).toEqual([]);
    expect(resources).toEqual([
      {
        apiVersion: "networking.istio.io/v1",
        kind: "ServiceEntry",
        metadata: { name: "db", namespace: "egress" },
        spec: {
          hosts: ["db.example.com"],
          ports: [
            { number: 5432, name: "tcp-5432", protocol: "TCP" },
            { number: 6432, name: "tcp-6432", protocol: "TCP" },
            { number: 8443, name: "admin", protocol: "TLS" },
          ],
          location: "MESH_EXTERNAL",
          resolution: "DNS",
        },
      },
    ]);
  });

  test("breaks the circuit of opaque TLS traffic on connections", () => {
    const { resources, issues } = build((mesh) => {
      mesh.root
        .externalService("api", { hosts: ["api.external.com"], ports: [{ number: 443, name: "https", protocol: "TLS" }], resolution: "DNS" })
        .circuitBreaker({ maxConnections: 10, connectTimeout: "2s", consecutiveGatewayErrors: 1, interval: "1s", baseEjectionTime: "3m", maxEjectionPercent: 100 });
    });
    expect(issues).toEqual([]);
    expect(resources[0]).toEqual({
      apiVersion: "networking.istio.io/v1",
      kind: "DestinationRule",
      metadata: { name: "api", namespace: "istio-system" },
      spec: {
        host: "api.external.com",
        trafficPolicy: {
          connectionPool: { tcp: { maxConnections: 10, connectTimeout: "2s" } },
          outlierDetection: { consecutiveGatewayErrors: 1, interval: "1s", baseEjectionTime: "3m", maxEjectionPercent: 100 },
        },
      },
    });
  });

  test("originates TLS on the HTTP port only, carrying the destination's settings into its port-level entry", () => {
    const { resources, issues } = build((mesh) => {
      mesh.root
        .externalService("cnn", {
          hosts: ["edition.cnn.com"],
          ports: [
            { number: 80, protocol: "HTTP", targetPort: 443 },
            { number: 443, protocol: "HTTPS" },
          ],
          resolution: "DNS",
        })
        .circuitBreaker(breaker)
        .loadBalancing("LEAST_REQUEST")
        .tlsOrigination({ caCertificates: "/etc/certs/ca.pem" });
    });
    expect(issues).toEqual([]);
    const inherited = { ...breakerPolicy, loadBalancer: { simple: "LEAST_REQUEST" } };
    expect(resources[0]).toMatchObject({ kind: "DestinationRule" });
    expect(resources[0]?.spec).toEqual({
      host: "edition.cnn.com",
      trafficPolicy: {
        ...inherited,
        portLevelSettings: [{ port: { number: 80 }, ...inherited, tls: { mode: "SIMPLE", sni: "edition.cnn.com", caCertificates: "/etc/certs/ca.pem" } }],
      },
    });
  });

  test("writes one DestinationRule per host, each with its own SNI", () => {
    const { resources, issues } = build((mesh) => {
      mesh.root
        .externalService("google", { hosts: ["www.google.com", "*.googleapis.com"], ports: [{ number: 80, protocol: "HTTP", targetPort: 443 }], resolution: "NONE" })
        .tlsOrigination();
    });
    expect(issues).toEqual([]);
    expect(resources.filter((r) => r.kind === "DestinationRule")).toEqual([
      {
        apiVersion: "networking.istio.io/v1",
        kind: "DestinationRule",
        metadata: { name: "google-wildcard.googleapis.com", namespace: "istio-system" },
        spec: { host: "*.googleapis.com", trafficPolicy: { tls: { mode: "SIMPLE" } } },
      },
      {
        apiVersion: "networking.istio.io/v1",
        kind: "DestinationRule",
        metadata: { name: "google-www.google.com", namespace: "istio-system" },
        spec: { host: "www.google.com", trafficPolicy: { tls: { mode: "SIMPLE", sni: "www.google.com" } } },
      },
    ]);
  });

  test("adds subsets of the endpoints and labels both resources alike", () => {
    const { resources, issues } = build((mesh) => {
      mesh.root
        .externalService("mongo", {
          hosts: ["mongo.example.com"],
          ports: [{ number: 27017, protocol: "MONGO" }],
          resolution: "STATIC",
          endpoints: [{ address: "10.0.0.1", labels: { zone: "a" } }, { address: "10.0.0.2", labels: { zone: "b" } }],
          labels: { team: "data" },
        })
        .subset("zone-a", { zone: "a" }, { connectionPool: { tcp: { maxConnections: 5 } } })
        .loadBalancing({ consistentHash: { useSourceIp: true } });
    });
    expect(issues).toEqual([]);
    expect(resources.map((r) => r.metadata.labels)).toEqual([{ team: "data" }, { team: "data" }]);
    expect(resources[0]?.spec).toEqual({
      host: "mongo.example.com",
      trafficPolicy: { loadBalancer: { consistentHash: { useSourceIp: true } } },
      subsets: [{ name: "zone-a", labels: { zone: "a" }, trafficPolicy: { connectionPool: { tcp: { maxConnections: 5 } } } }],
    });
  });
});

describe("the waypoint of an external service", () => {
  test("labels the ServiceEntry, not its DestinationRules, so a waypoint applies the policy for ambient workloads", () => {
    const { resources, issues } = build((mesh) => {
      const egress = mesh.namespace("egress", { dataplane: "ambient" });
      const waypoint = egress.waypoint("egress-waypoint");
      egress
        .externalService("api", { hosts: ["api.example.com"], ports: [{ number: 80, protocol: "HTTP", targetPort: 443 }], resolution: "DNS", waypoint, labels: { team: "platform" } })
        .tlsOrigination()
        .circuitBreaker(breaker);
      mesh.root.externalService("partner", { hosts: ["partner.example.com"], ports: [{ number: 443, protocol: "TLS" }], resolution: "DNS", waypoint });
    });
    expect(issues).toEqual([]);
    const labelsOf = (kind: string, name: string) => resources.find((r) => r.kind === kind && r.metadata.name === name)?.metadata.labels;
    expect(labelsOf("ServiceEntry", "api")).toEqual({ team: "platform", "istio.io/use-waypoint": "egress-waypoint" });
    expect(labelsOf("DestinationRule", "api")).toEqual({ team: "platform" });
    expect(labelsOf("ServiceEntry", "partner")).toEqual({ "istio.io/use-waypoint": "egress-waypoint", "istio.io/use-waypoint-namespace": "egress" });
  });

  test("takes a waypoint returned by a builder only", () => {
    const { issues } = build((mesh) => {
      const gateway = mesh.root.gateway("edge", { listeners: { http: { port: 80, protocol: "HTTP" } } });
      // @ts-expect-error a Gateway that is not a waypoint
      mesh.root.externalService("api", { hosts: ["api.example.com"], ports: [{ number: 80, protocol: "HTTP" }], waypoint: gateway });
    });
    expect(issues.map((issue) => issue.code)).toEqual(["INVALID_REFERENCE"]);
  });
});
