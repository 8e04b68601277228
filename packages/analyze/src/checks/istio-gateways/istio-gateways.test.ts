/**
 * The Istio Gateway and TLS checks, read as istioctl's analyzers read the same set: the cases
 * of Istio's own analyzer test data, and the closest cases that stay silent.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { analyzeYaml, docs, pathText } from "../../testing.js";
import { ISTIO_GATEWAYS_CHECKS } from "./index.js";

/** The findings of `code` as `Kind ns/name path`. */
const found = (yaml: string, code: string) =>
  analyzeYaml(yaml)
    .filter((i) => i.code === code)
    .map((i) => `${i.resource?.kind} ${i.resource?.namespace}/${i.resource?.name} ${pathText(i.path)}`);

/** The findings of `code`, whole. */
const whole = (yaml: string, code: string) => analyzeYaml(yaml).filter((i) => i.code === code);

const rule = (name: string, policy: string, extra = "") => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ${name}, namespace: prod }
spec:
  host: mydbserver.prod.svc.cluster.local
${extra}  trafficPolicy:
${policy
  .trim()
  .split("\n")
  .map((line) => `    ${line}`)
  .join("\n")}`;

describe("DESTINATION_RULE_CA_CERTIFICATES_MISSING and DESTINATION_RULE_PORT_CA_CERTIFICATES_MISSING", () => {
  const CONSEQUENCE = "the proxy then verifies the server against the system's public root CAs only, so a server whose certificate a private CA signed fails the TLS handshake";
  const HINT =
    "set caCertificates to the file of the CA bundle that signed the server's certificate (mounted in the proxy); at a gateway, a credentialName whose Secret holds ca.crt, with a workloadSelector on the DestinationRule, does the same";

  test("SIMPLE at the destination level is istioctl's IST0128, on the tls settings, as info: the proxy falls back to the system's CAs", () => {
    expect(whole(rule("db-tls", "tls: { mode: SIMPLE }"), "DESTINATION_RULE_CA_CERTIFICATES_MISSING")).toEqual([
      {
        code: "DESTINATION_RULE_CA_CERTIFICATES_MISSING",
        istioctlCode: "IST0128",
        severity: "info",
        message: `DestinationRule prod/db-tls in namespace prod has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: mydbserver.prod.svc.cluster.local: ${CONSEQUENCE}`,
        hint: HINT,
        path: ["spec", "trafficPolicy", "tls"],
        resource: { apiVersion: "networking.istio.io/v1", kind: "DestinationRule", namespace: "prod", name: "db-tls" },
        source: { file: "mesh.yaml", line: 8 },
      },
    ]);
  });

  test("MUTUAL at a port is istioctl's IST0129, naming the port as istioctl prints it", () => {
    const yaml = rule("db-mtls", "portLevelSettings:\n- port: { number: 443 }\n  tls: { mode: MUTUAL, clientCertificate: /etc/certs/client.pem, privateKey: /etc/certs/key.pem }");
    expect(whole(yaml, "DESTINATION_RULE_PORT_CA_CERTIFICATES_MISSING")).toEqual([
      {
        code: "DESTINATION_RULE_PORT_CA_CERTIFICATES_MISSING",
        istioctlCode: "IST0129",
        severity: "info",
        message: `DestinationRule prod/db-mtls in namespace prod has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host: mydbserver.prod.svc.cluster.local at port number:443: ${CONSEQUENCE}`,
        hint: HINT,
        path: ["spec", "trafficPolicy", "portLevelSettings", 0, "tls"],
        resource: { apiVersion: "networking.istio.io/v1", kind: "DestinationRule", namespace: "prod", name: "db-mtls" },
        source: { file: "mesh.yaml", line: 10 },
      },
    ]);
    expect(found(yaml, "DESTINATION_RULE_CA_CERTIFICATES_MISSING")).toEqual([]);
  });

  // Istio's test data: each row is the trafficPolicy, the workloadSelector, and what istioctl reports.
  test.each([
    ["simple at the destination", "tls: { mode: SIMPLE }", "", ["dest"]],
    ["mutual at the destination", "tls: { mode: MUTUAL, clientCertificate: /c.pem, privateKey: /k.pem }", "", ["dest"]],
    ["simple at a port", "portLevelSettings: [{ port: { number: 443 }, tls: { mode: SIMPLE } }]", "", ["port"]],
    ["mutual at a port", "portLevelSettings: [{ port: { number: 443 }, tls: { mode: MUTUAL } }]", "", ["port"]],
    ["credentialName at the destination, no workloadSelector", "tls: { mode: SIMPLE, credentialName: db-credential }", "", ["dest"]],
    ["credentialName at the destination, with a workloadSelector", "tls: { mode: SIMPLE, credentialName: db-credential }", "  workloadSelector: { matchLabels: { app: db } }\n", []],
    ["credentialName at a port, no workloadSelector", "portLevelSettings: [{ port: { number: 443 }, tls: { mode: SIMPLE, credentialName: db-credential } }]", "", ["port"]],
    ["credentialName at a port, with a workloadSelector", "portLevelSettings: [{ port: { number: 443 }, tls: { mode: SIMPLE, credentialName: db-credential } }]", "  workloadSelector: { matchLabels: { app: db } }\n", []],
    ["mutual at the destination and simple at a port", "tls: { mode: MUTUAL }\nportLevelSettings: [{ port: { number: 443 }, tls: { mode: SIMPLE, sni: my-nginx.example.com } }]", "", ["dest", "port"]],
    ["both with caCertificates", "tls: { mode: MUTUAL, caCertificates: /ca.pem }\nportLevelSettings: [{ port: { number: 443 }, tls: { mode: SIMPLE, caCertificates: /ca.pem } }]", "", []],
    ["ISTIO_MUTUAL and DISABLE", "tls: { mode: ISTIO_MUTUAL }\nportLevelSettings: [{ port: { number: 443 }, tls: { mode: DISABLE } }]", "", []],
    ["an empty caCertificates", "tls: { mode: SIMPLE, caCertificates: '' }", "", ["dest"]],
    ["a mode in lower case, which is not Istio's", "tls: { mode: simple }", "", []],
    ["a malformed tls and port list", "tls: SIMPLE\nportLevelSettings: [SIMPLE, { tls: [] }]", "", []],
  ])("%s", (_, policy, extra, expected) => {
    const yaml = rule("db", policy, extra);
    const codes = [...found(yaml, "DESTINATION_RULE_CA_CERTIFICATES_MISSING").map(() => "dest"), ...found(yaml, "DESTINATION_RULE_PORT_CA_CERTIFICATES_MISSING").map(() => "port")];
    expect(codes).toEqual(expected);
  });

  test("a port without a number is named as istioctl names an empty selector; subsets are not read, as in istioctl", () => {
    const yaml = rule("db", "portLevelSettings: [{ tls: { mode: SIMPLE } }]", "  subsets: [{ name: v1, labels: { v: '1' }, trafficPolicy: { tls: { mode: SIMPLE } } }]\n");
    expect(whole(yaml, "DESTINATION_RULE_PORT_CA_CERTIFICATES_MISSING").map((i) => i.message.split(": the proxy")[0])).toEqual([
      "DestinationRule prod/db in namespace prod has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: mydbserver.prod.svc.cluster.local at port ",
    ]);
    expect(found(yaml, "DESTINATION_RULE_CA_CERTIFICATES_MISSING")).toEqual([]);
  });
});

const entry = (name: string, spec: string, namespace = "default") => `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  hosts: [istio.io]
${spec
  .trim()
  .split("\n")
  .map((line) => `  ${line}`)
  .join("\n")}`;

const meshConfig = (metadata: string, namespace = "istio-system") => `
apiVersion: v1
kind: ConfigMap
metadata: { name: istio, namespace: ${namespace} }
data:
  mesh: |
    defaultConfig:
      proxyMetadata: ${metadata}`;

describe("SERVICE_ENTRY_ADDRESSES_REQUIRED", () => {
  test("a TCP port without addresses is istioctl's IST0134, on the port", () => {
    expect(whole(entry("db", "ports: [{ number: 5432, name: tcp-db, protocol: TCP }]"), "SERVICE_ENTRY_ADDRESSES_REQUIRED")).toEqual([
      {
        code: "SERVICE_ENTRY_ADDRESSES_REQUIRED",
        istioctlCode: "IST0134",
        severity: "warning",
        message:
          "ServiceEntry addresses are required for this protocol: port 5432 is served as TCP, and without an address a sidecar can match this host's TCP traffic by port only, on a listener for every destination of port 5432, where it collides with any other host served as TCP on that port",
        hint: "set spec.addresses to a virtual IP (or CIDR) of the host; or let Istio allocate one, with DNS capture and ISTIO_META_DNS_AUTO_ALLOCATE in meshConfig.defaultConfig.proxyMetadata; or set the port's protocol if it is not plain TCP (HTTP, TLS)",
        path: ["spec", "ports", 0],
        resource: { apiVersion: "networking.istio.io/v1", kind: "ServiceEntry", namespace: "default", name: "db" },
        source: { file: "mesh.yaml", line: 7 },
      },
    ]);
  });

  // Istio's test data: service-entry-test-01 to -07, and the lower- and upper-case protocols.
  const istioCases = docs(
    entry("service-entry-test-01", "ports: [{ number: 443, name: https, protocol: HTTPS }]"),
    entry("service-entry-test-02", "addresses: [10.0.0.1]\nports: [{ number: 443, name: https, protocol: HTTPS }]"),
    entry("service-entry-test-03", "ports: [{ number: 443, name: https }]"),
    entry("service-entry-test-04", "ports: [{ number: 443, name: https, protocol: '' }]"),
    entry("service-entry-test-06", "addresses: [10.0.0.1]\nports: [{ number: 443, name: https, protocol: TCP }]"),
    entry("service-entry-test-07", "ports: [{ number: 443, name: https, protocol: TCP }]"),
    entry("address-missing-lowercase", "ports: [{ number: 22, name: tcp, protocol: tcp }]"),
    entry("address-missing-uppercase", "ports: [{ number: 22, name: tcp, protocol: TCP }]"),
  );

  test("Istio's cases: no protocol, an empty one and TCP in any case need addresses; the name of the port does not count", () => {
    expect(found(istioCases, "SERVICE_ENTRY_ADDRESSES_REQUIRED")).toEqual([
      "ServiceEntry default/service-entry-test-03 spec.ports[0]",
      "ServiceEntry default/service-entry-test-04 spec.ports[0]",
      "ServiceEntry default/service-entry-test-07 spec.ports[0]",
      "ServiceEntry default/address-missing-lowercase spec.ports[0]",
      "ServiceEntry default/address-missing-uppercase spec.ports[0]",
    ]);
  });

  test("a mesh config that captures DNS and allocates addresses silences it, as in Istio's case with its mesh config", () => {
    expect(found(docs(istioCases, meshConfig('{ ISTIO_META_DNS_CAPTURE: "true", ISTIO_META_DNS_AUTO_ALLOCATE: "true" }')), "SERVICE_ENTRY_ADDRESSES_REQUIRED")).toEqual([]);
    expect(found(docs(istioCases, meshConfig('{ ISTIO_META_DNS_CAPTURE: "true", PILOT_ENABLE_IP_AUTOALLOCATE: "true" }')), "SERVICE_ENTRY_ADDRESSES_REQUIRED")).toEqual([]);
  });

  test.each([
    ["allocation without DNS capture", meshConfig('{ ISTIO_META_DNS_AUTO_ALLOCATE: "true" }')],
    ["DNS capture without allocation", meshConfig('{ ISTIO_META_DNS_CAPTURE: "true" }')],
    ["the mesh config of another namespace", meshConfig('{ ISTIO_META_DNS_CAPTURE: "true", ISTIO_META_DNS_AUTO_ALLOCATE: "true" }', "other")],
    ["a mesh config that is not YAML", meshConfig("{ [")],
  ])("%s still needs addresses", (_, config) => {
    expect(found(docs(entry("db", "ports: [{ number: 5432, protocol: TCP }]"), config), "SERVICE_ENTRY_ADDRESSES_REQUIRED")).toEqual(["ServiceEntry default/db spec.ports[0]"]);
  });

  test("one finding per TCP port; an address Istio allocated (status) silences it; an empty addresses list does not", () => {
    const yaml = docs(
      entry("two", "ports: [{ number: 5432, protocol: TCP }, { number: 80, protocol: HTTP }, { number: 6379 }]"),
      entry("allocated", "ports: [{ number: 5432, protocol: TCP }]\n") + "\nstatus: { addresses: [{ value: 240.240.0.1 }] }",
      entry("empty", "addresses: []\nports: [{ number: 5432, protocol: TCP }]"),
      entry("malformed", "addresses: 10.0.0.1\nports: [5432, { number: 9000, protocol: [TCP] }]"),
    );
    expect(found(yaml, "SERVICE_ENTRY_ADDRESSES_REQUIRED")).toEqual([
      "ServiceEntry default/two spec.ports[0]",
      "ServiceEntry default/two spec.ports[2]",
      "ServiceEntry default/empty spec.ports[0]",
      "ServiceEntry default/malformed spec.ports[1]",
    ]);
  });
});

const gateway = (name: string, namespace: string, selector: string, servers: string) => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: ${selector}
  servers: ${servers}`;

