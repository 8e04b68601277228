/**
 * ServiceEntry admission rules, one failing and one passing example per rule, messages verbatim.
 */
import { describe, expect, it } from "vitest";
import { type Case, check, error, warning } from "./test-support.js";

const key = "networking.istio.io/ServiceEntry";
const tls = [{ number: 443, name: "https", protocol: "TLS" }];
const se = (spec: Record<string, unknown>): Record<string, unknown> => ({ hosts: ["api.external.com"], ports: tls, resolution: "DNS", ...spec });

const cases: Case[] = [
  ["an external TLS service by DNS", se({}), []],
  ["no hosts", se({ hosts: [] }), [error(["spec", "hosts"], "service entry must have at least one host")]],
  ["host *", se({ hosts: ["*"], resolution: "NONE" }), [error(["spec", "hosts", 0], "invalid host * (a ServiceEntry needs a domain, e.g. *.example.com)")]],
  ["a partial wildcard host", se({ hosts: ["*api.example.com"], resolution: "NONE" }), [warning(["spec", "hosts", 0], 'partial wildcard "*api.example.com" not allowed')]],
  ["a host that is not a domain", se({ hosts: ["api_external"], resolution: "NONE" }), [error(["spec", "hosts", 0], 'domain name "api_external" invalid (label "api_external" invalid)')]],
  ["DNS resolution with a wildcard host and no endpoints", se({ hosts: ["*.external.com", "*.other.com"] }), [
    error(["spec", "hosts", 0], 'hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS, domain name "*.external.com" invalid (label "*" invalid)'),
  ]],
  ["DNS resolution with a wildcard host and endpoints", se({ hosts: ["*.external.com"], endpoints: [{ address: "proxy.external.com" }] }), []],
  ["DNS_ROUND_ROBIN with two endpoints", se({ resolution: "DNS_ROUND_ROBIN", endpoints: [{ address: "a.com" }, { address: "b.com" }] }), [
    error(["spec", "endpoints"], "there must only be 0 or 1 endpoint for resolution mode DNS_ROUND_ROBIN"),
  ]],
  ["a DNS endpoint that is neither IP nor FQDN", se({ endpoints: [{ address: "bad_host" }] }), [error(["spec", "endpoints", 0, "address"], 'endpoint address "bad_host" is not a valid FQDN or an IP address')]],
  ["an endpoint port not defined by the entry", se({ endpoints: [{ address: "1.2.3.4", ports: { http: 8080 } }] }), [
    error(["spec", "endpoints", 0, "ports", "http"], "endpoint port 8080 is not defined by the service entry (name one of the entry's ports)"),
  ]],
  ["endpoints with resolution NONE", se({ resolution: "NONE", endpoints: [{ address: "1.2.3.4" }] }), [error(["spec", "endpoints"], "no endpoints should be provided for resolution type none")]],
  ["a workload selector with resolution NONE", se({ resolution: "NONE", workloadSelector: { labels: { app: "a" } } }), [
    warning(["spec", "workloadSelector"], "workloadSelector should not be set when resolution mode is NONE"),
  ]],
  ["a workload selector and endpoints", se({ resolution: "STATIC", workloadSelector: { labels: { app: "a" } }, endpoints: [{ address: "1.2.3.4" }] }), [
    error(["spec"], "only one of WorkloadSelector or Endpoints is allowed in Service Entry"),
  ]],
  ["a STATIC endpoint that is a name", se({ resolution: "STATIC", endpoints: [{ address: "db.example.com" }] }), [
    error(["spec", "endpoints", 0, "address"], 'endpoint address "db.example.com" is not a valid IP address'),
  ]],
  ["a STATIC endpoint without address", se({ resolution: "STATIC", endpoints: [{ labels: { app: "a" } }] }), [error(["spec", "endpoints", 0, "address"], "address is required")]],
  ["a STATIC unix endpoint with ports", se({ resolution: "STATIC", endpoints: [{ address: "unix:///var/run/a.sock", ports: { https: 443 } }] }), [
    error(["spec", "endpoints", 0, "ports"], "unix endpoint unix:///var/run/a.sock must not include ports"),
  ]],
  ["STATIC endpoints by IP", se({ resolution: "STATIC", addresses: ["10.0.0.0/24"], endpoints: [{ address: "10.0.0.1", ports: { https: 8443 } }] }), []],
  ["a CIDR address with DNS", se({ addresses: ["10.0.0.0/24"] }), [error(["spec", "addresses"], "CIDR addresses are allowed only for NONE/STATIC resolution types")]],
  ["an address that is not an IP", se({ addresses: ["10.0.0.256"] }), [error(["spec", "addresses", 0], "10.0.0.256 is not a valid IP")]],
  ["duplicate port names and numbers", se({ ports: [...tls, { number: 443, name: "https", protocol: "HTTPS" }] }), [
    error(["spec", "ports", 1, "name"], 'service entry port name "https" already defined'),
    error(["spec", "ports", 1, "number"], "service entry port 443 already defined"),
  ]],
  ["a port with an unknown protocol", se({ ports: [{ number: 8080, name: "web", protocol: "WEB" }] }), [
    error(["spec", "ports", 0, "protocol"], "unsupported protocol: WEB (use one of HTTP, HTTPS, HTTP2, GRPC, GRPC-Web, TLS, TCP, UDP, Mongo, Redis, MySQL)"),
  ]],
  ["a target port out of range", se({ ports: [{ number: 443, name: "https", protocol: "TLS", targetPort: 70000 }] }), [error(["spec", "ports", 0, "targetPort"], "port number 70000 must be in the range 1..65535")]],
  ["several hosts on a TCP port", se({ hosts: ["a.com", "b.com"], ports: [{ number: 3306, name: "mysql", protocol: "TCP" }] }), [
    error(["spec", "ports", 0], "multiple hosts provided with non-HTTP, non-TLS ports (use one host per ServiceEntry for TCP ports)"),
  ]],
  ["several hosts on a TLS port", se({ hosts: ["a.com", "b.com"] }), []],
  ["exportTo ~ with others", se({ exportTo: ["~", "."] }), [error(["spec", "exportTo"], "cannot export service entry to no one (~) and someone")]],
  ["exportTo ~ alone", se({ exportTo: ["~"] }), []],
];

