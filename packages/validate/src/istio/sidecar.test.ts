/**
 * Sidecar admission rules, one failing and one passing example per rule, messages verbatim.
 */
import { describe, expect, it } from "vitest";
import { type Case, check, error, warning } from "./test-support.js";

const key = "networking.istio.io/Sidecar";
const egress = (listeners: Record<string, unknown>[]): Record<string, unknown> => ({ egress: listeners });
const ingress = (listener: Record<string, unknown>): Record<string, unknown> => ({ ingress: [{ port: { number: 9080, protocol: "HTTP", name: "http" }, ...listener }] });

const cases: Case[] = [
  ["an empty sidecar", {}, [error(["spec"], "sidecar: empty configuration provided (set ingress, egress, outboundTrafficPolicy or inboundConnectionPool)")]],
  ["egress to the namespace and istio-system", egress([{ hosts: ["./*", "istio-system/*"] }]), []],
  ["a selector with a wildcard", { workloadSelector: { labels: { app: "*" } }, ...egress([{ hosts: ["./*"] }]) }, [
    error(["spec", "workloadSelector", "labels", "app"], 'wildcard is not supported in selector: "app=*" (name exact labels)'),
  ]],
  ["a selector without labels", { workloadSelector: {}, ...egress([{ hosts: ["./*"] }]) }, [
    warning(["spec", "workloadSelector"], "sidecar: workload selector specified without labels, will be applied to all services in namespace"),
  ]],
  ["an egress host without namespace", egress([{ hosts: ["reviews.default.svc.cluster.local"] }]), [error(["spec", "egress", 0, "hosts", 0], "host must be of form namespace/dnsName")]],
  ["an egress host with a bad namespace", egress([{ hosts: ["bad_ns/*"] }]), [error(["spec", "egress", 0, "hosts", 0], 'invalid namespace value "bad_ns" in sidecar')]],
  ["an egress host with a short name", egress([{ hosts: ["ns/reviews"] }]), [error(["spec", "egress", 0, "hosts", 0], "short names (non FQDN) are not allowed")]],
  ["an egress listener without hosts", egress([{ hosts: [] }]), [error(["spec", "egress", 0, "hosts"], "sidecar: egress listener must contain at least one host")]],
  ["a duplicated egress host", egress([{ hosts: ["ns/*", "ns/a.example.com"] }]), [warning(["spec", "egress", 0, "hosts", 1], "duplicated egress host: ns/a.example.com")]],
  ["*/* with other hosts", egress([{ hosts: ["*/*", "ns/a.example.com"] }]), [warning(["spec", "egress", 0, "hosts"], "`*/*` host select all resources, no other hosts can be added")]],
  ["a catch-all listener not last", egress([{ hosts: ["./*"] }, { port: { number: 80, protocol: "HTTP" }, hosts: ["./*"] }]), [
    error(["spec", "egress", 0], "sidecar: the egress listener with empty port should be the last listener in the list"),
  ]],
  ["two egress listeners on one port", egress([{ port: { number: 80, protocol: "HTTP" }, hosts: ["./*"] }, { port: { number: 80, protocol: "HTTP" }, hosts: ["*/*"] }]), [
    error(["spec", "egress", 1, "port", "number"], "sidecar: ports on IP bound listeners must be unique"),
  ]],
  ["an egress port 0 without unix bind", egress([{ port: { number: 0, protocol: "HTTP" }, hosts: ["./*"], captureMode: "IPTABLES" }]), [
    error(["spec", "egress", 0, "bind"], "sidecar: ports with 0 value must have a unix domain socket bind address"),
    error(["spec", "egress", 0, "captureMode"], "sidecar: captureMode must be DEFAULT/NONE for unix domain socket listeners"),
  ]],
  ["an egress port with unknown protocol", egress([{ port: { number: 80, protocol: "QUIC", name: "q_1" }, hosts: ["./*"] }]), [
    error(["spec", "egress", 0, "port", "name"], "invalid port name: q_1 (use a DNS-1123 label: letters, digits and '-', at most 63 characters)"),
    error(["spec", "egress", 0, "port", "protocol"], "unsupported protocol: QUIC (use one of HTTP, HTTPS, HTTP2, GRPC, GRPC-Web, TLS, TCP, UDP, Mongo, Redis, MySQL)"),
  ]],
  ["an ingress defaultEndpoint on another host", ingress({ defaultEndpoint: "10.0.0.1:8080" }), [
    error(["spec", "ingress", 0, "defaultEndpoint"], "sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset"),
  ]],
  ["an ingress defaultEndpoint without port", ingress({ defaultEndpoint: "127.0.0.1" }), [
    error(["spec", "ingress", 0, "defaultEndpoint"], "address 127.0.0.1: missing port in address"),
    error(["spec", "ingress", 0, "defaultEndpoint"], 'sidecar: defaultEndpoint port () is not a number: strconv.Atoi: parsing "": invalid syntax'),
  ]],
  ["an ingress to localhost", ingress({ defaultEndpoint: "127.0.0.1:8080" }), []],
  ["ingress TLS on an HTTP port", ingress({ tls: { mode: "ISTIO_MUTUAL" } }), [
    error(["spec", "ingress", 0, "tls", "mode"], "configuration is invalid: cannot set mode to ISTIO_MUTUAL in sidecar ingress tls (use SIMPLE or MUTUAL)"),
    error(["spec", "ingress", 0, "tls"], "server cannot have TLS settings for non HTTPS/TLS ports"),
  ]],
  ["ingress TLS with a credential", { ingress: [{ port: { number: 443, protocol: "HTTPS", name: "https" }, tls: { mode: "SIMPLE", credentialName: "c" } }] }, [
    error(["spec", "ingress", 0, "tls", "credentialName"], "sidecar: credentialName is not currently supported"),
  ]],
  ["ingress TLS with files", { ingress: [{ port: { number: 443, protocol: "HTTPS", name: "https" }, tls: { mode: "SIMPLE", serverCertificate: "/c.pem", privateKey: "/k.pem" } }] }, []],
  ["HTTP pool settings on a TCP port", { ingress: [{ port: { number: 3306, protocol: "TCP", name: "db" }, connectionPool: { http: { maxRetries: 1 } } }] }, [
    warning(["spec", "ingress", 0, "connectionPool", "http"], 'sidecar: HTTP connection pool settings are configured for port 3306 ("db") but its protocol is not HTTP (TCP); only TCP settings will apply'),
  ]],
  ["an empty inbound connection pool", { inboundConnectionPool: {} }, [error(["spec", "inboundConnectionPool"], "connection pool must have at least one field (set http or tcp)")]],
  ["an egress proxy with REGISTRY_ONLY", { outboundTrafficPolicy: { mode: "REGISTRY_ONLY", egressProxy: { host: "proxy.example.com", port: { number: 3128 } } } }, [
    error(["spec", "outboundTrafficPolicy", "egressProxy"], "sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode"),
  ]],
  ["an egress proxy without port", { outboundTrafficPolicy: { mode: "ALLOW_ANY", egressProxy: { host: "proxy.example.com" } } }, [
    error(["spec", "outboundTrafficPolicy", "egressProxy", "port"], "sidecar: egress_proxy port must be non-nil"),
  ]],
  ["a valid egress proxy", { outboundTrafficPolicy: { mode: "ALLOW_ANY", egressProxy: { host: "proxy.example.com", port: { number: 3128 } } } }, []],
];

describe("Sidecar admission", () => {
  it.each(cases)("%s", (_name, spec, expected) => {
    expect(check(key, spec)).toEqual(expected);
  });
});
