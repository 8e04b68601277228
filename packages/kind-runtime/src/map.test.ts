import { describe, expect, it } from "vitest";
import { z } from "zod";
import { propertyCount } from "./map.js";

describe("propertyCount", () => {
  const LabelsSchema = propertyCount(z.record(z.string(), z.string()), { min: 1, max: 2 });

  it.each([
    ["one entry", { a: "1" }],
    ["two entries", { a: "1", b: "2" }],
  ])("accepts %s within the bounds", (_name, value) => {
    expect(LabelsSchema.safeParse(value).success).toBe(true);
  });

  it.each([
    ["too few entries", {}, "must have at least 1 property"],
    ["too many entries", { a: "1", b: "2", c: "3" }, "must have at most 2 properties"],
  ])("rejects %s", (_name, value, message) => {
    expect(LabelsSchema.safeParse(value).error?.issues).toEqual([{ code: "custom", path: [], message }]);
  });

  it("counts the set fields of an object, with only one bound given", () => {
    const schema = propertyCount(z.object({ a: z.string().optional(), b: z.string().optional(), c: z.string().optional() }), { min: 2 });
    expect(schema.safeParse({ a: "x" }).error?.issues).toEqual([{ code: "custom", path: [], message: "must have at least 2 properties" }]);
    expect(schema.safeParse({ a: "x", c: "y" }).success).toBe(true);
  });
});