const https = (credential: string, host: string) => `[{ port: { number: 443, name: https, protocol: HTTPS }, tls: { mode: SIMPLE, credentialName: ${credential} }, hosts: ["${host}"] }]`;
const INGRESS = "{ istio: ingressgateway }";
const INTERNAL = "{ istio: ingressgateway, type: internal }";

describe("GATEWAY_DUPLICATE_CERTIFICATE", () => {
  test("two Gateways serving one credentialName is istioctl's IST0138, on each", () => {
    const yaml = docs(gateway("a", "istio-system", INGRESS, https("wildcard", "a.example.com")), gateway("b", "istio-system", INGRESS, https("wildcard", "b.example.com")));
    const message = (names: string) =>
      `Duplicate certificate in multiple gateways [${names}] may cause 404s if clients re-use HTTP2 connections: a client that opened an HTTP/2 connection for a host of one of these Gateways may send on it the requests for a host of another, which the certificate also covers, and they reach the routes of the first server, which does not serve that host`;
    expect(whole(yaml, "GATEWAY_DUPLICATE_CERTIFICATE")).toEqual(
      ["a", "b"].map((name, i) => ({
        code: "GATEWAY_DUPLICATE_CERTIFICATE",
        istioctlCode: "IST0138",
        severity: "warning",
        message: message(i === 0 ? "istio-system/a istio-system/b" : "istio-system/b istio-system/a"),
        hint: "give each Gateway its own certificate (a credentialName whose certificate covers only its hosts), or serve these hosts from one server of one Gateway",
        path: ["spec", "servers", 0, "tls", "credentialName"],
        resource: { apiVersion: "networking.istio.io/v1", kind: "Gateway", namespace: "istio-system", name },
        source: { file: "mesh.yaml", line: 6 + i * 7 },
      })),
    );
  });

  test("Istio's cases: a selector that is a subset of the other's reports, not the reverse; namespaces do not separate Gateways; distinct certificates and plain servers are silent", () => {
    const yaml = docs(
      gateway("gateway-01-test-01", "istio-system", INGRESS, https("test-01-wildcard-cert", "01.test-01.com")),
      gateway("gateway-02-test-01", "istio-system", INGRESS, https("test-01-wildcard-cert", "02.test-01.com")),
      gateway("gateway-01-test-02", "istio-system", INGRESS, https("test-02-wildcard-cert", "01.test-02.com")),
      gateway("gateway-02-test-02", "istio-system", INTERNAL, https("test-02-wildcard-cert", "02.test-02.com")),
      gateway("gateway-01-test-03", "default", INGRESS, https("test-03-wildcard-cert", "01.test-03.com")),
      gateway("gateway-02-test-03", "istio-system", INTERNAL, https("test-03-wildcard-cert", "02.test-03.com")),
      gateway("gateway-01-test-04", "istio-system", INGRESS, https("01-test-04-wildcard-cert", "01.test-04.com")),
      gateway("gateway-02-test-04", "istio-system", INGRESS, https("02-test-04-wildcard-cert", "02.test-04.com")),
      gateway("gateway-01-test-05", "istio-system", INGRESS, https("01-test-05-wildcard-cert", "01.test-05.com")),
      gateway("gateway-02-test-05", "istio-system", INTERNAL, https("02-test-05-wildcard-cert", "02.test-05.com")),
      gateway("gateway-03-test-06", "default", INGRESS, '[{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["03.test-06.com"] }]'),
      gateway("gateway-04-test-06", "default", INGRESS, '[{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["04.test-06.com"] }]'),
    );
    expect(found(yaml, "GATEWAY_DUPLICATE_CERTIFICATE")).toEqual([
      "Gateway istio-system/gateway-01-test-01 spec.servers[0].tls.credentialName",
      "Gateway istio-system/gateway-02-test-01 spec.servers[0].tls.credentialName",
      "Gateway istio-system/gateway-01-test-02 spec.servers[0].tls.credentialName",
      "Gateway default/gateway-01-test-03 spec.servers[0].tls.credentialName",
    ]);
  });

  test("certificate files count when both the certificate and the key are the same; a credentialName and files never match", () => {
    const files = (cert: string, key: string) => `[{ port: { number: 443, name: https, protocol: HTTPS }, tls: { mode: SIMPLE, serverCertificate: ${cert}, privateKey: ${key} }, hosts: ["*"] }]`;
    const same = docs(gateway("a", "shop", "{}", files("/c.pem", "/k.pem")), gateway("b", "shop", "{}", files("/c.pem", "/k.pem")));
    expect(found(same, "GATEWAY_DUPLICATE_CERTIFICATE")).toEqual(["Gateway shop/a spec.servers[0].tls.serverCertificate", "Gateway shop/b spec.servers[0].tls.serverCertificate"]);
    expect(found(docs(gateway("a", "shop", "{}", files("/c.pem", "/k.pem")), gateway("b", "shop", "{}", files("/c.pem", "/k2.pem"))), "GATEWAY_DUPLICATE_CERTIFICATE")).toEqual([]);
    expect(found(docs(gateway("a", "shop", "{}", files("/c.pem", "''")), gateway("b", "shop", "{}", files("/c.pem", "''"))), "GATEWAY_DUPLICATE_CERTIFICATE")).toEqual([]);
    expect(found(docs(gateway("a", "shop", "{}", https("/c.pem", "a.example.com")), gateway("b", "shop", "{}", files("/c.pem", "/k.pem"))), "GATEWAY_DUPLICATE_CERTIFICATE")).toEqual([]);
  });

  test("two servers of one Gateway sharing a certificate are not reported; many Gateways are counted, not all listed", () => {
    const twice = `[{ port: { number: 443, name: a, protocol: HTTPS }, tls: { mode: SIMPLE, credentialName: c }, hosts: [a.example.com] }, { port: { number: 8443, name: b, protocol: HTTPS }, tls: { mode: SIMPLE, credentialName: c }, hosts: [b.example.com] }]`;
    expect(found(gateway("a", "shop", INGRESS, twice), "GATEWAY_DUPLICATE_CERTIFICATE")).toEqual([]);
    const many = docs(...["a", "b", "c", "d", "e"].map((name) => gateway(name, "shop", INGRESS, https("shared", `${name}.example.com`))));
    expect(whole(many, "GATEWAY_DUPLICATE_CERTIFICATE").map((i) => /\[(.*)\]/.exec(i.message)?.[1])).toEqual([
      "shop/a shop/b shop/c shop/d and 1 more",
      "shop/b shop/a shop/c shop/d and 1 more",
      "shop/c shop/a shop/b shop/d and 1 more",
      "shop/d shop/a shop/b shop/c and 1 more",
      "shop/e shop/a shop/b shop/c and 1 more",
    ]);
  });
});

