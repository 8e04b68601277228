/**
 * DestinationRule admission rules, one failing and one passing example per rule, messages verbatim.
 */
import { describe, expect, it } from "vitest";
import { type Case, check, error, warning } from "./test-support.js";

const key = "networking.istio.io/DestinationRule";
const dr = (trafficPolicy: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ host: "reviews", trafficPolicy, ...extra });
const tp = (...path: (string | number)[]): (string | number)[] => ["spec", "trafficPolicy", ...path];

const general: Case[] = [
  ["a host that is not a domain", { host: "reviews_v1" }, [error(["spec", "host"], 'domain name "reviews_v1" invalid (label "reviews_v1" invalid)')]],
  ["a wildcard host", { host: "*.example.com" }, []],
  ["an empty traffic policy", dr({}), [error(tp(), "traffic policy must have at least one field")]],
  ["tunnel with proxy protocol", dr({ tunnel: { targetHost: "a.com", targetPort: 443 }, proxyProtocol: { version: "V1" } }), [error(tp(), "tunnel and proxyProtocol must not be set together")]],
  ["duplicate subset names", { host: "reviews", subsets: [{ name: "v1" }, { name: "v1" }] }, [error(["spec", "subsets", 1, "name"], "duplicate subset names: v1")]],
  ["a subset name not a label", { host: "reviews", subsets: [{ name: "V_1" }] }, [error(["spec", "subsets", 0, "name"], "subset name is invalid: V_1 (use a DNS-1123 label: letters, digits and '-')")]],
  ["a subset label key invalid", { host: "reviews", subsets: [{ name: "v1", labels: { "-version": "v1" } }] }, [
    error(["spec", "subsets", 0, "labels", "-version"], `invalid tag key: "-version" (label keys are [prefix/]name and values are alphanumerics with '-', '_' or '.' inside)`),
  ]],
  ["a subset traffic policy empty", { host: "reviews", subsets: [{ name: "v1", trafficPolicy: {} }] }, [error(["spec", "subsets", 0, "trafficPolicy"], "traffic policy must have at least one field")]],
  ["valid subsets", { host: "reviews", subsets: [{ name: "v1", labels: { version: "v1" } }, { name: "v2", labels: { version: "v2" }, trafficPolicy: { loadBalancer: { simple: "ROUND_ROBIN" } } }] }, []],
  ["a selector with exportTo elsewhere", { host: "reviews", workloadSelector: { matchLabels: { app: "a" } }, exportTo: ["other"] }, [
    error(["spec", "exportTo"], "destination rule with workload selector cannot have exportTo beyond current namespace"),
  ]],
  ["a selector with two exportTo entries", { host: "reviews", workloadSelector: { matchLabels: { app: "a" } }, exportTo: [".", "other"] }, [
    error(["spec", "exportTo"], "destination rule with workload selector cannot have multiple entries in exportTo"),
  ]],
  ["a selector without labels", { host: "reviews", workloadSelector: {} }, [warning(["spec", "workloadSelector"], "workload selector specified without labels")]],
  ["a selector with a wildcard", { host: "reviews", workloadSelector: { matchLabels: { app: "a*" } } }, [
    error(["spec", "workloadSelector", "matchLabels", "app"], 'wildcard is not supported in selector: "app=a*" (name exact labels)'),
  ]],
  ["a selector exported to its namespace", { host: "reviews", workloadSelector: { matchLabels: { app: "a" } }, exportTo: ["."] }, []],
];

