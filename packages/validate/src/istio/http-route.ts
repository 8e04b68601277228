/**
 * One HTTP route of a VirtualService as the webhook checks it: what it does (route, redirect,
 * direct response, delegate) and how those combine, its matches, header operations, rewrite and
 * timeout; the policies it carries are in `http-policies.ts`.
 */
import type { VirtualServiceSpecHttp, VirtualServiceSpecHttpMatch } from "@meshform/istio/networking.istio.io/v1";
import { type FieldPath, type Findings, entriesOf, reject, rejectIf } from "./finding.js";
import { quote } from "./go-format.js";
import { validateDuration } from "./duration.js";
import { isDNS1123Label } from "./hosts.js";
import { isAuthorityHeader, validateMatchHeaderName } from "./headers.js";
import { checkLabels } from "./labels.js";
import { validatePort } from "./ports.js";
import { checkCorsPolicy, checkDirectResponse, checkFault, checkMirrors, checkRedirect, checkRetries } from "./http-policies.js";
import {
  checkDestination, checkGatewayNames, checkHeaders, checkWeights, validateRegexMatch, validateRegexp, validateStringMatch,
} from "./route-parts.js";
import { NEWEST_MINOR } from "./release.js";

function checkRootRoute(route: VirtualServiceSpecHttp, path: FieldPath, out: Findings): void {
  const name = route.name ?? "";
  if (route.redirect !== undefined) reject(out, [...path, "redirect"], `root HTTP route ${name} must not specify redirect (a route that delegates only delegates)`);
  if (route.route !== undefined) reject(out, [...path, "route"], `root HTTP route ${name} must not specify route (a route that delegates only delegates)`);
}

function checkActions(route: VirtualServiceSpecHttp, path: FieldPath, delegated: boolean, out: Findings): void {
  if (delegated && route.delegate !== undefined) reject(out, [...path, "delegate"], "delegate HTTP route cannot contain delegate");
  const routes = route.route ?? [];
  if (route.redirect !== undefined) {
    if (routes.length > 0) reject(out, path, "HTTP route cannot contain both route and redirect");
    if (route.fault !== undefined) reject(out, path, "HTTP route cannot contain both fault and redirect");
    if (route.rewrite !== undefined) reject(out, path, "HTTP route rule cannot contain both rewrite and redirect");
    if (route.directResponse !== undefined) reject(out, path, "HTTP route rule cannot contain both direct_response and redirect");
  } else if (route.directResponse !== undefined) {
    if (routes.length > 0) reject(out, path, "HTTP route cannot contain both route and direct_response");
    if (route.fault !== undefined) reject(out, path, "HTTP route cannot contain both fault and direct_response");
    if (route.rewrite !== undefined) reject(out, path, "HTTP route rule cannot contain both rewrite and direct_response");
  } else if (routes.length === 0) {
    reject(out, path, "HTTP route, redirect or direct_response is required (add a route with a destination, a redirect or a directResponse)");
  }
  if (route.mirror !== undefined && (route.mirrors ?? []).length > 0) reject(out, path, "HTTP route cannot contain both mirror and mirrors");
}