const server = (port: number, protocol: string, hosts: string, extra = "") => `{ port: { number: ${port}, name: p${port}, protocol: ${protocol} }, hosts: ${hosts}${extra} }`;

describe("GATEWAY_SERVER_CONFLICT", () => {
  test("two Gateways with one selector claiming a host on a port is istioctl's IST0145, on each server", () => {
    const yaml = docs(gateway("beta", "default", INGRESS, `[${server(80, "TCP", '["foo.bar"]')}]`), gateway("alpha", "default", INGRESS, `[${server(80, "HTTP", '["foo.bar"]')}]`));
    const message = (other: string) =>
      `Conflict with gateways ${other} (workload selector istio=ingressgateway, port 80, hosts foo.bar): the gateway workload serves the servers of every Gateway that selects it as one configuration, and on a port two of them share, a TLS server whose host another already claims is skipped, as is a server whose protocol cannot share the port, while plain HTTP servers mix the routes of both Gateways' VirtualServices for the host`;
    expect(whole(yaml, "GATEWAY_SERVER_CONFLICT")).toEqual(
      [
        ["beta", "default/alpha", 6],
        ["alpha", "default/beta", 13],
      ].map(([name, other, line]) => ({
        code: "GATEWAY_SERVER_CONFLICT",
        istioctlCode: "IST0145",
        severity: "error",
        message: message(other as string),
        hint: "serve the host from one Gateway (merge the servers into one resource), or give the servers different ports, hosts or bind addresses",
        path: ["spec", "servers", 0],
        resource: { apiVersion: "networking.istio.io/v1", kind: "Gateway", namespace: "default", name },
        source: { file: "mesh.yaml", line },
      })),
    );
  });

  test("Istio's cases: different ports are silent; with several ports, only the shared one conflicts; a list of three names every other", () => {
    expect(found(docs(gateway("beta", "default", INGRESS, `[${server(443, "TCP", '["foo.bar"]')}]`), gateway("alpha", "default", INGRESS, `[${server(80, "HTTP", '["foo.bar"]')}]`)), "GATEWAY_SERVER_CONFLICT")).toEqual([]);
    const ports = docs(
      gateway("beta", "default", INGRESS, `[${server(80, "TCP", '["foo.bar"]')}, ${server(90, "TCP", '["foo.bar"]')}]`),
      gateway("alpha", "default", INGRESS, `[${server(70, "HTTP", '["foo.bar"]')}, ${server(90, "HTTP", '["foo.bar"]')}]`),
    );
    expect(found(ports, "GATEWAY_SERVER_CONFLICT")).toEqual(["Gateway default/beta spec.servers[1]", "Gateway default/alpha spec.servers[1]"]);
    const three = docs(...["alpha", "beta-l", "alpha-l"].map((name) => gateway(name, "default", INGRESS, `[${server(80, "TCP", '["foo.bar"]')}]`)));
    expect(whole(three, "GATEWAY_SERVER_CONFLICT").map((i) => i.message.split(" (")[0])).toEqual([
      "Conflict with gateways default/alpha-l,default/beta-l",
      "Conflict with gateways default/alpha,default/alpha-l",
      "Conflict with gateways default/alpha,default/beta-l",
    ]);
  });

  test("Istio's case without ports: servers on no port conflict only by host", () => {
    const noPort = (name: string, host: string) => gateway(name, "default", INGRESS, `[{ hosts: ["${host}"] }]`);
    expect(found(docs(noPort("beta", "foo.bar"), noPort("alpha", "bar.bar")), "GATEWAY_SERVER_CONFLICT")).toEqual([]);
    expect(whole(docs(noPort("beta", "foo.bar"), noPort("alpha", "foo.bar")), "GATEWAY_SERVER_CONFLICT").map((i) => i.message.split(":")[0])).toEqual([
      "Conflict with gateways default/alpha (workload selector istio=ingressgateway, port 0, hosts foo.bar)",
      "Conflict with gateways default/beta (workload selector istio=ingressgateway, port 0, hosts foo.bar)",
    ]);
  });

  test.each([
    ["another selector", INTERNAL, '["foo.bar"]', ""],
    ["a selector that only overlaps (decided by pods, which istioctl reads and meshform does not)", "{ istio: ingressgateway, cusKey: cusValue }", '["foo.bar"]', ""],
    ["another bind address", INGRESS, '["foo.bar"]', ", bind: 10.0.0.1"],
    ["a wildcard covering the host, compared as written", INGRESS, '["*.bar"]', ""],
    ["the host with a namespace, compared as written", INGRESS, '["default/foo.bar"]', ""],
  ])("%s is silent", (_, selector, hosts, extra) => {
    expect(found(docs(gateway("beta", "default", INGRESS, `[${server(80, "HTTP", '["foo.bar"]')}]`), gateway("alpha", "default", selector, `[${server(80, "HTTP", hosts, extra)}]`)), "GATEWAY_SERVER_CONFLICT")).toEqual([]);
  });

  test("the selector is printed sorted; Gateways of other namespaces conflict; a host of any server of the other Gateway on the port counts", () => {
    const yaml = docs(
      gateway("a", "shop", "{ b: '2', a: '1' }", `[${server(80, "HTTP", '["x.example.com", "y.example.com"]')}]`),
      gateway("b", "books", "{ a: '1', b: '2' }", `[${server(80, "HTTP", '["y.example.com"]')}, ${server(80, "HTTP", '["z.example.com"]', ", bind: 10.0.0.1")}]`),
    );
    expect(whole(yaml, "GATEWAY_SERVER_CONFLICT").map((i) => i.message.split(":")[0])).toEqual([
      "Conflict with gateways books/b (workload selector a=1,b=2, port 80, hosts x.example.com,y.example.com)",
      "Conflict with gateways shop/a (workload selector a=1,b=2, port 80, hosts y.example.com)",
    ]);
  });

  test("malformed servers are read as far as they go", () => {
    expect(found(docs(gateway("a", "shop", "[]", "[80, { port: 80, hosts: [1, foo.bar] }]"), gateway("b", "shop", "~", "{ port: 80 }")), "GATEWAY_SERVER_CONFLICT")).toEqual([]);
  });
});