const dynamic = (spec: Record<string, unknown>): Record<string, unknown> => se({ hosts: ["*.example.com"], ports: [{ number: 443, name: "tls", protocol: "TLS" }], resolution: "DYNAMIC_DNS", ...spec });

/** Rules that differ by Istio release: [name, release, spec, expected, labels]. */
const byRelease: [string, string, Record<string, unknown>, ReturnType<typeof error>[], Record<string, string>?][] = [
  ["DNS resolution with wildcard hosts before 1.28: each host, in the older words", "1.27.9", se({ hosts: ["*.external.com", "*.other.com"] }), [
    error(["spec", "hosts", 0], "hosts must be FQDN if no endpoints are provided for resolution mode DNS (add endpoints, or name a host without wildcard)"),
    error(["spec", "hosts", 1], "hosts must be FQDN if no endpoints are provided for resolution mode DNS (add endpoints, or name a host without wildcard)"),
  ]],
  ["DYNAMIC_DNS with a TLS port (1.29)", "1.29.6", dynamic({}), []],
  ["DYNAMIC_DNS with a TLS port in 1.28, which forwards HTTP only", "1.28.10", dynamic({}), [
    error(["spec", "ports", 0, "protocol"], "only HTTP protocol is supported for resolution type DYNAMIC_DNS"),
  ]],
  ["DYNAMIC_DNS with a GRPC port before 1.30", "1.29.6", dynamic({ ports: [{ number: 9000, name: "grpc", protocol: "GRPC" }] }), [
    error(["spec", "ports", 0, "protocol"], "only HTTP and TLS protocol is supported for resolution type DYNAMIC_DNS"),
  ]],
  ["DYNAMIC_DNS with a TCP port (1.30)", "1.30.3", dynamic({ ports: [{ number: 9000, name: "tcp", protocol: "TCP" }, { number: 9001, name: "grpc", protocol: "GRPC" }] }), [
    error(["spec", "ports", 0, "protocol"], "only HTTP, TLS, GRPC, and HTTP2 protocols are supported for resolution type DYNAMIC_DNS"),
  ]],
  ["DYNAMIC_DNS with a host that is not wildcarded, addresses and endpoints", "1.30.3", dynamic({ hosts: ["api.example.com"], addresses: ["10.0.0.1"], endpoints: [{ address: "1.2.3.4" }] }), [
    error(["spec", "hosts", 0], "host must be wildcarded for resolution mode DYNAMIC_DNS"),
    error(["spec", "addresses"], "addresses cannot be set for resolution type DYNAMIC_DNS. HTTP route domains will only be generatedfrom the hosts field values"),
    error(["spec", "endpoints"], "endpoints cannot be set for resolution type DYNAMIC_DNS. Destination IP address determined from hostsfield values"),
  ]],
  ["DYNAMIC_DNS with a partial wildcard host: no warning", "1.30.3", dynamic({ hosts: ["*api.example.com"] }), []],
  ["DYNAMIC_DNS inside the mesh before 1.30", "1.29.6", dynamic({ location: "MESH_INTERNAL" }), [
    error(["spec", "location"], "location must be MESH_EXTERNAL for resolution type DYNAMIC_DNS"),
  ]],
  ["DYNAMIC_DNS inside the mesh (1.30)", "1.30.3", dynamic({ location: "MESH_INTERNAL" }), []],
  ["DYNAMIC_DNS inside the mesh through a waypoint (1.30)", "1.30.3", dynamic({ location: "MESH_INTERNAL" }), [
    error(["spec", "location"], "location MESH_INTERNAL with resolution type DYNAMIC_DNS is not supported when using waypoints"),
  ], { "istio.io/use-waypoint": "egress" }],
];

describe("ServiceEntry admission by release", () => {
  it.each(byRelease)("%s (%s)", (_name, release, spec, expected, labels) => {
    expect(check(key, spec, { name: "se", namespace: "ns", ...(labels === undefined ? {} : { labels }) }, release)).toEqual(expected);
  });
});

describe("ServiceEntry admission", () => {
  it.each(cases)("%s", (_name, spec, expected) => {
    expect(check(key, spec)).toEqual(expected);
  });
});
