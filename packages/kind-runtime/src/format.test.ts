import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkFormat, formatString, intOrString, KNOWN_FORMATS } from "./format.js";

describe("formatString", () => {
  it.each([
    ["ipv4", "10.0.0.1", true],
    ["ipv4", "255.255.255.255", true],
    ["ipv4", "0.0.0.0", true],
    ["ipv4", "256.0.0.1", false],
    ["ipv4", "10.0.0", false],
    ["ipv4", "10.0.0.01", false],
    ["ipv4", " 10.0.0.1", false],
    ["ipv4", "::1", false],
    ["ipv6", "::", true],
    ["ipv6", "::1", true],
    ["ipv6", "2001:db8::8a2e:370:7334", true],
    ["ipv6", "2001:0db8:0000:0000:0000:8a2e:0370:7334", true],
    ["ipv6", "FE80::1", true],
    ["ipv6", "::ffff:192.0.2.1", true],
    ["ipv6", "1:2:3:4:5:6:7::", true],
    ["ipv6", "1:2:3:4:5:6:7:8", true],
    ["ipv6", "1:2:3:4:5:6:7:8:9", false],
    ["ipv6", "1::2::3", false],
    ["ipv6", "::1:2:3:4:5:6:7:8", false],
    ["ipv6", "12345::", false],
    ["ipv6", "fe80::1%eth0", false],
    ["ipv6", "::ffff:192.0.2.256", false],
    ["ipv6", "10.0.0.1", false],
    ["cidr", "10.0.0.0/8", true],
    ["cidr", "0.0.0.0/0", true],
    ["cidr", "192.168.1.1/32", true],
    ["cidr", "2001:db8::/32", true],
    ["cidr", "::/0", true],
    ["cidr", "10.0.0.0/33", false],
    ["cidr", "2001:db8::/129", false],
    ["cidr", "10.0.0.0", false],
    ["cidr", "10.0.0.0/", false],
    ["cidr", "10.0.0.0/8/8", false],
    ["cidr", "10.0.0.0/-1", false],
    ["date-time", "2024-02-29T23:59:59Z", true],
    ["date-time", "2024-01-01T00:00:00.123456789+05:30", true],
    ["date-time", "2024-01-01t00:00:00z", true],
    ["date-time", "2024-01-01T00:00:00", false],
    ["date-time", "2024-01-01", false],
    ["date-time", "2023-02-29T00:00:00Z", false],
    ["date-time", "2024-13-01T00:00:00Z", false],
    ["date-time", "2024-04-31T00:00:00Z", false],
    ["date-time", "2024-01-01T24:00:00Z", false],
    ["date-time", "2024-01-01T00:60:00Z", false],
    ["date-time", "2024-01-01T00:00:00+24:00", false],
    ["date", "2000-02-29", true],
    ["date", "1900-02-29", false],
    ["date", "2024-00-10", false],
    ["byte", "", true],
    ["byte", "aGVsbG8=", true],
    ["byte", "aGVsbG8h", true],
    ["byte", "aGk=", true],
    ["byte", "aGVsbG8", false],
    ["byte", "aGk", false],
    ["byte", "a===", false],
    ["byte", "aGVs bG8=", false],
    ["byte", "aGVsbG8-", false],
    ["hostname", "example.com", true],
    ["hostname", "a", true],
    ["hostname", "xn--bcher-kva.example", true],
    ["hostname", "my-service.default.svc.cluster.local", true],
    ["hostname", `${"a".repeat(63)}.com`, true],
    ["hostname", `${"a".repeat(64)}.com`, false],
    ["hostname", Array.from({ length: 4 }, () => "a".repeat(63)).join("."), false],
    ["hostname", "-example.com", false],
    ["hostname", "example-.com", false],
    ["hostname", "a..b", false],
    ["hostname", "example.com.", false],
    ["hostname", "*.example.com", false],
    ["hostname", "exa_mple.com", false],
  ] as const)("%s %j is %s", (format, value, want) => {
    expect(formatString(format, value)).toBe(want);
  });

  it("leaves a format it does not know unchecked, as the API server does", () => {
    expect(formatString("k8s-short-name", "anything at all")).toBe(true);
    expect(KNOWN_FORMATS).not.toContain("k8s-short-name");
  });

  it("lists the formats it checks, sorted", () => {
    expect(KNOWN_FORMATS).toEqual([...KNOWN_FORMATS].sort());
    expect(KNOWN_FORMATS).toEqual(expect.arrayContaining(["byte", "cidr", "date", "date-time", "hostname", "ipv4", "ipv6"]));
  });
});

describe("checkFormat", () => {
  const address = z.object({ value: z.string().superRefine(checkFormat("ipv4")) });

  it("adds one issue at the field, naming the format", () => {
    expect(address.safeParse({ value: "10.0.0" }).error?.issues).toEqual([{ code: "custom", path: ["value"], message: "must be of format ipv4" }]);
  });

  it("accepts a value of the format", () => {
    expect(address.safeParse({ value: "10.0.0.1" }).success).toBe(true);
  });
});

describe("intOrString", () => {
  it.each([
    [8080, true],
    ["http", true],
    ["50%", true],
    [1.5, false],
    [true, false],
    [null, false],
  ])("%j → %s", (value, want) => {
    expect(intOrString.safeParse(value).success).toBe(want);
  });
});
