/**
 * The policies an HTTP route carries besides its destinations: CORS, fault injection, retries,
 * mirrors, redirects and direct responses, with the webhook's rules for each.
 */
import type {
  VirtualServiceSpecHttp,
  VirtualServiceSpecHttpCorsPolicy,
  VirtualServiceSpecHttpFault,
  VirtualServiceSpecHttpRetries,
} from "@meshform/istio/networking.istio.io/v1";
import { type FieldPath, type Findings, reject, rejectIf, warn } from "./finding.js";
import { formatFixed, formatFloat, quote } from "./go-format.js";
import { hasSubSecondPart, validateDuration } from "./duration.js";
import { validateCorsHeaderName } from "./headers.js";
import { atLeast, NEWEST_MINOR } from "./release.js";
import { validatePort } from "./ports.js";
import { checkDestination, validateRegexMatch } from "./route-parts.js";

/** The CORS methods Istio accepts; `*` from 1.26. */
const corsMethods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE", "*"]);

/** Checks a CORS policy as Istio 1.`minor` does: origins, methods (`*` from 1.26), header names and `maxAge`. */
export function checkCorsPolicy(policy: VirtualServiceSpecHttpCorsPolicy | undefined, path: FieldPath, out: Findings, minor = NEWEST_MINOR): void {
  if (policy === undefined) return;
  for (const [index, origin] of (policy.allowOrigins ?? []).entries()) {
    const value = origin.exact ?? origin.prefix ?? origin.regex ?? "";
    if (value === "") reject(out, [...path, "allowOrigins", index], "'' is not a valid match type for CORS allow origins (set exact, prefix or regex)");
    else rejectIf(out, [...path, "allowOrigins", index], validateRegexMatch(origin, "corsPolicy.allowOrigins"));
  }
  for (const [index, method] of (policy.allowMethods ?? []).entries()) {
    const methods = atLeast(minor, 26) ? [...corsMethods] : [...corsMethods].filter((known) => known !== "*");
    if (!methods.includes(method)) {
      reject(out, [...path, "allowMethods", index], `${quote(method)} is not a supported HTTP method (use one of ${methods.join(", ")})`);
    }
  }
  for (const field of ["allowHeaders", "exposeHeaders"] as const) {
    for (const [index, name] of (policy[field] ?? []).entries()) rejectIf(out, [...path, field, index], validateCorsHeaderName(name));
  }
  if (policy.maxAge !== undefined) {
    rejectIf(out, [...path, "maxAge"], validateDuration(policy.maxAge));
    if (hasSubSecondPart(policy.maxAge)) reject(out, [...path, "maxAge"], "max_age duration is accurate only to seconds precision");
  }
}

const grpcStatuses = new Set([
  "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE",
  "DATA_LOSS", "UNAUTHENTICATED",
]);

/** Istio's `validateHTTPStatus`: a status in 200..600. */
export function validateHTTPStatus(status: number): string | undefined {
  return status < 200 || status > 600 ? `HTTP status ${status} is not in range 200-599` : undefined;
}

function validatePercentage(percentage: { value?: number } | undefined): string | undefined {
  const value = percentage?.value ?? 0;
  if (percentage === undefined || (value >= 0 && value <= 100 && !(value > 0 && value < 0.0001))) return undefined;
  return `percentage ${formatFloat(value)} is neither 0.0, nor in range [0.0001, 100.0]`;
}

/** Checks fault injection: an abort or a delay, valid percentages, statuses and delays. */
export function checkFault(fault: VirtualServiceSpecHttpFault | undefined, path: FieldPath, out: Findings): void {
  if (fault === undefined) return;
  if (fault.abort === undefined && fault.delay === undefined) reject(out, path, "HTTP fault injection must have an abort and/or a delay");
  const abort = fault.abort;
  if (abort !== undefined) {
    const at = [...path, "abort"];
    rejectIf(out, [...at, "percentage"], validatePercentage(abort.percentage));
    if (abort.grpcStatus !== undefined && !grpcStatuses.has(abort.grpcStatus)) {
      reject(out, [...at, "grpcStatus"], `gRPC status ${quote(abort.grpcStatus)} is not supported. See https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a list of supported codes, for example 'NOT_FOUND'`);
    } else if (abort.http2Error !== undefined) {
      reject(out, [...at, "http2Error"], "HTTP/2 abort fault injection not supported yet (use httpStatus or grpcStatus)");
    } else if (abort.httpStatus !== undefined) {
      rejectIf(out, [...at, "httpStatus"], validateHTTPStatus(abort.httpStatus));
    } else if (abort.grpcStatus === undefined) {
      warn(out, at, "abort configured, but error type not set");
    }
  }
  const delay = fault.delay;
  if (delay !== undefined) {
    rejectIf(out, [...path, "delay", "percentage"], validatePercentage(delay.percentage));
    if (delay.fixedDelay !== undefined) rejectIf(out, [...path, "delay", "fixedDelay"], validateDuration(delay.fixedDelay));
    if (delay.exponentialDelay !== undefined) {
      rejectIf(out, [...path, "delay", "exponentialDelay"], validateDuration(delay.exponentialDelay));
      reject(out, [...path, "delay", "exponentialDelay"], "exponentialDelay not supported yet (use fixedDelay)");
    }
  }
}

const retryOnPolicies = new Set([
  "5xx", "gateway-error", "reset", "reset-before-request", "connect-failure", "retriable-4xx", "refused-stream",
  "retriable-status-codes", "retriable-headers", "envoy-ratelimited", "http3-post-connect-failure",
  "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable",
]);

