/**
 * The shared value rules: Go durations, netip addresses and prefixes, domain lengths (host
 * overlap is @meshform/istio/hosts').
 */
import { describe, expect, it } from "vitest";
import { parseDuration, validateDuration } from "./duration.js";
import { validateFQDN } from "./hosts.js";
import { isIPAddress, prefixError } from "./net.js";

describe("durations", () => {
  it.each([
    ["1.5s", 1_500_000_000n], ["1h2m", 3_720_000_000_000n], ["-3ms", -3_000_000n], ["0", 0n], ["300\u00b5s", 300_000n],
    ["", 'time: invalid duration ""'], ["1x", 'time: unknown unit "x" in duration "1x"'], ["5", 'time: missing unit in duration "5"'],
  ] as const)("parses %j", (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  it.each([["1ms", undefined], ["999us", "duration must be greater than 1ms"], ["1001us", "only durations to ms precision are supported"]] as const)(
    "checks %s", (text, expected) => expect(validateDuration(text)).toEqual(expected),
  );
});

describe("addresses", () => {
  it.each([["10.0.0.1", true], ["010.0.0.1", false], ["::1", true], ["fe80::1%eth0", true], ["1:2:3:4:5:6:7:8:9", false], ["::ffff:1.2.3.4", true], ["a.b", false]] as const)(
    "%s is an IP: %s", (text, expected) => expect(isIPAddress(text)).toBe(expected),
  );

  it.each([["10.0.0.0/8", undefined], ["2001:db8::/129", 'netip.ParsePrefix("2001:db8::/129"): prefix length out of range'], ["10.0.0.0/x", 'netip.ParsePrefix("10.0.0.0/x"): bad bits after slash: "x"']] as const)(
    "checks prefix %s", (text, expected) => expect(prefixError(text)).toEqual(expected),
  );
});

describe("hosts", () => {
  it("rejects a domain over 255 characters", () => {
    const long = `${"a".repeat(63)}.`.repeat(5);
    expect(validateFQDN(long)).toEqual(`domain name "${long}" too long (max 255)`);
  });
});
