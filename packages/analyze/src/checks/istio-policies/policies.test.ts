/**
 * The checks of Istio's policies, EnvoyFilters, Telemetry and Sidecars that istioctl analyze also
 * runs: YAML in, the exact findings out, with the closest cases that must stay silent (Istio's own
 * analyzer cases among them, in our words).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { analyzeYaml, docs, summarize } from "../../testing.js";
import type { AnalyzeOptions } from "../../types.js";
import { ISTIO_POLICIES_CHECKS } from "./index.js";

const CODES = new Set<string>(ISTIO_POLICIES_CHECKS.map((c) => c.code));

/** This folder's findings as `CODE Kind ns/name path`. */
const found = (yaml: string, options: AnalyzeOptions = {}) =>
  summarize(analyzeYaml(yaml, options))
    .filter(([code]) => CODES.has(code))
    .map(([code, resource, path]) => `${code} ${resource} ${path}`);

/** This folder's findings, whole. */
const issues = (yaml: string, options: AnalyzeOptions = {}) => analyzeYaml(yaml, options).filter((i) => CODES.has(i.code));

// --- JWT claim routing (IST0149) ---

const istioGateway = (name: string, namespace: string, selector = "{ istio: ingressgateway }") => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: ${selector}
  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: [foo.com] }]`;

const claimRoute = (name: string, namespace: string, gateways: string, match = `headers: { "@request.auth.claims.foo": { exact: foo } }`) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  hosts: [foo.com]
  gateways: ${gateways}
  http:
    - match: [{ uri: { prefix: / } }, { ${match} }]
      route: [{ destination: { host: foo } }]`;

const requestAuthentication = (name: string, namespace: string, scope = "") => `
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  ${scope}
  jwtRules: [{ issuer: "https://example.com", jwksUri: "https://example.com/jwks" }]`;

const pod = (name: string, namespace: string, labels: string) => `
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: ${namespace}, labels: ${labels} }
spec: { containers: [{ name: app, image: app }] }`;

const JWT = "JWT_CLAIM_ROUTE_WITHOUT_REQUEST_AUTHENTICATION";

