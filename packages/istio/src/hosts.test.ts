import { describe, expect, it } from "vitest";
import { hostSubsetOf, hostsMatch } from "./hosts.js";

describe("Istio's host names", () => {
  it.each([
    ["*.com", "foo.com", true],
    ["foo.com", "*.com", true],
    ["*.foo.com", "foo.com", false],
    ["*", "*.com", true],
    ["*.com", "*.foo.com", true],
    ["a.com", "a.com", true],
    ["a.com", "b.com", false],
  ] as const)("%s and %s overlap: %s", (a, b, expected) => expect(hostsMatch(a, b)).toBe(expected));

  it.each([
    ["a.foo.com", "*.foo.com", true],
    ["*.foo.com", "*.com", true],
    ["*.com", "*.foo.com", false],
    ["*.foo.com", "a.foo.com", false],
    ["a.com", "a.com", true],
    ["a.com", "*", true],
    ["foo.com", "*.foo.com", false],
  ] as const)("%s within %s: %s", (a, b, expected) => expect(hostSubsetOf(a, b)).toBe(expected));
});
