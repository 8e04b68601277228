import { isCelError, isCelList, isCelMap } from "@bufbuild/cel";
import { describe, expect, it } from "vitest";
import { compileRule, unescapePropertyName } from "./compile.js";
import { toCelValue } from "./convert.js";

/** Evaluates `expression` with `self`; an evaluation error comes back as `{ error: message }`. */
function run(expression: string, self: unknown = {}): unknown {
  const compiled = compileRule(expression);
  if (compiled.kind !== "program") return compiled;
  const result = compiled.run(toCelValue(self));
  return isCelError(result) ? { error: result.message } : fromCel(result);
}

/** A CEL result as plain data: lists as arrays, maps as objects. */
function fromCel(value: unknown): unknown {
  if (isCelList(value)) return [...value].map(fromCel);
  if (isCelMap(value)) return Object.fromEntries([...value].map(([k, v]) => [String(k), fromCel(v)]));
  return value;
}

describe("the Kubernetes CEL environment", () => {
  it.each([
    ["RE2 (?i) flag", `self.matches(r"""^(?i)\\.?[a-z_]+$""")`, "Svc", true],
    ["RE2 character classes", `self.matches('^[[:alpha:]]+$')`, "abc", true],
    ["has() through an index", "has(self.matches[0].path)", { matches: [{ path: { type: "Exact" } }] }, true],
    ["has() through an index, absent", "has(self.matches[0].path)", { matches: [{}] }, false],
    ["escaped property names", "self.__namespace__ == 'a' && self.__dash__x == 1", { namespace: "a", "-x": 1 }, true],
    ["int and double compare", "self.a < 2 && self.b == 1", { a: 1.5, b: 1 }, true],
    ["strings: split", "self.split('/')[0]", "example.com/key", "example.com"],
    ["strings: lowerAscii", "self.lowerAscii()", "ABC", "abc"],
    ["duration", "duration(self) > duration('90s') && duration(self) == duration('1h30m') - duration('88m30s')", "1m30s", false],
    ["exists_one", "self.exists_one(x, x > 1)", [1, 2], true],
    ["lists: isSorted, sum, min, max", "[self.isSorted(), self.sum(), self.min(), self.max()]", [1, 2, 3], [true, 6n, 1n, 3n]],
    ["lists: indexOf, lastIndexOf", "[self.indexOf('b'), self.lastIndexOf('b')]", ["a", "b", "b"], [1n, 2n]],
    ["regex: find, findAll", "[self.find('[0-9]+'), self.findAll('[0-9]+'), self.findAll('[0-9]+', 1)]", "a1b22c333", ["1", ["1", "22", "333"], ["1"]]],
    ["url: parts", "[url(self).getScheme(), url(self).getHost(), url(self).getHostname(), url(self).getPort(), url(self).getEscapedPath()]", "https://[::1]:8443/a%20b?x=1", ["https", "[::1]:8443", "::1", "8443", "/a%20b"]],
    ["url: query", "url(self).getQuery()['x']", "https://a.example.com/?x=1&x=2", ["1", "2"]],
    ["isURL: absolute path and opaque URIs", "[isURL('/a'), isURL('mailto:a@b'), isURL('docker.io/a:1'), isURL('')]", {}, [true, true, false, false]],
    [
      "isURL: user information as Go's url.ParseRequestURI checks it",
      "[isURL('https://user:pa%20ss@example.com/'), isURL('https://a@b@example.com/'), isURL('http://#%blah$#@'), isURL('https://us er@example.com/'), isURL('https://user%zz@example.com/'), isURL('https://us[er@example.com/')]",
      {},
      [true, true, false, false, false, false],
    ],
    ["isURL: Go's special cases", "[isURL('*'), isURL('http://ex%41mple.com/'), isURL('http://ex%C3%A9mple.com/'), isURL('http://exa mple.com/')]", {}, [true, false, true, false]],
    ["isIP", "[isIP('10.0.0.1'), isIP('::1'), isIP('010.0.0.1'), isIP('::ffff:10.0.0.1'), isIP('fe80::1%eth0')]", {}, [true, true, false, false, false]],
    ["ip methods", "[ip('10.0.0.1').family(), ip('127.0.0.1').isLoopback(), ip('::').isUnspecified(), ip('169.254.1.1').isLinkLocalUnicast(), ip('8.8.8.8').isGlobalUnicast()]", {}, [4n, true, true, true, true]],
    ["ip.isCanonical", "[ip.isCanonical('2001:db8::1'), ip.isCanonical('2001:DB8::1')]", {}, [true, false]],
    ["cidr methods", "[cidr('10.0.0.0/8').containsIP('10.1.2.3'), cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16'), cidr('10.1.2.3/8').masked().prefixLength(), isCIDR('10.0.0.0/33')]", {}, [true, true, 8n, false]],
    ["quantity", "[quantity('1.5Gi').isGreaterThan(quantity('1500Mi')), quantity('500m').asApproximateFloat(), quantity('2k').asInteger(), quantity('1').add(2).compareTo(quantity('3')), isQuantity('1.5.5')]", {}, [true, 0.5, 2000n, 0n, false]],
    ["quantity: not an integer", "quantity('1.5').asInteger()", {}, { error: "cannot convert value to integer" }],
    ["format: valid", "format.dns1123Label().validate(self) == null", "https", true],
    ["format: invalid", "size(format.dns1123Label().validate(self)) > 0", "Bad_Name", true],
    ["format.named", "format.named('dns1123Subdomain').validate(self) == null", "a.example.com", true],
  ])("%s", (_, expression, self, want) => {
    expect(run(expression, self)).toEqual(want);
  });

  it.each([
    ["a decimal string", "int(self)", "8080", 8080n],
    ["a signed decimal string", "[int('-7'), int('+7')]", {}, [-7n, 7n]],
    ["letters (cel-go's text, not JavaScript's)", "int(self)", "acd", { error: "type conversion error from 'string' to 'int'" }],
    ["hexadecimal, which Go's base-10 parse refuses", "int(self)", "0x1F", { error: "type conversion error from 'string' to 'int'" }],
    ["an empty string", "int(self)", "", { error: "type conversion error from 'string' to 'int'" }],
    ["surrounding spaces", "int(self)", " 80", { error: "type conversion error from 'string' to 'int'" }],
    ["a number past 64 bits", "int(self)", "9223372036854775808", { error: "type conversion error from 'string' to 'int'" }],
    ["uint of a signed string", "uint(self)", "-1", { error: "type conversion error from 'string' to 'uint'" }],
  ])("int() and uint() of %s as cel-go converts it", (_, expression, self, want) => {
    expect(run(expression, self)).toEqual(want);
  });

  it("words a URL that does not parse as Go does", () => {
    expect(run("url(self).getScheme()", "https://us er@example.com/")).toEqual({ error: 'URL parse error during conversion from string: parse "https://us er@example.com/": net/url: invalid userinfo' });
  });

  it("reports a missing field as the API server does", () => {
    expect(run("self.a.b == 1", { a: {} })).toEqual({ error: "field not found: b" });
  });

  it("skips transition rules and reports rules it cannot evaluate as gaps", () => {
    expect(compileRule("self == oldSelf")).toEqual({ kind: "transition" });
    expect(compileRule("semver(self).isGreaterThan(semver('1.0.0'))")).toEqual({ kind: "gap", reason: "calls semver, which meshform's CEL environment lacks" });
    expect(compileRule("self.a +")).toEqual({ kind: "gap", reason: "does not compile: <input>:1:8: found + but expecting end of input" });
  });

  it("compiles each rule text once", () => {
    expect(compileRule("self.size() > 0")).toBe(compileRule("self.size() > 0"));
  });

  it.each([
    ["__namespace__", "namespace"],
    ["__in__", "in"],
    ["a__dot__b", "a.b"],
    ["x__dash__y__slash__z", "x-y/z"],
    ["__underscores__a", "__a"],
    ["plain", "plain"],
  ])("unescapes %s as %s", (escaped, name) => {
    expect(unescapePropertyName(escaped)).toBe(name);
  });
});
