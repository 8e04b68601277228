/**
 * AuthorizationPolicy admission rules, one failing and one passing example per rule, messages verbatim.
 */
import { describe, expect, it } from "vitest";
import { type Case, check, error, warning } from "./test-support.js";

const key = "security.istio.io/AuthorizationPolicy";
const rule = (path: (string | number)[]): (string | number)[] => ["spec", "rules", 0, ...path];
const allow = (rules: unknown[]): Record<string, unknown> => ({ action: "ALLOW", rules });

const policies: Case[] = [
  ["allow from a principal to GET", allow([{ from: [{ source: { principals: ["cluster.local/ns/a/sa/b"] } }], to: [{ operation: { methods: ["GET"] } }] }]), []],
  ["selector and targetRefs", { selector: { matchLabels: { app: "a" } }, targetRefs: [{ kind: "Gateway", group: "gateway.networking.k8s.io", name: "gw" }] }, [
    error(["spec"], "only one of targetRefs or workloadSelector can be set"),
  ]],
  ["a targetRef to a Deployment", { targetRefs: [{ kind: "Deployment", group: "apps", name: "d" }] }, [
    error(["spec", "targetRefs", 0], "targetRef must be to one of [core/v1/Service networking.istio.io/v1/ServiceEntry gateway.networking.k8s.io/v1/Gateway gateway.networking.k8s.io/v1/GatewayClass] but was apps/Deployment"),
  ]],
  ["a targetRef to another namespace", { targetRef: { kind: "Service", name: "s", namespace: "other" } }, [
    error(["spec", "targetRef", "namespace"], "targetRef namespace must not be set; cross namespace referencing is not supported"),
  ]],
  ["a targetRef to a Gateway", { targetRefs: [{ kind: "Gateway", group: "gateway.networking.k8s.io", name: "gw" }] }, []],
  ["CUSTOM without rules", { action: "CUSTOM", provider: { name: "ext-authz" } }, [
    error(["spec"], "CUSTOM action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request"),
  ]],
  ["CUSTOM without provider name", { action: "CUSTOM", provider: {}, rules: [{}] }, [
    error(["spec", "provider", "name"], "`provider.name` must not be empty (name an extension provider of the mesh config)"),
  ]],
  ["CUSTOM with principals and claims", { action: "CUSTOM", provider: { name: "ext" }, rules: [{ from: [{ source: { principals: ["a"] } }], when: [{ key: "request.auth.claims[iss]", values: ["x"] }] }] }, [
    error(rule(["from", 0, "source", "principals"]), "From.Principals is currently not supported with CUSTOM action"),
    error(rule(["when", 0, "key"]), "request.auth.claims[iss] is currently not supported with CUSTOM action"),
  ]],
  ["CUSTOM with a provider and paths", { action: "CUSTOM", provider: { name: "ext" }, rules: [{ to: [{ operation: { paths: ["/admin/*"] } }] }] }, []],
  ["a provider with ALLOW", { action: "ALLOW", provider: { name: "ext" }, rules: [{}] }, [error(["spec", "provider"], "`provider` must not be with non CUSTOM action, found ALLOW")]],
  ["DENY without rules", { action: "DENY" }, [
    error(["spec"], "DENY action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request"),
  ]],
  ["DENY with only HTTP attributes", { action: "DENY", rules: [{ to: [{ operation: { methods: ["POST"] } }] }] }, [
    warning(["spec", "rules", 0], "configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port"),
  ]],
  ["DENY with a port", { action: "DENY", rules: [{ to: [{ operation: { methods: ["POST"], ports: ["8080"] } }] }] }, []],
  ["an empty allow-nothing policy", {}, []],
];

