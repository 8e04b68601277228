import { parseManifests } from "@meshform/validate";
import { describe, expect, test } from "vitest";
import { selects, stringMap } from "./read.js";

describe("stringMap", () => {
  test("keeps the string entries of a map, a __proto__ key as an ordinary key, and never touches Object.prototype", () => {
    const [document] = parseManifests("labels: { app: shop, __proto__: web, n: 1 }\n", "m.yaml").documents;
    const labels = stringMap((document?.object as { labels: unknown }).labels);
    expect(Object.entries(labels)).toEqual([["app", "shop"], ["__proto__", "web"]]);
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    const selector = stringMap(JSON.parse('{"__proto__": "web"}'));
    expect([selects(selector, labels), selects(selector, { app: "shop" })]).toEqual([true, false]);
  });
});
