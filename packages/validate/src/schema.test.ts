import { kinds as gatewayKinds } from "@meshform/gateway-api";
import { kinds as istioKinds } from "@meshform/istio";
import { compiledSchema, formatPath } from "@meshform/kind-runtime";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkSchema } from "./schema.js";

const gateway = gatewayKinds.find((e) => e.info.kind === "Gateway" && e.info.version === "v1")!;
const destinationRule = istioKinds.find((e) => e.info.kind === "DestinationRule" && e.info.version === "v1")!;
const listener = { name: "http", port: 80, protocol: "HTTP" };
const gw = (spec: object) => ({ apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", metadata: { name: "g" }, spec: { gatewayClassName: "istio", listeners: [listener], ...spec } });

describe("checkSchema words each finding as the API server does", () => {
  it.each([
    ["a missing required field", gw({ gatewayClassName: undefined }), ["spec.gatewayClassName: Required value"], true],
    ["a wrong type", gw({ listeners: [{ ...listener, port: "80" }] }), ['spec.listeners[0].port: Invalid value: "string": spec.listeners[0].port in body must be of type integer: "string"'], true],
    ["an enum value", gw({ listeners: [{ ...listener, allowedRoutes: { namespaces: { from: "Anywhere" } } }] }), ['spec.listeners[0].allowedRoutes.namespaces.from: Unsupported value: "Anywhere": supported values: "All", "Selector", "Same"'], true],
    ["a pattern", gw({ listeners: [{ ...listener, hostname: "Bad_Host" }] }), ["spec.listeners[0].hostname: Invalid value: \"Bad_Host\": spec.listeners[0].hostname in body should match '^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'"], false],
    ["a number above its maximum", gw({ listeners: [{ ...listener, port: 70000 }] }), ["spec.listeners[0].port: Invalid value: 70000: spec.listeners[0].port in body should be less than or equal to 65535"], false],
    ["a string below its minimum length", gw({ gatewayClassName: "" }), ['spec.gatewayClassName: Invalid value: "": spec.gatewayClassName in body should be at least 1 chars long'], false],
    ["a string above its maximum length", gw({ gatewayClassName: "a".repeat(254) }), ["spec.gatewayClassName: Too long: may not be more than 253 bytes"], true],
    ["too many items", gw({ listeners: Array.from({ length: 65 }, (_, i) => ({ ...listener, name: `l${i}`, port: 1000 + i })) }), ["spec.listeners: Too many: 65: must have at most 64 items"], true],
    ["a duplicate list-map key", gw({ listeners: [listener, { ...listener, port: 81 }] }), ['spec.listeners[1]: Duplicate value: {"name":"http"}'], false],
  ])("%s", (_, resource, want, blocking) => {
    const check = checkSchema(gateway, resource, false);
    expect(check.issues.map((i) => `${formatPath(i.path ?? [])}: ${i.message}`)).toEqual(want);
    expect(check.blocking).toBe(blocking);
  });

  it("prints a pattern with its slashes as the CRD writes them, not as a JavaScript source escapes them", () => {
    const condition = { type: "a/b/c", status: "True", reason: "Accepted", message: "", lastTransitionTime: "2026-01-01T00:00:00Z" };
    const messages = checkSchema(gateway, { ...gw({}), status: { conditions: [condition] } }, false).issues.map((i) => i.message);
    expect(messages).toEqual(["Invalid value: \"a/b/c\": status.conditions[0].type in body should match '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$'"]);
  });

  const istio = (kind: string, version: string) => istioKinds.find((e) => e.info.kind === kind && e.info.version === version)!;
  const istioResource = (apiVersion: string, kind: string, spec: object) => ({ apiVersion, kind, metadata: { name: "x", namespace: "default" }, spec });
  it.each([
    [
      "a null list item (the API server prunes null fields, not null items)",
      istio("RequestAuthentication", "v1"),
      istioResource("security.istio.io/v1", "RequestAuthentication", { jwtRules: [null] }),
      ['spec.jwtRules[0]: Invalid value: "null": spec.jwtRules[0] in body must be of type object: "null"'],
    ],
    [
      "an empty map under minProperties",
      istio("PeerAuthentication", "v1"),
      istioResource("security.istio.io/v1", "PeerAuthentication", { selector: { matchLabels: { app: "a" } }, portLevelMtls: {} }),
      ["spec.portLevelMtls: Invalid value: 0: spec.portLevelMtls in body should have at least 1 properties"],
    ],
    [
      "a number for a string enum: a type error, then the unsupported value",
      istio("PeerAuthentication", "v1"),
      istioResource("security.istio.io/v1", "PeerAuthentication", { mtls: { mode: 1 } }),
      ['spec.mtls.mode: Invalid value: "integer": spec.mtls.mode in body must be of type string: "integer"', 'spec.mtls.mode: Unsupported value: 1: supported values: "UNSET", "DISABLE", "PERMISSIVE", "STRICT"'],
    ],
    [
      "a fraction for an integer, and a maximum printed as Go prints a float64",
      istio("DestinationRule", "v1"),
      istioResource("networking.istio.io/v1", "DestinationRule", { host: "a", trafficPolicy: { outlierDetection: { consecutive5xxErrors: 1.5, consecutiveGatewayErrors: 4294967296 } } }),
      [
        'spec.trafficPolicy.outlierDetection.consecutive5xxErrors: Invalid value: "number": spec.trafficPolicy.outlierDetection.consecutive5xxErrors in body must be of type integer: "number"',
        "spec.trafficPolicy.outlierDetection.consecutiveGatewayErrors: Invalid value: 4294967296: spec.trafficPolicy.outlierDetection.consecutiveGatewayErrors in body should be less than or equal to 4.294967295e+09",
      ],
    ],
    [
      "a boolean for an int-or-string",
      istio("DestinationRule", "v1"),
      { ...istioResource("networking.istio.io/v1", "DestinationRule", { host: "a" }), status: { observedGeneration: true } },
      ['status.observedGeneration: Invalid value: "boolean": status.observedGeneration in body must be of type integer,string: "boolean"'],
    ],
  ])("words %s as the API server does", (_, entry, resource, want) => {
    expect(checkSchema(entry, resource, false).issues.map((i) => `${formatPath(i.path ?? [])}: ${i.message}`)).toEqual(want);
  });

  it("words mutually exclusive fields as an invalid object", () => {
    const dr = { apiVersion: "networking.istio.io/v1", kind: "DestinationRule", metadata: { name: "d" }, spec: { host: "a", trafficPolicy: { loadBalancer: { simple: "ROUND_ROBIN", consistentHash: { useSourceIp: true } } } } };
    expect(checkSchema(destinationRule, dr, false).issues.map((i) => i.message)).toEqual(['Invalid value: "object": only one of simple, consistentHash may be set, found simple and consistentHash']);
  });

  it("lists unknown fields apart, as warnings or, in strict mode, errors", () => {
    const check = checkSchema(gateway, gw({ extra: 1 }), false);
    expect(check).toEqual({ issues: [{ code: "UNKNOWN_FIELD", severity: "warning", path: ["spec", "extra"], message: 'unknown field "extra" (dropped by the API server)' }], unknownFields: [["spec", "extra"]], blocking: false });
    expect(checkSchema(gateway, gw({ extra: 1 }), true).issues[0]?.severity).toBe("error");
  });
});

describe("the compiled fast path of a kind's schema", () => {
  const entry = (kind: string) => [...gatewayKinds, ...istioKinds].find((e) => e.info.kind === kind && e.info.version === "v1")!;
  const samples: readonly [string, Record<string, unknown>][] = [
    ["Gateway", gw({ listeners: [listener, { name: "https", port: 443, protocol: "HTTPS", hostname: "a.example.com", tls: { certificateRefs: [{ name: "cert" }] } }] })],
    [
      "HTTPRoute",
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name: "r", namespace: "shop" },
        spec: {
          parentRefs: [{ name: "g", sectionName: "http" }],
          hostnames: ["a.example.com"],
          rules: [{ matches: [{ path: { type: "PathPrefix", value: "/api" }, headers: [{ name: "x-canary", value: "1" }] }], backendRefs: [{ name: "api", port: 8080, weight: 90 }], timeouts: { request: "10s" } }],
        },
      },
    ],
    [
      "DestinationRule",
      {
        apiVersion: "networking.istio.io/v1",
        kind: "DestinationRule",
        metadata: { name: "d", namespace: "shop" },
        spec: { host: "api", trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 10 } }, outlierDetection: { consecutive5xxErrors: 5, interval: "10s" } }, subsets: [{ name: "v1", labels: { version: "v1" } }] },
      },
    ],
    [
      "AuthorizationPolicy",
      {
        apiVersion: "security.istio.io/v1",
        kind: "AuthorizationPolicy",
        metadata: { name: "a", namespace: "shop" },
        spec: { action: "ALLOW", rules: [{ from: [{ source: { namespaces: ["shop"] } }], to: [{ operation: { methods: ["GET"] } }], when: [{ key: "request.auth.claims[iss]", values: ["x"] }] }] },
      },
    ],
  ];

  /** Every path of a value, to a field or a list item. */
  function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    if (value === null || typeof value !== "object") return [];
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
  }

  /** `value` with the field at `path` set to `replacement` (deleted when it is `undefined`); as it is when the path is gone. */
  function withChange(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
    const copy = structuredClone(value) as Record<string | number, unknown>;
    let node = copy;
    for (const step of path.slice(0, -1)) {
      const next = node[step];
      if (next === null || typeof next !== "object") return value;
      node = next as Record<string | number, unknown>;
    }
    const last = path.at(-1)!;
    if (replacement === undefined && !Array.isArray(node)) delete node[last];
    else node[last] = replacement;
    return copy;
  }

  const replacement = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom("", "x", "Bad_Name", "/", "PathPrefix", "1ms", "a".repeat(300)),
    fc.integer({ min: -5, max: 70_000 }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant([]),
    fc.constant({}),
    fc.constant({ unknown: 1 }),
  );

  it.each(samples)("accepts and rejects a %s as the runtime parser does, with the same issues", (kind, sample) => {
    const { schema } = entry(kind);
    const fast = compiledSchema(schema);
    expect(fast).not.toBe(schema);
    const paths = pathsOf(sample);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), replacement), { maxLength: 3 }), (changes) => {
        let value: unknown = sample;
        for (const [path, to] of changes) value = withChange(value, path, to);
        const [slow, quick] = [schema.safeParse(value), fast.safeParse(value)];
        expect(quick.success).toBe(slow.success);
        expect(quick.error?.issues).toEqual(slow.error?.issues);
      }),
      { numRuns: 150 },
    );
  });
});
