/**
 * For every distinct message of the Gateway API CRDs' CEL rules, a value that breaks the rule and
 * one that satisfies it, written from the rule's expression. A value is the rule's `self`; the
 * test places it in a valid resource of each kind and at each path the message appears, so one
 * row covers a message wherever the metadata has it.
 *
 * @internal
 */

/** A rule's failing and passing `self`, or a function of the skeleton's value at the rule's path. */
export interface RuleCase {
  readonly fail: unknown;
  readonly pass: unknown;
  /** Values for particular kinds, where the kinds' schemas differ. */
  readonly byKind?: Readonly<Record<string, { readonly fail: unknown; readonly pass: unknown }>>;
  /**
   * The schema rejects every value that breaks the rule with a blocking error, so the API server
   * never evaluates it on such a resource; the test checks the schema error and the rule on its own.
   */
  readonly schemaFirst?: true;
}

/** The one rule that is a transition rule (it compares with `oldSelf`): it never applies to a create. */
export const TRANSITION_MESSAGES: readonly string[] = ["Value is immutable"];

const rhm = { set: [{ name: "x-a", value: "1" }] };
const ref = { group: "", kind: "ConfigMap", name: "ca" };
const mirror = { backendRef: { name: "mirror", port: 8080 } };
const auth = { protocol: "HTTP", backendRef: { name: "auth", port: 9000 }, http: {} };
const redirect = { type: "RequestRedirect", requestRedirect: { scheme: "https" } };
const rewrite = { type: "URLRewrite", urlRewrite: { hostname: "a.example.com" } };
const cors = { type: "CORS", cors: { allowOrigins: ["https://a.example.com"] } };
const prefixRedirect = { type: "RequestRedirect", requestRedirect: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/b" } } };
const prefixRewrite = { type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/b" } } };
const exact = [{ path: { type: "Exact", value: "/a" } }];
const prefix = [{ path: { type: "PathPrefix", value: "/a" } }];
const backend = { name: "backend", port: 8080 };
const listener = (name: string, port: number, protocol: string, extra: object = {}) => ({ name, port, protocol, ...extra });
const filter = (type: string, field: string, value: unknown, extra: object = {}) => ({ type, [field]: value, ...extra });
const matchesOf = (item: object, counts: readonly number[]) => counts.map((n) => ({ matches: Array.from({ length: n }, () => item) }));
const path = (value: string) => ({ fail: { type: "PathPrefix", value }, pass: { type: "PathPrefix", value: "/ok" } });
const star = (other: string) => ({ fail: ["*", other], pass: [other] });
const parents = (a: object, b: object) => [{ name: "gw", ...a }, { name: "gw", ...b }];

/** The cases, keyed by rule message. */
export const RULE_CASES: Readonly<Record<string, RuleCase>> = {
  "sectionName must be specified when targetRefs includes 2 or more references to the same target": {
    fail: [{ group: "", kind: "Service", name: "svc", sectionName: "a" }, { group: "", kind: "Service", name: "svc" }],
    pass: [{ group: "", kind: "Service", name: "svc", sectionName: "a" }, { group: "", kind: "Service", name: "svc", sectionName: "b" }],
  },
  "sectionName must be unique when targetRefs includes 2 or more references to the same target": {
    fail: [{ group: "", kind: "Service", name: "svc", sectionName: "a" }, { group: "", kind: "Service", name: "svc", sectionName: "a" }],
    pass: [{ group: "", kind: "Service", name: "svc", sectionName: "a" }, { group: "", kind: "Service", name: "svc", sectionName: "b" }],
  },
  "must not contain both CACertificateRefs and WellKnownCACertificates": {
    fail: { hostname: "svc.example.com", caCertificateRefs: [ref], wellKnownCACertificates: "System" },
    pass: { hostname: "svc.example.com", wellKnownCACertificates: "System" },
  },
  "must specify either CACertificateRefs or WellKnownCACertificates": {
    fail: { hostname: "svc.example.com" },
    pass: { hostname: "svc.example.com", caCertificateRefs: [ref] },
  },
  "SubjectAltName element must contain Hostname, if Type is set to Hostname": { fail: { type: "Hostname" }, pass: { type: "Hostname", hostname: "a.example.com" } },
  "SubjectAltName element must not contain Hostname, if Type is not set to Hostname": {
    fail: { type: "URI", uri: "spiffe://cluster.local/ns/a", hostname: "a.example.com" },
    pass: { type: "URI", uri: "spiffe://cluster.local/ns/a" },
  },
  "SubjectAltName element must contain URI, if Type is set to URI": { fail: { type: "URI" }, pass: { type: "URI", uri: "spiffe://cluster.local/ns/a" } },
  "SubjectAltName element must not contain URI, if Type is not set to URI": {
    fail: { type: "Hostname", hostname: "a.example.com", uri: "spiffe://cluster.local/ns/a" },
    pass: { type: "Hostname", hostname: "a.example.com" },
  },
  "sectionName must be specified when parentRefs includes 2 or more references to the same parent": {
    fail: parents({ sectionName: "a" }, {}),
    pass: parents({ sectionName: "a" }, { sectionName: "b" }),
  },
  "sectionName must be unique when parentRefs includes 2 or more references to the same parent": {
    fail: parents({ sectionName: "a" }, { sectionName: "a" }),
    pass: parents({ sectionName: "a" }, { sectionName: "b" }),
  },
  "sectionName or port must be specified when parentRefs includes 2 or more references to the same parent": {
    fail: parents({ sectionName: "a" }, {}),
    pass: parents({ sectionName: "a" }, { sectionName: "b" }),
  },
  "sectionName or port must be unique when parentRefs includes 2 or more references to the same parent": {
    fail: parents({ port: 8080 }, { port: 8080 }),
    pass: parents({ port: 8080 }, { port: 9090 }),
  },
  "While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128": {
    fail: undefined,
    pass: undefined,
    byKind: {
      HTTPRoute: { fail: matchesOf(prefix[0]!, [64, 64, 1]), pass: matchesOf(prefix[0]!, [64, 64]) },
      GRPCRoute: { fail: matchesOf({ method: { service: "svc.Echo" } }, [64, 64, 1]), pass: matchesOf({ method: { service: "svc.Echo" } }, [64, 64]) },
    },
  },
  "Must have port for Service reference": { fail: { name: "svc" }, pass: { name: "svc", port: 8080 } },
  "RequestHeaderModifier filter cannot be repeated": {
    fail: [filter("RequestHeaderModifier", "requestHeaderModifier", rhm), filter("RequestHeaderModifier", "requestHeaderModifier", rhm)],
    pass: [filter("RequestHeaderModifier", "requestHeaderModifier", rhm)],
  },
  "ResponseHeaderModifier filter cannot be repeated": {
    fail: [filter("ResponseHeaderModifier", "responseHeaderModifier", rhm), filter("ResponseHeaderModifier", "responseHeaderModifier", rhm)],
    pass: [filter("ResponseHeaderModifier", "responseHeaderModifier", rhm)],
  },
  "filter.requestHeaderModifier must be nil if the filter.type is not RequestHeaderModifier": {
    fail: filter("ResponseHeaderModifier", "responseHeaderModifier", rhm, { requestHeaderModifier: rhm }),
    pass: filter("RequestHeaderModifier", "requestHeaderModifier", rhm),
  },
  "filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type": {
    fail: { type: "RequestHeaderModifier" },
    pass: filter("RequestHeaderModifier", "requestHeaderModifier", rhm),
  },
  "filter.responseHeaderModifier must be nil if the filter.type is not ResponseHeaderModifier": {
    fail: filter("RequestHeaderModifier", "requestHeaderModifier", rhm, { responseHeaderModifier: rhm }),
    pass: filter("ResponseHeaderModifier", "responseHeaderModifier", rhm),
  },
  "filter.responseHeaderModifier must be specified for ResponseHeaderModifier filter.type": {
    fail: { type: "ResponseHeaderModifier" },
    pass: filter("ResponseHeaderModifier", "responseHeaderModifier", rhm),
  },
  "filter.requestMirror must be nil if the filter.type is not RequestMirror": {
    fail: filter("RequestHeaderModifier", "requestHeaderModifier", rhm, { requestMirror: mirror }),
    pass: filter("RequestMirror", "requestMirror", mirror),
  },
  "filter.requestMirror must be specified for RequestMirror filter.type": { fail: { type: "RequestMirror" }, pass: filter("RequestMirror", "requestMirror", mirror) },
  "filter.extensionRef must be nil if the filter.type is not ExtensionRef": {
    fail: filter("RequestHeaderModifier", "requestHeaderModifier", rhm, { extensionRef: { group: "example.com", kind: "Filter", name: "f" } }),
    pass: filter("ExtensionRef", "extensionRef", { group: "example.com", kind: "Filter", name: "f" }),
  },
  "filter.extensionRef must be specified for ExtensionRef filter.type": {
    fail: { type: "ExtensionRef" },
    pass: filter("ExtensionRef", "extensionRef", { group: "example.com", kind: "Filter", name: "f" }),
  },
  "Only one of percent or fraction may be specified in HTTPRequestMirrorFilter": {
    fail: { ...mirror, percent: 50, fraction: { numerator: 1, denominator: 2 } },
    pass: { ...mirror, percent: 50 },
  },
  "numerator must be less than or equal to denominator": { fail: { numerator: 3, denominator: 2 }, pass: { numerator: 1, denominator: 2 } },
  "One or both of 'service' or 'method' must be specified": { fail: { type: "Exact" }, pass: { type: "Exact", service: "svc.Echo" } },
  "service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)": {
    fail: { service: "svc-Echo" },
    pass: { service: "Svc.Echo" },
  },
  "method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)": { fail: { method: "Get-Thing" }, pass: { method: "GetThing" } },
  "IPAddress values must be unique": {
    fail: [{ type: "IPAddress", value: "10.0.0.1" }, { type: "IPAddress", value: "10.0.0.1" }],
    pass: [{ type: "IPAddress", value: "10.0.0.1" }, { type: "IPAddress", value: "10.0.0.2" }],
  },
  "Hostname values must be unique": {
    fail: [{ type: "Hostname", value: "a.example.com" }, { type: "Hostname", value: "a.example.com" }],
    pass: [{ type: "Hostname", value: "a.example.com" }, { type: "Hostname", value: "b.example.com" }],
  },
  "Hostname value must be empty or contain only valid characters (matching ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)": {
    fail: { type: "Hostname", value: "Bad_Host" },
    pass: { type: "Hostname", value: "gw.example.com" },
  },
  "Annotation keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters.": { fail: { "-bad": "x" }, pass: { "example.com/ok": "x" } },
  "If specified, the annotation key's prefix must be a DNS subdomain not longer than 253 characters in total.": { fail: { [`${"a".repeat(253)}/x`]: "v" }, pass: { "example.com/x": "v" } },
  "Label keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters.": { fail: { "-bad": "x" }, pass: { "example.com/ok": "x" } },
  "If specified, the label key's prefix must be a DNS subdomain not longer than 253 characters in total.": { fail: { [`${"a".repeat(253)}/x`]: "v" }, pass: { "example.com/x": "v" } },
  "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']": {
    fail: [listener("http", 80, "HTTP", { tls: { mode: "Terminate", certificateRefs: [{ name: "cert" }] } })],
    pass: [listener("http", 80, "HTTP")],
  },
  "tls mode must be Terminate for protocol HTTPS": {
    fail: [listener("https", 443, "HTTPS", { tls: { mode: "Passthrough" } })],
    pass: [listener("https", 443, "HTTPS", { tls: { mode: "Terminate", certificateRefs: [{ name: "cert" }] } })],
  },
  "tls mode must be set for protocol TLS": { fail: [listener("tls", 443, "TLS")], pass: [listener("tls", 443, "TLS", { tls: { mode: "Passthrough" } })] },
  "hostname must not be specified for protocols ['TCP', 'UDP']": {
    fail: [listener("tcp", 9000, "TCP", { hostname: "a.example.com" })],
    pass: [listener("tcp", 9000, "TCP")],
  },
  "Listener name must be unique within the Gateway": { fail: [listener("a", 80, "HTTP"), listener("a", 81, "HTTP")], pass: [listener("a", 80, "HTTP"), listener("b", 81, "HTTP")] },
  "Combination of port, protocol and hostname must be unique for each listener": {
    fail: [listener("a", 80, "HTTP"), listener("b", 80, "HTTP")],
    pass: [listener("a", 80, "HTTP"), listener("b", 81, "HTTP")],
  },
  "certificateRefs or options must be specified when mode is Terminate": {
    fail: { mode: "Terminate", certificateRefs: [], options: {} },
    pass: { mode: "Terminate", certificateRefs: [{ name: "cert" }] },
  },
  "Port for TLS configuration must be unique within the Gateway": {
    fail: [443, 443].map((port) => ({ port, tls: { validation: { caCertificateRefs: [ref] } } })),
    pass: [443, 8443].map((port) => ({ port, tls: { validation: { caCertificateRefs: [ref] } } })),
  },
  "Hostname value must only contain valid characters (matching ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)": {
    fail: { type: "Hostname", value: "Bad_Host" },
    pass: { type: "Hostname", value: "gw.example.com" },
  },
  "RequestRedirect filter must not be used together with backendRefs": { fail: { backendRefs: [backend], filters: [redirect] }, pass: { filters: [redirect] } },
  "When using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified": {
    fail: { matches: exact, filters: [prefixRedirect] },
    pass: { matches: prefix, filters: [prefixRedirect] },
  },
  "When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified": {
    fail: { matches: exact, filters: [prefixRewrite], backendRefs: [backend] },
    pass: { matches: prefix, filters: [prefixRewrite], backendRefs: [backend] },
  },
  "Within backendRefs, when using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified": {
    fail: { matches: exact, backendRefs: [{ ...backend, filters: [prefixRedirect] }] },
    pass: { matches: prefix, backendRefs: [{ ...backend, filters: [prefixRedirect] }] },
  },
  "Within backendRefs, When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified": {
    fail: { matches: exact, backendRefs: [{ ...backend, filters: [prefixRewrite] }] },
    pass: { matches: prefix, backendRefs: [{ ...backend, filters: [prefixRewrite] }] },
  },
  "May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both": { fail: [redirect, rewrite], pass: [redirect] },
  "CORS filter cannot be repeated": { fail: [cors, cors], pass: [cors] },
  "RequestRedirect filter cannot be repeated": { fail: [redirect, redirect], pass: [redirect] },
  "URLRewrite filter cannot be repeated": { fail: [rewrite, rewrite], pass: [rewrite] },
  "filter.cors must be nil if the filter.type is not CORS": { fail: filter("RequestHeaderModifier", "requestHeaderModifier", rhm, { cors: cors.cors }), pass: cors },
  "filter.cors must be specified for CORS filter.type": { fail: { type: "CORS" }, pass: cors },
  "filter.requestRedirect must be nil if the filter.type is not RequestRedirect": {
    fail: filter("RequestHeaderModifier", "requestHeaderModifier", rhm, { requestRedirect: redirect.requestRedirect }),
    pass: redirect,
  },
  "filter.requestRedirect must be specified for RequestRedirect filter.type": { fail: { type: "RequestRedirect" }, pass: redirect },
  "filter.urlRewrite must be nil if the filter.type is not URLRewrite": {
    fail: filter("RequestHeaderModifier", "requestHeaderModifier", rhm, { urlRewrite: rewrite.urlRewrite }),
    pass: rewrite,
  },
  "filter.urlRewrite must be specified for URLRewrite filter.type": { fail: { type: "URLRewrite" }, pass: rewrite },
  "AllowHeaders cannot contain '*' alongside other methods": star("x-a"),
  "AllowMethods cannot contain '*' alongside other methods": star("GET"),
  "AllowOrigins cannot contain '*' alongside other origins": star("https://a.example.com"),
  "replaceFullPath must be specified when type is set to 'ReplaceFullPath'": { fail: { type: "ReplaceFullPath" }, pass: { type: "ReplaceFullPath", replaceFullPath: "/x" } },
  "type must be 'ReplaceFullPath' when replaceFullPath is set": {
    fail: { type: "ReplacePrefixMatch", replacePrefixMatch: "/x", replaceFullPath: "/y" },
    pass: { type: "ReplaceFullPath", replaceFullPath: "/x" },
  },
  "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'": {
    fail: { type: "ReplacePrefixMatch" },
    pass: { type: "ReplacePrefixMatch", replacePrefixMatch: "/x" },
  },
  "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set": {
    fail: { type: "ReplaceFullPath", replaceFullPath: "/x", replacePrefixMatch: "/y" },
    pass: { type: "ReplacePrefixMatch", replacePrefixMatch: "/x" },
  },
  "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']": path("a/b"),
  "must not contain '//' when type one of ['Exact', 'PathPrefix']": path("/a//b"),
  "must not contain '/./' when type one of ['Exact', 'PathPrefix']": path("/a/./b"),
  "must not contain '/../' when type one of ['Exact', 'PathPrefix']": path("/a/../b"),
  "must not contain '%2f' when type one of ['Exact', 'PathPrefix']": path("/a%2fb"),
  "must not contain '%2F' when type one of ['Exact', 'PathPrefix']": path("/a%2Fb"),
  "must not contain '#' when type one of ['Exact', 'PathPrefix']": path("/a#b"),
  "must not end with '/..' when type one of ['Exact', 'PathPrefix']": path("/a/.."),
  "must not end with '/.' when type one of ['Exact', 'PathPrefix']": path("/a/."),
  "type must be one of ['Exact', 'PathPrefix', 'RegularExpression']": { fail: { type: "Prefix", value: "/" }, pass: { type: "RegularExpression", value: "/a.*" }, schemaFirst: true },
  "must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']": path("/a b"),
  "backendRequest timeout cannot be longer than request timeout": { fail: { request: "10s", backendRequest: "20s" }, pass: { request: "10s", backendRequest: "5s" } },
  "Hostnames cannot contain an IP": { fail: ["10.0.0.1"], pass: ["a.example.com"] },
  "Hostnames must be valid based on RFC-1123": { fail: ["Bad_Host"], pass: ["a.example.com"] },
  "Wildcards on hostnames must be the first label, and the rest of hostname must be valid based on RFC-1123": { fail: ["a.*.example.com"], pass: ["*.example.com"] },
  "Rule name must be unique within the route": {
    fail: [{ name: "a" }, { name: "a" }],
    pass: [{ name: "a" }, { name: "b" }],
    byKind: Object.fromEntries(
      ["TCPRoute", "TLSRoute", "UDPRoute"].map((kind) => [kind, { fail: [{ name: "a", backendRefs: [backend] }, { name: "a", backendRefs: [backend] }], pass: [{ name: "a", backendRefs: [backend] }, { name: "b", backendRefs: [backend] }] }]),
    ),
  },
  "AbsoluteTimeout must be specified when cookie lifetimeType is Permanent": {
    fail: { type: "Cookie", sessionName: "s", cookieConfig: { lifetimeType: "Permanent" } },
    pass: { type: "Cookie", sessionName: "s", cookieConfig: { lifetimeType: "Permanent" }, absoluteTimeout: "1h" },
  },
  "cookieConfig can only be set with type Cookie": {
    fail: { type: "Header", sessionName: "s", cookieConfig: { lifetimeType: "Session" } },
    pass: { type: "Cookie", sessionName: "s", cookieConfig: { lifetimeType: "Session" } },
  },
  "filter.externalAuth must be nil if the filter.type is not ExternalAuth": {
    fail: filter("RequestHeaderModifier", "requestHeaderModifier", rhm, { externalAuth: auth }),
    pass: filter("ExternalAuth", "externalAuth", auth),
  },
  "filter.externalAuth must be specified for ExternalAuth filter.type": { fail: { type: "ExternalAuth" }, pass: filter("ExternalAuth", "externalAuth", auth) },
  "grpc must be specified when protocol is set to 'GRPC'": { fail: { ...auth, protocol: "GRPC", http: undefined }, pass: { ...auth, protocol: "GRPC", http: undefined, grpc: {} } },
  "protocol must be 'GRPC' when grpc is set": { fail: { ...auth, grpc: {} }, pass: { ...auth, protocol: "GRPC", http: undefined, grpc: {} } },
  "http must be specified when protocol is set to 'HTTP'": { fail: { ...auth, http: undefined }, pass: auth },
  "protocol must be 'HTTP' when http is set": { fail: { ...auth, protocol: "GRPC", grpc: {} }, pass: auth },
  "externalHostname must be set when type is ExternalHostname and must be unset otherwise": {
    fail: { type: "ExternalHostname", port: { port: 443 } },
    pass: { type: "ExternalHostname", externalHostname: { hostname: "api.example.com" }, port: { port: 443 } },
  },
  "hostname must not be an IP address or end with .cluster.local": { fail: "api.cluster.local", pass: "api.example.com" },
  "Name must be a valid DNS label": { fail: "Bad_Name", pass: "https" },
  "clientCertificateRef must be set if and only if mode is ClientAndServer": {
    fail: { mode: "ClientAndServer", validation: { hostname: "a.example.com", wellKnownCACertificates: "System" } },
    pass: { mode: "ClientAndServer", clientCertificateRef: { name: "client" }, validation: { hostname: "a.example.com", wellKnownCACertificates: "System" } },
  },
  "interval cannot be greater than one hour or less than one second": { fail: "2h", pass: "10s" },
  "interval cannot be greater than one hour": { fail: "0s", pass: "1s" },
};
