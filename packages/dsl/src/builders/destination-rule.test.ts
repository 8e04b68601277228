import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { formatIssue } from "@meshform/diagnostics";
import { describe, expect, test } from "vitest";
import { compile } from "../compile.js";
import { defineMesh, type MeshBuilder, type MeshOptions } from "../mesh.js";

const FILE = fileURLToPath(import.meta.url);

function build(declare: (mesh: MeshBuilder) => void, options: MeshOptions = {}) {
  return compile(defineMesh(options, declare).model);
}

describe("destinationRule", () => {
  test("applies a circuit breaker to an in-mesh Service, by its FQDN", () => {
    const { resources, issues } = build((mesh) => {
      const app = mesh.namespace("bookinfo", { managed: false });
      app
        .destinationRule("reviews", { host: app.service("reviews", { ports: [9080] }) })
        .circuitBreaker({ maxPendingRequests: 10, maxRequestsPerConnection: 1, maxConnections: 100, consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s", maxEjectionPercent: 50 });
    });
    expect(issues).toEqual([]);
    expect(resources).toEqual([
      {
        apiVersion: "networking.istio.io/v1",
        kind: "DestinationRule",
        metadata: { name: "reviews", namespace: "bookinfo" },
        spec: {
          host: "reviews.bookinfo.svc.cluster.local",
          trafficPolicy: {
            connectionPool: { http: { http1MaxPendingRequests: 10, maxRequestsPerConnection: 1 }, tcp: { maxConnections: 100 } },
            outlierDetection: { consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s", maxEjectionPercent: 50 },
          },
        },
      },
    ]);
  });

  test("declares subsets with their own policy, in order, after the destination's policy", () => {
    const { resources, issues } = build((mesh) => {
      const app = mesh.namespace("bookinfo", { managed: false });
      app
        .destinationRule("reviews", { host: app.service("reviews"), exportTo: ["."], labels: { team: "books" } })
        .subset("v1", { version: "v1" })
        .subset("v2", { version: "v2" }, { loadBalancer: { simple: "ROUND_ROBIN" } })
        .loadBalancing("LEAST_REQUEST");
    });
    expect(issues).toEqual([]);
    expect(resources).toEqual([
      {
        apiVersion: "networking.istio.io/v1",
        kind: "DestinationRule",
        metadata: { name: "reviews", namespace: "bookinfo", labels: { team: "books" } },
        spec: {
          host: "reviews.bookinfo.svc.cluster.local",
          trafficPolicy: { loadBalancer: { simple: "LEAST_REQUEST" } },
          subsets: [
            { name: "v1", labels: { version: "v1" } },
            { name: "v2", labels: { version: "v2" }, trafficPolicy: { loadBalancer: { simple: "ROUND_ROBIN" } } },
          ],
          exportTo: ["."],
        },
      },
    ]);
  });

  test("a later load-balancing choice replaces the earlier one and keeps the other settings", () => {
    const { resources, issues } = build((mesh) => {
      const app = mesh.namespace("bookinfo", { managed: false });
      app
        .destinationRule("ratings", { host: app.service("ratings") })
        .trafficPolicy({ loadBalancer: { simple: "RANDOM", localityLbSetting: { enabled: true } }, connectionPool: { tcp: { connectTimeout: "2s" } } })
        .loadBalancing({ consistentHash: { httpCookie: { name: "user", ttl: "0s" } } })
        .circuitBreaker({ maxConnections: 50, consecutiveGatewayErrors: 3, interval: "5s", baseEjectionTime: "1m" });
    });
    expect(issues).toEqual([]);
    expect(resources[0]?.spec).toEqual({
      host: "ratings.bookinfo.svc.cluster.local",
      trafficPolicy: {
        loadBalancer: { localityLbSetting: { enabled: true }, consistentHash: { httpCookie: { name: "user", ttl: "0s" } } },
        connectionPool: { tcp: { connectTimeout: "2s", maxConnections: 50 } },
        outlierDetection: { consecutiveGatewayErrors: 3, interval: "5s", baseEjectionTime: "1m" },
      },
    });
  });

  test("originates TLS to a host outside the config, its name as the SNI", () => {
    const { resources, issues } = build((mesh) => {
      mesh.root.destinationRule("partner", { host: "api.partner.example" }).tlsOrigination({ credentialName: "partner-ca" });
      const app = mesh.namespace("bookinfo", { managed: false });
      app.destinationRule("legacy", { host: app.service("legacy") }).tlsOrigination();
    });
    expect(issues).toEqual([]);
    expect(resources.map((r) => r.spec)).toEqual([
      { host: "legacy.bookinfo.svc.cluster.local", trafficPolicy: { tls: { mode: "SIMPLE" } } },
      { host: "api.partner.example", trafficPolicy: { tls: { mode: "SIMPLE", sni: "api.partner.example", credentialName: "partner-ca" } } },
    ]);
  });

  test("writes a traffic policy's keys in one order, whatever the order of the calls", () => {
    const declare = (first: boolean) => (mesh: MeshBuilder) => {
      const rule = mesh.root.destinationRule("partner", { host: "api.partner.example" });
      const breaker = () => rule.circuitBreaker({ maxPendingRequests: 1, consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m" });
      const balance = () => rule.loadBalancing("RANDOM");
      if (first) balance().tlsOrigination() && breaker();
      else breaker().tlsOrigination() && balance();
    };
    expect(JSON.stringify(build(declare(true)).resources)).toBe(JSON.stringify(build(declare(false)).resources));
  });
});

describe("destinationRule mistakes compile reports", () => {
  test("a field the targeted Istio lacks names the release that has it and the config line", () => {
    const { issues } = build(
      (mesh) => {
        mesh.root.destinationRule("partner", { host: "api.partner.example" }).trafficPolicy({ retryBudget: { percent: 20 } }); // retry-budget
      },
      { targets: { istio: "1.24.6" } },
    );
    expect(issues.map(formatIssue)).toEqual([
      `${FILE}:${lineOf("retry-budget")}:19 networking.istio.io/v1/DestinationRule istio-system/partner spec.trafficPolicy.retryBudget: not in Istio 1.24.6; it needs Istio 1.27.9 (raise the Istio target in defineMesh({ targets }) or drop the field)`,
    ]);
  });

  test("an invalid name is reported at the line that declared it", () => {
    const { issues } = build((mesh) => {
      mesh.root.destinationRule("Partner_API", { host: "api.partner.example" }); // bad-name
    });
    expect(issues.map(formatIssue)).toEqual([
      `${FILE}:${lineOf("bad-name")}:17 destinationRule() got an invalid DestinationRule name "Partner_API": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]);
  });
});

/** The 1-based line of this file that holds `marker` (a trailing comment on the call). */
function lineOf(marker: string): number {
  return readFileSync(FILE, "utf8").split("\n").findIndex((line) => line.includes(`// ${marker}`) && !line.includes("lineOf(")) + 1;
}
