/**
 * Istio's own CRD rejection cases (istio/istio `pkg/config/validation/testdata/crds/*-invalid.yaml`,
 * release 1.30.3, Apache-2.0): each resource, and the text Istio's test expects in the error
 * its validator (the API server's apiextensions code, run offline) gives for it. Joined as the
 * API server prints a field error, `<path>: <message>`, meshform's errors must contain that text,
 * so that a search for what meshform says finds what the cluster says.
 *
 * Two cases are the exception, and are listed as such: `spec: null` and `spec: { url: null }`.
 * Istio's harness validates the object as it was written, where the API server first drops every
 * null field whose schema is not nullable and has no default (`PruneNonNullableNullsWithoutDefaults`,
 * when it decodes the request); the cluster then reports the missing required field,
 * `spec: Required value` and `spec.url: Required value`, as meshform does. A null list item is not
 * pruned, and is reported with the words Istio expects (`no-issuer`, `invalid-claim-to-header-unset`).
 */
import { formatPath } from "@meshform/kind-runtime";
import { describe, expect, it } from "vitest";
import { createValidator } from "./validator.js";
// Validators created from the modules themselves, not the package entry: Istio's admission rules loaded as the entry loads them.
import "./admission-rules.js";

/** `[file, the text Istio's test expects, the resource]`. */
const CASES: readonly (readonly [string, string, Record<string, unknown>])[] = [
  ["authz-invalid", "Cannot set serviceAccounts with namespaces or principals", {"apiVersion":"security.istio.io/v1","kind":"AuthorizationPolicy","metadata":{"name":"service-account-and-namespace"},"spec":{"rules":[{"from":[{"source":{"serviceAccounts":["bar/sa"],"namespaces":["bar"]}}]}]}}],
  ["authz-invalid", "Cannot set serviceAccounts with namespaces or principals", {"apiVersion":"security.istio.io/v1","kind":"AuthorizationPolicy","metadata":{"name":"service-account-and-namespace-principal"},"spec":{"rules":[{"from":[{"source":{"serviceAccounts":["baz/sa"],"principals":["bar"]}}]}]}}],
  ["destinationrule-invalid", "spec.trafficPolicy.loadBalancer.warmup.minimumPercent: Invalid value", {"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","metadata":{"name":"bookinfo-ratings"},"spec":{"host":"ratings.prod.svc.cluster.local","trafficPolicy":{"loadBalancer":{"warmup":{"duration":"300s","minimumPercent":150}}}}}],
  ["destinationrule-invalid", "spec.trafficPolicy.loadBalancer.warmup.duration: Required value", {"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","metadata":{"name":"bookinfo-ratings"},"spec":{"host":"ratings.prod.svc.cluster.local","trafficPolicy":{"loadBalancer":{"warmup":{"minimumPercent":5}}}}}],
  ["destinationrule-invalid", "spec.trafficPolicy.loadBalancer.warmup.aggression: Invalid value", {"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","metadata":{"name":"bookinfo-ratings"},"spec":{"host":"ratings.prod.svc.cluster.local","trafficPolicy":{"loadBalancer":{"warmup":{"duration":"300s","aggression":-0.1}}}}}],
  ["envoyfilter-invalid", "spec.configPatches[0].match: Invalid value: \"object\": only support waypointMatch when context is WAYPOINT", {"apiVersion":"networking.istio.io/v1alpha3","kind":"EnvoyFilter","metadata":{"name":"waypoint-wrong-context"},"spec":{"configPatches":[{"applyTo":"HTTP_FILTER","match":{"context":"SIDECAR_INBOUND","waypoint":{"filter":{"name":"envoy.filters.network.http_connection_manager","subFilter":{"name":"envoy.filters.http.router"}}}}}]}}],
  ["envoyfilter-invalid", "spec.configPatches[0].match: Invalid value: \"object\": only support waypointMatch when context is WAYPOINT", {"apiVersion":"networking.istio.io/v1alpha3","kind":"EnvoyFilter","metadata":{"name":"waypoint-wrong-match"},"spec":{"configPatches":[{"applyTo":"HTTP_FILTER","match":{"context":"WAYPOINT","listener":{"filterChain":{"filter":{"name":"envoy.filters.network.http_connection_manager","subFilter":{"name":"envoy.filters.http.router"}}}}}}]}}],
  ["envoyfilter-invalid", "spec.configPatches[0].match.waypoint.portNumber: Invalid value: \"integer\": port must be between 1-65535", {"apiVersion":"networking.istio.io/v1alpha3","kind":"EnvoyFilter","metadata":{"name":"waypoint-wrong-port"},"spec":{"configPatches":[{"applyTo":"HTTP_FILTER","match":{"context":"WAYPOINT","waypoint":{"portNumber":65536}}}]}}],
  ["peerauth-invalid", "Unsupported value: \"BLAH\"", {"apiVersion":"security.istio.io/v1","kind":"PeerAuthentication","metadata":{"name":"bad-mode"},"spec":{"mtls":{"mode":"BLAH"}}}],
  ["peerauth-invalid", "type conversion error from", {"apiVersion":"security.istio.io/v1","kind":"PeerAuthentication","metadata":{"name":"bad-port"},"spec":{"selector":{"matchLabels":{"foo":"bar"}},"portLevelMtls":{"acd":{"mode":"STRICT"}}}}],
  ["peerauth-invalid", "portLevelMtls requires selector", {"apiVersion":"security.istio.io/v1","kind":"PeerAuthentication","metadata":{"name":"port-level-global"},"spec":{"portLevelMtls":{"80":{"mode":"STRICT"}}}}],
  ["peerauth-invalid", "spec.portLevelMtls in body should have at least 1 properties", {"apiVersion":"security.istio.io/v1","kind":"PeerAuthentication","metadata":{"name":"empty-port-level"},"spec":{"selector":{"matchLabels":{"foo":"bar"}},"portLevelMtls":{}}}],
  ["peerauth-invalid", "port must be between 1-65535", {"apiVersion":"security.istio.io/v1","kind":"PeerAuthentication","metadata":{"name":"zero-port"},"spec":{"selector":{"matchLabels":{"foo":"bar"}},"portLevelMtls":{"0":{"mode":"STRICT"}}}}],
  ["peerauth-invalid", "port must be between 1-65535", {"apiVersion":"security.istio.io/v1","kind":"PeerAuthentication","metadata":{"name":"high-port"},"spec":{"selector":{"matchLabels":{"foo":"bar"}},"portLevelMtls":{"42949672":{"mode":"STRICT"}}}}],
  ["proxyconfig-invalid", "spec.concurrency in body should be greater than or equal to 0", {"apiVersion":"networking.istio.io/v1beta1","kind":"ProxyConfig","metadata":{"name":"bad-concurrency"},"spec":{"concurrency":-1}}],
  ["proxyconfig-invalid", "key must not be empty", {"apiVersion":"networking.istio.io/v1beta1","kind":"ProxyConfig","metadata":{"name":"empty-key-selector"},"spec":{"selector":{"matchLabels":{"":"bar"}}}}],
  ["reqauth-invalid", "only one of targetRefs or selector can be set", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"multi-refs"},"spec":{"targetRefs":[{"group":"","kind":"Service","name":"foo","namespace":"bar"}],"targetRef":{"group":"","kind":"Service","name":"foo","namespace":"bar"}}}],
  ["reqauth-invalid", "only one of targetRefs or selector can be set", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"ref-and-selector"},"spec":{"selector":{"matchLabels":{"a":"b"}},"targetRef":{"group":"","kind":"Service","name":"foo"}}}],
  ["reqauth-invalid", "spec.targetRef.name: Required value", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"bad-target-name"},"spec":{"targetRef":{"group":"","kind":"Service"}}}],
  ["reqauth-invalid", "cross namespace referencing is not currently supported", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"bad-target-namespace"},"spec":{"targetRef":{"group":"","kind":"Service","name":"foo","namespace":"bar"}}}],
  ["reqauth-invalid", "spec.targetRef.group in body should match", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"bad-target-group"},"spec":{"targetRef":{"group":"__","kind":"Service","name":"foo","namespace":"bar"}}}],
  ["reqauth-invalid", "spec.targetRef.kind in body should match", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"bad-target-kind"},"spec":{"targetRef":{"group":"","kind":"Serv_ice","name":"foo","namespace":"bar"}}}],
  ["reqauth-invalid", "spec.jwtRules[0] in body must be of type object", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"no-issuer"},"spec":{"jwtRules":[null]}}],
  ["reqauth-invalid", "audiences[0] in body should be at least 1 chars long", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"empty-aud"},"spec":{"jwtRules":[{"issuer":"example","audiences":[""]}]}}],
  ["reqauth-invalid", "url must have scheme", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"invalid-jwks"},"spec":{"jwtRules":[{"issuer":"example","jwksUri":"hTPp\\\blah"}]}}],
  ["reqauth-invalid", "spec.jwtRules[0].fromHeaders[0].name: Required value", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"invalid-from-headers-no-name"},"spec":{"jwtRules":[{"issuer":"example","fromHeaders":[{"prefix":"baz"}]}]}}],
  ["reqauth-invalid", "spec.jwtRules[0].fromHeaders[0].name in body should be at least 1 chars long", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"invalid-from-headers-empty-name"},"spec":{"jwtRules":[{"issuer":"example","fromHeaders":[{"name":"","prefix":"baz"}]}]}}],
  ["reqauth-invalid", "fromParams[0] in body should be at least 1 chars long", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"invalid-from-params"},"spec":{"jwtRules":[{"issuer":"example","fromParams":[""]}]}}],
  ["reqauth-invalid", "fromCookies[0] in body should be at least 1 chars long", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"invalid-from-cookies"},"spec":{"jwtRules":[{"issuer":"example","fromCookies":[""]}]}}],
  ["reqauth-invalid", "spec.jwtRules[0].outputClaimToHeaders[0] in body must be of type object", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"invalid-claim-to-header-unset"},"spec":{"jwtRules":[{"issuer":"example","outputClaimToHeaders":[null]}]}}],
  ["reqauth-invalid", "spec.jwtRules[0].outputClaimToHeaders[0].claim in body should be at least 1 chars long", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"invalid-claim-to-header-claim-empty"},"spec":{"jwtRules":[{"issuer":"example","outputClaimToHeaders":[{"claim":"","header":"h"}]}]}}],
  ["reqauth-invalid", "header in body should be at least 1 chars long", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"invalid-claim-to-header-header-empty"},"spec":{"jwtRules":[{"issuer":"example","outputClaimToHeaders":[{"claim":"x","header":""}]}]}}],
  ["reqauth-invalid", "header in body should match", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"invalid-claim-to-header-bad-header"},"spec":{"jwtRules":[{"issuer":"example","outputClaimToHeaders":[{"claim":"x","header":":authority"}]}]}}],
  ["reqauth-invalid", "must be a valid duration greater than", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"bad-timeout"},"spec":{"jwtRules":[{"issuer":"example","timeout":"apple"}]}}],
  ["reqauth-invalid", "spaceDelimitedClaims[0] in body should be at least 1 chars long", {"apiVersion":"security.istio.io/v1","kind":"RequestAuthentication","metadata":{"name":"invalid-space-delimited-claims"},"spec":{"jwtRules":[{"issuer":"example","spaceDelimitedClaims":[""]}]}}],
  ["serviceentry-invalid", "spec: Required value", {"apiVersion":"networking.istio.io/v1","kind":"ServiceEntry","metadata":{"name":"no-spec"}}],
  ["serviceentry-invalid", "spec.hosts: Required value", {"apiVersion":"networking.istio.io/v1","kind":"ServiceEntry","metadata":{"name":"missing-host"},"spec":{}}],
  ["serviceentry-invalid", "wildcard is not supported in selector", {"apiVersion":"networking.istio.io/v1alpha3","kind":"ServiceEntry","metadata":{"name":"bad-selector-value"},"spec":{"hosts":["example.com"],"workloadSelector":{"labels":{"val":"*"}}}}],
  ["serviceentry-invalid", "only one of WorkloadSelector or Endpoints can be set", {"apiVersion":"networking.istio.io/v1alpha3","kind":"ServiceEntry","metadata":{"name":"selector-and-endpoints"},"spec":{"hosts":["example.com"],"workloadSelector":{},"endpoints":[{"address":"1.2.3.4"}]}}],
  ["serviceentry-invalid", "hostname cannot be wildcard", {"apiVersion":"networking.istio.io/v1alpha3","kind":"ServiceEntry","metadata":{"name":"bad-host-wildcard"},"spec":{"hosts":["*"]}}],
  ["serviceentry-invalid", "CIDR addresses are allowed only for NONE/STATIC resolution types", {"apiVersion":"networking.istio.io/v1alpha3","kind":"ServiceEntry","metadata":{"name":"bad-cidr-resolution"},"spec":{"hosts":["example.com"],"addresses":["1.2.3.4/16"],"resolution":"DNS"}}],
  ["serviceentry-invalid", "Duplicate value", {"apiVersion":"networking.istio.io/v1alpha3","kind":"ServiceEntry","metadata":{"name":"duplicate-ports-name"},"spec":{"hosts":["example.com"],"ports":[{"name":"a","number":1},{"name":"a","number":12}]}}],
  ["serviceentry-invalid", "port number cannot be duplicated", {"apiVersion":"networking.istio.io/v1alpha3","kind":"ServiceEntry","metadata":{"name":"duplicate-ports-number"},"spec":{"hosts":["example.com"],"ports":[{"name":"a","number":1},{"name":"b","number":1}]}}],
  ["serviceentry-invalid", "port must be between 1-65535", {"apiVersion":"networking.istio.io/v1alpha3","kind":"ServiceEntry","metadata":{"name":"bad-port"},"spec":{"hosts":["example.com"],"ports":[{"name":"a","number":99999}]}}],
  ["serviceentry-invalid", "port must be between 1-65535", {"apiVersion":"networking.istio.io/v1alpha3","kind":"ServiceEntry","metadata":{"name":"bad-port-target"},"spec":{"hosts":["example.com"],"ports":[{"name":"a","number":1,"targetPort":99999}]}}],
  ["serviceentry-invalid", "NONE mode cannot set endpoints", {"apiVersion":"networking.istio.io/v1alpha3","kind":"ServiceEntry","metadata":{"name":"none-with-endpoints"},"spec":{"hosts":["example.com"],"endpoints":[{"address":"1.2.3.4"}],"resolution":"NONE"}}],
  ["serviceentry-invalid", "DNS_ROUND_ROBIN mode cannot have multiple endpoints", {"apiVersion":"networking.istio.io/v1alpha3","kind":"ServiceEntry","metadata":{"name":"dns-rr-with-multiple-endpoints"},"spec":{"hosts":["example.com"],"resolution":"DNS_ROUND_ROBIN","endpoints":[{"address":"sub1.example.com"},{"address":"sub2.example.com"}]}}],
  ["telemetry-invalid", "name in body should be at least 1 chars long", {"apiVersion":"telemetry.istio.io/v1alpha1","kind":"Telemetry","metadata":{"name":"bad-provider"},"spec":{"metrics":[{"providers":[{"name":""}]}]}}],
  ["telemetry-invalid", "customMetric in body should be at least 1 chars lon", {"apiVersion":"telemetry.istio.io/v1alpha1","kind":"Telemetry","metadata":{"name":"bad-custom-metric"},"spec":{"metrics":[{"overrides":[{"match":{"customMetric":""}}]}]}}],
  ["telemetry-invalid", "value must be set when operation is UPSERT", {"apiVersion":"telemetry.istio.io/v1alpha1","kind":"Telemetry","metadata":{"name":"bad-tag-upsert"},"spec":{"metrics":[{"overrides":[{"tagOverrides":{"foo":{"operation":"UPSERT"}}}]}]}}],
  ["telemetry-invalid", "value must not be set when operation is REMOVE", {"apiVersion":"telemetry.istio.io/v1alpha1","kind":"Telemetry","metadata":{"name":"bad-tag-remove"},"spec":{"metrics":[{"overrides":[{"tagOverrides":{"foo":{"operation":"REMOVE","value":"oops"}}}]}]}}],
  ["wasm-invalid", "spec.match[0].ports[0].number: Required value", {"apiVersion":"extensions.istio.io/v1alpha1","kind":"WasmPlugin","metadata":{"name":"unset-port"},"spec":{"match":[{"ports":[{}]}]}}],
  ["wasm-invalid", "spec.url in body should be at least", {"apiVersion":"extensions.istio.io/v1alpha1","kind":"WasmPlugin","metadata":{"name":"unset-url"},"spec":{"url":""}}],
  ["wasm-invalid", "url must have schema one of", {"apiVersion":"extensions.istio.io/v1alpha1","kind":"WasmPlugin","metadata":{"name":"invalid-url"},"spec":{"url":"#%blah$#@"}}],
  ["wasm-invalid", "url must have schema one of", {"apiVersion":"extensions.istio.io/v1alpha1","kind":"WasmPlugin","metadata":{"name":"invalid-url-schema"},"spec":{"url":"fake://example.com"}}],
  ["wasm-invalid", "spec.sha256 in body should match", {"apiVersion":"extensions.istio.io/v1alpha1","kind":"WasmPlugin","metadata":{"name":"invalid-sha256"},"spec":{"url":"http://test","sha256":"foo"}}],
  ["wasm-invalid", "spec.imagePullSecret in body should be at least 1 chars long", {"apiVersion":"extensions.istio.io/v1alpha1","kind":"WasmPlugin","metadata":{"name":"invalid-imagePullSecret"},"spec":{"url":"http://test","imagePullSecret":""}}],
  ["wasm-invalid", "spec.pluginName in body should be at least 1 chars long", {"apiVersion":"extensions.istio.io/v1alpha1","kind":"WasmPlugin","metadata":{"name":"invalid-pluginName"},"spec":{"url":"http://test","pluginName":""}}],
  ["wasm-invalid", "Duplicate value", {"apiVersion":"extensions.istio.io/v1alpha1","kind":"WasmPlugin","metadata":{"name":"duplicate-env"},"spec":{"url":"http://test","vmConfig":{"env":[{"name":"a"},{"name":"a"}]}}}],
  ["wasm-invalid", "spec.vmConfig.env[0].name in body should be at least", {"apiVersion":"extensions.istio.io/v1alpha1","kind":"WasmPlugin","metadata":{"name":"invalid-env-name"},"spec":{"url":"http://test","vmConfig":{"env":[{"name":""}]}}}],
  ["wasm-invalid", "value may only be set when valueFrom is INLINE", {"apiVersion":"extensions.istio.io/v1alpha1","kind":"WasmPlugin","metadata":{"name":"invalid-env-name"},"spec":{"url":"http://test","vmConfig":{"env":[{"name":"test","valueFrom":"HOST","value":"value"}]}}}],
  ["wasm-invalid", "value may only be set when valueFrom is INLINE", {"apiVersion":"extensions.istio.io/v1alpha1","kind":"WasmPlugin","metadata":{"name":"invalid-env-name"},"spec":{"url":"http://test","vmConfig":{"env":[{"name":"test","valueFrom":"HOST","value":"value"}]}}}],
  ["wasm-invalid", "spec in body must be of type object: \"null\"", {"apiVersion":"extensions.istio.io/v1alpha1","kind":"WasmPlugin","metadata":{"name":"nil"},"spec":null}],
  ["wasm-invalid", "spec.url in body must be of type string: \"null\"", {"apiVersion":"extensions.istio.io/v1alpha1","kind":"WasmPlugin","metadata":{"name":"nested-nil"},"spec":{"url":null}}],
  ["wasm-invalid", "wildcard not allowed in label value match", {"apiVersion":"extensions.istio.io/v1alpha1","kind":"WasmPlugin","metadata":{"name":"invalid-selector"},"spec":{"url":"http://test","selector":{"matchLabels":{"istio":"bar*"}}}}],
  ["wasm-invalid", "wildcard not allowed in label key match", {"apiVersion":"extensions.istio.io/v1alpha1","kind":"WasmPlugin","metadata":{"name":"invalid-selector"},"spec":{"url":"http://test","selector":{"matchLabels":{"istio*":"bar"}}}}],
  ["workloadentry-invalid", "spec: Required value", {"apiVersion":"networking.istio.io/v1alpha3","kind":"WorkloadEntry","metadata":{"name":"no-spec"}}],
  ["workloadentry-invalid", "Address is required", {"apiVersion":"networking.istio.io/v1alpha3","kind":"WorkloadEntry","metadata":{"name":"missing-address"},"spec":{}}],
  ["workloadentry-invalid", "UDS may not be a dir", {"apiVersion":"networking.istio.io/v1alpha3","kind":"WorkloadEntry","metadata":{"name":"bad-uds-dir"},"spec":{"address":"unix:///dir/"}}],
  ["workloadentry-invalid", "UDS must be an absolute path or abstract socket", {"apiVersion":"networking.istio.io/v1alpha3","kind":"WorkloadEntry","metadata":{"name":"bad-uds-relative"},"spec":{"address":"unix://relative"}}],
  ["workloadentry-invalid", "UDS may not include ports", {"apiVersion":"networking.istio.io/v1alpha3","kind":"WorkloadEntry","metadata":{"name":"uds-with-ports"},"spec":{"address":"unix://@foo","ports":{"http":80}}}],
  ["workloadentry-invalid", "port must be between 1-65535", {"apiVersion":"networking.istio.io/v1alpha3","kind":"WorkloadEntry","metadata":{"name":"high-port"},"spec":{"address":"1.1.1.1","ports":{"http":99999}}}],
  ["workloadentry-invalid", "spec.ports: Invalid value", {"apiVersion":"networking.istio.io/v1alpha3","kind":"WorkloadEntry","metadata":{"name":"bad-port-name"},"spec":{"address":"1.1.1.1","ports":{"@":80}}}],
  ["workloadgroup-invalid", "spec: Required value", {"apiVersion":"networking.istio.io/v1","kind":"WorkloadGroup","metadata":{"name":"no-spec"}}],
  ["workloadgroup-invalid", "port must be between 1-65535", {"apiVersion":"networking.istio.io/v1alpha3","kind":"WorkloadGroup","metadata":{"name":"tcp-probe-invalid"},"spec":{"probe":{"tcpSocket":{"port":65536}},"template":{"serviceAccount":"sa","network":"net"}}}],
  ["workloadgroup-invalid", "spec.probe.httpGet.httpHeaders[0].name in body should match", {"apiVersion":"networking.istio.io/v1alpha3","kind":"WorkloadGroup","metadata":{"name":"http-probe-invalid"},"spec":{"probe":{"httpGet":{"httpHeaders":[{"name":"**"}],"port":80}},"template":{}}}],
];

