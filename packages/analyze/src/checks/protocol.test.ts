import { describe, expect, test } from "vitest";
import { analyzeYaml, docs, runCase, type CheckCase } from "../testing.js";

const EXTERNAL = `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: api, namespace: shop }
spec:
  hosts: [api.example.com]
  ports: [{ number: 443, name: tls, protocol: TLS }]
  resolution: DNS`;

const DB = `
apiVersion: v1
kind: Service
metadata: { name: db, namespace: shop }
spec: { ports: [{ name: tcp-postgres, port: 5432 }] }`;

const cases: Record<string, CheckCase> = {
  "HTTP_SETTINGS_ON_NON_HTTP_PORT: an HTTP connection pool for a TLS ServiceEntry port": {
    yaml: docs(EXTERNAL, `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: api, namespace: shop }\nspec:\n  host: api.example.com\n  trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 1 } } }`),
    fix: ["http: { http1MaxPendingRequests: 1 }", "tcp: { maxConnections: 1 }"],
    findings: [["HTTP_SETTINGS_ON_NON_HTTP_PORT", "DestinationRule shop/api", "spec.trafficPolicy.connectionPool.http"]],
  },
  "HTTP_SETTINGS_ON_NON_HTTP_PORT: header hashing for a TCP Service port": {
    yaml: docs(DB, `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: db, namespace: shop }\nspec:\n  host: db\n  trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: x-user } } }`),
    fix: ["httpHeaderName: x-user", "useSourceIp: true"],
    findings: [["HTTP_SETTINGS_ON_NON_HTTP_PORT", "DestinationRule shop/db", "spec.trafficPolicy.loadBalancer.consistentHash.httpHeaderName"]],
  },
  "HTTP_ROUTE_ON_NON_HTTP_PORT: VirtualService http routes for a TCP Service": {
    yaml: docs(DB, `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: db, namespace: shop }\nspec:\n  hosts: [db]\n  http: [{ route: [{ destination: { host: db } }] }]`),
    fix: ["http: [{ route", "tcp: [{ route"],
    findings: [["HTTP_ROUTE_ON_NON_HTTP_PORT", "VirtualService shop/db", "spec.http"]],
  },
  "HTTP_ROUTE_ON_NON_HTTP_PORT: an HTTPRoute on a Service whose port is declared TCP": {
    yaml: docs(
      DB.replace("name: tcp-postgres, port: 5432", "name: api, port: 8080, appProtocol: tcp"),
      `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: { name: db, namespace: shop }\nspec:\n  parentRefs: [{ group: "", kind: Service, name: db }]\n  rules: [{ backendRefs: [{ name: db, port: 8080 }] }]`,
    ),
    fix: ["appProtocol: tcp", "appProtocol: http"],
    findings: [["HTTP_ROUTE_ON_NON_HTTP_PORT", "HTTPRoute shop/db", "spec.parentRefs[0]"]],
  },
  "PORT_PROTOCOL_UNDECLARED: a Service port named without a protocol": {
    yaml: docs(DB.replace("name: tcp-postgres", "name: postgres")),
    fix: ["name: postgres", "name: tcp-postgres"],
    findings: [["PORT_PROTOCOL_UNDECLARED", "Service shop/db", "spec.ports[0]"]],
  },
};

describe("protocol checks", () => {
  test.each(Object.entries(cases))("%s", (_, row) => {
    const { triggered, fixed } = runCase(row);
    expect(triggered).toEqual(row.findings);
    expect(fixed).toEqual([]);
  });

  test("each message says what is wrong and its hint what would be right", () => {
    const lines = Object.values(cases).flatMap((row) => analyzeYaml(row.yaml).map((i) => `${i.code}: ${i.message} (${i.hint})`));
    expect([...new Set(lines)].join("\n")).toMatchInlineSnapshot(`
      "HTTP_SETTINGS_ON_NON_HTTP_PORT: connectionPool.http has no effect: host api.example.com is served on port 443 as TLS (ServiceEntry shop/api), which Istio proxies as an opaque stream without seeing HTTP requests (limit connections with connectionPool.tcp instead, or declare the port HTTP and originate TLS with tls.mode SIMPLE so the proxy sees requests)
      HTTP_SETTINGS_ON_NON_HTTP_PORT: loadBalancer.consistentHash.httpHeaderName has no effect: host db.shop.svc.cluster.local is served on port 5432 as TCP (Service shop/db), which Istio proxies as an opaque stream without seeing HTTP requests (hash with useSourceIp instead, or declare the port HTTP)
      HTTP_ROUTE_ON_NON_HTTP_PORT: the http routes never apply to host db.shop.svc.cluster.local inside the mesh: it is served on port 5432 as TCP (Service shop/db), which sidecars route as TLS or TCP (route TLS with tls routes matching sniHosts and TCP with tcp routes, or declare the port's protocol HTTP)
      HTTP_ROUTE_ON_NON_HTTP_PORT: HTTPRoute attaches to Service shop/db, which is served on port 8080 as TCP (Service shop/db): the mesh does not parse that traffic as HTTP, so the route never applies (if the port does carry HTTP, name it http-<suffix> or grpc-<suffix>, or set its appProtocol)
      PORT_PROTOCOL_UNDECLARED: Port name postgres (port: 5432, targetPort: 0) doesn't follow the naming convention of Istio port: it declares its protocol neither by name nor by appProtocol, so Istio sniffs the first bytes to guess it, which adds latency and breaks server-first protocols such as MySQL (set appProtocol to http, http2, grpc, tcp or tls, or name the port <protocol>[-<suffix>], e.g. http-web)"
    `);
  });
});
