/**
 * The Kubernetes URL library: `isURL(string)`, `url(string)` and the `getScheme`, `getHost`,
 * `getHostname`, `getPort`, `getEscapedPath`, `getQuery` methods. A URL is parsed as Go's
 * `url.ParseRequestURI` does: an absolute URI, or an absolute path.
 */
import type { CelFunc } from "@bufbuild/cel";
import { celRuntime } from "./runtime.js";
import { fieldsOf, opaque, opaqueType } from "./opaque.js";

interface ParsedUrl {
  readonly scheme: string;
  readonly host: string;
  readonly path: string;
  readonly query: string;
}

/**
 * Parses `text` as Go's `url.ParseRequestURI`; returns Go's error message when it is not a URL.
 * The authority's user information (`user:password@`) is checked as Go checks it: only RFC 3986
 * unreserved characters, sub-delimiters, `:`, `@` and `%` escapes of two hexadecimal digits.
 */
export function parseRequestUri(text: string): ParsedUrl | string {
  if (/[\u0000-\u001f\u007f]/.test(text)) return "net/url: invalid control character in URL";
  if (text === "") return "empty url";
  if (text === "*") return { scheme: "", host: "", path: "*", query: "" };
  if (text.startsWith(":")) return "missing protocol scheme";
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(text);
  const scheme = schemeMatch ? schemeMatch[1]!.toLowerCase() : "";
  let rest = schemeMatch ? text.slice(schemeMatch[0].length) : text;
  const q = rest.indexOf("?");
  const query = q < 0 ? "" : rest.slice(q + 1);
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.startsWith("/")) return scheme === "" ? "invalid URI for request" : { scheme, host: "", path: "", query };
  let host = "";
  if (scheme !== "" && rest.startsWith("//")) {
    const end = rest.indexOf("/", 2);
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    rest = end < 0 ? "" : rest.slice(end);
    const at = authority.lastIndexOf("@");
    host = authority.slice(at + 1);
    const problem = checkHost(host) ?? (at < 0 ? undefined : checkUserinfo(authority.slice(0, at)));
    if (problem !== undefined) return problem;
  }
  const escape = badEscape(rest);
  if (escape !== undefined) return `invalid URL escape ${JSON.stringify(escape)}`;
  return { scheme, host, path: rest, query };
}

/** The URL functions, for the CEL environment. */
export function urlFunctions(): readonly CelFunc[] {
  const { CelScalar, celFunc, celMethod, listType, mapType } = celRuntime();
  const OPAQUE = opaqueType();
  return [
  celFunc("isURL", [CelScalar.STRING], CelScalar.BOOL, (text) => typeof parseRequestUri(text) !== "string"),
  celFunc("url", [CelScalar.STRING], OPAQUE, (text) => {
    const parsed = parseRequestUri(text);
    if (typeof parsed === "string") throw new Error(`URL parse error during conversion from string: parse ${JSON.stringify(text)}: ${parsed}`);
    return opaque("URL", { ...parsed });
  }),
  method("getScheme", (u) => u.scheme),
  method("getHost", (u) => u.host),
  method("getHostname", (u) => splitHost(u.host)[0]),
  method("getPort", (u) => splitHost(u.host)[1]),
  method("getEscapedPath", (u) => u.path),
  celMethod("getQuery", OPAQUE, [], mapType(CelScalar.STRING, listType(CelScalar.STRING)), function () {
    return queryValues(String(fieldsOf(this, "URL").get("query") ?? ""));
  }),
  ];
}

// --- internal ---

function method(name: string, read: (url: ParsedUrl) => string): CelFunc {
  const { CelScalar, celMethod } = celRuntime();
  const OPAQUE = opaqueType();
  return celMethod(name, OPAQUE, [], CelScalar.STRING, function () {
    const fields = fieldsOf(this, "URL");
    return read({ scheme: String(fields.get("scheme")), host: String(fields.get("host")), path: String(fields.get("path")), query: String(fields.get("query")) });
  });
}

function checkHost(host: string): string | undefined {
  let name = host;
  let port = "";
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    if (end < 0) return "missing ']' in host";
    [name, port] = ["", host.slice(end + 1)];
  } else if (host.includes(":")) {
    [name, port] = [host.slice(0, host.lastIndexOf(":")), host.slice(host.lastIndexOf(":"))];
  }
  if (port !== "" && !/^:\d*$/.test(port)) return `invalid port ${JSON.stringify(port)} after host`;
  for (let i = 0; i < name.length; i += 1) {
    const char = name[i]!;
    if (char === "%") {
      const escape = name.slice(i, i + 3);
      // In a host, an escape stands only for a byte that is not ASCII, or is `%25` (RFC 6874).
      if (!/^%[0-9a-fA-F]{2}$/.test(escape) || (parseInt(escape[1]!, 16) < 8 && escape !== "%25")) return `invalid URL escape ${JSON.stringify(escape)}`;
      i += 2;
    } else if (char.charCodeAt(0) < 0x80 && !/[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"]/.test(char)) {
      return `invalid character ${JSON.stringify(char)} in host name`;
    }
  }
  return undefined;
}

/** Go's check of the user information before `@`: allowed characters, then its `%` escapes. */
function checkUserinfo(userinfo: string): string | undefined {
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return "net/url: invalid userinfo";
  const escape = badEscape(userinfo);
  return escape === undefined ? undefined : `invalid URL escape ${JSON.stringify(escape)}`;
}

/** The first `%` escape of `text` that is not `%` and two hexadecimal digits, as Go quotes it. */
function badEscape(text: string): string | undefined {
  const match = /%(?![0-9a-fA-F]{2})/.exec(text);
  return match === null ? undefined : text.slice(match.index, match.index + 3);
}

function splitHost(host: string): [hostname: string, port: string] {
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    return [host.slice(1, end), host.slice(end + 2)];
  }
  const colon = host.lastIndexOf(":");
  return colon < 0 ? [host, ""] : [host.slice(0, colon), host.slice(colon + 1)];
}

function queryValues(query: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of query.split("&")) {
    if (part === "") continue;
    const [key, value = ""] = part.split(/=(.*)/s).map((s) => decodeURIComponent(s.replace(/\+/g, " ")));
    out.set(key!, [...(out.get(key!) ?? []), value]);
  }
  return out;
}
