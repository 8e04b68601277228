/**
 * PeerAuthentication and RequestAuthentication admission rules, one failing and one passing
 * example per rule, messages verbatim.
 */
import { describe, expect, it } from "vitest";
import { type Case, check, error, warning } from "./test-support.js";

const peer: Case[] = [
  ["mesh-wide strict mTLS", { mtls: { mode: "STRICT" } }, []],
  ["port-level mTLS without selector", { portLevelMtls: { "8080": { mode: "DISABLE" } } }, [
    error(["spec", "portLevelMtls"], "mesh/namespace peer authentication cannot have port level mTLS (add a selector with matchLabels)"),
  ]],
  ["an empty port-level map", { selector: { matchLabels: { app: "a" } }, portLevelMtls: {} }, [error(["spec", "portLevelMtls"], "port level mTLS, if defined, must have at least one element")]],
  ["a port out of range", { selector: { matchLabels: { app: "a" } }, portLevelMtls: { "0": { mode: "DISABLE" } } }, [error(["spec", "portLevelMtls", "0"], "port must be in range 1..65535")]],
  ["port-level mTLS with a selector", { selector: { matchLabels: { app: "a" } }, portLevelMtls: { "8080": { mode: "PERMISSIVE" } } }, []],
  ["a selector with an empty label set", { selector: { matchLabels: {} } }, [warning(["spec", "selector"], "workload selector specified without labels")]],
];

const jwt = (rule: Record<string, unknown>): Record<string, unknown> => ({ jwtRules: [{ issuer: "https://accounts.google.com", ...rule }] });
const at = (...path: (string | number)[]): (string | number)[] => ["spec", "jwtRules", 0, ...path];

const request: Case[] = [
  ["an issuer with a JWKS URI", jwt({ jwksUri: "https://www.googleapis.com/oauth2/v3/certs", audiences: ["a"] }), []],
  ["neither issuer nor JWKS URI", { jwtRules: [{ audiences: ["a"] }] }, [error(at(), "issuer or jwksUri must be non-empty string")]],
  ["a JWKS URI only", { jwtRules: [{ jwksUri: "https://example.com/jwks.json" }] }, []],
  ["an empty audience", jwt({ audiences: [""] }), [error(at("audiences", 0), "audience must be non-empty string")]],
  ["a JWKS URI with another scheme", jwt({ jwksUri: "ftp://example.com/jwks" }), [error(at("jwksUri"), 'URI scheme "ftp" is not supported (use an http:// or https:// URL)')]],
  ["a JWKS URI with a bad port", jwt({ jwksUri: "https://example.com:abc/jwks" }), [error(at("jwksUri"), 'parse "https://example.com:abc/jwks": invalid port ":abc" after host')]],
  ["inline JWKS that is not JSON", jwt({ jwks: "{keys" }), [error(at("jwks"), expect.stringMatching(/^jwks parse error: failed to unmarshal JSON: /) as unknown as string)]],
  ["inline JWKS without kty", jwt({ jwks: '{"keys":[{"n":"x"}]}' }), [error(at("jwks"), 'jwks parse error: key 0 needs "kty"')]],
  ["valid inline JWKS", jwt({ jwks: '{"keys":[{"kty":"RSA","n":"x","e":"AQAB"}]}' }), []],
  ["empty token locations", jwt({ fromHeaders: [{ name: "" }], fromParams: [""], fromCookies: [""] }), [
    error(at("fromHeaders", 0, "name"), "location header name must be non-empty string"),
    error(at("fromParams", 0), "location query must be non-empty string"),
    error(at("fromCookies", 0), "cookie name must be non-empty string"),
  ]],
  ["a claim output without header", jwt({ outputClaimToHeaders: [{ claim: "sub", header: "" }] }), [
    error(at("outputClaimToHeaders", 0), "outputClaimToHeaders header and claim value must be non-empty string"),
  ]],
  ["a claim output to a bad header", jwt({ outputClaimToHeaders: [{ claim: "sub", header: "x.user" }] }), [
    error(at("outputClaimToHeaders", 0, "header"), "header name x.user is not a valid header name (use letters, digits, '-' and '_')"),
  ]],
  ["a claim output to a header with '_' (1.26)", jwt({ outputClaimToHeaders: [{ claim: "sub", header: "x_user" }] }), []],
  ["a JWKS with a private key", jwt({ jwks: '{"keys": [{"kty": "EC", "crv": "P-256", "x": "a", "y": "b"}, {"kty": "RSA", "n": "a", "e": "AQAB", "d": "c"}]}' }), [
    warning(at("jwks"), "jwks key at index 1 contains private key material; only public keys are used for verification"),
  ]],
  ["a timeout under 1ms", jwt({ timeout: "0s" }), [error(at("timeout"), "duration must be greater than 1ms")]],
  ["valid token locations and outputs", jwt({ fromHeaders: [{ name: "Authorization", prefix: "Bearer " }], outputClaimToHeaders: [{ claim: "sub", header: "x-user" }], timeout: "5s" }), []],
];

describe("PeerAuthentication admission", () => {
  it.each(peer)("%s", (_name, spec, expected) => {
    expect(check("security.istio.io/PeerAuthentication", spec)).toEqual(expected);
  });
});

/** Rules that differ by Istio release: [name, release, spec, expected]. */
const requestByRelease: [string, string, Record<string, unknown>, ReturnType<typeof error>[]][] = [
  ["a rule without issuer before 1.27", "1.26.8", { jwtRules: [{ jwksUri: "https://keys.example.com/jwks.json" }] }, [error(at("issuer"), "issuer must be set")]],
  ["a rule with a JWKS URI and no issuer (1.27)", "1.27.9", { jwtRules: [{ jwksUri: "https://keys.example.com/jwks.json" }] }, []],
  ["a claim output to a header with '_' before 1.26", "1.25.5", jwt({ outputClaimToHeaders: [{ claim: "sub", header: "x_user" }] }), [
    error(at("outputClaimToHeaders", 0, "header"), "header name x_user is not a valid header name (use letters, digits and '-')"),
  ]],
  ["a JWKS with a private key before 1.30", "1.29.6", jwt({ jwks: '{"kty": "oct", "k": "c2VjcmV0"}' }), []],
  ["a symmetric JWKS key (1.30)", "1.30.3", jwt({ jwks: '{"kty": "oct", "k": "c2VjcmV0"}' }), [
    warning(at("jwks"), "jwks key at index 0 contains private key material; only public keys are used for verification"),
  ]],
];

describe("RequestAuthentication admission by release", () => {
  it.each(requestByRelease)("%s (%s)", (_name, release, spec, expected) => {
    expect(check("security.istio.io/RequestAuthentication", spec, { name: "ra", namespace: "ns" }, release)).toEqual(expected);
  });
});

describe("RequestAuthentication admission", () => {
  it.each(request)("%s", (_name, spec, expected) => {
    expect(check("security.istio.io/RequestAuthentication", spec)).toEqual(expected);
  });
});
