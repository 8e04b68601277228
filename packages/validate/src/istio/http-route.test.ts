/**
 * HTTP route admission rules of a VirtualService, one failing and one passing example per rule,
 * messages verbatim.
 */
import { describe, expect, it } from "vitest";
import { type Case, check, error, warning } from "./test-support.js";

const key = "networking.istio.io/VirtualService";
const route = [{ destination: { host: "reviews" } }];
const http = (rule: Record<string, unknown>): Record<string, unknown> => ({ hosts: ["reviews"], http: [rule] });
const at = (...path: (string | number)[]): (string | number)[] => ["spec", "http", 0, ...path];

const actions: Case[] = [
  ["no route, redirect or direct response", http({}), [error(at(), "HTTP route, redirect or direct_response is required (add a route with a destination, a redirect or a directResponse)")]],
  ["route and redirect", http({ route, redirect: { uri: "/x" } }), [error(at(), "HTTP route cannot contain both route and redirect")]],
  ["fault and redirect", http({ redirect: { uri: "/x" }, fault: { abort: { httpStatus: 500 } } }), [error(at(), "HTTP route cannot contain both fault and redirect")]],
  ["rewrite and redirect", http({ redirect: { uri: "/x" }, rewrite: { uri: "/y" } }), [error(at(), "HTTP route rule cannot contain both rewrite and redirect")]],
  ["direct response and redirect", http({ redirect: { uri: "/x" }, directResponse: { status: 200 } }), [error(at(), "HTTP route rule cannot contain both direct_response and redirect")]],
  ["route and direct response", http({ route, directResponse: { status: 200 } }), [error(at(), "HTTP route cannot contain both route and direct_response")]],
  ["fault and direct response", http({ directResponse: { status: 200 }, fault: { abort: { httpStatus: 500 } } }), [error(at(), "HTTP route cannot contain both fault and direct_response")]],
  ["rewrite and direct response", http({ directResponse: { status: 200 }, rewrite: { uri: "/y" } }), [error(at(), "HTTP route rule cannot contain both rewrite and direct_response")]],
  ["a redirect alone", http({ redirect: { uri: "/x" } }), []],
  ["a direct response alone", http({ directResponse: { status: 503, body: { string: "down" } } }), []],
  ["mirror and mirrors", http({ route, mirror: { host: "a" }, mirrors: [{ destination: { host: "b" } }] }), [error(at(), "HTTP route cannot contain both mirror and mirrors")]],
  ["a root route with a route", http({ name: "root", delegate: { name: "d" }, route }), [error(at("route"), "root HTTP route root must not specify route (a route that delegates only delegates)")]],
  ["a root route with a redirect", http({ name: "root", delegate: { name: "d" }, redirect: { uri: "/x" } }), [error(at("redirect"), "root HTTP route root must not specify redirect (a route that delegates only delegates)")]],
  ["a root route that only delegates", http({ delegate: { name: "d", namespace: "ns" } }), []],
  ["a delegate route that delegates", { http: [{ route, delegate: { name: "d" } }] }, [error(at("delegate"), "delegate HTTP route cannot contain delegate")]],
  ["a timeout under 1ms", http({ route, timeout: "500us" }), [error(at("timeout"), "duration must be greater than 1ms")]],
  ["a timeout finer than 1ms", http({ route, timeout: "1.5ms" }), [error(at("timeout"), "only durations to ms precision are supported")]],
  ["a malformed timeout", http({ route, timeout: "10" }), [error(at("timeout"), 'time: missing unit in duration "10"')]],
  ["a timeout of 1m30s", http({ route, timeout: "1m30s" }), []],
];