const pools: Case[] = [
  ["a connection pool with nothing", dr({ connectionPool: {} }), [error(tp("connectionPool"), "connection pool must have at least one field (set http or tcp)")]],
  ["negative http limits", dr({ connectionPool: { http: { http1MaxPendingRequests: -1, maxRetries: -2 } } }), [
    error(tp("connectionPool", "http", "http1MaxPendingRequests"), "http1 max pending requests must be non-negative"),
    error(tp("connectionPool", "http", "maxRetries"), "max retries must be non-negative"),
  ]],
  ["client protocol with UPGRADE", dr({ connectionPool: { http: { h2UpgradePolicy: "UPGRADE", useClientProtocol: true } } }), [
    error(tp("connectionPool", "http", "useClientProtocol"), "use client protocol must not be true when H2UpgradePolicy is UPGRADE"),
  ]],
  ["a connect timeout below 1ms", dr({ connectionPool: { tcp: { connectTimeout: "0.5ms", maxConnections: -1 } } }), [
    error(tp("connectionPool", "tcp", "maxConnections"), "max connections must be non-negative"),
    error(tp("connectionPool", "tcp", "connectTimeout"), "duration must be greater than 1ms"),
  ]],
  ["a tcp idle timeout of 0s (disabled)", dr({ connectionPool: { tcp: { idleTimeout: "0s" } } }), []],
  ["a keepalive time below 1ms", dr({ connectionPool: { tcp: { tcpKeepalive: { time: "100us" } } } }), [error(tp("connectionPool", "tcp", "tcpKeepalive", "time"), "duration must be greater than 1ms")]],
  ["a valid pool", dr({ connectionPool: { http: { http1MaxPendingRequests: 1, idleTimeout: "1h" }, tcp: { maxConnections: 100, connectTimeout: "30ms" } } }), []],
  ["outlier interval below 1ms", dr({ outlierDetection: { interval: "0s", baseEjectionTime: "3m" } }), [error(tp("outlierDetection", "interval"), "duration must be greater than 1ms")]],
  ["outlier local origin failures without split", dr({ outlierDetection: { consecutiveLocalOriginFailures: 3 } }), [
    error(tp("outlierDetection", "consecutiveLocalOriginFailures"), "outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false (set splitExternalLocalOriginErrors: true)"),
  ]],
  ["outlier percent over 100", dr({ outlierDetection: { maxEjectionPercent: 101 } }), [error(tp("outlierDetection", "maxEjectionPercent"), "percentage 101 is not in range 0..100")]],
  ["outlier consecutiveErrors", dr({ outlierDetection: { consecutiveErrors: 5 } }), [
    warning(tp("outlierDetection", "consecutiveErrors"), "outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead"),
  ]],
  ["a valid outlier detection", dr({ outlierDetection: { consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m", splitExternalLocalOriginErrors: true, consecutiveLocalOriginFailures: 2 } }), []],
];

const balancing: Case[] = [
  ["a cookie without name", dr({ loadBalancer: { consistentHash: { httpCookie: { name: "", ttl: "0s" } } } }), [error(tp("loadBalancer", "consistentHash", "httpCookie", "name"), "name required for HttpCookie")]],
  ["maglev table size not prime", dr({ loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 65536 } } } }), [
    error(tp("loadBalancer", "consistentHash", "maglev", "tableSize"), "tableSize must be a prime number for maglev"),
  ]],
  ["maglev table size too large", dr({ loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 5000011 } } } }), [
    error(tp("loadBalancer", "consistentHash", "maglev", "tableSize"), "tableSize must be less than 5000011 for maglev"),
  ]],
  ["minimumRingSize with ringHash", dr({ loadBalancer: { consistentHash: { useSourceIp: true, minimumRingSize: 1024, ringHash: { minimumRingSize: 1024 } } } }), [
    warning(tp("loadBalancer", "consistentHash", "minimumRingSize"), "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead"),
    error(tp("loadBalancer", "consistentHash"), "only one of MinimumRingSize or Maglev/Ringhash can be specified"),
  ]],
  ["a valid maglev", dr({ loadBalancer: { consistentHash: { httpHeaderName: "x-user", maglev: { tableSize: 65537 } } } }), []],
  ["distribute and failover", dr({ loadBalancer: { localityLbSetting: { distribute: [{ from: "a/*", to: { "b/*": 100 } }], failover: [{ from: "a", to: "b" }] } } }), [
    error(tp("loadBalancer", "localityLbSetting"), "can not simultaneously specify 'distribute' and 'failover'"),
  ]],
  ["distribute weights not 100", dr({ loadBalancer: { localityLbSetting: { distribute: [{ from: "a/*", to: { "b/*": 60, "c/*": 30 } }] } } }), [
    error(tp("loadBalancer", "localityLbSetting", "distribute", 0, "to"), "total locality weight 90 != 100"),
  ]],
  ["a wildcard not last in a locality", dr({ loadBalancer: { localityLbSetting: { distribute: [{ from: "*/zone", to: { "b/*": 100 } }] } } }), [
    error(tp("loadBalancer", "localityLbSetting", "distribute"), "locality */zone wildcard '*' number can not exceed 1 and must be in the end"),
  ]],
  ["failover within a region", dr({ outlierDetection: { consecutive5xxErrors: 1 }, loadBalancer: { localityLbSetting: { failover: [{ from: "us-east/a", to: "us-east" }] } } }), [
    error(tp("loadBalancer", "localityLbSetting", "failover", 0), "locality lb failover only specify region"),
  ]],
  ["failover without outlier detection", dr({ loadBalancer: { localityLbSetting: { failover: [{ from: "us-east", to: "us-west" }] } } }), [
    warning(tp("loadBalancer", "localityLbSetting"), "outlier detection policy must be provided for failover"),
  ]],
  ["failover with a topology priority", dr({ loadBalancer: { localityLbSetting: { failover: [{ from: "a", to: "b" }], failoverPriority: ["topology.kubernetes.io/zone"] } } }), [
    error(tp("loadBalancer", "localityLbSetting", "failoverPriority"), "can not simultaneously set 'failover' and topology label 'topology.kubernetes.io/zone' in 'failover_priority'"),
  ]],
  ["a valid locality setting", dr({ outlierDetection: { consecutive5xxErrors: 1 }, loadBalancer: { localityLbSetting: { failover: [{ from: "us-east", to: "us-west" }] } } }), []],
  ["warmup minimum percent over 100", dr({ loadBalancer: { simple: "ROUND_ROBIN", warmup: { duration: "60s", minimumPercent: 120, aggression: 0.5 } } }), [
    error(tp("loadBalancer", "warmup", "minimumPercent"), "minimumPercent value should be less than or equal to 100"),
    error(tp("loadBalancer", "warmup", "aggression"), "aggression should be greater than or equal to 1"),
  ]],
  ["a valid warmup", dr({ loadBalancer: { simple: "LEAST_REQUEST", warmup: { duration: "60s", minimumPercent: 10, aggression: 2 } } }), []],
];