const rules: Case[] = [
  ["an empty from list", allow([{ from: [] }]), [error(rule(["from"]), "`from` must not be empty, found at rule 0")]],
  ["a from without source", allow([{ from: [{}] }]), [error(rule(["from", 0]), "`from.source` must not be nil, found at rule 0")]],
  ["an empty source", allow([{ from: [{ source: {} }] }]), [error(rule(["from", 0, "source"]), "`from.source` must not be empty, found at rule 0")]],
  ["service accounts with namespaces", allow([{ from: [{ source: { serviceAccounts: ["ns/sa"], namespaces: ["ns"] } }] }]), [
    error(rule(["from", 0, "source"]), "cannot set serviceAccounts with namespaces or principals, found at rule 0"),
  ]],
  ["a service account with a wildcard", allow([{ from: [{ source: { serviceAccounts: ["ns/*"] } }] }]), [error(rule(["from", 0, "source", "serviceAccounts"]), "wildcard not allowed, found in ServiceAccounts")]],
  ["a service account with two slashes", allow([{ from: [{ source: { notServiceAccounts: ["a/b/c"] } }] }]), [
    error(rule(["from", 0, "source", "notServiceAccounts"]), `expected format 'serviceAccount' or 'namespace/serviceAccount', found "a/b/c" in NotServiceAccounts`),
  ]],
  ["a bad IP block", allow([{ from: [{ source: { ipBlocks: ["10.0.0.0/33", "1.2.3"] } }] }]), [
    error(rule(["from", 0, "source", "ipBlocks"]), 'bad CIDR range (10.0.0.0/33): netip.ParsePrefix("10.0.0.0/33"): prefix length out of range'),
    error(rule(["from", 0, "source", "ipBlocks"]), "bad IP address (1.2.3)"),
  ]],
  ["an empty principal", allow([{ from: [{ source: { principals: [""] } }] }]), [error(rule(["from", 0, "source", "principals"]), "empty value not allowed, found in Principals")]],
  ["valid sources", allow([{ from: [{ source: { remoteIpBlocks: ["203.0.113.0/24", "2001:db8::1"], serviceAccounts: ["ns/sa", "sa2"] } }] }]), []],
  ["an empty to list", allow([{ to: [] }]), [error(rule(["to"]), "`to` must not be empty, found at rule 0")]],
  ["a to without operation", allow([{ to: [{}] }]), [error(rule(["to", 0]), "`to.operation` must not be nil, found at rule 0")]],
  ["an empty operation", allow([{ to: [{ operation: {} }] }]), [error(rule(["to", 0, "operation"]), "`to.operation` must not be empty, found at rule 0")]],
  ["a bad port", allow([{ to: [{ operation: { ports: ["http", "70000"] } }] }]), [
    error(rule(["to", 0, "operation", "ports"]), 'bad port (http): strconv.ParseUint: parsing "http": invalid syntax'),
    error(rule(["to", 0, "operation", "ports"]), "bad port (70000): <nil> (a port is at most 65535)"),
  ]],
  ["a path template not last", allow([{ to: [{ operation: { paths: ["/{**}/a/{*}"] } }] }]), [
    error(rule(["to", 0, "operation", "paths"]), "invalid or unsupported path {**}/a/{*}, found in Paths. {**} is not the last operator"),
  ]],
  ["a named path template", allow([{ to: [{ operation: { notPaths: ["/a/{name}"] } }] }]), [
    error(rule(["to", 0, "operation", "notPaths"]), "invalid or unsupported path a/{name}, found in NotPaths. Contains '{' or '}' beyond a supported path template"),
  ]],
  ["a valid path template", allow([{ to: [{ operation: { paths: ["/api/{*}/items/{**}"], hosts: ["a.com"] } }] }]), []],
  ["a condition without key", allow([{ when: [{ key: "", values: ["a"] }] }]), [error(rule(["when", 0, "key"]), "`key` must not be empty")]],
  ["a condition without values", allow([{ when: [{ key: "source.ip" }] }]), [error(rule(["when", 0]), "at least one of `values` or `notValues` must be set for key source.ip")]],
  ["an unknown condition key", allow([{ when: [{ key: "request.path", values: ["/a"] }] }]), [
    error(rule(["when", 0, "values"]), "invalid `value` for `key` request.path: unknown attribute: request.path (known keys: source.ip, remote.ip, source.namespace, source.serviceAccount, source.principal, request.headers[...], request.auth.principal, request.auth.audiences, request.auth.presenter, request.auth.claims[...], destination.ip, destination.port, connection.sni)".replace("source.principal,", "source.principal, source.trustDomain,")),
  ]],
  ["a claim key without brackets", allow([{ when: [{ key: "request.auth.claims", values: ["a"] }] }]), [
    error(rule(["when", 0, "values"]), "invalid `value` for `key` request.auth.claims: bad key (request.auth.claims): should have format a[b]"),
  ]],
  ["a destination label key", allow([{ when: [{ key: "destination.labels[app]", notValues: ["a"] }] }]), [
    error(rule(["when", 0, "notValues"]), "invalid `notValue` for `key` destination.labels[app]: attribute destination.labels[app] is replaced by the workload selector"),
  ]],
  ["a bad source.ip value", allow([{ when: [{ key: "source.ip", values: ["10.0.0.300"] }] }]), [
    error(rule(["when", 0, "values"]), "invalid `value` for `key` source.ip: bad IP address (10.0.0.300)"),
  ]],
  ["valid conditions", allow([{ when: [{ key: "request.auth.claims[iss]", values: ["https://accounts.google.com"] }, { key: "destination.port", notValues: ["15021"] }] }]), []],
  ["dry-run with a non-boolean", allow([{}]), [
    error(["metadata", "annotations", "istio.io/dry-run"], 'ns/ap has annotation istio.io/dry-run with invalid value (yes): strconv.ParseBool: parsing "yes": invalid syntax (use "true" or "false")'),
  ]],
];

