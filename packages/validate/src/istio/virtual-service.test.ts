/**
 * VirtualService admission rules, one failing and one passing example per rule, messages verbatim.
 */
import { describe, expect, it } from "vitest";
import { type Case, check, error, warning } from "./test-support.js";

const key = "networking.istio.io/VirtualService";
const route = [{ destination: { host: "reviews" } }];
const vs = (spec: Record<string, unknown>): Record<string, unknown> => ({ hosts: ["reviews.ns.svc.cluster.local"], http: [{ route }], ...spec });
const http = (extra: Record<string, unknown>): Record<string, unknown> => vs({ http: [{ route, ...extra }] });

const topLevel: Case[] = [
  ["a route with a destination passes", vs({}), []],
  ["no http, tcp or tls route", vs({ http: undefined }), [error(["spec"], "http, tcp or tls must be provided in virtual service")]],
  ["a host that is not a domain", vs({ hosts: ["bad_host"] }), [error(["spec", "hosts", 0], 'domain name "bad_host" invalid (label "bad_host" invalid)')]],
  ["a wildcard only as the first label", vs({ hosts: ["*.example.com"] }), []],
  ["a wildcard inside a label", vs({ hosts: ["foo.*.com"] }), [error(["spec", "hosts", 0], 'domain name "foo.*.com" invalid (label "*" invalid)')]],
  ["an all-numeric top-level domain", vs({ hosts: ["example.123"] }), [error(["spec", "hosts", 0], 'domain name "example.123" invalid (top level domain "123" cannot be all-numeric)')]],
  ["an IP address as host", vs({ hosts: ["10.0.0.1"] }), []],
  ["* for the mesh", vs({ hosts: ["*"] }), [error(["spec", "hosts", 0], "wildcard host * is not allowed for virtual services bound to the mesh gateway")]],
  ["* at a gateway", vs({ hosts: ["*"], gateways: ["istio-system/gw"] }), []],
  ["overlapping hosts", vs({ hosts: ["*.example.com", "a.example.com"] }), [error(["spec", "hosts", 1], "duplicate hosts in virtual service: *.example.com & a.example.com")]],
  ["distinct hosts", vs({ hosts: ["a.example.com", "b.example.com"] }), []],
  ["a gateway name with bad namespace", vs({ gateways: ["Bad_NS/gw"] }), [error(["spec", "gateways", 0], 'invalid value for namespace: "Bad_NS"')]],
  ["a gateway name with bad name", vs({ gateways: ["ns/gw_1"] }), [error(["spec", "gateways", 0], 'invalid value for gateway name: "gw_1"')]],
  ["an empty gateway namespace", vs({ gateways: ["/gw"] }), [
    error(["spec", "gateways", 0], "config namespace and gateway name cannot be empty"),
    error(["spec", "gateways", 0], 'invalid value for namespace: ""'),
  ]],
  ["a legacy gateway name", vs({ gateways: ["gw.istio-system"] }), [warning(["spec", "gateways", 0], 'using legacy gatewayName format "gw.istio-system"; prefer the <namespace>/<name> format: "istio-system/gw"')]],
  ["a namespace/name gateway", vs({ gateways: ["istio-system/gw", "mesh"] }), []],
  ["a delegate with gateways, tls and tcp", {
    gateways: ["ns/gw"], http: [{ route }], tls: [{ match: [{ sniHosts: ["a.com"] }], route }], tcp: [{ route }],
  }, [
    error(["spec", "gateways"], "delegate virtual service must have no gateways specified"),
    error(["spec", "tls"], "delegate virtual service must have no tls route specified"),
    error(["spec", "tcp"], "delegate virtual service must have no tcp route specified"),
    error(["spec", "tls", 0, "match", 0, "sniHosts", 0], 'SNI host "a.com" is not a compatible subset of any of the virtual service hosts: []'),
  ]],
  ["a delegate with http only", { http: [{ route }] }, []],
  ["JWT claim routing for the mesh", vs({ http: [{ match: [{ headers: { "@request.auth.claims.group": { exact: "a" } } }], route }] }), [
    error(["spec", "http", 0, "match", 0, "headers", "@request.auth.claims.group"], "JWT claim based routing (key: @request.auth.claims.group) is only supported for gateway, found no gateways: []"),
  ]],
  ["JWT claim routing at a gateway", vs({ gateways: ["ns/gw"], http: [{ match: [{ headers: { "@request.auth.claims.group": { exact: "a" } } }], route }] }), []],
  ["exportTo with a duplicate", vs({ exportTo: ["ns", "."] }), [error(["spec", "exportTo", 1], "duplicate entries in exportTo: . and current namespace ns")]],
  ["exportTo with * and more", vs({ exportTo: ["*", "other"] }), [error(["spec", "exportTo"], "cannot have both public (*) and non-public exportTo values for a resource")]],
  ["exportTo with ~", vs({ exportTo: ["~"] }), [error(["spec", "exportTo", 0], "exportTo ~ (none) is not allowed for Istio configuration objects")]],
  ["exportTo with a bad namespace", vs({ exportTo: ["Bad_NS"] }), [error(["spec", "exportTo", 0], "only .,*,~, or a valid DNS 1123 label is allowed as exportTo entry")]],
  ["exportTo with namespaces", vs({ exportTo: [".", "other"] }), []],
];