describe("JWT_CLAIM_ROUTE_WITHOUT_REQUEST_AUTHENTICATION", () => {
  test("Istio's case: claim routing at the default ingress gateway, no RequestAuthentication, on the claim header", () => {
    const yaml = docs(claimRoute("foo", "default", "[foo-gateway]"), istioGateway("foo-gateway", "default"));
    expect(issues(yaml)).toEqual([
      {
        code: JWT,
        istioctlCode: "IST0149",
        severity: "error",
        message:
          "The virtual service uses the JWT claim based routing (key: @request.auth.claims.foo) but found no request authentication for the gateway (default/foo-gateway) pod (istio-ingressgateway-dummypod). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing: without a validated JWT the claim is never present, so this match never applies and its requests fall through to the next route (the pod is Istio's ingress gateway, which istioctl assumes in istio-system when it reads files)",
        hint: "add a RequestAuthentication with the issuer's jwtRules whose selector matches the gateway's pods (istio=ingressgateway), in the root namespace istio-system",
        path: ["spec", "http", 0, "match", 1, "headers", "@request.auth.claims.foo"],
        resource: { apiVersion: "networking.istio.io/v1", kind: "VirtualService", namespace: "default", name: "foo" },
        source: { file: "mesh.yaml", line: 8 },
      },
    ]);
  });

  test("a RequestAuthentication of the root namespace or of the pod's namespace covers the pod when its selector matches; one elsewhere does not", () => {
    const routes = [claimRoute("foo", "shop", "[istio-system/public]"), istioGateway("public", "istio-system")];
    expect(found(docs(...routes, requestAuthentication("jwt", "istio-system")))).toEqual([]);
    expect(found(docs(...routes, requestAuthentication("jwt", "istio-system", "selector: { matchLabels: { istio: ingressgateway } }")))).toEqual([]);
    expect(found(docs(...routes, requestAuthentication("jwt", "istio-system", "selector: { matchLabels: { istio: eastwest } }")))).toEqual([`${JWT} VirtualService shop/foo spec.http[0].match[1].headers["@request.auth.claims.foo"]`]);
    // The VirtualService's namespace is not the pod's: a RequestAuthentication there covers nothing at the gateway.
    expect(found(docs(...routes, requestAuthentication("jwt", "shop")))).toEqual([`${JWT} VirtualService shop/foo spec.http[0].match[1].headers["@request.auth.claims.foo"]`]);
  });

  test("the root namespace is the configured one", () => {
    const yaml = docs(claimRoute("foo", "shop", "[mesh-root/public]"), istioGateway("public", "mesh-root"), requestAuthentication("jwt", "mesh-root"));
    expect(found(yaml, { rootNamespace: "mesh-root" })).toEqual([]);
    expect(found(yaml)).toEqual([`${JWT} VirtualService shop/foo spec.http[0].match[1].headers["@request.auth.claims.foo"]`]);
  });

  test("each uncovered pod the gateway selects is a finding, in any namespace; covered pods are not", () => {
    const yaml = docs(
      claimRoute("foo", "shop", "[edge]"),
      istioGateway("edge", "shop", "{ app: edge }"),
      pod("edge-a", "gateways", "{ app: edge }"),
      pod("edge-b", "secured", "{ app: edge }"),
      pod("other", "gateways", "{ app: other }"),
      requestAuthentication("jwt", "secured", "selector: { matchLabels: { app: edge } }"),
    );
    expect(issues(yaml).map((i) => i.message.slice(0, i.message.indexOf(". The request")))).toEqual([
      "The virtual service uses the JWT claim based routing (key: @request.auth.claims.foo) but found no request authentication for the gateway (shop/edge) pod (edge-a)",
    ]);
    expect(issues(yaml)[0]?.hint).toBe("add a RequestAuthentication with the issuer's jwtRules whose selector matches the gateway's pods (app=edge), in namespace gateways or in the root namespace istio-system");
    // A RequestAuthentication found through another label of the pod covers it too.
    expect(found(docs(yaml, requestAuthentication("jwt", "gateways", "selector: { matchLabels: { tier: edge } }")).replace("{ app: edge } }\nspec: { containers", "{ app: edge, tier: edge } }\nspec: { containers"))).toEqual([]);
  });

  test("a withoutHeaders claim and the bracket form are claim routing; the bare prefix, other headers and the mesh are not", () => {
    const gateway = istioGateway("public", "istio-system");
    const at = (match: string, gateways = "[istio-system/public]") => found(docs(gateway, claimRoute("foo", "shop", gateways, match)));
    expect(at(`withoutHeaders: { "@request.auth.claims[groups]": { exact: beta } }`)).toEqual([`${JWT} VirtualService shop/foo spec.http[0].match[1].withoutHeaders["@request.auth.claims[groups]"]`]);
    expect(at(`headers: { "@Request.Auth.Claims.sub": { exact: x } }`)).toEqual([`${JWT} VirtualService shop/foo spec.http[0].match[1].headers["@Request.Auth.Claims.sub"]`]);
    expect(issues(docs(gateway, claimRoute("foo", "shop", "[istio-system/public]", `withoutHeaders: { "@request.auth.claims[groups]": { exact: beta } }`)))[0]?.message).toContain("this withoutHeaders match applies to every request");
    expect(at(`headers: { "@request.auth.claims": { exact: x } }`)).toEqual([]);
    expect(at(`headers: { "@request.auth.claims.": { exact: x } }`)).toEqual([]);
    expect(at(`headers: { "@request.auth.claims[]": { exact: x } }`)).toEqual([]);
    expect(at(`headers: { x-group: { exact: beta } }`)).toEqual([]);
    expect(at(`headers: { "@request.auth.claims.foo": { exact: foo } }`, "[mesh]")).toEqual([]);
    // A gateway that is not in the set is the reference checks' to report.
    expect(at(`headers: { "@request.auth.claims.foo": { exact: foo } }`, "[istio-system/elsewhere]")).toEqual([]);
  });

  test("a RequestAuthentication with targetRefs covers only the pods of the Gateway API Gateway it targets, as Istio attaches it", () => {
    const targeted = requestAuthentication("jwt", "istio-system", "targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: public }]");
    // istioctl reads it as a policy without selector and is silent; Istio never applies it to the classic ingress gateway pod.
    expect(found(docs(claimRoute("foo", "shop", "[istio-system/public]"), istioGateway("public", "istio-system"), targeted))).toEqual([`${JWT} VirtualService shop/foo spec.http[0].match[1].headers["@request.auth.claims.foo"]`]);
    const apiPods = docs(
      claimRoute("foo", "shop", "[istio-system/edge]"),
      istioGateway("edge", "istio-system", '{ "gateway.networking.k8s.io/gateway-name": public }'),
      pod("public-istio-abc", "istio-system", '{ "gateway.networking.k8s.io/gateway-name": public }'),
    );
    expect(found(docs(apiPods, targeted))).toEqual([]);
    expect(found(docs(apiPods, targeted.replace("name: public", "name: private")))).toEqual([`${JWT} VirtualService shop/foo spec.http[0].match[1].headers["@request.auth.claims.foo"]`]);
  });

  test("an AuthorizationPolicy on claims and a VirtualService routing on them, with no RequestAuthentication, are each reported once, on their own resource", () => {
    const yaml = docs(
      claimRoute("foo", "shop", "[istio-system/public]"),
      istioGateway("public", "istio-system"),
      `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: jwt, namespace: istio-system }
spec:
  selector: { matchLabels: { istio: ingressgateway } }
  rules: [{ when: [{ key: "request.auth.claims[iss]", values: ["https://example.com"] }] }]`,
    );
    const jwtFindings = summarize(analyzeYaml(yaml)).filter(([code]) => code === JWT || code === "REQUEST_AUTHENTICATION_MISSING");
    expect(jwtFindings).toEqual([
      [JWT, "VirtualService shop/foo", 'spec.http[0].match[1].headers["@request.auth.claims.foo"]'],
      ["REQUEST_AUTHENTICATION_MISSING", "AuthorizationPolicy istio-system/jwt", "spec.rules[0].when[0].key"],
    ]);
    expect(summarize(analyzeYaml(docs(yaml, requestAuthentication("jwt", "istio-system")))).filter(([code]) => code === JWT || code === "REQUEST_AUTHENTICATION_MISSING")).toEqual([]);
  });
});

