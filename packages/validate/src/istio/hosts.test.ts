import { describe, expect, it } from "vitest";
import { validateFQDN, validateWildcardDomain } from "./hosts.js";

describe("DNS-1123 domain names", () => {
  const label63 = "a".repeat(63);
  const label64 = "a".repeat(64);

  it.each([
    ["svc-0.ns-0.svc.cluster.local", undefined],
    ["a.123.", undefined],
    [`${label63}.example.com`, undefined],
    ["example.com.", undefined],
    ["a.123", 'domain name "a.123" invalid (top level domain "123" cannot be all-numeric)'],
    ["a.-1", 'domain name "a.-1" invalid (top level domain "-1" cannot be all-numeric)'],
    ["a..b", 'domain name "a..b" invalid (label "" invalid)'],
    ["-a.b", 'domain name "-a.b" invalid (label "-a" invalid)'],
    ["a.b-", 'domain name "a.b-" invalid (label "b-" invalid)'],
    ["a_b.c", 'domain name "a_b.c" invalid (label "a_b" invalid)'],
    [`${label64}.example.com`, `domain name "${label64}.example.com" invalid (label "${label64}" invalid)`],
    ["a.b..", 'domain name "a.b.." invalid (label "" invalid)'],
  ])("an FQDN %s: %s", (domain, expected) => {
    expect(validateFQDN(domain)).toBe(expected);
  });

  it.each([
    ["*.ns-0.svc.cluster.local", undefined],
    ["*", undefined],
    ["*-a.example.com", undefined],
    ["a.*.example.com", 'domain name "a.*.example.com" invalid (label "*" invalid)'],
    ["*.example.123", 'domain name "*.example.123" invalid (top level domain "123" cannot be all-numeric)'],
  ])("a wildcard domain %s: %s", (domain, expected) => {
    expect(validateWildcardDomain(domain)).toBe(expected);
  });
});
