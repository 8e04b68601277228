/**
 * Telemetry and WasmPlugin admission rules, one failing and one passing example per rule.
 */
import { describe, expect, it } from "vitest";
import { type Case, check, error, warning } from "./test-support.js";

const telemetry: Case[] = [
  ["metrics, tracing and access logs", {
    metrics: [{ providers: [{ name: "prometheus" }], overrides: [{ match: { metric: "REQUEST_COUNT" }, tagOverrides: { zone: { value: "'a'" } } }] }],
    tracing: [{ providers: [{ name: "otel" }], randomSamplingPercentage: 10, customTags: { env: { literal: { value: "prod" } } } }],
    accessLogging: [{ providers: [{ name: "envoy" }], filter: { expression: "response.code >= 400" } }],
  }, []],
  ["an empty provider name", { metrics: [{ providers: [{ name: "" }] }] }, [
    error(["spec", "metrics", 0, "providers", 0, "name"], "providers.name may not be empty (name a provider of the mesh config's extensionProviders)"),
  ]],
  ["an UPSERT without value", { metrics: [{ overrides: [{ tagOverrides: { zone: {} } }] }] }, [
    error(["spec", "metrics", 0, "overrides", 0, "tagOverrides", "zone", "value"], "tagOverrides.value must be set when operation is UPSERT"),
  ]],
  ["a REMOVE with value", { metrics: [{ overrides: [{ tagOverrides: { zone: { operation: "REMOVE", value: "a" } } }] }] }, [
    error(["spec", "metrics", 0, "overrides", 0, "tagOverrides", "zone", "value"], "tagOverrides.value may only be set when operation is UPSERT"),
  ]],
  ["a REMOVE without value", { metrics: [{ overrides: [{ tagOverrides: { zone: { operation: "REMOVE" } } }] }] }, []],
  ["an empty custom metric", { metrics: [{ overrides: [{ match: { customMetric: "" }, disabled: true }] }] }, [
    error(["spec", "metrics", 0, "overrides", 0, "match", "customMetric"], "customMetric may not be empty"),
  ]],
  ["a sampling percentage over 100", { tracing: [{ randomSamplingPercentage: 100.5 }] }, [
    error(["spec", "tracing", 0, "randomSamplingPercentage"], "randomSamplingPercentage must be in range [0.0, 100.0]"),
  ]],
  ["two tracing entries and providers", { tracing: [{ providers: [{ name: "a" }, { name: "b" }] }, {}] }, [
    warning(["spec", "tracing"], "multiple tracing is not currently supported"),
    warning(["spec", "tracing", 0, "providers"], "multiple providers is not currently supported"),
  ]],
  ["empty custom tags", { tracing: [{ customTags: { a: { literal: { value: "" } }, b: { header: { name: "" } }, c: { environment: { name: "" } } } }] }, [
    error(["spec", "tracing", 0, "customTags", "a", "literal", "value"], "literal tag value may not be empty"),
    error(["spec", "tracing", 0, "customTags", "b", "header", "name"], "header tag name may not be empty"),
    error(["spec", "tracing", 0, "customTags", "c", "environment", "name"], "environment tag name may not be empty"),
  ]],
  ["an access log filter that is not CEL", { accessLogging: [{ filter: { expression: "response.code >=" } }] }, [
    error(["spec", "accessLogging", 0, "filter", "expression"], "must be a valid CEL expression, <input>:1:15: found > but expecting end of input"),
  ]],
  ["a selector with targetRef", { selector: { matchLabels: { app: "a" } }, targetRef: { kind: "Service", name: "s" } }, [error(["spec"], "only one of targetRefs or workloadSelector can be set")]],
];

