/**
 * HTTP header names and values as Istio's webhook checks them: names by RFC 7230 token rules (or a
 * stricter set for probes and JWT output headers), values by Envoy's `%VARIABLE%` header grammar.
 */
import { quote } from "./go-format.js";
import { atLeast, NEWEST_MINOR } from "./release.js";

const tokenRegexp = /^[!#$%&'*+\-.^_`|~A-Za-z0-9]+$/;
const probeRegexp = /^[-A-Za-z0-9]+$/;
const strictRegexp = /^[-_A-Za-z0-9]+$/;
const pseudoHeaders = new Set([":method", ":scheme", ":authority", ":path", ":status"]);
const controlRegexp = /[\u0000-\u0008\u000A-\u001F\u007F]/;

function invalidName(name: string): string {
  return `header name ${name} is not a valid header name`;
}

/**
 * Istio's `ValidateStrictHTTPHeaderName` (a JWT claim's output header): letters, digits, `-`, and
 * from 1.26 `_` (before, the probe rule).
 */
export function validateStrictHeaderName(name: string, minor = NEWEST_MINOR): string | undefined {
  if (!atLeast(minor, 26)) return validateProbeHeaderName(name);
  if (name === "") return "header name cannot be empty";
  return strictRegexp.test(name) ? undefined : `${invalidName(name)} (use letters, digits, '-' and '_')`;
}

/** Istio's `ValidateProbeHeaderName` (a WorkloadGroup probe's header), as Kubernetes: letters, digits and `-`. */
export function validateProbeHeaderName(name: string): string | undefined {
  if (name === "") return "header name cannot be empty";
  return probeRegexp.test(name) ? undefined : `${invalidName(name)} (use letters, digits and '-')`;
}

/** Istio's `ValidateCORSHTTPHeaderName`: a token, or `*`. */
export function validateCorsHeaderName(name: string): string | undefined {
  if (name === "") return "header name cannot be empty";
  return name === "*" || tokenRegexp.test(name) ? undefined : invalidName(name);
}

/** Whether a header-match key is Istio's JWT claim routing form (`@request.auth.claims.x` or `[x]`). */
export function isJwtClaimRoute(name: string): boolean {
  if (!name.toLowerCase().startsWith("@request.auth.claims")) return false;
  const rest = name.slice("@request.auth.claims".length);
  return rest.startsWith(".") || (rest.startsWith("[") && rest.endsWith("]"));
}

/** Istio's `ValidateHTTPHeaderNameOrJwtClaimRoute`, for header match keys. */
export function validateMatchHeaderName(name: string): string | undefined {
  if (name === "") return "header name cannot be empty";
  if (isJwtClaimRoute(name) || pseudoHeaders.has(name)) return undefined;
  return tokenRegexp.test(name) ? undefined : invalidName(name);
}

function isInternalHeader(name: string): boolean {
  return name.startsWith(":") || name.toLowerCase() === "host";
}

/** Whether a header name is the authority header (`:authority` or `host`). */
export function isAuthorityHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === ":authority" || lower === "host";
}

/** Istio's rule for request headers set or added: no `:` pseudo-header but the authority. */
export function validateAddHeaderName(name: string): string | undefined {
  if (name === "") return "header name cannot be empty";
  if (isInternalHeader(name) && !isAuthorityHeader(name)) return `invalid header ${quote(name)}: header cannot have ":" prefix`;
  return undefined;
}

/** Istio's rule for removed request headers and all response headers: no Host, no pseudo-header. */
export function validateHeaderOperationName(name: string): string | undefined {
  if (name === "") return "header name cannot be empty";
  if (name.toLowerCase() === "host") return `invalid header ${quote(name)}: cannot set Host header`;
  if (isInternalHeader(name)) return `invalid header ${quote(name)}: header cannot have ":" prefix`;
  return undefined;
}

type ParserState = "literal" | "name" | "array" | "delimiter" | "string-start" | "string" | "args-end" | "variable-end";

const stateErrors: Partial<Record<ParserState, string>> = {
  delimiter: "invalid header configuration. Expecting ',', ']', or whitespace",
  "string-start": "invalid header configuration. Expecting '\"'",
  "args-end": "invalid header configuration. Expecting ')' or whitespace after '{}', but found '{}'",
  "variable-end": "invalid header configuration. Expecting '%' or whitespace after",
};

function nextState(state: ParserState, ch: string): ParserState | "error" {
  switch (state) {
    case "name": return ch === "%" ? "literal" : ch === "(" ? "array" : "name";
    case "array": return ch === "[" ? "string-start" : ch === " " ? "array" : "string";
    case "delimiter": return ch === "," ? "string-start" : ch === "]" ? "args-end" : ch === " " ? state : "error";
    case "string-start": return ch === '"' ? "string" : ch === " " ? state : "error";
    case "string": return ch === ")" ? "variable-end" : ch === '"' ? "delimiter" : "string";
    case "args-end": return ch === ")" ? "variable-end" : ch === " " ? state : "error";
    case "variable-end": return ch === "%" ? "literal" : ch === " " ? state : "error";
    default: return state;
  }
}

function envoyHeaderValueError(value: string): string | undefined {
  let state: ParserState = "literal";
  for (let pos = 0; pos < value.length; pos++) {
    const ch = value[pos] ?? "";
    if (state === "literal") {
      if (ch !== "%") continue;
      if (pos + 1 >= value.length) return "invalid header configuration. Un-escaped %";
      if (value[pos + 1] === "%") pos++;
      else state = "name";
      continue;
    }
    if (state === "string" && ch === "\\") {
      if (pos + 1 >= value.length) return "invalid header configuration. Un-terminated backslash in JSON string";
      pos++;
      continue;
    }
    const next = nextState(state, ch);
    if (next === "error") return stateErrors[state];
    state = next;
  }
  return state === "literal" ? undefined : `invalid header configuration. Un-terminated variable expression '${value}'`;
}

/** Istio's `ValidateHTTPHeaderValue`: no control characters, and Envoy's `%VAR%` syntax holds. */
export function validateHeaderValue(value: string): string | undefined {
  if (controlRegexp.test(value)) return `header value configuration ${value} is invalid`;
  const error = envoyHeaderValueError(value);
  return error === undefined ? undefined : `header value configuration: ${error} (write a literal % as %%)`;
}