const tls: Case[] = [
  ["MUTUAL without client certificate", dr({ tls: { mode: "MUTUAL" } }), [
    error(tp("tls", "clientCertificate"), "client certificate required for mutual tls"),
    error(tp("tls", "privateKey"), "private key required for mutual tls"),
  ]],
  ["credentialName with certificates", dr({ tls: { mode: "SIMPLE", credentialName: "c", caCertificates: "/ca.pem" } }), [
    error(tp("tls"), "cannot specify client certificates or CA certificate or CA CRL If credentialName is set"),
  ]],
  ["insecureSkipVerify with a CA", dr({ tls: { mode: "SIMPLE", insecureSkipVerify: true, caCertificates: "/ca.pem" } }), [
    error(tp("tls"), "cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true"),
  ]],
  ["a configmap credential of another namespace", dr({ tls: { mode: "SIMPLE", credentialName: "configmap://other/ca" } }), [
    error(tp("tls", "credentialName"), 'invalid configmap:// credentialName: namespace must match the configuration namespace "ns"'),
  ]],
  ["valid client TLS", dr({ tls: { mode: "MUTUAL", credentialName: "client-cert", sni: "a.com" } }), []],
  ["a port policy without port or setting", dr({ portLevelSettings: [{}] }), [
    error(tp("portLevelSettings", 0, "port"), "portTrafficPolicy must have valid port"),
    error(tp("portLevelSettings", 0), "port traffic policy must have at least one field"),
  ]],
  ["a valid port policy", dr({ portLevelSettings: [{ port: { number: 80 }, loadBalancer: { simple: "LEAST_REQUEST" } }] }), []],
  ["a tunnel with bad protocol, host and port", dr({ tunnel: { protocol: "GET", targetHost: "bad_host", targetPort: 0 } }), [
    error(tp("tunnel", "protocol"), 'tunnel protocol must be "CONNECT" or "POST"'),
    error(tp("tunnel", "targetHost"), 'tunnel target host must be valid FQDN or IP address: domain name "bad_host" invalid (label "bad_host" invalid); bad_host is not a valid IP'),
    error(tp("tunnel", "targetPort"), "tunnel target port is invalid: port number 0 must be in the range 1..65535"),
  ]],
  ["a valid tunnel", dr({ tunnel: { protocol: "CONNECT", targetHost: "10.0.0.1", targetPort: 8443 } }), []],
];

describe("DestinationRule admission", () => {
  it.each([...general, ...pools, ...balancing, ...tls])("%s", (_name, spec, expected) => {
    expect(check(key, spec)).toEqual(expected);
  });
});