// --- EnvoyFilter operations (IST0151-IST0155) ---

const envoyFilter = (name: string, patches: string, extra = "") => `
apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: { name: ${name}, namespace: bookinfo }
spec:
  ${extra}
  configPatches:
${patches
  .trim()
  .split("\n")
  .map((line) => `    ${line}`)
  .join("\n")}`;

const patch = (applyTo: string, operation: string, value = "{ name: envoy.lua }", match = "{ context: SIDECAR_INBOUND }") => `- applyTo: ${applyTo}
  match: ${match}
  patch: { operation: ${operation}, value: ${value} }`;

describe("EnvoyFilter operations", () => {
  test("each finding is on the patch's operation, with istioctl's message and code", () => {
    const yaml = envoyFilter("ops", [patch("HTTP_FILTER", "INSERT_BEFORE"), patch("CLUSTER", "REPLACE"), patch("HTTP_ROUTE", "ADD"), patch("ROUTE_CONFIGURATION", "REMOVE")].join("\n"));
    expect(issues(yaml).map((i) => [i.code, i.istioctlCode, i.severity, i.message, i.path, i.source?.line])).toEqual([
      [
        "ENVOY_FILTER_RELATIVE_OPERATION",
        "IST0151",
        "warning",
        "This EnvoyFilter does not have a priority and has a relative patch operation set which can cause the EnvoyFilter not to be applied. Using the INSERT_FIRST of ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly: patch 0 (INSERT_BEFORE on HTTP_FILTER) acts relative to a filter another EnvoyFilter may add, move or remove, and EnvoyFilters of equal priority apply in creation order, so whether it applies depends on which was created first",
        ["spec", "configPatches", 0, "patch", "operation"],
        10,
      ],
      [
        "ENVOY_FILTER_REPLACE_INVALID",
        "IST0152",
        "error",
        "The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER: Istio replaces HTTP filters, network filters and virtual hosts only, and ignores patch 1, a REPLACE on CLUSTER",
        ["spec", "configPatches", 1, "patch", "operation"],
        13,
      ],
      [
        "ENVOY_FILTER_ADD_IGNORED",
        "IST0153",
        "error",
        "The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE: patch 2 (ADD on HTTP_ROUTE) changes nothing on any proxy",
        ["spec", "configPatches", 2, "patch", "operation"],
        16,
      ],
      [
        "ENVOY_FILTER_REMOVE_IGNORED",
        "IST0154",
        "error",
        "The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE: patch 3 (REMOVE on ROUTE_CONFIGURATION) removes nothing, and the routes it meant to remove stay in force",
        ["spec", "configPatches", 3, "patch", "operation"],
        19,
      ],
    ]);
  });

  test("Istio's relative-operation cases: INSERT_BEFORE and INSERT_AFTER without priority; a later patch on a filter a proxyVersion-bound patch named is IST0155", () => {
    const yaml = docs(
      envoyFilter("test-relative-1", [patch("HTTP_FILTER", "INSERT_BEFORE"), patch("CLUSTER", "ADD", "{ name: lua_cluster }")].join("\n")),
      envoyFilter("test-relative-2", [patch("HTTP_FILTER", "INSERT_AFTER", "{ name: envoy.lua2 }"), patch("CLUSTER", "ADD", "{ name: lua2_cluster }")].join("\n")),
      envoyFilter(
        "test-relative-3",
        [patch("HTTP_FILTER", "INSERT_AFTER", "{ name: envoy.lua1 }", `{ context: SIDECAR_INBOUND, proxy: { proxyVersion: '^1\\.11.*' } }`), patch("CLUSTER", "INSERT_AFTER", "{ name: envoy.lua1 }")].join("\n"),
      ),
    );
    expect(found(yaml)).toEqual([
      "ENVOY_FILTER_RELATIVE_OPERATION EnvoyFilter bookinfo/test-relative-1 spec.configPatches[0].patch.operation",
      "ENVOY_FILTER_RELATIVE_OPERATION EnvoyFilter bookinfo/test-relative-2 spec.configPatches[0].patch.operation",
      "ENVOY_FILTER_RELATIVE_OPERATION EnvoyFilter bookinfo/test-relative-3 spec.configPatches[0].patch.operation",
      "ENVOY_FILTER_RELATIVE_OPERATION_WITH_PROXY_VERSION EnvoyFilter bookinfo/test-relative-3 spec.configPatches[1].patch.operation",
    ]);
    expect(issues(yaml)[3]?.severity).toBe("warning");
    expect(issues(yaml)[3]?.istioctlCode).toBe("IST0155");
  });

  test("a proxyVersion-bound name carries over to later EnvoyFilters; a priority silences both relative codes", () => {
    const bound = envoyFilter("bound", patch("HTTP_FILTER", "INSERT_FIRST", "{ name: envoy.lua }", `{ context: SIDECAR_INBOUND, proxy: { proxyVersion: '^1\\.29.*' } }`));
    expect(found(docs(bound, envoyFilter("later", patch("HTTP_FILTER", "INSERT_AFTER"))))).toEqual(["ENVOY_FILTER_RELATIVE_OPERATION_WITH_PROXY_VERSION EnvoyFilter bookinfo/later spec.configPatches[0].patch.operation"]);
    // Only earlier patches count: the same EnvoyFilters the other way round.
    expect(found(docs(envoyFilter("later", patch("HTTP_FILTER", "INSERT_AFTER")), bound))).toEqual(["ENVOY_FILTER_RELATIVE_OPERATION EnvoyFilter bookinfo/later spec.configPatches[0].patch.operation"]);
    // Another name, or a priority, and nothing is reported.
    expect(found(docs(bound, envoyFilter("later", patch("HTTP_FILTER", "INSERT_AFTER", "{ name: envoy.other }"))))).toEqual(["ENVOY_FILTER_RELATIVE_OPERATION EnvoyFilter bookinfo/later spec.configPatches[0].patch.operation"]);
    expect(found(docs(bound, envoyFilter("later", patch("HTTP_FILTER", "INSERT_AFTER"), "priority: 10")))).toEqual([]);
    expect(found(envoyFilter("prioritized", patch("HTTP_FILTER", "INSERT_BEFORE"), "priority: -1"))).toEqual([]);
    expect(found(envoyFilter("zero", patch("HTTP_FILTER", "INSERT_BEFORE"), "priority: 0"))).toEqual(["ENVOY_FILTER_RELATIVE_OPERATION EnvoyFilter bookinfo/zero spec.configPatches[0].patch.operation"]);
  });

  test("a value without a name is named by the filter its listener match names", () => {
    const listener = "{ context: SIDECAR_INBOUND, listener: { filterChain: { filter: { name: envoy.filters.network.http_connection_manager } } } }";
    const bound = envoyFilter("bound", patch("NETWORK_FILTER", "MERGE", "{ typed_config: { x: 1 } }", listener.replace("SIDECAR_INBOUND", `SIDECAR_INBOUND, proxy: { proxyVersion: '^1' }`)));
    expect(found(docs(bound, envoyFilter("later", patch("NETWORK_FILTER", "REPLACE", "{ typed_config: { x: 2 } }", listener))))).toEqual(["ENVOY_FILTER_RELATIVE_OPERATION_WITH_PROXY_VERSION EnvoyFilter bookinfo/later spec.configPatches[0].patch.operation"]);
    // A value named like the filter is another name: istioctl compares a value's name with its type.
    expect(found(docs(bound, envoyFilter("later", patch("NETWORK_FILTER", "REPLACE", "{ name: envoy.filters.network.http_connection_manager }", listener))))).toEqual(["ENVOY_FILTER_RELATIVE_OPERATION EnvoyFilter bookinfo/later spec.configPatches[0].patch.operation"]);
  });

  test("Istio's REPLACE cases: valid on HTTP_FILTER, NETWORK_FILTER and VIRTUAL_HOST (then relative), an error elsewhere", () => {
    expect(found(envoyFilter("test-replace-1", patch("CLUSTER", "REPLACE")))).toEqual(["ENVOY_FILTER_REPLACE_INVALID EnvoyFilter bookinfo/test-replace-1 spec.configPatches[0].patch.operation"]);
    expect(found(envoyFilter("test-replace-1", patch("LISTENER", "REPLACE")))).toEqual(["ENVOY_FILTER_REPLACE_INVALID EnvoyFilter bookinfo/test-replace-1 spec.configPatches[0].patch.operation"]);
    for (const applyTo of ["HTTP_FILTER", "NETWORK_FILTER", "VIRTUAL_HOST"]) {
      expect(found(envoyFilter("test-replace-2", patch(applyTo, "REPLACE"), "priority: 10"))).toEqual([]);
      expect(found(envoyFilter("test-replace-2", patch(applyTo, "REPLACE")))).toEqual(["ENVOY_FILTER_RELATIVE_OPERATION EnvoyFilter bookinfo/test-replace-2 spec.configPatches[0].patch.operation"]);
    }
  });

  test("Istio's ADD cases: ignored on ROUTE_CONFIGURATION and HTTP_ROUTE, absolute elsewhere", () => {
    expect(found(docs(envoyFilter("test-auth-1", patch("CLUSTER", "ADD")), envoyFilter("test-auth-2", patch("HTTP_ROUTE", "ADD")), envoyFilter("test-auth-3", patch("ROUTE_CONFIGURATION", "ADD"))))).toEqual([
      "ENVOY_FILTER_ADD_IGNORED EnvoyFilter bookinfo/test-auth-2 spec.configPatches[0].patch.operation",
      "ENVOY_FILTER_ADD_IGNORED EnvoyFilter bookinfo/test-auth-3 spec.configPatches[0].patch.operation",
    ]);
    // A priority does not make ADD apply there.
    expect(found(envoyFilter("test-auth-2", patch("HTTP_ROUTE", "ADD"), "priority: 10"))).toEqual(["ENVOY_FILTER_ADD_IGNORED EnvoyFilter bookinfo/test-auth-2 spec.configPatches[0].patch.operation"]);
  });

  test("Istio's REMOVE cases: ignored on ROUTE_CONFIGURATION and HTTP_ROUTE, relative elsewhere", () => {
    const remove = (applyTo: string) => `- applyTo: ${applyTo}\n  match: { context: SIDECAR_INBOUND }\n  patch: { operation: REMOVE }`;
    expect(
      found(docs(envoyFilter("test-remove-1", remove("NETWORK_FILTER")), envoyFilter("test-remove-2", remove("ROUTE_CONFIGURATION")), envoyFilter("test-remove-3", remove("HTTP_ROUTE")), envoyFilter("test-remove-4", remove("LISTENER"), "priority: 10"))),
    ).toEqual([
      "ENVOY_FILTER_RELATIVE_OPERATION EnvoyFilter bookinfo/test-remove-1 spec.configPatches[0].patch.operation",
      "ENVOY_FILTER_REMOVE_IGNORED EnvoyFilter bookinfo/test-remove-2 spec.configPatches[0].patch.operation",
      "ENVOY_FILTER_REMOVE_IGNORED EnvoyFilter bookinfo/test-remove-3 spec.configPatches[0].patch.operation",
    ]);
  });

  test("absolute operations and MERGE are silent; reading stops at the first patch without a patch section", () => {
    expect(found(envoyFilter("absolute", [patch("HTTP_FILTER", "INSERT_FIRST"), patch("CLUSTER", "ADD"), patch("CLUSTER", "MERGE"), patch("LISTENER", "ADD")].join("\n")))).toEqual([]);
    const cut = envoyFilter("cut", [`- applyTo: HTTP_FILTER\n  match: { context: SIDECAR_INBOUND }`, patch("CLUSTER", "REPLACE")].join("\n"));
    expect(found(cut)).toEqual([]);
  });
});