function isHTTPStatusCode(text: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(text)) return false;
  const code = Number(text);
  const known = [[100, 103], [200, 208], [226, 226], [300, 305], [307, 308], [400, 418], [421, 426], [428, 429], [431, 431], [451, 451], [500, 508], [510, 511]];
  return known.some(([low = 0, high = 0]) => code >= low && code <= high);
}

/** Checks a retry policy as Istio 1.`minor` does: attempts, timeouts (`backoff` from 1.26) and the `retryOn` conditions Envoy knows. */
export function checkRetries(retries: VirtualServiceSpecHttpRetries | undefined, path: FieldPath, out: Findings, minor = NEWEST_MINOR): void {
  if (retries === undefined) return;
  const attempts = retries.attempts ?? 0;
  if (attempts < 0) reject(out, [...path, "attempts"], "attempts cannot be negative");
  const configured = retries.perTryTimeout !== undefined || (retries.retryOn ?? "") !== "" || retries.retryRemoteLocalities != null;
  if (attempts === 0 && configured) {
    reject(out, [...path, "attempts"], "http retry policy configured when attempts are set to 0 (disabled) (set attempts above 0, or drop the policy)");
  }
  if (retries.perTryTimeout !== undefined) rejectIf(out, [...path, "perTryTimeout"], validateDuration(retries.perTryTimeout));
  if ((retries.retryOn ?? "") !== "") {
    for (const policy of (retries.retryOn ?? "").split(",")) {
      if (!isHTTPStatusCode(policy) && !retryOnPolicies.has(policy)) {
        reject(out, [...path, "retryOn"], `${quote(policy)} is not a valid retryOn policy (use HTTP status codes or ${[...retryOnPolicies].join(", ")})`);
      }
    }
  }
  if (retries.backoff !== undefined && atLeast(minor, 26)) rejectIf(out, [...path, "backoff"], validateDuration(retries.backoff));
}

/** Checks the mirror settings of a route: `mirrorPercent(age)`, `mirror` and `mirrors`. */
export function checkMirrors(route: VirtualServiceSpecHttp, path: FieldPath, out: Findings): void {
  const legacy = route.mirrorPercent ?? route.mirror_percent;
  if (legacy !== undefined && legacy !== null) {
    const field = route.mirrorPercent !== undefined ? "mirrorPercent" : "mirror_percent";
    if (legacy > 100) reject(out, [...path, field], `mirror_percent must have a max value of 100 (it has ${legacy})`);
    warn(out, [...path, field], 'using deprecated setting "mirrorPercent", use "mirrorPercentage" instead');
  }
  const percentage = route.mirrorPercentage?.value;
  if (route.mirrorPercentage !== undefined) {
    const value = percentage ?? 0;
    if (value > 100) reject(out, [...path, "mirrorPercentage"], `mirror_percentage must have a max value of 100 (it has ${formatFixed(value)})`);
    if (value < 0) reject(out, [...path, "mirrorPercentage"], `mirror_percentage must have a min value of 0 (it has ${formatFixed(value)})`);
  }
  checkDestination(route.mirror, [...path, "mirror"], out);
  for (const [index, mirror] of (route.mirrors ?? []).entries()) {
    const at = [...path, "mirrors", index];
    checkDestination(mirror.destination, [...at, "destination"], out);
    const value = mirror.percentage?.value ?? 0;
    if (value > 100) reject(out, [...at, "percentage"], `mirror percentage must have a max value of 100 (it has ${formatFixed(value)})`);
    if (value < 0) reject(out, [...at, "percentage"], `mirror percentage must have a min value of 0 (it has ${formatFixed(value)})`);
  }
}

/** Checks a redirect; like the webhook, reports only its first problem. */
export function checkRedirect(redirect: VirtualServiceSpecHttp["redirect"], path: FieldPath, out: Findings): void {
  if (redirect === undefined) return;
  const noPort = redirect.port === undefined && redirect.derivePort === undefined;
  if ((redirect.uri ?? "") === "" && (redirect.authority ?? "") === "" && noPort && (redirect.scheme ?? "") === "") {
    return reject(out, path, "redirect must specify URI, authority, scheme, or port");
  }
  const code = redirect.redirectCode ?? 0;
  if (code !== 0 && (code < 300 || code > 399)) {
    return reject(out, [...path, "redirectCode"], `${code} is not a valid redirect code, must be 3xx`);
  }
  const scheme = redirect.scheme ?? "";
  if (scheme !== "" && scheme !== "http" && scheme !== "https") {
    return reject(out, [...path, "scheme"], 'invalid redirect scheme, must be "http" or "https"');
  }
  if ((redirect.port ?? 0) > 0) rejectIf(out, [...path, "port"], validatePort(redirect.port ?? 0));
}

/** Checks a direct response: a valid status and a body under 1MB (a warning above 100KB). */
export function checkDirectResponse(response: VirtualServiceSpecHttp["directResponse"], path: FieldPath, out: Findings): void {
  if (response === undefined) return;
  const body = response.body;
  const size = body?.string !== undefined
    ? Buffer.byteLength(body.string, "utf8")
    : body?.bytes !== undefined ? Buffer.from(body.bytes, "base64").length : 0;
  if (size > 1024 * 1024) {
    reject(out, [...path, "body"], "large direct_responses may impact control plane performance, must be less than 1MB");
  } else if (size > 100 * 1024) {
    warn(out, [...path, "body"], "large direct_responses may impact control plane performance");
  }
  rejectIf(out, [...path, "status"], validateHTTPStatus(response.status));
}