const sha = "a".repeat(64);
const wasm: Case[] = [
  ["an OCI module with checksum", { url: "oci://ghcr.io/acme/filter:1.0", sha256: sha, vmConfig: { env: [{ name: "A", value: "1" }, { name: "B", valueFrom: "HOST" }] } }, []],
  ["a registry reference without scheme", { url: "ghcr.io/acme/filter:1.0" }, []],
  ["an empty URL", { url: "" }, [error(["spec", "url"], "url field needs to be set")]],
  ["an unsupported scheme", { url: "ftp://example.com/f.wasm" }, [error(["spec", "url"], "url contains unsupported scheme: ftp (use oci://, https://, http:// or file://)")]],
  ["a bad escape in the URL", { url: "https://example.com/%zz.wasm" }, [error(["spec", "url"], 'failed to parse url: parse "https://example.com/%zz.wasm": invalid URL escape "%zz"')]],
  ["a short checksum", { url: "oci://a/b", sha256: "abc" }, [error(["spec", "sha256"], "sha256 field must be 64 characters long")]],
  ["an upper-case checksum", { url: "oci://a/b", sha256: "A".repeat(64) }, [error(["spec", "sha256"], "sha256 field must match [a-f0-9]{64} pattern")]],
  ["a long image pull secret", { url: "oci://a/b", imagePullSecret: "s".repeat(254) }, [error(["spec", "imagePullSecret"], "imagePullSecret field must be less than 253 characters long")]],
  ["a duplicate env", { url: "oci://a/b", vmConfig: { env: [{ name: "A" }, { name: "A" }] } }, [error(["spec", "vmConfig", "env"], "duplicate env")]],
  ["a value with valueFrom HOST", { url: "oci://a/b", vmConfig: { env: [{ name: "A", valueFrom: "HOST", value: "x" }] } }, [
    error(["spec", "vmConfig", "env"], "value may only be set when valueFrom is INLINE"),
  ]],
  ["a match port out of range", { url: "oci://a/b", match: [{ ports: [{ number: 80 }, { number: 70000 }] }] }, [error(["spec", "match"], "spec.Match[0].Ports[1] is out of range: 70000")]],
];

describe("Telemetry admission", () => {
  it.each(telemetry)("%s", (_name, spec, expected) => {
    expect(check("telemetry.istio.io/Telemetry", spec)).toEqual(expected);
  });
});

describe("WasmPlugin admission", () => {
  it.each(wasm)("%s", (_name, spec, expected) => {
    expect(check("extensions.istio.io/WasmPlugin", spec)).toEqual(expected);
  });
});

const lua = "function envoy_on_request(handle) end";
const extensions: [string, unknown, ReturnType<typeof error>[]][] = [
  ["a Lua extension", { lua: { inlineCode: lua }, selector: { matchLabels: { app: "a" } } }, []],
  ["a Wasm extension", { wasm: { url: "oci://registry.example.com/filter:1" } }, []],
  ["neither Wasm nor Lua", { selector: { matchLabels: { app: "a" } } }, [error(["spec"], "exactly one of wasm or lua must be set")]],
  ["empty Lua", { lua: { inlineCode: "" } }, [error(["spec", "lua", "inlineCode"], "lua.inlineCode cannot be empty")]],
  ["Lua over 64 KiB", { lua: { inlineCode: `-- ${"x".repeat(65536)}` } }, [error(["spec", "lua", "inlineCode"], "lua.inlineCode exceeds maximum size of 64KB")]],
  ["a Wasm module with a bad checksum and a long plugin name", { wasm: { url: "oci://r/f:1", sha256: "abc", pluginName: "p".repeat(257) } }, [
    error(["spec", "wasm", "sha256"], "sha256 field must be 64 characters long"),
    error(["spec", "wasm", "pluginName"], "pluginName field must be less than 256 characters long"),
  ]],
  ["a Wasm module with an unsupported scheme", { wasm: { url: "ftp://r/f.wasm" } }, [error(["spec", "wasm", "url"], "url contains unsupported scheme: ftp (use oci://, https://, http:// or file://)")]],
  ["a match port out of range", { lua: { inlineCode: lua }, match: [{ ports: [{ number: 70000 }] }] }, [error(["spec", "match"], "spec.Match[0].Ports[0] is out of range: 70000")]],
  ["a selector and targetRefs", { lua: { inlineCode: lua }, selector: { matchLabels: { app: "a" } }, targetRefs: [{ kind: "Gateway", group: "gateway.networking.k8s.io", name: "gw" }] }, [
    error(["spec"], "only one of targetRefs or workloadSelector can be set"),
  ]],
];

describe("TrafficExtension admission (1.30)", () => {
  it.each(extensions)("%s", (_name, spec, expected) => {
    expect(check("extensions.istio.io/TrafficExtension", spec)).toEqual(expected);
  });
});
