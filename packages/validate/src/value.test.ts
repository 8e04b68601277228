import { describe, expect, it } from "vitest";
import { copyRecord, isWithoutNulls, withoutNulls } from "./value.js";

describe("isWithoutNulls", () => {
  it.each([
    [{ a: 1, b: [1, null, { c: "x" }], d: { e: true } }, true],
    [{ a: { b: null } }, false],
    [{ a: [{ b: undefined }] }, false],
    [{ a: new Date(0) }, false],
    [Object.create(null) as object, false],
    ["text", true],
  ])("%j is already without nulls: %s", (value, expected) => {
    expect(isWithoutNulls(value)).toBe(expected);
    if (expected) expect(withoutNulls(value)).toEqual(value);
  });
});

describe("copyRecord", () => {
  it("copies the fields, a __proto__ key as an ordinary field", () => {
    const record = JSON.parse('{"a":1,"__proto__":{"b":2}}') as Record<string, unknown>;
    const copy = copyRecord(record);
    expect(copy).not.toBe(record);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(["a", "__proto__"]);
    expect(Object.getOwnPropertyDescriptor(copy, "__proto__")?.value).toEqual({ b: 2 });
  });
});