const externalName = (name: string, namespace: string, ports: string, labels = "{}") => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace}, labels: ${labels} }
spec:
  type: ExternalName
  externalName: nginx.example.com
  ports: ${ports}`;

describe("EXTERNAL_NAME_PORT_NAME_INVALID", () => {
  test("a port without a protocol is istioctl's IST0150, on the port", () => {
    expect(whole(externalName("nginx", "nginx-ns", "[{ name: nginx, port: 443, protocol: TCP, targetPort: 443 }]"), "EXTERNAL_NAME_PORT_NAME_INVALID")).toEqual([
      {
        code: "EXTERNAL_NAME_PORT_NAME_INVALID",
        istioctlCode: "IST0150",
        severity: "warning",
        message:
          'Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly: port 443 ("nginx") declares no protocol by name or appProtocol, and an ExternalName Service has no cluster IP, so sidecars may not forward the port\'s traffic to nginx.example.com',
        hint: "name the port <protocol>-<suffix> (http-web, https-api, tls-db, tcp-db; not plain tcp), or set appProtocol",
        path: ["spec", "ports", 0],
        resource: { apiVersion: "v1", kind: "Service", namespace: "nginx-ns", name: "nginx" },
        source: { file: "mesh.yaml", line: 8 },
      },
    ]);
  });

  test("Istio's cases: a port without a name and a port named plain tcp are reported too", () => {
    const yaml = docs(
      externalName("nginx", "nginx-ns", "[{ name: nginx, port: 443, protocol: TCP }]"),
      externalName("nginx-svc2", "nginx-ns2", "[{ port: 443, protocol: TCP }]"),
      externalName("nginx-svc3", "nginx-ns3", "[{ name: tcp, port: 443, protocol: TCP }]"),
    );
    expect(found(yaml, "EXTERNAL_NAME_PORT_NAME_INVALID")).toEqual(["Service nginx-ns/nginx spec.ports[0]", "Service nginx-ns2/nginx-svc2 spec.ports[0]", "Service nginx-ns3/nginx-svc3 spec.ports[0]"]);
    expect(whole(yaml, "EXTERNAL_NAME_PORT_NAME_INVALID").map((i) => i.message.split("correctly: ")[1]?.split(", and")[0])).toEqual([
      'port 443 ("nginx") declares no protocol by name or appProtocol',
      "port 443 (no name) declares no protocol by name or appProtocol",
      'port 443 ("tcp") is named plain tcp',
    ]);
  });

  test.each([
    ["a named protocol", "[{ name: https, port: 443 }]"],
    ["a protocol prefix", "[{ name: tcp-db, port: 5432 }]"],
    ["grpc-web, in any case", "[{ name: GRPC-Web-api, port: 8080 }]"],
    ["appProtocol", "[{ name: web, port: 443, appProtocol: https }]"],
    ["Kubernetes' appProtocol names", "[{ name: web, port: 80, appProtocol: kubernetes.io/h2c }, { name: ws, port: 81, appProtocol: kubernetes.io/wss }]"],
    ["UDP", "[{ name: dns, port: 5353, protocol: UDP }]"],
    ["a well-known port", "[{ name: db, port: 3306 }, { port: 53 }]"],
  ])("%s is silent", (_, ports) => {
    expect(found(externalName("nginx", "web", ports), "EXTERNAL_NAME_PORT_NAME_INVALID")).toEqual([]);
  });

  test("appProtocol wins over the name; other Service types, the control plane and managed gateways are not checked", () => {
    expect(found(externalName("nginx", "web", "[{ name: http, port: 80, appProtocol: custom }]"), "EXTERNAL_NAME_PORT_NAME_INVALID")).toEqual(["Service web/nginx spec.ports[0]"]);
    expect(found(externalName("nginx", "web", "[{ name: nginx, port: 443 }]", "{ istio: pilot }"), "EXTERNAL_NAME_PORT_NAME_INVALID")).toEqual([]);
    expect(found(externalName("nginx", "web", "[{ name: nginx, port: 443 }]", "{ release: istio }"), "EXTERNAL_NAME_PORT_NAME_INVALID")).toEqual([]);
    expect(found(externalName("nginx", "web", "[{ name: nginx, port: 443 }]", "{ gateway.istio.io/managed: istio.io-mesh-controller }"), "EXTERNAL_NAME_PORT_NAME_INVALID")).toEqual([]);
    const clusterIp = externalName("nginx", "web", "[{ name: nginx, port: 443 }]").replace("type: ExternalName", "type: ClusterIP");
    expect(found(clusterIp, "EXTERNAL_NAME_PORT_NAME_INVALID")).toEqual([]);
    expect(found(externalName("nginx", "web", "[443, { name: [tcp], port: '443' }]"), "EXTERNAL_NAME_PORT_NAME_INVALID")).toEqual(["Service web/nginx spec.ports[1]"]);
  });
});

const apiGateway = (name: string, namespace: string, className = "istio", extra = "") => `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  gatewayClassName: ${className}
  listeners: [{ name: http, port: 80, protocol: HTTP }]${extra}`;

const policy = (kind: string, name: string, spec: string, namespace = "default") => {
  const apiVersion = kind === "WasmPlugin" ? "extensions.istio.io/v1alpha1" : kind === "Telemetry" ? "telemetry.istio.io/v1" : "security.istio.io/v1";
  return `