/** The cases whose expected text the API server never prints, since it prunes the null field first (see above). */
const PRUNED_NULLS = ["nil", "nested-nil"];

const validator = createValidator();
const joined = (resource: Record<string, unknown>): string[] =>
  validator.validate(resource).filter((i) => i.severity === "error").map((i) => `${formatPath(i.path ?? [])}: ${i.message}`);
const nameOf = (resource: Record<string, unknown>): string => String((resource.metadata as { name?: unknown } | undefined)?.name);

describe("Istio's CRD rejection cases, in the API server's words", () => {
  const results = CASES.map(([file, expected, resource]) => ({ file, name: nameOf(resource), expected, errors: joined(structuredClone(resource)) }));

  it("rejects every case", () => {
    expect(results.filter((r) => r.errors.length === 0).map((r) => `${r.file} ${r.name}`)).toEqual([]);
  });

  it("gives the API server's text for 74 of the 76, and for the other two what the API server says after pruning nulls", () => {
    const missing = results.filter((r) => !r.errors.some((line) => line.includes(r.expected)));
    expect(results.length).toBe(76);
    expect(results.length - missing.length).toBe(74);
    expect(missing.map((r) => [r.name, r.errors])).toEqual([
      ["nil", ["spec: Required value"]],
      ["nested-nil", ["spec.url: Required value"]],
    ]);
    expect(missing.map((r) => r.name)).toEqual(PRUNED_NULLS);
  });

  it.each([
    ["bad-port", "spec.portLevelMtls: Invalid value: \"object\": type conversion error from 'string' to 'int' evaluating rule: port must be between 1-65535"],
    ["no-issuer", 'spec.jwtRules[0]: Invalid value: "null": spec.jwtRules[0] in body must be of type object: "null"'],
    ["bad-target-group", "spec.targetRef.group: Invalid value: \"__\": spec.targetRef.group in body should match '^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'"],
    ["empty-port-level", "spec.portLevelMtls: Invalid value: 0: spec.portLevelMtls in body should have at least 1 properties"],
  ])("words %s exactly as the API server does", (name, line) => {
    expect(results.find((r) => r.name === name)?.errors).toContain(line);
  });
});