const tlsAndTcp: Case[] = [
  ["a TLS route without matches", vs({ http: undefined, tls: [{ match: [], route }] }), [error(["spec", "tls", 0, "match"], "TLS route must have at least one match condition")]],
  ["a TLS match without SNI hosts", vs({ http: undefined, tls: [{ match: [{}], route }] }), [error(["spec", "tls", 0, "match", 0, "sniHosts"], "TLS match must have at least one SNI host")]],
  ["an SNI host outside the hosts", vs({ http: undefined, tls: [{ match: [{ sniHosts: ["other.com"] }], route }] }), [
    error(["spec", "tls", 0, "match", 0, "sniHosts", 0], 'SNI host "other.com" is not a compatible subset of any of the virtual service hosts: [reviews.ns.svc.cluster.local]'),
  ]],
  ["an IP address as SNI host", vs({ http: undefined, tls: [{ match: [{ sniHosts: ["10.0.0.1"] }], route }] }), [
    warning(["spec", "tls", 0, "match", 0, "sniHosts", 0], 'using an IP address ("10.0.0.1") goes against SNI spec and most clients do not support this'),
  ]],
  ["a TLS route without destinations", vs({ http: undefined, tls: [{ match: [{ sniHosts: ["reviews.ns.svc.cluster.local"] }] }] }), [error(["spec", "tls", 0, "route"], "TLS route is required")]],
  ["a valid TLS route", vs({ http: undefined, tls: [{ match: [{ sniHosts: ["reviews.ns.svc.cluster.local"], port: 443 }], route }] }), []],
  ["a TCP route without destinations", vs({ http: undefined, tcp: [{}] }), [error(["spec", "tcp", 0, "route"], "TCP route is required")]],
  ["a TCP match with bad subnet, port, labels", vs({ http: undefined, tcp: [{ match: [{ destinationSubnets: ["10.0.0.0/33"], port: 70000, sourceLabels: { "a/b/c": "x" } }], route }] }), [
    error(["spec", "tcp", 0, "match", 0, "destinationSubnets", 0], "10.0.0.0/33 is not a valid CIDR block"),
    error(["spec", "tcp", 0, "match", 0, "port"], "port number 70000 must be in the range 1..65535"),
    error(["spec", "tcp", 0, "match", 0, "sourceLabels", "a/b/c"], `invalid tag key: "a/b/c" (label keys are [prefix/]name and values are alphanumerics with '-', '_' or '.' inside)`),
  ]],
  ["a valid TCP route", vs({ http: undefined, tcp: [{ match: [{ destinationSubnets: ["10.0.0.0/8"], port: 3306 }], route }] }), []],
  ["weights that sum to zero", vs({ http: undefined, tcp: [{ route: [{ destination: { host: "a" }, weight: 0 }, { destination: { host: "b" }, weight: 0 }] }] }), [
    error(["spec", "tcp", 0, "route"], "total destination weight = 0 (give at least one destination a positive weight)"),
  ]],
  ["a negative weight", vs({ http: undefined, tcp: [{ route: [{ destination: { host: "a" }, weight: -1 }, { destination: { host: "b" }, weight: 2 }] }] }), [
    error(["spec", "tcp", 0, "route", 0, "weight"], "weight -1 < 0"),
  ]],
  ["weights 90/10", vs({ http: undefined, tcp: [{ route: [{ destination: { host: "a" }, weight: 90 }, { destination: { host: "b" }, weight: 10 }] }] }), []],
];

const destinations: Case[] = [
  ["destination host *", http({ route: [{ destination: { host: "*" } }] }), [error(["spec", "http", 0, "route", 0, "destination", "host"], "invalid destination host * (name the service host)")]],
  ["destination host not a domain", http({ route: [{ destination: { host: "a..b" } }] }), [error(["spec", "http", 0, "route", 0, "destination", "host"], 'domain name "a..b" invalid (label "" invalid)')]],
  ["destination subset not a label", http({ route: [{ destination: { host: "a", subset: "V1_x" } }] }), [
    error(["spec", "http", 0, "route", 0, "destination", "subset"], "subset name is invalid: V1_x (use a DNS-1123 label: letters, digits and '-')"),
  ]],
  ["destination port 0", http({ route: [{ destination: { host: "a", port: {} } }] }), [error(["spec", "http", 0, "route", 0, "destination", "port", "number"], "port number 0 must be in the range 1..65535")]],
  ["destination with subset and port", http({ route: [{ destination: { host: "a", subset: "v1", port: { number: 9080 } } }] }), []],
];

describe("VirtualService admission", () => {
  it.each([...topLevel, ...tlsAndTcp, ...destinations])("%s", (_name, spec, expected) => {
    expect(check(key, spec)).toEqual(expected);
  });
});