// --- Telemetry and Sidecar ---

const telemetry = (name: string, namespace: string, spec: string) => `
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${spec}`;

const sidecar = (name: string, namespace: string, spec = "{ egress: [{ hosts: ['./*'] }] }") => `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${spec}`;

const namespace = (name: string, labels = "{}") => `
apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: ${labels} }`;

const METRICS = "{ metrics: [{ providers: [{ name: prometheus }] }] }";

describe("NAMESPACE_WIDE_TELEMETRY_CONFLICT", () => {
  test("Istio's case: two Telemetries without selector in ns2 are both reported, on their names; ns1's one with a selector is not", () => {
    const yaml = docs(
      telemetry("no-selector", "ns1", METRICS),
      telemetry("has-selector", "ns1", "{ selector: { matchLabels: { app: foo } }, metrics: [{ providers: [{ name: prometheus }] }] }"),
      telemetry("has-conflict-1", "ns2", METRICS),
      telemetry("has-conflict-2", "ns2", METRICS),
    );
    expect(issues(yaml).map((i) => [i.code, i.istioctlCode, i.severity, i.message, i.hint, i.path, i.resource?.name, i.source?.line])).toEqual(
      ["has-conflict-1", "has-conflict-2"].map((name, n) => [
        "NAMESPACE_WIDE_TELEMETRY_CONFLICT",
        "IST0160",
        "error",
        'The Telemetries [has-conflict-1 has-conflict-2] in namespace "ns2" have no workload selector, which can lead to undefined behavior: Istio applies one Telemetry without selector to namespace ns2, the oldest, and ignores the others',
        "merge has-conflict-1, has-conflict-2 into a single Telemetry without selector, or give all but one a selector or targetRefs",
        ["metadata", "name"],
        name,
        13 + 5 * n,
      ]),
    );
  });

  test("an empty selector counts as a selector, as in istioctl; a Telemetry with targetRefs is not namespace-wide (istioctl would report it)", () => {
    expect(found(docs(telemetry("a", "shop", METRICS), telemetry("b", "shop", "{ selector: {}, metrics: [{ providers: [{ name: prometheus }] }] }")))).toEqual([]);
    expect(found(docs(telemetry("a", "shop", METRICS), telemetry("b", "shop", "{ targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: web }], metrics: [{ providers: [{ name: prometheus }] }] }")))).toEqual([]);
    expect(found(docs(telemetry("a", "shop", METRICS), telemetry("b", "other", METRICS)))).toEqual([]);
    expect(found(docs(telemetry("a", "istio-system", METRICS), telemetry("b", "istio-system", "{ selector: null }")))).toEqual([
      "NAMESPACE_WIDE_TELEMETRY_CONFLICT Telemetry istio-system/a metadata.name",
      "NAMESPACE_WIDE_TELEMETRY_CONFLICT Telemetry istio-system/b metadata.name",
    ]);
    expect(issues(docs(telemetry("a", "istio-system", METRICS), telemetry("b", "istio-system", METRICS)))[0]?.message).toContain("to the whole mesh (the root namespace)");
  });
});