function checkMatch(match: VirtualServiceSpecHttpMatch, path: FieldPath, out: Findings): void {
  for (const [name, value] of entriesOf(match.headers)) {
    rejectIf(out, [...path, "headers", name], validateMatchHeaderName(name));
    rejectIf(out, [...path, "headers", name], validateStringMatch(value, "headers"));
  }
  for (const [name, value] of entriesOf(match.withoutHeaders)) {
    rejectIf(out, [...path, "withoutHeaders", name], validateMatchHeaderName(name));
    if (value.regex !== "*") rejectIf(out, [...path, "withoutHeaders", name], validateStringMatch(value, "withoutHeaders"));
  }
  rejectIf(out, [...path, "uri"], validateRegexMatch(match.uri, "uri"));
  for (const field of ["scheme", "method", "authority"] as const) rejectIf(out, [...path, field], validateStringMatch(match[field], field));
  for (const [name, value] of entriesOf(match.queryParams)) rejectIf(out, [...path, "queryParams", name], validateStringMatch(value, "queryParams"));
  if ((match.port ?? 0) !== 0) rejectIf(out, [...path, "port"], validatePort(match.port ?? 0));
  checkLabels(match.sourceLabels, [...path, "sourceLabels"], out);
  checkGatewayNames(match.gateways, [...path, "gateways"], out);
  const namespace = match.sourceNamespace ?? "";
  if (namespace !== "" && !isDNS1123Label(namespace)) {
    reject(out, [...path, "sourceNamespace"], `sourceNamespace match ${namespace} is invalid (use a namespace name)`);
  }
}

function checkRewrite(route: VirtualServiceSpecHttp, routePath: FieldPath, out: Findings): void {
  const rewrite = route.rewrite;
  const path = [...routePath, "rewrite"];
  if (rewrite !== undefined) {
    const uri = rewrite.uri ?? "";
    const regex = rewrite.uriRegexRewrite;
    if (uri !== "" && regex !== undefined) reject(out, path, "rewrite may only contain one of URI or UriRegexRewrite");
    else if (uri === "" && regex === undefined && (rewrite.authority ?? "") === "") {
      reject(out, path, "rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified");
    } else if (regex !== undefined && ((regex.match ?? "") === "" || (regex.rewrite ?? "") === "")) {
      reject(out, [...path, "uriRegexRewrite"], "UriRegexRewrite has errors: UriRegexRewrite requires both Rewrite and Match fields to be specified");
    } else if (regex !== undefined) {
      const error = validateRegexp(regex.match ?? "", "HTTPRewrite.UriRegexRewrite.Match");
      if (error !== undefined) reject(out, [...path, "uriRegexRewrite", "match"], `UriRegexRewrite has errors: ${error}`);
    }
  }
  let current = rewrite?.authority ?? "";
  for (const field of ["set", "add"] as const) {
    for (const [name, value] of entriesOf(route.headers?.request?.[field])) {
      if (!isAuthorityHeader(name)) continue;
      if (current !== "") {
        return reject(out, [...routePath, "headers", "request", field, name],
          `authority header cannot be set multiple times: have ${quote(current)}, attempting to set ${quote(value)}`);
      }
      current = value;
    }
  }
}

/** Checks one HTTP route as Istio 1.`minor` does; `delegated` is true inside a delegate VirtualService (one without hosts). */
export function checkHttpRoute(route: VirtualServiceSpecHttp, path: FieldPath, delegated: boolean, out: Findings, minor = NEWEST_MINOR): void {
  if (!delegated && route.delegate !== undefined) checkRootRoute(route, path, out);
  else checkActions(route, path, delegated, out);
  for (const [index, match] of (route.match ?? []).entries()) checkMatch(match, [...path, "match", index], out);
  checkHeaders(route.headers, [...path, "headers"], out);
  checkCorsPolicy(route.corsPolicy, [...path, "corsPolicy"], out, minor);
  checkFault(route.fault, [...path, "fault"], out);
  checkMirrors(route, path, out);
  checkRedirect(route.redirect, [...path, "redirect"], out);
  checkDirectResponse(route.directResponse, [...path, "directResponse"], out);
  checkRetries(route.retries, [...path, "retries"], out, minor);
  checkRewrite(route, path, out);
  const destinations = route.route ?? [];
  for (const [index, destination] of destinations.entries()) {
    checkHeaders(destination.headers, [...path, "route", index, "headers"], out);
    checkDestination(destination.destination, [...path, "route", index, "destination"], out);
  }
  checkWeights(destinations, [...path, "route"], out);
  if (route.timeout !== undefined) rejectIf(out, [...path, "timeout"], validateDuration(route.timeout));
}