const matches: Case[] = [
  ["a bad header name", http({ route, match: [{ headers: { "bad header": { exact: "a" } } }] }), [error(at("match", 0, "headers", "bad header"), "header name bad header is not a valid header name")]],
  ["an empty prefix header match", http({ route, match: [{ headers: { "x-user": { prefix: "" } } }] }), [error(at("match", 0, "headers", "x-user"), '"headers": prefix string match should not be empty')]],
  ["a regex that is not RE2", http({ route, match: [{ uri: { regex: "(?=x)" } }] }), [
    error(at("match", 0, "uri"), '"uri": error parsing regexp: invalid or unsupported Perl syntax: `(?=`; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)'),
  ]],
  ["an empty regex", http({ route, match: [{ method: { regex: "" } }] }), [error(at("match", 0, "method"), '"method": regex string match should not be empty')]],
  ["a regex over 1024 characters", http({ route, match: [{ authority: { regex: "a".repeat(1025) } }] }), [error(at("match", 0, "authority"), '"authority": regex is too large, max length allowed is 1024')]],
  ["withoutHeaders regex *", http({ route, match: [{ withoutHeaders: { "x-a": { regex: "*" } } }] }), []],
  ["a bad query param regex", http({ route, match: [{ queryParams: { q: { regex: "a**" } } }] }), [
    error(at("match", 0, "queryParams", "q"), '"queryParams": error parsing regexp: invalid nested repetition operator: `**`; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)'),
  ]],
  ["a match port out of range", http({ route, match: [{ port: 0 }, { port: 65536 }] }), [error(at("match", 1, "port"), "port number 65536 must be in the range 1..65535")]],
  ["a bad source namespace", http({ route, match: [{ sourceNamespace: "Bad_NS" }] }), [error(at("match", 0, "sourceNamespace"), "sourceNamespace match Bad_NS is invalid (use a namespace name)")]],
  ["a bad source label value", http({ route, match: [{ sourceLabels: { app: "-x" } }] }), [
    error(at("match", 0, "sourceLabels", "app"), `invalid tag value: "-x" (label keys are [prefix/]name and values are alphanumerics with '-', '_' or '.' inside)`),
  ]],
  ["valid matches", http({ route, match: [{ uri: { regex: "^/api/v[0-9]+/.*$" }, headers: { ":authority": { exact: "a" } }, sourceNamespace: "ns", port: 80 }] }), []],
];

const headers: Case[] = [
  ["setting a pseudo header", http({ route, headers: { request: { set: { ":path": "/x" } } } }), [error(at("headers", "request", "set", ":path"), 'invalid header ":path": header cannot have ":" prefix')]],
  ["removing Host", http({ route, headers: { request: { remove: ["Host"] } } }), [error(at("headers", "request", "remove", 0), 'invalid header "Host": cannot set Host header')]],
  ["a response header with a bad %VAR%", http({ route, headers: { response: { add: { "x-a": "100%" } } } }), [
    error(at("headers", "response", "add", "x-a"), "header value configuration: invalid header configuration. Un-escaped % (write a literal % as %%)"),
  ]],
  ["an unterminated variable", http({ route, headers: { request: { add: { "x-a": "%HOSTNAME" } } } }), [
    error(at("headers", "request", "add", "x-a"), "header value configuration: invalid header configuration. Un-terminated variable expression '%HOSTNAME' (write a literal % as %%)"),
  ]],
  ["a control character in a value", http({ route, headers: { request: { add: { "x-a": "a\u0001" } } } }), [error(at("headers", "request", "add", "x-a"), "header value configuration a\u0001 is invalid")]],
  ["authority set twice", http({ route, rewrite: { authority: "a.com" }, headers: { request: { set: { host: "b.com" } } } }), [
    error(at("headers", "request", "set", "host"), 'authority header cannot be set multiple times: have "a.com", attempting to set "b.com"'),
  ]],
  ["a destination header operation", http({ route: [{ destination: { host: "a" }, headers: { response: { set: { ":status": "200" } } } }] }), [
    error(at("route", 0, "headers", "response", "set", ":status"), 'invalid header ":status": header cannot have ":" prefix'),
  ]],
  ["valid header operations", http({ route, headers: { request: { set: { host: "a.com", "x-env": "%ENVIRONMENT(POD)%" } }, response: { add: { "x-pct": "100%%" } } } }), []],
];