describe("NAMESPACE_WIDE_SIDECAR_CONFLICT", () => {
  test("Istio's case: two Sidecars without workload selector in ns2 are reported; ambient namespaces are left to SIDECAR_ONLY_IN_AMBIENT", () => {
    const yaml = docs(
      sidecar("no-selector", "ns1"),
      sidecar("has-selector", "ns1", "{ workloadSelector: { labels: { app: foo } } }"),
      sidecar("has-conflict-1", "ns2"),
      sidecar("has-conflict-2", "ns2"),
      namespace("ns1"),
      namespace("ns2"),
      namespace("ns-ambient", "{ istio.io/dataplane-mode: ambient }"),
      sidecar("namespace-scoped-1", "ns-ambient"),
      sidecar("namespace-scoped-2", "ns-ambient"),
    );
    expect(issues(yaml).map((i) => [i.code, i.istioctlCode, i.severity, i.message, i.hint, i.path, i.resource?.name])).toEqual(
      ["has-conflict-1", "has-conflict-2"].map((name) => [
        "NAMESPACE_WIDE_SIDECAR_CONFLICT",
        "IST0111",
        "error",
        'The Sidecars [has-conflict-1 has-conflict-2] in namespace "ns2" have no workload selector, which can lead to undefined behavior: Istio applies one Sidecar without selector to the workloads of namespace ns2, the oldest, and ignores the others',
        "merge has-conflict-1, has-conflict-2 into a single Sidecar without workloadSelector, or give all but one a workloadSelector",
        ["metadata", "name"],
        name,
      ]),
    );
    expect(summarize(analyzeYaml(yaml)).filter(([, resource]) => resource.startsWith("Sidecar ns-ambient/")).map(([code]) => code)).toEqual(["SIDECAR_ONLY_IN_AMBIENT", "SIDECAR_ONLY_IN_AMBIENT"]);
  });

  test("a namespace labelled ambient but also for injection, or with a revision, is not in ambient mode; empty labels are no selector", () => {
    const pair = (ns: string) => [sidecar("a", ns), sidecar("b", ns, "{ workloadSelector: { labels: {} } }")];
    expect(found(docs(namespace("injected", "{ istio.io/dataplane-mode: ambient, istio-injection: enabled }"), ...pair("injected")))).toEqual([
      "NAMESPACE_WIDE_SIDECAR_CONFLICT Sidecar injected/a metadata.name",
      "NAMESPACE_WIDE_SIDECAR_CONFLICT Sidecar injected/b metadata.name",
    ]);
    expect(found(docs(namespace("rev", "{ istio.io/dataplane-mode: ambient, istio.io/rev: canary }"), ...pair("rev")))).toHaveLength(2);
    expect(found(docs(namespace("rev", '{ istio.io/dataplane-mode: ambient, istio.io/rev: "" }'), ...pair("rev")))).toEqual([]);
    // Without its Namespace in the set, a namespace is not taken for ambient.
    expect(found(docs(...pair("unknown")))).toHaveLength(2);
    expect(found(docs(sidecar("a", "shop"), sidecar("b", "shop", "{ workloadSelector: { labels: { app: x } } }")))).toEqual([]);
  });
});

