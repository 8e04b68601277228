import { describe, expect, it } from "vitest";
import { matchesSchema, type BranchSchema } from "./branch.js";

describe("matchesSchema", () => {
  it.each<[string, unknown, BranchSchema, string | undefined]>([
    ["an enum value", "A", { enum: ["A", "B"] }, undefined],
    ["a value outside the enum", "C", { enum: ["A", "B"] }, 'value must be one of "A", "B"'],
    ["a negated enum", "C", { not: { enum: ["A"] } }, undefined],
    ["a value the negation excludes", "A", { not: { enum: ["A"] } }, 'value must not match {"enum":["A"]}'],
    ["a format", "10.0.0.1", { format: "ipv4" }, undefined],
    ["a value of another format", "example.com", { format: "ipv4" }, "value must be of format ipv4"],
    ["a pattern", "abc", { pattern: "^[a-z]+$" }, undefined],
    ["a value the pattern misses", "ABC", { pattern: "^[a-z]+$" }, "value must match ^[a-z]+$"],
    ["anyOf with one branch matching", "::1", { anyOf: [{ format: "ipv4" }, { format: "ipv6" }] }, undefined],
    ["anyOf with none matching", "x", { anyOf: [{ format: "ipv4" }, { format: "ipv6" }] }, "value must be of format ipv4 or value must be of format ipv6"],
    ["allOf failing on its second part", "b", { allOf: [{ pattern: "^[a-z]$" }, { enum: ["a"] }] }, 'value must be one of "a"'],
    ["a required property present", { a: 1 }, { required: ["a"] }, undefined],
    ["a required property absent", {}, { required: ["a"] }, "a is required"],
    ["a property's schema, named after it", { type: "X" }, { properties: { type: { enum: ["IPAddress"] } } }, 'type must be one of "IPAddress"'],
    ["an absent property, which its schema does not constrain", {}, { properties: { type: { enum: ["IPAddress"] } } }, undefined],
  ])("checks %s", (_name, value, schema, want) => {
    expect(matchesSchema(value, schema)).toBe(want);
  });
});
