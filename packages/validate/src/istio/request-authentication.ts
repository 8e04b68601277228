/**
 * RequestAuthentication admission rules: targets and selector, and for each JWT rule its issuer
 * or JWKS URI, inline JWKS, token locations, claim-to-header outputs and timeout.
 */
import type { RequestAuthenticationSpec, RequestAuthenticationSpecJwtRules } from "@meshform/istio/security.istio.io/v1";
import { type FieldPath, type Findings, type IstioResource, metaOf, reject, rejectIf, warn } from "./finding.js";
import { quote } from "./go-format.js";
import { validateDuration } from "./duration.js";
import { validateStrictHeaderName } from "./headers.js";
import { checkAnnotations, checkPolicyTargets } from "./policy.js";
import { atLeast, NEWEST_MINOR } from "./release.js";

/** Istio's `ParseJwksURI`: an `http` or `https` URL with a numeric port if any. */
function jwksUriError(uri: string): string | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase() ?? "";
  if (scheme !== "http" && scheme !== "https") return `URI scheme ${quote(scheme)} is not supported (use an http:// or https:// URL)`;
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(uri)?.[1] ?? "";
  const port = /:([^:\]]*)$/.exec(authority.replace(/^.*@/, ""))?.[1];
  if (port !== undefined && port !== "" && !/^[0-9]+$/.test(port)) return `parse ${quote(uri)}: invalid port ${quote(`:${port}`)} after host`;
  return undefined;
}

/** A reason an inline JWKS does not parse as a JSON Web Key Set (or a single key), if any. */
function jwksError(jwks: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jwks);
  } catch (error) {
    return `jwks parse error: failed to unmarshal JSON: ${(error as Error).message}`;
  }
  const isKey = (value: unknown): boolean => typeof value === "object" && value !== null && typeof (value as { kty?: unknown }).kty === "string";
  if (typeof parsed !== "object" || parsed === null) return "jwks parse error: expected a JSON object with \"keys\" or a single key with \"kty\"";
  const keys = (parsed as { keys?: unknown }).keys;
  if (keys === undefined) return isKey(parsed) ? undefined : "jwks parse error: a key needs \"kty\" (or give a set as {\"keys\": [...]})";
  if (!Array.isArray(keys)) return "jwks parse error: \"keys\" must be an array of keys";
  const bad = keys.findIndex((key) => !isKey(key));
  return bad < 0 ? undefined : `jwks parse error: key ${bad} needs "kty"`;
}

/**
 * The indexes of the keys of a JWKS that hold private key material (`d` of an RSA, EC or OKP key,
 * or a symmetric `oct` key), which Istio 1.30 warns about; none when the JWKS does not parse.
 */
function privateKeyIndexes(jwks: string): number[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jwks);
  } catch {
    return [];
  }
  const set = typeof parsed === "object" && parsed !== null ? parsed as { keys?: unknown; kty?: unknown } : {};
  const keys = Array.isArray(set.keys) ? set.keys : set.keys === undefined ? [set] : [];
  return keys.flatMap((key: unknown, index) => {
    const fields = typeof key === "object" && key !== null ? key as { kty?: unknown; d?: unknown } : {};
    return fields.kty === "oct" || fields.d !== undefined ? [index] : [];
  });
}

function checkJwtRule(rule: RequestAuthenticationSpecJwtRules, path: FieldPath, minor: number, out: Findings): void {
  // Before 1.27 every rule needs an issuer; from 1.27 a JWKS URI will do.
  if (!atLeast(minor, 27) && (rule.issuer ?? "") === "") reject(out, [...path, "issuer"], "issuer must be set");
  for (const [index, audience] of (rule.audiences ?? []).entries()) {
    if (audience === "") reject(out, [...path, "audiences", index], "audience must be non-empty string");
  }
  const uri = rule.jwksUri ?? rule.jwks_uri ?? "";
  const uriField = rule.jwksUri !== undefined ? "jwksUri" : "jwks_uri";
  if (atLeast(minor, 27) && (rule.issuer ?? "") === "" && uri === "") reject(out, path, "issuer or jwksUri must be non-empty string");
  if (uri !== "") rejectIf(out, [...path, uriField], jwksUriError(uri));
  if ((rule.jwks ?? "") !== "") rejectIf(out, [...path, "jwks"], jwksError(rule.jwks ?? ""));
  for (const [index, header] of (rule.fromHeaders ?? []).entries()) {
    if (header.name === "") reject(out, [...path, "fromHeaders", index, "name"], "location header name must be non-empty string");
  }
  for (const [index, param] of (rule.fromParams ?? []).entries()) {
    if (param === "") reject(out, [...path, "fromParams", index], "location query must be non-empty string");
  }
  for (const [index, cookie] of (rule.fromCookies ?? []).entries()) {
    if (cookie === "") reject(out, [...path, "fromCookies", index], "cookie name must be non-empty string");
  }
  for (const [index, output] of (rule.outputClaimToHeaders ?? []).entries()) {
    const at = [...path, "outputClaimToHeaders", index];
    if (output.claim === "" || output.header === "") reject(out, at, "outputClaimToHeaders header and claim value must be non-empty string");
    else rejectIf(out, [...at, "header"], validateStrictHeaderName(output.header, minor));
  }
  if (rule.timeout !== undefined) rejectIf(out, [...path, "timeout"], validateDuration(rule.timeout));
  if (atLeast(minor, 30) && (rule.jwks ?? "") !== "") {
    for (const index of privateKeyIndexes(rule.jwks ?? "")) {
      warn(out, [...path, "jwks"], `jwks key at index ${index} contains private key material; only public keys are used for verification`);
    }
  }
}

/** Checks a RequestAuthentication as the validating webhook of Istio 1.`minor` does (the newest when absent). */
export function checkRequestAuthentication(resource: IstioResource, minor = NEWEST_MINOR): Findings {
  const spec = (resource.spec ?? {}) as RequestAuthenticationSpec;
  const out: Findings = [];
  checkAnnotations(metaOf(resource), undefined, out);
  checkPolicyTargets(spec, out, minor);
  for (const [index, rule] of (spec.jwtRules ?? []).entries()) checkJwtRule(rule, ["spec", "jwtRules", index], minor, out);
  return out;
}