describe("TELEMETRY_ACCESS_LOG_WITHOUT_PROVIDER", () => {
  const invalid = telemetry("mesh-default", "istio-system", '{ accessLogging: [{ providers: [{ name: envoy }] }, { filter: { expression: "response.code >= 400" } }] }');

  test("Istio's case: the entry without a provider is reported, on the entry", () => {
    expect(issues(invalid)).toEqual([
      {
        code: "TELEMETRY_ACCESS_LOG_WITHOUT_PROVIDER",
        istioctlCode: "IST0157",
        severity: "warning",
        message: 'The Telemetry mesh-default in namespace "istio-system" with empty providers will be ignored: accessLogging[1] names no provider and the mesh config sets no default access log provider, so it writes no access log',
        hint: "name the provider in providers (for example `- name: envoy`), or set meshConfig.defaultProviders.accessLogging; to turn access logs off, write disabled: true",
        path: ["spec", "accessLogging", 1],
        resource: { apiVersion: "telemetry.istio.io/v1", kind: "Telemetry", namespace: "istio-system", name: "mesh-default" },
        source: { file: "mesh.yaml", line: 5 },
      },
    ]);
  });

  test("Istio's case: entries with providers, and disabled ones, are silent; disabled: false is not disabled", () => {
    expect(found(docs(telemetry("mesh-default", "istio-system", "{ accessLogging: [{ providers: [{ name: envoy }] }] }"), telemetry("mesh-default", "foo", "{ accessLogging: [{ disabled: true }] }")))).toEqual([]);
    expect(found(telemetry("t", "foo", "{ accessLogging: [{ disabled: false }, { providers: [] }] }"))).toEqual([
      "TELEMETRY_ACCESS_LOG_WITHOUT_PROVIDER Telemetry foo/t spec.accessLogging[0]",
      "TELEMETRY_ACCESS_LOG_WITHOUT_PROVIDER Telemetry foo/t spec.accessLogging[1]",
    ]);
  });

  test("the set's mesh config with default access log providers silences it; one without them, or unreadable, does not", () => {
    const meshConfig = (mesh: string, ns = "istio-system") => `
apiVersion: v1
kind: ConfigMap
metadata: { name: istio, namespace: ${ns} }
data:
  mesh: ${JSON.stringify(mesh)}`;
    expect(found(docs(invalid, meshConfig("defaultProviders:\n  accessLogging: [envoy]\n")))).toEqual([]);
    const reported = ["TELEMETRY_ACCESS_LOG_WITHOUT_PROVIDER Telemetry istio-system/mesh-default spec.accessLogging[1]"];
    expect(found(docs(invalid, meshConfig("defaultProviders:\n  metrics: [prometheus]\n")))).toEqual(reported);
    expect(found(docs(invalid, meshConfig("defaultProviders: [unclosed\n")))).toEqual(reported);
    expect(found(docs(invalid, meshConfig("defaultProviders:\n  accessLogging: [envoy]\n", "other")))).toEqual(reported);
  });
});

