import { kinds as gatewayKinds } from "@meshform/gateway-api";
import { kinds as istioKinds } from "@meshform/istio";
import { formatPath } from "@meshform/kind-runtime";
import { describe, expect, it } from "vitest";
import { checkSchema } from "./schema.js";

const gateway = gatewayKinds.find((e) => e.info.kind === "Gateway" && e.info.version === "v1")!;
const destinationRule = istioKinds.find((e) => e.info.kind === "DestinationRule" && e.info.version === "v1")!;
const listener = { name: "http", port: 80, protocol: "HTTP" };
const gw = (spec: object) => ({ apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", metadata: { name: "g" }, spec: { gatewayClassName: "istio", listeners: [listener], ...spec } });

describe("checkSchema words each finding as the API server does", () => {
  it.each([
    ["a missing required field", gw({ gatewayClassName: undefined }), ["spec.gatewayClassName: Required value"], true],
    ["a wrong type", gw({ listeners: [{ ...listener, port: "80" }] }), ['spec.listeners[0].port: Invalid value: "80": must be of type number'], true],
    ["an enum value", gw({ listeners: [{ ...listener, allowedRoutes: { namespaces: { from: "Anywhere" } } }] }), ['spec.listeners[0].allowedRoutes.namespaces.from: Unsupported value: "Anywhere": supported values: "All", "Selector", "Same"'], true],
    ["a pattern", gw({ listeners: [{ ...listener, hostname: "Bad_Host" }] }), ["spec.listeners[0].hostname: Invalid value: \"Bad_Host\": should match '^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'"], false],
    ["a number above its maximum", gw({ listeners: [{ ...listener, port: 70000 }] }), ["spec.listeners[0].port: Invalid value: 70000: must be less than or equal to 65535"], false],
    ["a string below its minimum length", gw({ gatewayClassName: "" }), ['spec.gatewayClassName: Invalid value: "": must be at least 1 character long'], false],
    ["a string above its maximum length", gw({ gatewayClassName: "a".repeat(254) }), ["spec.gatewayClassName: Too long: may not be longer than 253"], true],
    ["too many items", gw({ listeners: Array.from({ length: 65 }, (_, i) => ({ ...listener, name: `l${i}`, port: 1000 + i })) }), ["spec.listeners: Too many: 65: must have at most 64 items"], true],
    ["a duplicate list-map key", gw({ listeners: [listener, { ...listener, port: 81 }] }), ['spec.listeners[1]: Duplicate value: {"name":"http"}'], false],
  ])("%s", (_, resource, want, blocking) => {
    const check = checkSchema(gateway, resource, false);
    expect(check.issues.map((i) => `${formatPath(i.path ?? [])}: ${i.message}`)).toEqual(want);
    expect(check.blocking).toBe(blocking);
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