const policies: Case[] = [
  ["a CORS origin without a value", http({ route, corsPolicy: { allowOrigins: [{ exact: "" }] } }), [error(at("corsPolicy", "allowOrigins", 0), "'' is not a valid match type for CORS allow origins (set exact, prefix or regex)")]],
  ["a CORS method unknown", http({ route, corsPolicy: { allowMethods: ["FETCH"] } }), [
    error(at("corsPolicy", "allowMethods", 0), '"FETCH" is not a supported HTTP method (use one of GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE, *)'),
  ]],
  ["a CORS header name invalid", http({ route, corsPolicy: { allowHeaders: ["a b"] } }), [error(at("corsPolicy", "allowHeaders", 0), "header name a b is not a valid header name")]],
  ["a CORS maxAge below a second", http({ route, corsPolicy: { maxAge: "1500ms" } }), [error(at("corsPolicy", "maxAge"), "max_age duration is accurate only to seconds precision")]],
  ["a valid CORS policy", http({ route, corsPolicy: { allowOrigins: [{ regex: "https://.*\\.example\\.com" }], allowMethods: ["GET", "*"], allowHeaders: ["*"], maxAge: "24h" } }), []],
  ["a fault with neither abort nor delay", http({ route, fault: {} }), [error(at("fault"), "HTTP fault injection must have an abort and/or a delay")]],
  ["an abort status out of range", http({ route, fault: { abort: { httpStatus: 99 } } }), [error(at("fault", "abort", "httpStatus"), "HTTP status 99 is not in range 200-599")]],
  ["an unknown gRPC status", http({ route, fault: { abort: { grpcStatus: "BROKEN" } } }), [
    error(at("fault", "abort", "grpcStatus"), `gRPC status "BROKEN" is not supported. See https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a list of supported codes, for example 'NOT_FOUND'`),
  ]],
  ["an HTTP/2 abort", http({ route, fault: { abort: { http2Error: "x" } } }), [error(at("fault", "abort", "http2Error"), "HTTP/2 abort fault injection not supported yet (use httpStatus or grpcStatus)")]],
  ["an abort without error type", http({ route, fault: { abort: { percentage: { value: 10 } } } }), [warning(at("fault", "abort"), "abort configured, but error type not set")]],
  ["a percentage out of range", http({ route, fault: { delay: { fixedDelay: "5s", percentage: { value: 150 } } } }), [
    error(at("fault", "delay", "percentage"), "percentage 150 is neither 0.0, nor in range [0.0001, 100.0]"),
  ]],
  ["an exponential delay", http({ route, fault: { delay: { exponentialDelay: "1s" } } }), [error(at("fault", "delay", "exponentialDelay"), "exponentialDelay not supported yet (use fixedDelay)")]],
  ["a valid fault", http({ route, fault: { delay: { fixedDelay: "5s", percentage: { value: 0.5 } }, abort: { grpcStatus: "UNAVAILABLE" } } }), []],
  ["negative attempts", http({ route, retries: { attempts: -1 } }), [error(at("retries", "attempts"), "attempts cannot be negative")]],
  ["retry policy with 0 attempts", http({ route, retries: { attempts: 0, retryOn: "5xx" } }), [
    error(at("retries", "attempts"), "http retry policy configured when attempts are set to 0 (disabled) (set attempts above 0, or drop the policy)"),
  ]],
  ["an unknown retryOn", http({ route, retries: { attempts: 3, retryOn: "5xx,sometimes,503" } }), [
    error(at("retries", "retryOn"), '"sometimes" is not a valid retryOn policy (use HTTP status codes or 5xx, gateway-error, reset, reset-before-request, connect-failure, retriable-4xx, refused-stream, retriable-status-codes, retriable-headers, envoy-ratelimited, http3-post-connect-failure, cancelled, deadline-exceeded, internal, resource-exhausted, unavailable)'),
  ]],
  ["a per-try timeout under 1ms", http({ route, retries: { attempts: 2, perTryTimeout: "0s" } }), [error(at("retries", "perTryTimeout"), "duration must be greater than 1ms")]],
  ["a valid retry policy", http({ route, retries: { attempts: 3, perTryTimeout: "2s", retryOn: "gateway-error,connect-failure,503", backoff: "25ms" } }), []],
  ["a mirror percentage over 100", http({ route, mirror: { host: "a" }, mirrorPercentage: { value: 101 } }), [error(at("mirrorPercentage"), "mirror_percentage must have a max value of 100 (it has 101.000000)")]],
  ["a mirrors percentage below 0", http({ route, mirrors: [{ destination: { host: "a" }, percentage: { value: -1 } }] }), [error(at("mirrors", 0, "percentage"), "mirror percentage must have a min value of 0 (it has -1.000000)")]],
  ["the deprecated mirrorPercent", http({ route, mirror: { host: "a" }, mirrorPercent: 50 }), [warning(at("mirrorPercent"), 'using deprecated setting "mirrorPercent", use "mirrorPercentage" instead')]],
  ["a valid mirror", http({ route, mirrors: [{ destination: { host: "a", subset: "v2" }, percentage: { value: 10 } }] }), []],
  ["an empty redirect", http({ redirect: {} }), [error(at("redirect"), "redirect must specify URI, authority, scheme, or port")]],
  ["a redirect code not 3xx", http({ redirect: { uri: "/x", redirectCode: 200 } }), [error(at("redirect", "redirectCode"), "200 is not a valid redirect code, must be 3xx")]],
  ["a redirect scheme unknown", http({ redirect: { scheme: "ftp" } }), [error(at("redirect", "scheme"), 'invalid redirect scheme, must be "http" or "https"')]],
  ["a redirect to https", http({ redirect: { scheme: "https", port: 443, redirectCode: 308 } }), []],
  ["a direct response status out of range", http({ directResponse: { status: 700 } }), [error(at("directResponse", "status"), "HTTP status 700 is not in range 200-599")]],
  ["a direct response over 1MB", http({ directResponse: { status: 200, body: { string: "x".repeat(1024 * 1024 + 1) } } }), [
    error(at("directResponse", "body"), "large direct_responses may impact control plane performance, must be less than 1MB"),
  ]],
  ["a direct response over 100KB", http({ directResponse: { status: 200, body: { string: "x".repeat(100 * 1024 + 1) } } }), [
    warning(at("directResponse", "body"), "large direct_responses may impact control plane performance"),
  ]],
  ["a rewrite of uri and regex", http({ route, rewrite: { uri: "/a", uriRegexRewrite: { match: "a", rewrite: "b" } } }), [error(at("rewrite"), "rewrite may only contain one of URI or UriRegexRewrite")]],
  ["an empty rewrite", http({ route, rewrite: {} }), [error(at("rewrite"), "rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified")]],
  ["a regex rewrite without rewrite", http({ route, rewrite: { uriRegexRewrite: { match: "^/a" } } }), [
    error(at("rewrite", "uriRegexRewrite"), "UriRegexRewrite has errors: UriRegexRewrite requires both Rewrite and Match fields to be specified"),
  ]],
  ["a regex rewrite with bad RE2", http({ route, rewrite: { uriRegexRewrite: { match: "(a", rewrite: "b" } } }), [
    error(at("rewrite", "uriRegexRewrite", "match"), 'UriRegexRewrite has errors: "HTTPRewrite.UriRegexRewrite.Match": error parsing regexp: missing closing ): `(a`; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)'),
  ]],
  ["a valid regex rewrite", http({ route, rewrite: { uriRegexRewrite: { match: "^/service/([^/]+)(/.*)$", rewrite: "\\2/instance/\\1" } } }), []],
];

describe("HTTP route admission", () => {
  it.each([...actions, ...matches, ...headers, ...policies])("%s", (_name, spec, expected) => {
    expect(check(key, spec)).toEqual(expected);
  });
});