apiVersion: ${apiVersion}
kind: ${kind}
metadata: { namespace: ${namespace}, name: ${name} }
spec: ${spec}`;
};

const BY_NAME = "{ selector: { matchLabels: { gateway.networking.k8s.io/gateway-name: bookinfo-gateway } } }";

describe("SELECTOR_INEFFECTIVE_ON_GATEWAY", () => {
  test("a selector on the pods of a Gateway API Gateway of the set is istioctl's IST0166", () => {
    expect(whole(docs(apiGateway("bookinfo-gateway", "default"), policy("AuthorizationPolicy", "ap-ineffective", BY_NAME)), "SELECTOR_INEFFECTIVE_ON_GATEWAY")).toEqual([
      {
        code: "SELECTOR_INEFFECTIVE_ON_GATEWAY",
        istioctlCode: "IST0166",
        severity: "warning",
        message:
          "Ineffective selector on Kubernetes Gateway bookinfo-gateway. Use the TargetRef field instead: Istio applies AuthorizationPolicys to the Gateway API Gateway default/bookinfo-gateway through targetRefs only, so this AuthorizationPolicy does not apply to it",
        hint: "replace the selector with targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: bookinfo-gateway }]",
        path: ["spec", "selector", "matchLabels"],
        resource: { apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy", namespace: "default", name: "ap-ineffective" },
        source: { file: "mesh.yaml", line: 11 },
      },
    ]);
  });

  test("Istio's cases: each of the four kinds with only a selector is reported; with a targetRef it is not", () => {
    const yaml = docs(
      apiGateway("bookinfo-gateway", "default"),
      policy("RequestAuthentication", "ra-ineffective", BY_NAME),
      policy("AuthorizationPolicy", "ap-ineffective", BY_NAME),
      policy("WasmPlugin", "wasmplugin-ineffective", "{ url: google.com, selector: { matchLabels: { gateway.networking.k8s.io/gateway-name: bookinfo-gateway } } }"),
      policy("Telemetry", "telemetry-ineffective", BY_NAME),
      policy("Telemetry", "telemetry-effective", "{ selector: { matchLabels: { gateway.networking.k8s.io/gateway-name: bookinfo-gateway } }, targetRef: { group: gateway.networking.k8s.io, kind: Gateway, name: bookinfo-gateway } }"),
    );
    expect(found(yaml, "SELECTOR_INEFFECTIVE_ON_GATEWAY")).toEqual([
      "RequestAuthentication default/ra-ineffective spec.selector.matchLabels",
      "AuthorizationPolicy default/ap-ineffective spec.selector.matchLabels",
      "WasmPlugin default/wasmplugin-ineffective spec.selector.matchLabels",
      "Telemetry default/telemetry-ineffective spec.selector.matchLabels",
    ]);
  });

  test("the labels Istio puts on the pods count: the class, and the Gateway's infrastructure labels", () => {
    const gateways = docs(apiGateway("web", "default", "istio", "\n  infrastructure: { labels: { team: shop } }"), apiGateway("waypoint", "default", "istio-waypoint"));
    const byClass = policy("AuthorizationPolicy", "by-class", "{ selector: { matchLabels: { gateway.networking.k8s.io/gateway-class-name: istio } } }");
    const withTeam = policy("AuthorizationPolicy", "with-team", "{ selector: { matchLabels: { gateway.networking.k8s.io/gateway-name: web, team: shop } } }");
    const waypoint = policy("Telemetry", "waypoint", "{ selector: { matchLabels: { gateway.networking.k8s.io/gateway-name: waypoint } } }");
    expect(found(docs(gateways, byClass, withTeam, waypoint), "SELECTOR_INEFFECTIVE_ON_GATEWAY")).toEqual([
      "AuthorizationPolicy default/by-class spec.selector.matchLabels",
      "AuthorizationPolicy default/with-team spec.selector.matchLabels",
      "Telemetry default/waypoint spec.selector.matchLabels",
    ]);
  });

  test.each([
    ["a Gateway of another namespace", docs(apiGateway("bookinfo-gateway", "other"), policy("AuthorizationPolicy", "ap", BY_NAME))],
    ["a Gateway of a class Istio does not deploy", docs(apiGateway("bookinfo-gateway", "default", "istio-remote"), policy("AuthorizationPolicy", "ap", BY_NAME))],
    ["no such Gateway in the set", policy("AuthorizationPolicy", "ap", BY_NAME)],
    ["a label the Gateway's pods lack", docs(apiGateway("bookinfo-gateway", "default"), policy("AuthorizationPolicy", "ap", "{ selector: { matchLabels: { gateway.networking.k8s.io/gateway-name: bookinfo-gateway, app: reviews } } }"))],
    ["a selector of application pods", docs(apiGateway("bookinfo-gateway", "default"), policy("AuthorizationPolicy", "ap", "{ selector: { matchLabels: { app: reviews } } }"))],
    ["targetRefs", docs(apiGateway("bookinfo-gateway", "default"), policy("AuthorizationPolicy", "ap", "{ targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: bookinfo-gateway }] }"))],
    ["a kind istioctl does not check", docs(apiGateway("bookinfo-gateway", "default"), policy("PeerAuthentication", "pa", BY_NAME))],
    ["a malformed selector", docs(apiGateway("bookinfo-gateway", "default"), policy("AuthorizationPolicy", "ap", "{ selector: [gateway] }"))],
  ])("%s is silent", (_, yaml) => {
    expect(found(yaml, "SELECTOR_INEFFECTIVE_ON_GATEWAY")).toEqual([]);
  });
});

describe("Kubernetes' system namespaces", () => {
  test("their resources are left out, as istioctl leaves them out", () => {
    const yaml = docs(
      rule("db", "tls: { mode: SIMPLE }\nportLevelSettings: [{ port: { number: 443 }, tls: { mode: SIMPLE } }]").replace("namespace: prod", "namespace: kube-system"),
      entry("db", "ports: [{ number: 5432, protocol: TCP }]", "kube-public"),
      gateway("a", "kube-system", INGRESS, https("shared", "a.example.com")),
      gateway("b", "istio-system", INGRESS, https("shared", "a.example.com")),
      externalName("nginx", "kube-node-lease", "[{ name: nginx, port: 443 }]"),
      apiGateway("web", "local-path-storage"),
      policy("AuthorizationPolicy", "ap", "{ selector: { matchLabels: { gateway.networking.k8s.io/gateway-name: web } } }", "local-path-storage"),
    );
    expect(analyzeYaml(yaml).filter((i) => ISTIO_GATEWAYS_CHECKS.some((c) => c.code === i.code))).toEqual([]);
  });
});

describe("the pages of this folder's codes", () => {
  const folder = fileURLToPath(new URL("../../../../../docs/analysis/", import.meta.url));
  test.each(ISTIO_GATEWAYS_CHECKS.map((c) => c.code))("%s: the Example draws the code and the Silent case draws none of it", (code) => {
    const page = readFileSync(`${folder}${code}.md`, "utf8");
    const example = /## Example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(page)?.[1] ?? "";
    const silent = /## Silent[\s\S]*?```yaml\n([\s\S]*?)```/.exec(page)?.[1];
    expect(analyzeYaml(example).filter((i) => i.code === code).length).toBeGreaterThan(0);
    expect(silent).toBeDefined();
    expect(analyzeYaml(silent ?? "").filter((i) => i.code === code)).toEqual([]);
  });
});