/** Rules that differ by Istio release: [name, release, spec, expected]. */
const byRelease: [string, string, unknown, ReturnType<typeof error>[]][] = [
  ["a source.trustDomain condition (1.30)", "1.30.3", allow([{ when: [{ key: "source.trustDomain", values: ["cluster.local", "*.corp"] }] }]), []],
  ["a source.trustDomain condition before 1.30", "1.29.6", allow([{ when: [{ key: "source.trustDomain", values: ["cluster.local"] }] }]), [
    error(rule(["when", 0, "values"]), "invalid `value` for `key` source.trustDomain: unknown attribute: source.trustDomain (known keys: source.ip, remote.ip, source.namespace, source.serviceAccount, source.principal, request.headers[...], request.auth.principal, request.auth.audiences, request.auth.presenter, request.auth.claims[...], destination.ip, destination.port, connection.sni)"),
  ]],
  ["a source.trustDomain value with a wildcard inside", "1.30.3", allow([{ when: [{ key: "source.trustDomain", notValues: ["a*b"] }] }]), [
    error(rule(["when", 0, "notValues"]), 'invalid `notValue` for `key` source.trustDomain: wildcard is only allowed at the start or end, found in source.trustDomain: "a*b"'),
  ]],
  ["a source.trustDomain value with two wildcards", "1.30.3", allow([{ when: [{ key: "source.trustDomain", values: ["*a*"] }] }]), [
    error(rule(["when", 0, "values"]), 'invalid `value` for `key` source.trustDomain: at most one wildcard is allowed, found in source.trustDomain: "*a*"'),
  ]],
  ["a trust domain source with a slash", "1.30.3", allow([{ from: [{ source: { trustDomains: ["td/ns"] } }] }]), [
    error(rule(["from", 0, "source", "trustDomains"]), 'trust domain must not contain \'/\', found in TrustDomains: "td/ns"'),
  ]],
  ["an empty not-trust-domain source", "1.30.3", allow([{ from: [{ source: { notTrustDomains: [""] } }] }]), [
    error(rule(["from", 0, "source", "notTrustDomains"]), "empty value not allowed, found in NotTrustDomains"),
  ]],
  ["a DENY on trust domains only (HTTP attributes for the webhook)", "1.30.3", { action: "DENY", rules: [{ from: [{ source: { trustDomains: ["td"] } }] }] }, [
    warning(["spec", "rules", 0], "configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port"),
  ]],
  ["CUSTOM with trust domains", "1.30.3", { action: "CUSTOM", provider: { name: "ext" }, rules: [{ from: [{ source: { trustDomains: ["td"] } }], when: [{ key: "source.trustDomain", values: ["td"] }] }] }, [
    error(rule(["from", 0, "source", "trustDomains"]), "From.TrustDomains is currently not supported with CUSTOM action"),
    error(rule(["when", 0, "key"]), "source.trustDomain is currently not supported with CUSTOM action"),
  ]],
  ["a source.serviceAccount condition before 1.25", "1.24.6", allow([{ when: [{ key: "source.serviceAccount", values: ["ns/sa"] }] }]), [
    error(rule(["when", 0, "values"]), "invalid `value` for `key` source.serviceAccount: unknown attribute: source.serviceAccount (known keys: source.ip, remote.ip, source.namespace, source.principal, request.headers[...], request.auth.principal, request.auth.audiences, request.auth.presenter, request.auth.claims[...], destination.ip, destination.port, connection.sni)"),
  ]],
  ["a source.serviceAccount condition (1.25)", "1.25.5", allow([{ when: [{ key: "source.serviceAccount", values: ["ns/sa"] }] }]), []],
];

describe("AuthorizationPolicy admission by release", () => {
  it.each(byRelease)("%s (%s)", (_name, release, spec, expected) => {
    expect(check(key, spec, { name: "ap", namespace: "ns" }, release)).toEqual(expected);
  });
});

describe("AuthorizationPolicy admission", () => {
  it.each([...policies, ...rules])("%s", (name, spec, expected) => {
    const annotations = name === "dry-run with a non-boolean" ? { "istio.io/dry-run": "yes" } : {};
    expect(check(key, spec, { name: "ap", namespace: "ns", annotations })).toEqual(expected);
  });

  it("rejects istio.io/dry-run on another kind", () => {
    const metadata = { name: "pa", namespace: "ns", annotations: { "istio.io/dry-run": "true" } };
    expect(check("security.istio.io/PeerAuthentication", {}, metadata)).toEqual([
      error(["metadata", "annotations", "istio.io/dry-run"], "ns/pa has unsupported annotation istio.io/dry-run, please remove the annotation"),
    ]);
  });
});