// --- every check ---

describe("malformed input", () => {
  test("wrong shapes are read as far as they go, and never throw", () => {
    const yaml = docs(
      envoyFilter("odd", `- applyTo: 3\n  match: nope\n  patch: { operation: [REPLACE], value: [] }\n- "text"`, "priority: high"),
      `
apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: { name: lists, namespace: bookinfo }
spec: { configPatches: { applyTo: CLUSTER } }`,
      telemetry("t", "ns", "{ selector: 3, accessLogging: [3, { providers: nope }] }"),
      telemetry("u", "ns", "[]"),
      sidecar("s", "ns", "{ workloadSelector: [] }"),
      sidecar("s2", "ns", "{ workloadSelector: { labels: 3 } }"),
      `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: odd, namespace: ns }
spec: { gateways: [public, 3], http: [{ match: [{ headers: ["@request.auth.claims.x"] }, { withoutHeaders: { "@request.auth.claims.y": 1 } }] }] }`,
      istioGateway("public", "ns", "[]"),
      requestAuthentication("ra", "elsewhere", "targetRefs: 5"),
    );
    expect(found(yaml)).toEqual([
      "TELEMETRY_ACCESS_LOG_WITHOUT_PROVIDER Telemetry ns/t spec.accessLogging[1]",
      "NAMESPACE_WIDE_SIDECAR_CONFLICT Sidecar ns/s metadata.name",
      "NAMESPACE_WIDE_SIDECAR_CONFLICT Sidecar ns/s2 metadata.name",
      `${JWT} VirtualService ns/odd spec.http[0].match[1].withoutHeaders["@request.auth.claims.y"]`,
    ]);
  });
});

// --- the pages ---

describe("docs/analysis pages of this folder", () => {
  const folder = fileURLToPath(new URL("../../../../../docs/analysis/", import.meta.url));
  test.each(ISTIO_POLICIES_CHECKS.map((c) => [c.code]))("%s: the Example draws it and the Silent case does not", (code) => {
    const page = readFileSync(join(folder, `${code}.md`), "utf8");
    const block = (heading: string) => new RegExp(`## ${heading}[\\s\\S]*?\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(page)?.[1] ?? "";
    const example = block("Example");
    const silent = block("Silent");
    expect(example).not.toBe("");
    expect(silent).not.toBe("");
    expect(analyzeYaml(example).filter((i) => i.code === code)).not.toEqual([]);
    expect(analyzeYaml(silent).filter((i) => i.code === code)).toEqual([]);
    expect(page.split("\n")[2]).toContain(`checked by \`packages/analyze/src/checks/istio-policies/`);
  });
});
