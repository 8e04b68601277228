/**
 * A sample of the Istio CRDs' CEL rules, at least one per Istio kind: a resource that breaks the
 * rule is rejected with the rule's message at its field, one that satisfies it is accepted by the
 * schema and the rules (Istio's admission rules are tested beside their own code).
 */
import { kinds as istioKinds } from "@meshform/istio";
import { describe, expect, it } from "vitest";
import { createValidator } from "./validator.js";
// Validators created from the modules themselves, not the package entry: Istio's admission rules loaded as the entry loads them.
import "./admission-rules.js";

interface IstioCase {
  readonly apiVersion: string;
  readonly kind: string;
  readonly fail: object;
  readonly pass: object;
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** `CEL_EVALUATION` when the breaking value makes the rule fail to evaluate (as the API server reports it). */
  readonly code?: "CEL_EVALUATION";
  /** The JSON type of the rule's value, which the message names. @defaultValue "object" */
  readonly type?: "string" | "array";
}

const DURATION = "must be a valid duration greater than 1ms";
const selector = (labels: Record<string, string>) => ({ selector: { matchLabels: labels } });
const jwt = { issuer: "https://accounts.example.com" };

const CASES: Readonly<Record<string, IstioCase>> = {
  "DestinationRule: a connect timeout under 1ms": { type: "string",
    apiVersion: "networking.istio.io/v1", kind: "DestinationRule", path: ["spec", "trafficPolicy", "connectionPool", "tcp", "connectTimeout"], message: DURATION,
    fail: { host: "reviews", trafficPolicy: { connectionPool: { tcp: { connectTimeout: "0s" } } } },
    pass: { host: "reviews", trafficPolicy: { connectionPool: { tcp: { connectTimeout: "250ms" } } } },
  },
  "DestinationRule: a subset's outlier interval that is not a duration": { type: "string",
    apiVersion: "networking.istio.io/v1beta1", kind: "DestinationRule", path: ["spec", "subsets", 0, "trafficPolicy", "outlierDetection", "interval"], code: "CEL_EVALUATION",
    message: `Failed to parse duration: invalid syntax evaluating rule: ${DURATION}`,
    fail: { host: "reviews", subsets: [{ name: "v1", labels: { version: "v1" }, trafficPolicy: { outlierDetection: { interval: "ten seconds" } } }] },
    pass: { host: "reviews", subsets: [{ name: "v1", labels: { version: "v1" }, trafficPolicy: { outlierDetection: { interval: "10s" } } }] },
  },
  "DestinationRule: a wildcard label key": {
    apiVersion: "networking.istio.io/v1", kind: "DestinationRule", path: ["spec", "workloadSelector", "matchLabels"], message: "wildcard not allowed in label key match",
    fail: { host: "reviews", workloadSelector: { matchLabels: { "app*": "reviews" } } },
    pass: { host: "reviews", workloadSelector: { matchLabels: { app: "reviews" } } },
  },
  "Gateway: credentialName with credentialNames": {
    apiVersion: "networking.istio.io/v1", kind: "Gateway", path: ["spec", "servers", 0, "tls"], message: "only one of credentialName or credentialNames can be set",
    fail: { servers: [{ port: { number: 443, name: "https", protocol: "HTTPS" }, hosts: ["*"], tls: { mode: "SIMPLE", credentialName: "a", credentialNames: ["b"] } }] },
    pass: { servers: [{ port: { number: 443, name: "https", protocol: "HTTPS" }, hosts: ["*"], tls: { mode: "SIMPLE", credentialName: "a" } }] },
  },
  "ServiceEntry: endpoints with resolution NONE": {
    apiVersion: "networking.istio.io/v1", kind: "ServiceEntry", path: ["spec"], message: "NONE mode cannot set endpoints",
    fail: { hosts: ["api.example.com"], ports: [{ number: 443, name: "https", protocol: "TLS" }], resolution: "NONE", endpoints: [{ address: "10.0.0.1" }] },
    pass: { hosts: ["api.example.com"], ports: [{ number: 443, name: "https", protocol: "TLS" }], resolution: "STATIC", endpoints: [{ address: "10.0.0.1" }] },
  },
  "ServiceEntry: a duplicated port number": { type: "array",
    apiVersion: "networking.istio.io/v1alpha3", kind: "ServiceEntry", path: ["spec", "ports"], message: "port number cannot be duplicated",
    fail: { hosts: ["api.example.com"], ports: [{ number: 443, name: "https", protocol: "TLS" }, { number: 443, name: "tls", protocol: "TLS" }], resolution: "DNS" },
    pass: { hosts: ["api.example.com"], ports: [{ number: 443, name: "https", protocol: "TLS" }, { number: 8443, name: "tls", protocol: "TLS" }], resolution: "DNS" },
  },
  "Sidecar: a wildcard in the workload selector": { type: "string",
    apiVersion: "networking.istio.io/v1", kind: "Sidecar", path: ["spec", "workloadSelector", "labels", "app"], message: "wildcard is not supported in selector",
    fail: { workloadSelector: { labels: { app: "rev*" } }, egress: [{ hosts: ["./*"] }] },
    pass: { workloadSelector: { labels: { app: "reviews" } }, egress: [{ hosts: ["./*"] }] },
  },
  "VirtualService: a route timeout of zero": { type: "string",
    apiVersion: "networking.istio.io/v1", kind: "VirtualService", path: ["spec", "http", 0, "timeout"], message: DURATION,
    fail: { hosts: ["reviews"], http: [{ timeout: "0s", route: [{ destination: { host: "reviews" } }] }] },
    pass: { hosts: ["reviews"], http: [{ timeout: "10s", route: [{ destination: { host: "reviews" } }] }] },
  },
  "WorkloadEntry: a relative Unix socket path": { type: "string",
    apiVersion: "networking.istio.io/v1", kind: "WorkloadEntry", path: ["spec", "address"], message: "UDS must be an absolute path or abstract socket",
    fail: { address: "unix://var/run/app.sock" },
    pass: { address: "unix:///var/run/app.sock" },
  },
  "WorkloadEntry: neither address nor network": {
    apiVersion: "networking.istio.io/v1beta1", kind: "WorkloadEntry", path: ["spec"], message: "Address is required",
    fail: { labels: { app: "vm" } },
    pass: { labels: { app: "vm" }, network: "vm-network" },
  },
  "WorkloadGroup: a probe scheme other than HTTP or HTTPS": { type: "string",
    apiVersion: "networking.istio.io/v1", kind: "WorkloadGroup", path: ["spec", "probe", "httpGet", "scheme"], message: "scheme must be one of [HTTP, HTTPS]",
    fail: { template: { serviceAccount: "vm" }, probe: { httpGet: { port: 8080, scheme: "FTP" } } },
    pass: { template: { serviceAccount: "vm" }, probe: { httpGet: { port: 8080, scheme: "HTTPS" } } },
  },
  "EnvoyFilter: a waypoint match outside the WAYPOINT context": {
    apiVersion: "networking.istio.io/v1alpha3", kind: "EnvoyFilter", path: ["spec", "configPatches", 0, "match"], message: "only support waypointMatch when context is WAYPOINT",
    fail: { configPatches: [{ applyTo: "HTTP_FILTER", match: { context: "SIDECAR_INBOUND", waypoint: { portNumber: 8080 } }, patch: { operation: "REMOVE" } }] },
    pass: { configPatches: [{ applyTo: "HTTP_FILTER", match: { context: "WAYPOINT", waypoint: { portNumber: 8080 } }, patch: { operation: "REMOVE" } }] },
  },
  "ProxyConfig: an empty label key": {
    apiVersion: "networking.istio.io/v1beta1", kind: "ProxyConfig", path: ["spec", "selector", "matchLabels"], message: "key must not be empty",
    fail: { ...selector({ "": "x" }), concurrency: 2 },
    pass: { ...selector({ app: "x" }), concurrency: 2 },
  },
  "AuthorizationPolicy: serviceAccounts with principals": {
    apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy", path: ["spec", "rules", 0, "from", 0, "source"], message: "Cannot set serviceAccounts with namespaces or principals",
    fail: { action: "ALLOW", rules: [{ from: [{ source: { serviceAccounts: ["default/sa"], principals: ["cluster.local/ns/default/sa/sa"] } }] }] },
    pass: { action: "ALLOW", rules: [{ from: [{ source: { serviceAccounts: ["default/sa"] } }] }] },
  },
  "AuthorizationPolicy: a cross-namespace target": { type: "string",
    apiVersion: "security.istio.io/v1beta1", kind: "AuthorizationPolicy", path: ["spec", "targetRefs", 0, "namespace"], message: "cross namespace referencing is not currently supported",
    fail: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw", namespace: "other" }] },
    pass: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw" }] },
  },
  "PeerAuthentication: port-level mTLS without a selector": {
    apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", path: ["spec"], message: "portLevelMtls requires selector",
    fail: { mtls: { mode: "STRICT" }, portLevelMtls: { "8080": { mode: "DISABLE" } } },
    pass: { ...selector({ app: "reviews" }), mtls: { mode: "STRICT" }, portLevelMtls: { "8080": { mode: "DISABLE" } } },
  },
  "PeerAuthentication: port 0 in portLevelMtls": {
    apiVersion: "security.istio.io/v1beta1", kind: "PeerAuthentication", path: ["spec", "portLevelMtls"], message: "port must be between 1-65535",
    fail: { ...selector({ app: "reviews" }), portLevelMtls: { "0": { mode: "DISABLE" } } },
    pass: { ...selector({ app: "reviews" }), portLevelMtls: { "9080": { mode: "DISABLE" } } },
  },
  "RequestAuthentication: a JWKS URI that is not HTTP(S)": { type: "string",
    apiVersion: "security.istio.io/v1", kind: "RequestAuthentication", path: ["spec", "jwtRules", 0, "jwksUri"], message: "url must have scheme http:// or https://",
    fail: { jwtRules: [{ ...jwt, jwksUri: "ftp://keys.example.com/jwks.json" }] },
    pass: { jwtRules: [{ ...jwt, jwksUri: "https://keys.example.com/jwks.json" }] },
  },
  "RequestAuthentication: jwks with jwksUri": {
    apiVersion: "security.istio.io/v1beta1", kind: "RequestAuthentication", path: ["spec", "jwtRules", 0], message: "only one of jwks or jwksUri can be set",
    fail: { jwtRules: [{ ...jwt, jwks: "{}", jwksUri: "https://keys.example.com/jwks.json" }] },
    pass: { jwtRules: [{ ...jwt, jwksUri: "https://keys.example.com/jwks.json" }] },
  },
  "Telemetry: a tag removed with a value": {
    apiVersion: "telemetry.istio.io/v1", kind: "Telemetry", path: ["spec", "metrics", 0, "overrides", 0, "tagOverrides", "zone"], message: "value must not be set when operation is REMOVE",
    fail: { metrics: [{ overrides: [{ tagOverrides: { zone: { operation: "REMOVE", value: "'x'" } } }] }] },
    pass: { metrics: [{ overrides: [{ tagOverrides: { zone: { operation: "REMOVE" } } }] }] },
  },
  "Telemetry: selector with targetRefs": {
    apiVersion: "telemetry.istio.io/v1alpha1", kind: "Telemetry", path: ["spec"], message: "only one of targetRefs or selector can be set",
    fail: { ...selector({ app: "gw" }), targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw" }], tracing: [{ randomSamplingPercentage: 10 }] },
    pass: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw" }], tracing: [{ randomSamplingPercentage: 10 }] },
  },
  "WasmPlugin: a module URL with an unsupported scheme": { type: "string",
    apiVersion: "extensions.istio.io/v1alpha1", kind: "WasmPlugin", path: ["spec", "url"], message: "url must have schema one of [http, https, file, oci]",
    fail: { url: "ftp://registry.example.com/filter.wasm" },
    pass: { url: "registry.example.com/filters/auth:1.0" },
  },
  "TrafficExtension: both wasm and lua": {
    apiVersion: "extensions.istio.io/v1alpha1", kind: "TrafficExtension", path: ["spec"], message: "exactly one of wasm or lua must be set",
    fail: { wasm: { url: "oci://registry.example.com/filter:1" }, lua: { inlineCode: "function envoy_on_request(h) end" } },
    pass: { lua: { inlineCode: "function envoy_on_request(h) end" } },
  },
};

const validator = createValidator();
const resource = (c: IstioCase, spec: object) => ({ apiVersion: c.apiVersion, kind: c.kind, metadata: { name: "example", namespace: "default" }, spec });
const notAdmission = (code: string) => !code.startsWith("ISTIO_ADMISSION");

describe("Istio CEL rules", () => {
  it("the sample covers every Istio kind that has rules", () => {
    const withRules = new Set(istioKinds.filter((e) => e.info.rules.length > 0).map((e) => e.info.kind));
    expect([...withRules].filter((kind) => !Object.values(CASES).some((c) => c.kind === kind))).toEqual([]);
  });

  describe.each(Object.entries(CASES))("%s", (_, c) => {
    it("rejects the breaking resource with the rule's message at its field", () => {
      const issues = validator.validate(resource(c, c.fail));
      const expected = { code: c.code ?? "CEL_RULE", path: c.path, message: `Invalid value: "${c.type ?? "object"}": ${c.message}` };
      expect(issues).toContainEqual(expect.objectContaining(expected));
    });

    it("accepts the satisfying resource", () => {
      expect(validator.validate(resource(c, c.pass)).filter((i) => i.severity === "error" && notAdmission(i.code))).toEqual([]);
    });
  });
});

describe("Istio admission rules as the targeted release runs them", () => {
  const policy = (values: object) => ({
    apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy", metadata: { name: "td", namespace: "default" },
    spec: { action: "ALLOW", rules: [{ when: [{ key: "source.trustDomain", ...values }] }] },
  });
  const admission = (issues: readonly { code: string }[]) => issues.filter((issue) => issue.code === "ISTIO_ADMISSION");

  it("accepts the condition key source.trustDomain for Istio 1.30", () => {
    expect(admission(createValidator({ istioRelease: "1.30.3" }).validate(policy({ values: ["cluster.local"] })))).toEqual([]);
  });

  it("rejects source.trustDomain as an unknown key for a release before 1.30", () => {
    const issues = admission(createValidator({ istioRelease: "1.24.6" }).validate(policy({ values: ["cluster.local"] })));
    expect(issues).toEqual([expect.objectContaining({ path: ["spec", "rules", 0, "when", 0, "values"], message: expect.stringMatching(/^invalid `value` for `key` source.trustDomain: unknown attribute: source.trustDomain/) })]);
  });

  it("skips an EnvoyFilter patch for the WAYPOINT context, as Istio 1.30 does", () => {
    const filter = {
      apiVersion: "networking.istio.io/v1alpha3", kind: "EnvoyFilter", metadata: { name: "wp", namespace: "default" },
      spec: { configPatches: [{ applyTo: "HTTP_FILTER", match: { context: "WAYPOINT", waypoint: { filter: { name: "envoy.filters.network.http_connection_manager" } } }, patch: { operation: "REMOVE" } }] },
    };
    expect(validator.validate(filter).filter((issue) => issue.severity === "error")).toEqual([]);
  });
});
